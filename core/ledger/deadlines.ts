import { calendarDaysAfter, workingDaysAfter } from '../calendar/periods';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import { localDateOf, startOfLocalDay } from '../shared/shanghaiTime';
import { ledgerErrors } from './errors';
import { LEDGER_RULES, type LedgerDeadlineSpec, type LedgerItem } from './model';

/**
 * An item's due time on the working calendar, like every other area's: `workingDays` counted from the
 * day after opening, ending 24:00 of the last working day; a chosen date ends 24:00 of that day, moved
 * to the next working day when it falls on a weekend or holiday. 暂定 when unknown days were used.
 */
export const ledgerDueAt = (cal: WorkingCalendar, openedAt: Date, spec: LedgerDeadlineSpec, now: Date = openedAt) => {
  if ('workingDays' in spec) {
    const d = workingDaysAfter(cal, openedAt, spec.workingDays);
    return { dueAt: d.dueAt.toISOString(), dueProvisional: d.provisional };
  }
  if (spec.date < localDateOf(now)) throw ledgerErrors.deadlineInPast();
  const d = calendarDaysAfter(cal, startOfLocalDay(spec.date), 0);
  const limit = workingDaysAfter(cal, now, LEDGER_RULES.maxWorkingDays);
  if (d.dueAt > limit.dueAt) throw ledgerErrors.deadlineTooFar(LEDGER_RULES.maxWorkingDays);
  return { dueAt: d.dueAt.toISOString(), dueProvisional: d.provisional };
};

/**
 * The deadline runs while the owner has the work (待整改, 整改中); waiting for verification it stands
 * still (the owner has done their part), and a return (验证退回) puts it back on the clock.
 */
export const isRunning = (status: LedgerItem['status']) => status === 'open' || status === 'inProgress';

/** When the deadline timer must next look: the warning, then the breach; never once stopped or breached. */
export const nextCheckOf = (item: Pick<LedgerItem, 'status' | 'dueAt' | 'warnedAt' | 'breachedAt' | 'escalationHeld'>): string | undefined => {
  if (!isRunning(item.status)) return undefined;
  if (item.breachedAt) return item.escalationHeld ? item.dueAt : undefined;
  if (!item.warnedAt) return new Date(Date.parse(item.dueAt) - LEDGER_RULES.warnBeforeMs).toISOString();
  return item.dueAt;
};

export const isOverdue = (item: Pick<LedgerItem, 'status' | 'dueAt'>, at: string) => isRunning(item.status) && item.dueAt <= at;
