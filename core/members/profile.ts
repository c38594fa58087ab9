import type { MemberProfile } from '../../typings/api';
import { formatShanghai } from '../shared/shanghaiTime';
import { visitor } from './binding';
import type { MemberDeps } from './deps';
import { POLICY_STATUSES, TIERS, type Member, type Policy } from './model';
import { TIER_RULES } from './tiers';

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
  return {
    kind: member.kind,
    name: member.name ? deps.box.open(member.name.sealed) : undefined,
    phoneMasked: member.phone?.masked,
    tier: member.tier,
    tierLabel: TIERS[member.tier],
    tierReviewedAtText: member.tierReviewedAt ? formatShanghai(new Date(member.tierReviewedAt)).slice(0, 10) : undefined,
    nextTierHint: nextTierHint(member, policies),
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
