import type { MemberProfile } from '../../typings/api';
import { formatShanghai } from '../shared/shanghaiTime';
import { visitor } from './binding';
import type { MemberDeps } from './deps';
import { POLICY_STATUSES, TIERS, type Member, type Policy } from './model';
import { TIER_RULES, tierRank } from './tiers';

const yuan = (fen: number) => `${(fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}元`;

/** What the next tier asks for, in words the member can act on. */
const nextTierHint = (m: Member, policies: Policy[]): string | undefined => {
  if (m.kind === 'visitor') return '绑定保单即可成为会员，享受会员权益';
  const order = [...TIER_RULES].reverse();
  const next = order[order.findIndex((r) => r.tier === m.tier) + 1];
  if (!next) return undefined;
  const inForce = policies.filter((p) => p.status === 'inForce');
  const premium = inForce.reduce((s, p) => s + p.premiumFen, 0);
  return `再持有${Math.max(next.minPolicies - inForce.length, 1)}份有效保单，或年缴保费达到${yuan(next.orMinPremiumFen)}（当前${yuan(premium)}），即可升级为${TIERS[next.tier]}`;
};

/**
 * The member's own record, for the 会员中心 home: in full to themselves (their name; the phone stays
 * masked on screen, where others may see it). A first visit creates the visitor record.
 */
export const myProfile = async (deps: MemberDeps, memberId: string): Promise<MemberProfile> => {
  const at = deps.clock.now().toISOString();
  const member = (await deps.members.get(memberId)) ?? (await deps.members.ensure(visitor(memberId, at)));
  const policies = await deps.policies.listByNos(member.policyNos);
  // The record's tier follows the policies at once; the benefits keep a higher one until the yearly review
  // (a downgrade is announced, not applied): the home shows the tier the member's benefits follow.
  const held = member.kind === 'bound' ? await deps.heldTier?.(member.id) : null;
  const keptHigher = held && tierRank(held.tier) > tierRank(member.tier) ? held : undefined;
  const tier = keptHigher?.tier ?? member.tier;
  const reviewedAt = keptHigher ? keptHigher.reviewedAt : member.tierReviewedAt;
  return {
    kind: member.kind,
    name: member.name ? deps.box.open(member.name.sealed) : undefined,
    phoneMasked: member.phone?.masked,
    tier,
    tierLabel: TIERS[tier],
    tierReviewedAtText: reviewedAt ? formatShanghai(new Date(reviewedAt)).slice(0, 10) : undefined,
    ...(keptHigher?.downgrade
      ? { tierNotice: `根据年度评定，您的会员等级将于${formatShanghai(new Date(keptHigher.downgrade.effectiveAt)).slice(0, 10)}调整为${TIERS[keptHigher.downgrade.to]}，此前权益不变` }
      : {}),
    nextTierHint: nextTierHint({ ...member, tier }, policies),
    policies: policies.map((p) => ({
      policyNo: p.policyNo,
      productName: p.productName,
      status: p.status,
      statusLabel: POLICY_STATUSES[p.status],
      effectiveDate: p.effectiveDate,
      expiryDate: p.expiryDate,
      insured: p.insured.map((i) => deps.box.open(i.name.sealed)),
    })),
  };
};
