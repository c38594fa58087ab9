/**
 * The early-warning settings: data, not code. Why these values:
 * - 12 weeks of baseline: a quarter, long enough for a stable weekly mean, short enough to follow the
 *   business; at least 8 weeks of history, or the series is reported as 历史不足 and not tested.
 * - familyAlpha 0.05 with Bonferroni: in a week with nothing going on, the chance of any false alarm in
 *   a family is at most 5% (about two or three quiet-week false alarms a year per family).
 * - minCount 5: a value going 1 → 3 can be "significant" against a near-zero baseline; an alert needs
 *   at least five complaints in the week to be worth a manager's look.
 */
export interface EarlyWarningPolicy {
  historyWeeks: number;
  minHistoryWeeks: number;
  lookbackWeeks: number;
  familyAlpha: number;
  minCount: number;
  dispersionAlpha: number;
  repeat: { minComplaints: number; windowDays: number };
  policyCluster: { minComplaints: number };
  sellerCluster: { minDistinctMembers: number };
  maxCandidates: number;
  evidenceLimit: number;
  runAfterMs: number;
}

export const EARLY_WARNING_POLICY: EarlyWarningPolicy = {
  historyWeeks: 12,
  minHistoryWeeks: 8,
  /** A value with no complaint in this many weeks before the tested week counts as new (no history). */
  lookbackWeeks: 26,
  familyAlpha: 0.05,
  minCount: 5,
  /** Pearson dispersion check on the history: below this p-value the series is treated as overdispersed (detector.ts). */
  dispersionAlpha: 0.2,
  /** A member with at least this many complaints within this many days (the last of them in the week). */
  repeat: { minComplaints: 3, windowDays: 30 },
  /** A policy with at least this many complaints in the week. */
  policyCluster: { minComplaints: 3 },
  /** A seller whose policies drew complaints from at least this many different members in the week. */
  sellerCluster: { minDistinctMembers: 3 },
  /** At most this many candidates per rule are drilled per run (the largest first), and complaints listed per alert. */
  maxCandidates: 50,
  evidenceLimit: 50,
  /** The week is run once the next one is this old (the rollup consumer has caught up on Sunday night). */
  runAfterMs: 60 * 60_000,
};
