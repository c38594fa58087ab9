import type { ComplaintCategory, DeadlineKind, Grade } from './model';

/** Company targets per grade: durations, not instants. Configuration, not code. */
export interface SlaTargets {
  acknowledgeWithinHours: number;
  resolveWithinWorkingDays: number;
}

export interface ComplaintPolicy {
  grading: {
    /** Amount at stake (yuan) from which a case is at least significant / major. */
    significantAmount: number;
    majorAmount: number;
    categoryBaseGrade: Record<ComplaintCategory, Grade>;
  };
  targets: Record<Grade, SlaTargets>;
  /** 绿色通道: major or urgent cases get these shorter targets. */
  greenChannelTargets: SlaTargets;
  regulatory: { decisionDays: 15; complexDays: 30; maxDays: 60 };
  /** 30 days to ask for a review (核查) after the decision; the review is decided within 30 days. */
  reviewWindowDays: number;
  reviewDecisionDays: number;
  /** How long before a due time the monitor warns the owner (near-breach). */
  warnBeforeMs: Record<DeadlineKind, number>;
}

const HOUR = 3600_000;

export const defaultComplaintPolicy: ComplaintPolicy = {
  grading: {
    significantAmount: 50_000,
    majorAmount: 500_000,
    categoryBaseGrade: {
      claims: 'ordinary',
      sales: 'significant',
      service: 'ordinary',
      policyChange: 'ordinary',
      premium: 'ordinary',
      benefits: 'ordinary',
      privacy: 'significant',
      other: 'ordinary',
    },
  },
  // The seed plan: acknowledge within 48 hours, resolve within 7 working days (RULES.md).
  targets: {
    ordinary: { acknowledgeWithinHours: 48, resolveWithinWorkingDays: 7 },
    significant: { acknowledgeWithinHours: 24, resolveWithinWorkingDays: 5 },
    major: { acknowledgeWithinHours: 4, resolveWithinWorkingDays: 3 },
  },
  greenChannelTargets: { acknowledgeWithinHours: 2, resolveWithinWorkingDays: 3 },
  regulatory: { decisionDays: 15, complexDays: 30, maxDays: 60 },
  reviewWindowDays: 30,
  reviewDecisionDays: 30,
  warnBeforeMs: { acknowledge: 4 * HOUR, resolve: 24 * HOUR, regulatory: 72 * HOUR, review: 72 * HOUR },
};

export const targetsFor = (policy: ComplaintPolicy, grade: Grade, greenChannel: boolean): SlaTargets =>
  greenChannel ? policy.greenChannelTargets : policy.targets[grade];
