import { workingDaysAfter } from '../calendar/periods';
import type { DeadlineHolder } from '../calendar/recompute';
import type { DeadlineWatch } from '../deadlines/watch';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import { isDomainError } from '../shared/errors';
import type { PrivacyDeps } from './deps';
import { owed, privacyEvent, PRIVACY_AREA } from './events';
import type { PrivacyRequest } from './model';
import { memberDueText } from './views';

/** 15 working days (data) from the day after receipt, ending 24:00 of the last working day, on the working calendar. */
export const privacyDueAt = (cal: WorkingCalendar, receivedAt: Date, workingDays: number) => {
  const d = workingDaysAfter(cal, receivedAt, workingDays);
  return { dueAt: d.dueAt.toISOString(), dueProvisional: d.provisional };
};

/**
 * Privacy requests as a holder of calendar deadlines: when a year's holiday notice is imported, every
 * open request's due date is recomputed from its receipt. A member whose date moved is told (a
 * message-centre notice written with the change); a date that only loses its 暂定 mark moves quietly.
 */
export const privacyDeadlineHolder = (deps: Pick<PrivacyDeps, 'records' | 'calendar' | 'clock' | 'requestPolicy' | 'ids'>): DeadlineHolder => ({
  area: PRIVACY_AREA,
  recalculate: async (after, limit, because) => {
    const items = await deps.records.listOpen({ after, limit });
    let changed = 0;
    let told = 0;
    for (const r of items) {
      const next = privacyDueAt(deps.calendar, new Date(r.receivedAt), deps.requestPolicy.answerWithinWorkingDays);
      if (next.dueAt === r.dueAt && next.dueProvisional === r.dueProvisional) continue;
      const now = deps.clock.now();
      const saved: PrivacyRequest = { ...r, ...next, version: r.version + 1, updatedAt: now.toISOString() };
      const moved = next.dueAt !== r.dueAt;
      const notice = moved
        ? owed([privacyEvent(saved, 'deadlinesChanged', 'member', now.toISOString(), `${because}，答复期限调整为${memberDueText(next.dueAt)}`, { requestKind: r.kind })], () => deps.ids.newId(), now)
        : [];
      try {
        await deps.records.updateRequest(saved, r.version, undefined, notice);
      } catch (e) {
        // Staff acted on it meanwhile: a closed request has no due date to move, and a later run catches an open one.
        if (isDomainError(e) && e.code.endsWith('.VERSION_CONFLICT')) continue;
        throw e;
      }
      changed += 1;
      if (moved) told += 1;
    }
    return { last: items[items.length - 1]?.id, examined: items.length, changed, told };
  },
});

/**
 * Privacy requests on the one deadline timer (core/deadlines/watch.ts). The staff queue's order
 * (open requests, earliest due first) is the scan order, so a run stops at the first request not yet
 * near its due time: the cost follows the number of open requests inside the warning window (overdue
 * ones stay at the head of the queue until handled and are read past; only marks count against the
 * budget, and reads are capped at ten times it). A warning and a breach are each recorded once on the
 * request, with a staff alert written with it.
 */
export const privacyDeadlineWatch = (deps: Pick<PrivacyDeps, 'records' | 'clock' | 'requestPolicy' | 'ids'>): DeadlineWatch => ({
  area: PRIVACY_AREA,
  scan: async (now, budget) => {
    const report = { examined: 0, changed: 0, warnings: 0, breaches: 0 };
    const at = now.toISOString();
    let cursor: string | undefined;
    let read = 0;
    for (;;) {
      const page = await deps.records.queue('received', { limit: 50, cursor });
      for (const r of page.items) {
        if (report.changed >= budget || read >= budget * 10) return report;
        read += 1;
        const warnAt = new Date(Date.parse(r.dueAt) - deps.requestPolicy.warnBeforeMs).toISOString();
        if (at < warnAt) return report;
        const breach = at >= r.dueAt && !r.breachedAt;
        const warn = !breach && !r.warnedAt && !r.breachedAt;
        if (!breach && !warn) continue;
        report.examined += 1;
        const due = memberDueText(r.dueAt);
        const event = breach
          ? privacyEvent(r, 'deadlineBreached', 'staff', at, `答复期限${due}已过，请立即办理`, { dueAt: r.dueAt })
          : privacyEvent(r, 'deadlineWarning', 'staff', at, `答复期限${due}将至`, { dueAt: r.dueAt });
        const saved: PrivacyRequest = { ...r, ...(breach ? { breachedAt: at } : { warnedAt: at }), version: r.version + 1, updatedAt: at };
        try {
          await deps.records.updateRequest(saved, r.version, undefined, owed([event], () => deps.ids.newId(), now));
        } catch (e) {
          if (isDomainError(e) && e.code.endsWith('.VERSION_CONFLICT')) continue; // staff acted meanwhile; the next run looks again
          throw e;
        }
        report.changed += 1;
        if (breach) report.breaches += 1;
        else report.warnings += 1;
      }
      if (!page.nextCursor) return report;
      cursor = page.nextCursor;
    }
  },
});
