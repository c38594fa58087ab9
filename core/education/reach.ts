import type { EducationStore } from './ports';
import { REACH_GOAL } from './deps';
import { bucketOf, periodsOf } from './periods';

/**
 * Publicity reach (CLARIFICATIONS "Management"): bound members active in the period who opened at least
 * one article in it ÷ bound members active in the period, against 90%. The period is one month, one
 * quarter or one calendar year ('YYYY-MM' ends); anything else is EDUCATION.PERIOD_UNSUPPORTED. Two
 * count reads of one bucket, never a scan of members. rate is null when nobody was active.
 */
export const educationReach = async (
  deps: { education: Pick<EducationStore, 'reachCounts'> },
  from: string,
  to: string,
): Promise<{ opened: number; active: number; rate: number | null; goalRate: number }> => {
  const { active, opened } = await deps.education.reachCounts(bucketOf(from, to));
  return { opened, active, rate: active ? opened / active : null, goalRate: REACH_GOAL };
};

/**
 * The activity mark, when a bound member's home loads: one mark per bucket per member, so the first load
 * of the month writes and every later one only reads the month's mark (no write per call).
 */
export const markMemberActive = async (deps: { education: Pick<EducationStore, 'hasMark' | 'mark'>; clock: { now(): Date } }, memberId: string): Promise<boolean> => {
  const now = deps.clock.now();
  const periods = periodsOf(now);
  if (await deps.education.hasMark(memberId, periods[0], false)) return false;
  return deps.education.mark(memberId, periods, now.toISOString(), false);
};
