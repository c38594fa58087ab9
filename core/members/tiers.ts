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
