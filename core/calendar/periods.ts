import {
  DAY_MS,
  LocalDate,
  addLocalDays,
  endOfLocalDay,
  localDateOf,
} from '../shared/shanghaiTime';
import type { WorkingCalendar } from './workingCalendar';

/** A computed deadline. `provisional` (暂定) when it relied on days the calendar does not know. */
export interface Deadline {
  dueAt: Date;
  provisional: boolean;
}

/** The working day on or after `day`, walking past weekends and holidays. */
const rollToWorkingDay = (cal: WorkingCalendar, day: LocalDate): { day: LocalDate; provisional: boolean } => {
  let d = day;
  let provisional = !cal.isKnown(d);
  while (!cal.isWorkingDay(d)) {
    d = addLocalDays(d, 1);
    provisional ||= !cal.isKnown(d);
  }
  return { day: d, provisional };
};

/**
 * A period of `days` calendar days after `receivedAt` (民法典 art 201: the day of receipt is not
 * counted; art 203: it ends at 24:00 of its last day; a last day that is a holiday moves to the day
 * after it). Per our clarification a last day on a weekend moves too; 调休 make-up days count as working.
 * `extraDays` are excluded days added on top (outside appraisal).
 */
export const calendarDaysAfter = (
  cal: WorkingCalendar,
  receivedAt: Date,
  days: number,
  extraDays = 0,
): Deadline => {
  const lastDay = addLocalDays(localDateOf(receivedAt), days + extraDays);
  const rolled = rollToWorkingDay(cal, lastDay);
  return { dueAt: endOfLocalDay(rolled.day), provisional: rolled.provisional };
};

/** `n` working days counted from the day after `receivedAt`, ending 24:00 of the last working day. */
export const workingDaysAfter = (cal: WorkingCalendar, receivedAt: Date, n: number): Deadline => {
  let day = localDateOf(receivedAt);
  let counted = 0;
  let provisional = false;
  while (counted < n) {
    day = addLocalDays(day, 1);
    provisional ||= !cal.isKnown(day);
    if (cal.isWorkingDay(day)) counted += 1;
  }
  return { dueAt: endOfLocalDay(day), provisional };
};

/** How much working-day time (ms, whole working days count 24h) lies between two instants. */
export const workingTimeBetween = (cal: WorkingCalendar, from: Date, to: Date): number => {
  if (to <= from) return 0;
  let total = 0;
  let cursor = from;
  while (cursor < to) {
    const day = localDateOf(cursor);
    const dayEnd = endOfLocalDay(day);
    const sliceEnd = dayEnd < to ? dayEnd : to;
    if (cal.isWorkingDay(day)) total += sliceEnd.getTime() - cursor.getTime();
    cursor = sliceEnd;
  }
  return total;
};

/**
 * Moves a deadline later by `workingMs` of working-day time: what a pause while waiting for the
 * member costs the company's working-day clocks. Non-working days are skipped, not counted.
 */
export const addWorkingTime = (cal: WorkingCalendar, from: Deadline, workingMs: number): Deadline => {
  let remaining = workingMs;
  let cursor = from.dueAt;
  let provisional = from.provisional;
  while (remaining > 0) {
    const day = localDateOf(cursor);
    provisional ||= !cal.isKnown(day);
    const dayEnd = endOfLocalDay(day);
    if (!cal.isWorkingDay(day)) {
      cursor = dayEnd;
      continue;
    }
    const available = dayEnd.getTime() - cursor.getTime();
    if (available >= remaining) {
      cursor = new Date(cursor.getTime() + remaining);
      remaining = 0;
    } else {
      remaining -= available;
      cursor = dayEnd;
    }
  }
  return { dueAt: cursor, provisional };
};

/** Whole days touched by an excluded span, for calendar-day periods (appraisal time does not count). */
export const excludedWholeDays = (ms: number): number => Math.ceil(ms / DAY_MS);

export const earlierDeadline = (a: Deadline, b: Deadline): Deadline => (a.dueAt <= b.dueAt ? a : b);
