import type { DeadlineHolder } from '../../core/calendar/recompute';
import { contentNotScreened, type ContentCheck } from '../../core/shared/contentSafety';
import crypto from 'node:crypto';
import { builtInHolidayTable, chinaCalendar } from '../../core/calendar/chinaCalendar';
import type { CalendarDeps } from '../../core/calendar/importNotice';
import type { LiveCalendar } from '../../core/calendar/liveCalendar';
import { complaintDeadlineHolder } from '../../core/complaints/recalculateAll';
import type { HolidayNoticeStore } from '../../core/calendar/ports';
import type { ComplaintDeps } from '../../core/complaints/deps';
import { defaultComplaintPolicy } from '../../core/complaints/policy';
import type { ComplaintStore } from '../../core/complaints/ports';
import type { TextSealer } from '../../core/complaints/personalTexts';
import type { Clock, IdGenerator } from '../../core/shared/ports';
import type { WorkingCalendar } from '../../core/calendar/workingCalendar';
import { sha256 } from '../../adapters/hash';

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdGenerator = { newId: () => crypto.randomUUID() };
/** Six digits from the CSPRNG, leading zeros kept. */
export const randomCode = (): string => String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
export { sha256 };

export const complaintDeps = (
  store: ComplaintStore,
  /** The personal-data box: complaint texts holding phone, ID or card numbers are stored sealed. */
  box: TextSealer,
  clock: Clock = systemClock,
  calendar: WorkingCalendar = chinaCalendar,
  contentCheck: ContentCheck = contentNotScreened,
): ComplaintDeps => ({
  store,
  clock,
  ids: randomIds,
  calendar,
  policy: defaultComplaintPolicy,
  hash: sha256,
  contentCheck,
  box,
});

/** The holiday calendar's maintenance: imports and the recompute of every area's deadlines. */
export const calendarDeps = (notices: HolidayNoticeStore, live: LiveCalendar, complaints: ComplaintDeps, more: DeadlineHolder[] = []): CalendarDeps => ({
  notices,
  live,
  holders: [complaintDeadlineHolder(complaints), ...more],
  clock: complaints.clock,
  hash: sha256,
  builtInThrough: chinaCalendar.knownYears.to,
});

export { builtInHolidayTable };
