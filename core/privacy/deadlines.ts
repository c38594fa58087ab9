import { workingDaysAfter } from '../calendar/periods';
import type { DeadlineHolder } from '../calendar/recompute';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import { isDomainError } from '../shared/errors';
import type { PrivacyDeps } from './deps';
import type { PrivacyRequest } from './model';

/** What happened when the calendar moved a request's due date: the hook a member notice will hang on. */
export interface DueDateMoved {
  kind: 'privacyDueDateMoved';
  memberId: string;
  requestId: string;
  from: string;
  to: string;
}

/** 15 working days (data) from the day after receipt, ending 24:00 of the last working day, on the working calendar. */
export const privacyDueAt = (cal: WorkingCalendar, receivedAt: Date, workingDays: number) => {
  const d = workingDaysAfter(cal, receivedAt, workingDays);
  return { dueAt: d.dueAt.toISOString(), dueProvisional: d.provisional };
};

/**
 * Privacy requests as a holder of calendar deadlines: when a year's holiday notice is imported, every
 * open request's due date is recomputed from its receipt. Moves are returned through `onMoved`, so the
 * member can be told once the notification layer takes privacy topics.
 */
export const privacyDeadlineHolder = (deps: Pick<PrivacyDeps, 'records' | 'calendar' | 'clock' | 'requestPolicy'>, onMoved?: (m: DueDateMoved) => void): DeadlineHolder => ({
  area: 'privacy',
  recalculate: async (after, limit) => {
    const items = await deps.records.listOpen({ after, limit });
    let changed = 0;
    const told = 0;
    for (const r of items) {
      const next = privacyDueAt(deps.calendar, new Date(r.receivedAt), deps.requestPolicy.answerWithinWorkingDays);
      if (next.dueAt === r.dueAt && next.dueProvisional === r.dueProvisional) continue;
      const saved: PrivacyRequest = { ...r, ...next, version: r.version + 1, updatedAt: deps.clock.now().toISOString() };
      try {
        await deps.records.updateRequest(saved, r.version);
      } catch (e) {
        // Staff acted on it meanwhile: a closed request has no due date to move, and a later run catches an open one.
        if (isDomainError(e) && e.code.endsWith('.VERSION_CONFLICT')) continue;
        throw e;
      }
      changed += 1;
      // Members are not messaged about privacy dates yet (the notification layer is being made generic):
      // the move is handed to `onMoved`, and `told` stays the count of members actually told.
      if (next.dueAt !== r.dueAt) onMoved?.({ kind: 'privacyDueDateMoved', memberId: r.memberId, requestId: r.id, from: r.dueAt, to: next.dueAt });
    }
    return { last: items[items.length - 1]?.id, examined: items.length, changed, told };
  },
});
