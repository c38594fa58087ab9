import { LocalDate, weekdayOf, yearOf } from '../shared/shanghaiTime';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeupWorkday';

/**
 * The China working-day calendar: statutory holidays and 调休 make-up workdays, as published
 * each year by the State Council. Data, not I/O: built from a table so tests can supply one.
 */
export interface WorkingCalendar {
  kindOf(day: LocalDate): DayKind;
  isWorkingDay(day: LocalDate): boolean;
  /** True when the day's year is covered by published holiday data. Outside it only weekends are known. */
  isKnown(day: LocalDate): boolean;
  /** The years the built-in table covers; imported years (staff-entered notices) come on top. */
  readonly knownYears: { from: number; to: number };
}

export interface HolidayTable {
  holidays: Record<LocalDate, string>;
  workdays: Record<LocalDate, string>;
}

/**
 * A calendar from the built-in table plus years added later (each a whole year's table, as a
 * State Council notice gives it). An added year replaces whatever the base said of that year.
 */
export const calendarFromTable = (table: HolidayTable, addedYears: { year: number; days: HolidayTable }[] = []): WorkingCalendar => {
  const years = Object.keys(table.holidays).map(yearOf);
  const knownYears = { from: Math.min(...years), to: Math.max(...years) };
  const added = new Map(addedYears.map((a) => [a.year, a.days]));
  const isKnown = (day: LocalDate) => added.has(yearOf(day)) || (yearOf(day) >= knownYears.from && yearOf(day) <= knownYears.to);
  const kindOfUncached = (day: LocalDate): DayKind => {
    const source = added.get(yearOf(day)) ?? table;
    if (source.holidays[day]) return 'holiday';
    if (source.workdays[day]) return 'makeupWorkday';
    const wd = weekdayOf(day);
    return wd === 0 || wd === 6 ? 'weekend' : 'workday';
  };
  // Every deadline walks the same few weeks day by day (a submit asks ~40 days): each day is worked out once
  // per calendar. The tables are fixed once built (a new notice builds a new calendar, liveCalendar.ts), and
  // the cache is bounded so a walk over decades cannot grow it without end.
  const kinds = new Map<LocalDate, DayKind>();
  const kindOf = (day: LocalDate): DayKind => {
    let kind = kinds.get(day);
    if (kind === undefined) {
      kind = kindOfUncached(day);
      if (kinds.size >= 20_000) kinds.clear();
      kinds.set(day, kind);
    }
    return kind;
  };
  return {
    knownYears,
    isKnown,
    kindOf,
    isWorkingDay: (day) => {
      const k = kindOf(day);
      return k === 'workday' || k === 'makeupWorkday';
    },
  };
};
