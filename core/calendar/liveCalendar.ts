import type { Clock } from '../shared/ports';
import { noticeDays, type HolidayNoticeVersion } from './holidayNotice';
import type { HolidayNoticeStore } from './ports';
import { calendarFromTable, type HolidayTable, type WorkingCalendar } from './workingCalendar';

/** The newest version of each year is the one in force. */
export const inForce = (versions: HolidayNoticeVersion[]): HolidayNoticeVersion[] => {
  const byYear = new Map<number, HolidayNoticeVersion>();
  for (const v of versions) if ((byYear.get(v.year)?.version ?? 0) < v.version) byYear.set(v.year, v);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
};

export const calendarWithNotices = (base: HolidayTable, versions: HolidayNoticeVersion[]): WorkingCalendar =>
  calendarFromTable(
    base,
    inForce(versions).map((v) => ({ year: v.year, days: noticeDays(v) })),
  );

/**
 * The calendar every use case reads: the built-in table plus the imported notices, reloaded from the
 * store at most every `maxAgeMs` (a warm function sees an import within a minute) or at once after an
 * import in this process. A failed reload keeps the calendar it had: deadlines never fall back to nothing.
 */
export const liveCalendar = (
  base: HolidayTable,
  store: HolidayNoticeStore,
  clock: Clock,
  opts: { maxAgeMs?: number; initial?: HolidayNoticeVersion[] } = {},
) => {
  const maxAgeMs = opts.maxAgeMs ?? 60_000;
  let current = opts.initial ? calendarWithNotices(base, opts.initial) : calendarFromTable(base);
  let loadedAt = opts.initial ? clock.now().getTime() : -Infinity;
  const calendar: WorkingCalendar = {
    get knownYears() {
      return current.knownYears;
    },
    kindOf: (d) => current.kindOf(d),
    isWorkingDay: (d) => current.isWorkingDay(d),
    isKnown: (d) => current.isKnown(d),
  };
  const reload = async () => {
    current = calendarWithNotices(base, await store.list());
    loadedAt = clock.now().getTime();
  };
  return {
    calendar,
    reload,
    /** Reload if the copy is older than maxAgeMs; errors are the caller's to log. */
    refresh: async () => {
      if (clock.now().getTime() - loadedAt >= maxAgeMs) await reload();
    },
  };
};

export type LiveCalendar = ReturnType<typeof liveCalendar>;
