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
  /**
   * The satisfaction loop (core/complaints/satisfactionReminder.ts): one reminder, never more, to a
   * member who has not rated a resolution within `reminderAfterDays` calendar days; the rate
   * (4–5★ ÷ rated) is shown against `goalRate`.
   */
  satisfaction: { reminderAfterDays: number; goalRate: number };
  /**
   * What the member reads when a deadline has passed (CLARIFICATIONS "Complaints": an apology text is
   * configuration, compliance). `confirmed: false` is a placeholder a compliance officer has not
   * confirmed yet (待合规确认), as core/privacy/policy.ts marks its retention rows.
   */
  overdueApology: { text: string; confirmed: boolean };
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
  // Seed 000 asks for satisfaction surveys and industry-leading satisfaction; 90% is the goal set for it.
  satisfaction: { reminderAfterDays: 3, goalRate: 0.9 },
  // 待合规确认: wording drafted by the product team, not yet confirmed by compliance.
  overdueApology: { text: '很抱歉，我们没能在承诺的时间内完成这一步，给您添麻烦了。我们正在加紧处理。', confirmed: false },
};

export const targetsFor = (policy: ComplaintPolicy, grade: Grade, greenChannel: boolean): SlaTargets =>
  greenChannel ? policy.greenChannelTargets : policy.targets[grade];
