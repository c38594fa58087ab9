import { TIERS, type Member, type Tier } from '../members/model';
import { decideTier, nextTierReview, tierFor, tierRank } from '../members/tiers';
import { isDomainError } from '../shared/errors';
import { formatShanghai } from '../shared/shanghaiTime';
import type { BenefitDeps } from './deps';
import { benefitErrors } from './errors';
import { benefitEvent, owed } from './events';
import type { TierStanding } from './model';
import type { OutboxEntry } from '../notifications/outbox';

const day = (iso: string) => formatShanghai(new Date(iso)).slice(0, 10);

/** The pre-review look some weeks before the review, or the review itself when that look would be in the past. */
export const checkAtFor = (deps: Pick<BenefitDeps, 'policy'>, nextReviewAt: string, now: Date): string => {
  const before = Date.parse(nextReviewAt) - deps.policy.tierCheckBeforeReviewDays * 24 * 3600_000;
  return before > now.getTime() ? new Date(before).toISOString() : nextReviewAt;
};

const tierEvent = (deps: BenefitDeps, s: TierStanding, type: 'tierChanged' | 'tierDowngradeNotice', from: Tier, now: Date): OutboxEntry[] => {
  const at = now.toISOString();
  const summary =
    type === 'tierChanged'
      ? `您的会员等级已由${TIERS[from]}调整为${TIERS[s.tier]}`
      : `根据年度评定，您的会员等级将于${day(s.downgrade!.effectiveAt)}调整为${TIERS[s.downgrade!.to]}，此前权益不变`;
  const detail = { tier: TIERS[type === 'tierChanged' ? s.tier : s.downgrade!.to], from: TIERS[from], effectiveAt: type === 'tierChanged' ? at : s.downgrade!.effectiveAt };
  return owed([benefitEvent(type, s.memberId, { id: s.memberId, number: 'HYDJ' }, at, summary, detail)], () => deps.ids.newId(), now);
};

/**
 * The member's tier as the benefits know it, brought up to date with the member record: a higher tier
 * applies at once (and is announced), a lower one is scheduled for the yearly review with notice, a
 * regained tier cancels the scheduled downgrade. Visitors are refused: benefits need a bound policy.
 */
export const currentStanding = async (deps: BenefitDeps, memberId: string): Promise<{ member: Member; standing: TierStanding }> => {
  const member = await deps.members.get(memberId);
  if (!member || member.kind !== 'bound') throw benefitErrors.bindingRequired();
  const computed = tierFor(await deps.policies.listByNos(member.policyNos));
  for (let attempt = 0; ; attempt++) {
    const now = deps.clock.now();
    const at = now.toISOString();
    const held = await deps.benefits.getStanding(memberId);
    const nameMasked = member.name?.masked;
    try {
      if (!held) {
        const nextReviewAt = nextTierReview(now).toISOString();
        const first: TierStanding = { memberId, tier: computed, computedTier: computed, since: at, reviewedAt: at, nextReviewAt, nextCheckAt: checkAtFor(deps, nextReviewAt, now), nameMasked, version: 1 };
        await deps.benefits.saveStanding(first, null);
        return { member, standing: first };
      }
      const decision = decideTier(held.tier, computed, now);
      let next: TierStanding = { ...held, computedTier: computed, nameMasked, version: held.version + 1 };
      let outbox: OutboxEntry[] = [];
      if (decision.kind === 'upgrade') {
        const { downgrade: _dropped, ...rest } = next;
        next = { ...rest, tier: decision.to, since: at };
        outbox = tierEvent(deps, next, 'tierChanged', held.tier, now);
      } else if (decision.kind === 'scheduleDowngrade') {
        if (held.downgrade?.to === decision.to) next = { ...next, downgrade: held.downgrade };
        else {
          next = { ...next, downgrade: { to: decision.to, effectiveAt: decision.effectiveAt, noticedAt: at } };
          outbox = tierEvent(deps, next, 'tierDowngradeNotice', held.tier, now);
        }
      } else if (held.downgrade) {
        const { downgrade: _regained, ...rest } = next;
        next = rest;
      }
      const unchanged = !outbox.length && held.computedTier === computed && Boolean(held.downgrade) === Boolean(next.downgrade) && held.nameMasked === nameMasked;
      if (unchanged) return { member, standing: held };
      await deps.benefits.saveStanding(next, held.version, outbox);
      return { member, standing: next };
    } catch (e) {
      // Two first looks at once: the other one's record stands; read it again.
      if (attempt < 2 && isDomainError(e) && e.code === 'BENEFITS.VERSION_CONFLICT') continue;
      throw e;
    }
  }
};

/**
 * The timer's look at a member's tier. Before the review: the member record is read again and a lower
 * tier is announced now, for the review at least the notice period away (decideTier). At the review: a
 * scheduled downgrade takes effect, never below what the member record now earns.
 */
export const reviewStanding = async (deps: BenefitDeps, s: TierStanding, now: Date): Promise<boolean> => {
  const member = await deps.members.get(s.memberId);
  const computed = member && member.kind === 'bound' ? tierFor(await deps.policies.listByNos(member.policyNos)) : s.computedTier;
  const at = now.toISOString();
  if (at < s.nextReviewAt) return preReview(deps, s, computed, now);
  const { downgrade, ...rest } = s;
  const nextReviewAt = nextTierReview(new Date(now.getTime() + 1)).toISOString();
  let next: TierStanding = { ...rest, computedTier: computed, reviewedAt: at, nextReviewAt, nextCheckAt: checkAtFor(deps, nextReviewAt, now), version: s.version + 1 };
  let outbox: OutboxEntry[] = [];
  if (downgrade && downgrade.effectiveAt <= at) {
    const to = tierRank(computed) > tierRank(downgrade.to) ? computed : downgrade.to;
    if (tierRank(to) < tierRank(s.tier)) {
      next = { ...next, tier: to, since: at };
      outbox = tierEvent(deps, next, 'tierChanged', s.tier, now);
    }
  } else if (downgrade) next = { ...next, downgrade };
  try {
    await deps.benefits.saveStanding(next, s.version, outbox);
    return outbox.length > 0;
  } catch (e) {
    if (isDomainError(e) && e.code === 'BENEFITS.VERSION_CONFLICT') return false;
    throw e;
  }
};

const preReview = async (deps: BenefitDeps, s: TierStanding, computed: Tier, now: Date): Promise<boolean> => {
  const decision = decideTier(s.tier, computed, now);
  let next: TierStanding = { ...s, computedTier: computed, nextCheckAt: s.nextReviewAt, version: s.version + 1 };
  let outbox: OutboxEntry[] = [];
  if (decision.kind === 'scheduleDowngrade' && s.downgrade?.to !== decision.to) {
    next = { ...next, downgrade: { to: decision.to, effectiveAt: decision.effectiveAt, noticedAt: now.toISOString() } };
    outbox = tierEvent(deps, next, 'tierDowngradeNotice', s.tier, now);
  }
  try {
    await deps.benefits.saveStanding(next, s.version, outbox);
    return outbox.length > 0;
  } catch (e) {
    if (isDomainError(e) && e.code === 'BENEFITS.VERSION_CONFLICT') return false;
    throw e;
  }
};
