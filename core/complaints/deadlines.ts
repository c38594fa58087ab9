import {
  Deadline,
  addWorkingTime,
  calendarDaysAfter,
  earlierDeadline,
  excludedWholeDays,
  workingDaysAfter,
  workingTimeBetween,
} from '../calendar/periods';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import { HOUR_MS } from '../shared/shanghaiTime';
import type { Complaint, ComplaintDeadline, DeadlineKind } from './model';
import { OPEN_STATUSES } from './model';
import { targetsFor, type ComplaintPolicy } from './policy';

const iso = (d: Date) => d.toISOString();

/** Regulatory decision limit: 15/30/60 days from receipt (or new material), appraisal days excluded. */
export const regulatoryDeadline = (c: Complaint, cal: WorkingCalendar, now: Date): Deadline => {
  const appraisalMs = c.clocks.appraisals.reduce((sum, a) => {
    const end = a.endedAt ? new Date(a.endedAt) : now;
    return sum + Math.max(0, end.getTime() - new Date(a.startedAt).getTime());
  }, 0);
  return calendarDaysAfter(cal, new Date(c.clocks.regulatoryStartAt), c.clocks.regulatoryDays, excludedWholeDays(appraisalMs));
};

/** Pause so far, counting an open pause up to `now` (a paused deadline shows where it would land if resumed now). */
const pauseTotals = (c: Complaint, cal: WorkingCalendar, now: Date) => {
  const open = c.clocks.pausedAt ? new Date(c.clocks.pausedAt) : undefined;
  return {
    clockMs: c.clocks.pausedClockMs + (open ? now.getTime() - open.getTime() : 0),
    workingMs: c.clocks.pausedWorkingMs + (open ? workingTimeBetween(cal, open, now) : 0),
  };
};

/**
 * All deadlines of a complaint, computed from its record: deadlines are computed, never typed in.
 * Company targets are capped by the regulatory limit (the earlier wins).
 */
export const computeDeadlines = (
  c: Complaint,
  cal: WorkingCalendar,
  policy: ComplaintPolicy,
  now: Date,
): ComplaintDeadline[] => {
  const targets = targetsFor(policy, c.grade.value, c.grade.greenChannel);
  const regulatory = regulatoryDeadline(c, cal, now);
  const paused = Boolean(c.clocks.pausedAt);
  const pause = pauseTotals(c, cal, now);
  const companyStart = new Date(c.clocks.companyStartAt);
  const ownerId = c.owner?.id;

  const ackRaw: Deadline = {
    dueAt: new Date(new Date(c.receivedAt).getTime() + targets.acknowledgeWithinHours * HOUR_MS + pause.clockMs),
    provisional: false,
  };
  const resolveRaw = addWorkingTime(cal, workingDaysAfter(cal, companyStart, targets.resolveWithinWorkingDays), pause.workingMs);
  // Once the decision is sent the regulatory clock has stopped; a reopened cycle is the company's own.
  const regulatoryMetAt =
    c.firstDecisionAt && c.firstDecisionAt >= c.clocks.regulatoryStartAt ? c.firstDecisionAt : undefined;
  const ack = earlierDeadline(ackRaw, regulatory);
  const resolve = regulatoryMetAt ? resolveRaw : earlierDeadline(resolveRaw, regulatory);
  const resolveMetAt = c.resolvedAt && c.resolvedAt >= c.clocks.companyStartAt ? c.resolvedAt : undefined;
  const out: ComplaintDeadline[] = [
    { kind: 'acknowledge', dueAt: iso(ack.dueAt), provisional: ack.provisional, ownerId, paused, metAt: c.acknowledgedAt },
    {
      kind: 'resolve',
      dueAt: iso(resolve.dueAt),
      provisional: resolve.provisional,
      ownerId,
      paused,
      metAt: resolveMetAt,
    },
    {
      kind: 'regulatory',
      dueAt: iso(regulatory.dueAt),
      provisional: regulatory.provisional,
      ownerId,
      paused: c.clocks.appraisals.some((a) => !a.endedAt),
      metAt: regulatoryMetAt,
    },
  ];
  if (c.review) {
    const review = calendarDaysAfter(cal, new Date(c.review.requestedAt), policy.reviewDecisionDays);
    const reviewDecided = c.decision && c.decision.decidedAt > c.review.requestedAt ? c.decision.decidedAt : undefined;
    out.push({
      kind: 'review',
      dueAt: iso(review.dueAt),
      provisional: review.provisional,
      ownerId: c.review.reviewerId,
      paused: false,
      metAt: reviewDecided,
    });
  }
  return out;
};

const markKey = (kind: DeadlineKind, dueAt: string) => `${kind}@${dueAt}`;

/** A deadline the monitor still has to watch: the case is open, the step not done, the clock running. */
export const isWatched = (c: Complaint, d: ComplaintDeadline): boolean =>
  OPEN_STATUSES.includes(c.status) && !d.metAt && !d.paused;

/** The next instant anything can happen to this case's SLA: a warning or a breach not yet recorded. */
export const nextSlaCheck = (c: Complaint, policy: ComplaintPolicy): string | undefined => {
  const breached = new Set(c.breaches.map((b) => markKey(b.kind, b.dueAt)));
  const warned = new Set(c.warnings.map((w) => markKey(w.kind, w.dueAt)));
  let next: number | undefined;
  for (const d of c.deadlines) {
    if (!isWatched(c, d)) continue;
    const key = markKey(d.kind, d.dueAt);
    const due = Date.parse(d.dueAt);
    const candidates: number[] = [];
    if (!warned.has(key) && !breached.has(key)) candidates.push(due - policy.warnBeforeMs[d.kind]);
    if (!breached.has(key)) candidates.push(due);
    for (const t of candidates) if (next === undefined || t < next) next = t;
  }
  return next === undefined ? undefined : new Date(next).toISOString();
};

export { markKey };

/** The staff queue's order: the earliest due time among steps still running (paused ones included, shown last). */
export const queueDueAt = (c: Complaint): string | undefined => {
  if (!OPEN_STATUSES.includes(c.status)) return undefined;
  const open = c.deadlines.filter((d) => !d.metAt);
  const running = open.filter((d) => !d.paused).map((d) => d.dueAt).sort();
  return running[0] ?? open.map((d) => d.dueAt).sort()[0];
};
