import type { Policy, Tier } from './model';

/**
 * Tier rules (data): by the number of policies in force and their yearly premium, in 分.
 * The benefits issue refines these; the rule lives here so every area reads one tier.
 */
export const TIER_RULES: { tier: Tier; minPolicies: number; orMinPremiumFen: number }[] = [
  { tier: 'gold', minPolicies: 3, orMinPremiumFen: 2_000_000 },
  { tier: 'silver', minPolicies: 2, orMinPremiumFen: 500_000 },
  { tier: 'standard', minPolicies: 1, orMinPremiumFen: 0 },
];

export const tierFor = (policies: Policy[]): Tier => {
  const inForce = policies.filter((p) => p.status === 'inForce');
  const premium = inForce.reduce((sum, p) => sum + p.premiumFen, 0);
  if (!inForce.length) return policies.length ? 'standard' : 'visitor';
  return TIER_RULES.find((r) => inForce.length >= r.minPolicies || (r.orMinPremiumFen > 0 && premium >= r.orMinPremiumFen))?.tier ?? 'standard';
};

/** Lowest to highest: a tier's place decides whether a change is an upgrade. */
export const TIER_ORDER: readonly Tier[] = ['visitor', 'standard', 'silver', 'gold'];
export const tierRank = (t: Tier): number => TIER_ORDER.indexOf(t);

/**
 * When a tier moves (data, CLARIFICATIONS "Benefits and consultations"): an upgrade applies at once; a
 * downgrade waits for the yearly review (1 January, Shanghai) and is announced at least
 * `downgradeNoticeDays` before it, so a review too close to the notice moves to the next year's.
 */
export const TIER_REVIEW = { reviewMonthDay: '01-01', downgradeNoticeDays: 30 } as const;

const SHANGHAI_MS = 8 * 3600_000;
/** The first yearly review instant at or after `from` (00:00 Shanghai on the review day). */
export const nextTierReview = (from: Date, review = TIER_REVIEW): Date => {
  const year = new Date(from.getTime() + SHANGHAI_MS).getUTCFullYear();
  for (let y = year; ; y++) {
    const at = new Date(Date.parse(`${y}-${review.reviewMonthDay}T00:00:00.000Z`) - SHANGHAI_MS);
    if (at.getTime() >= from.getTime()) return at;
  }
};

/** What the tier rules make of a change: take the computed tier now, keep the held one, or schedule a downgrade. */
export type TierDecision =
  | { kind: 'keep' }
  | { kind: 'upgrade'; to: Tier }
  | { kind: 'scheduleDowngrade'; to: Tier; effectiveAt: string };

export const decideTier = (held: Tier, computed: Tier, now: Date, review = TIER_REVIEW): TierDecision => {
  if (tierRank(computed) > tierRank(held)) return { kind: 'upgrade', to: computed };
  if (tierRank(computed) === tierRank(held)) return { kind: 'keep' };
  const effectiveAt = nextTierReview(new Date(now.getTime() + review.downgradeNoticeDays * 24 * 3600_000), review);
  return { kind: 'scheduleDowngrade', to: computed, effectiveAt: effectiveAt.toISOString() };
};
