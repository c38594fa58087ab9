import { calendarDaysAfter, excludedWholeDays } from '../calendar/periods';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import type { Claim, ClaimClock, ClockKind } from './model';
import type { ClaimPolicy } from './policy';

/**
 * The claim clocks in calendar days, counted as RULES.md "Counting periods" says (民法典 arts 201,
 * 203): from the day after the event, ending 24:00 of the last day; a last day that is a holiday (or,
 * per our clarification, a weekend) moves to the next working day. `calendarDaysAfter` does exactly
 * that; days the calendar does not know yet (2027 before its notice is imported) mark the due time 暂定.
 */
export const openClock = (cal: WorkingCalendar, policy: Pick<ClaimPolicy, 'warnFraction'>, kind: ClockKind, startedAt: Date, days: number, pausedDays = 0): ClaimClock => {
  const d = calendarDaysAfter(cal, startedAt, days, pausedDays);
  return { kind, startedAt: startedAt.toISOString(), days, pausedDays, ...timesOf(policy, startedAt, pausedDays, d.dueAt), provisional: d.provisional };
};

/** Due and warning instants: the warning at warnFraction of the (pause-extended) span from the start to the due time. */
const timesOf = (policy: Pick<ClaimPolicy, 'warnFraction'>, startedAt: Date, _pausedDays: number, dueAt: Date) => {
  const span = dueAt.getTime() - startedAt.getTime();
  return { dueAt: dueAt.toISOString(), warnAt: new Date(startedAt.getTime() + Math.floor(span * policy.warnFraction)).toISOString() };
};

const running = (c: ClaimClock) => !c.metAt && !c.cancelledAt;

/** The decision clocks stand still while the member supplies what an art-22 notice asked for. */
export const pauseClocks = (clocks: ClaimClock[], at: string): ClaimClock[] =>
  clocks.map((c) => ((c.kind === 'decision' || c.kind === 'target') && running(c) && !c.pausedSince ? { ...c, pausedSince: at } : c));

/**
 * Resuming adds the whole days the pause touched to the period and recomputes the due time on the
 * calendar; the company target is recomputed too and stays no later than the statutory decision.
 */
export const resumeClocks = (cal: WorkingCalendar, policy: ClaimPolicy, clocks: ClaimClock[], at: string): ClaimClock[] => {
  const resumed = clocks.map((c) => {
    if (!c.pausedSince || !running(c)) return c;
    const pausedDays = c.pausedDays + excludedWholeDays(Date.parse(at) - Date.parse(c.pausedSince));
    const { pausedSince: _, ...rest } = c;
    const fresh = openClock(cal, policy, c.kind, new Date(c.startedAt), c.days, pausedDays);
    // A warning already given stays given; a due time that moved past `at` is no longer breached.
    return { ...rest, ...fresh, warnedAt: c.warnedAt && c.warnedAt >= fresh.warnAt ? c.warnedAt : undefined, breachedAt: c.breachedAt };
  });
  return capTarget(resumed);
};

/** The company's target never ends later than the statutory decision (CLARIFICATIONS "Claims"). */
export const capTarget = (clocks: ClaimClock[]): ClaimClock[] => {
  const decision = clocks.find((c) => c.kind === 'decision' && running(c));
  if (!decision) return clocks;
  return clocks.map((c) =>
    c.kind === 'target' && running(c) && c.dueAt > decision.dueAt ? { ...c, dueAt: decision.dueAt, warnAt: c.warnAt > decision.warnAt ? decision.warnAt : c.warnAt, provisional: decision.provisional } : c,
  );
};

/**
 * Every running clock recomputed on the calendar as it is now (a year's holiday notice imported): the
 * same start, days and paused days; warnings and breaches already recorded stay recorded.
 */
export const recomputeClocks = (cal: WorkingCalendar, policy: ClaimPolicy, clocks: ClaimClock[]): ClaimClock[] =>
  capTarget(
    clocks.map((c) => {
      if (!running(c)) return c;
      const fresh = openClock(cal, policy, c.kind, new Date(c.startedAt), c.days, c.pausedDays);
      return { ...c, dueAt: fresh.dueAt, warnAt: fresh.warnAt, provisional: fresh.provisional };
    }),
  );

export const meetClocks = (clocks: ClaimClock[], kinds: ClockKind[], at: string): ClaimClock[] =>
  clocks.map((c) => (kinds.includes(c.kind) && running(c) ? { ...c, metAt: at, pausedSince: undefined } : c));

export const cancelClocks = (clocks: ClaimClock[], at: string): ClaimClock[] => clocks.map((c) => (running(c) ? { ...c, cancelledAt: at, pausedSince: undefined } : c));

/** The next instant the timer has something to record on this clock, or undefined. */
const nextCheckOf = (c: ClaimClock): string | undefined => {
  if (!running(c) || c.pausedSince) return undefined;
  if (!c.warnedAt && !c.breachedAt) return c.warnAt;
  if (!c.breachedAt) return c.dueAt;
  return undefined;
};

const earliest = (xs: (string | undefined)[]) => xs.filter((x): x is string => Boolean(x)).sort()[0];

/** The queue's due time and the timer's next look, stored on the record (indexed columns). */
/**
 * What an open claim with no running clock waits for, and since when: the member's documents (the clocks
 * are paused) or the member's agreement to an offer (the decision clock is met, the payment clock not yet
 * started). Such a claim stays in the staff queue, ordered by how long it has waited, so staff can follow
 * up (core/claims/views.ts says which). An amount awaiting a supervisor keeps its decision clock running.
 */
export const waitingOn = (c: Claim): { on: 'documents' | 'acceptance'; since: string } | undefined => {
  if (c.status === 'documentsPending') return { on: 'documents', since: c.notices.at(-1)?.at ?? c.updatedAt };
  const d = c.status === 'decided' && c.decision?.kind === 'pay' ? c.decision : undefined;
  if (d && d.offeredAt && !d.agreedAt) return { on: 'acceptance', since: d.offeredAt };
  return undefined;
};

/** The earliest due time of a clock running now (not paused, not met): what the member's next deadline is. */
export const runningDueAt = (claim: Claim): string | undefined => earliest(claim.clocks.filter((c) => running(c) && !c.pausedSince).map((c) => c.dueAt));

export const withSchedule = (claim: Claim): Claim => {
  const { dueAt: _d, slaNextCheckAt: _n, ...rest } = claim;
  const dueAt = runningDueAt(claim) ?? waitingOn(claim)?.since;
  const next = earliest(claim.clocks.map(nextCheckOf));
  return { ...rest, ...(dueAt ? { dueAt } : {}), ...(next ? { slaNextCheckAt: next } : {}) } as Claim;
};

export const runningClocks = (claim: Claim) => claim.clocks.filter(running);
export const clockOf = (claim: Claim, kind: ClockKind) => claim.clocks.find((c) => c.kind === kind && running(c));
