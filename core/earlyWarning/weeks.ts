import { addLocalDays, localDateOf, startOfLocalDay, type LocalDate } from '../shared/shanghaiTime';

/**
 * ISO-8601 weeks (Monday first, week 1 holds the year's first Thursday) on Asia/Shanghai dates,
 * written `YYYY-Www` like the rollups' weekly counters (core/rollups/weekly.ts).
 */
export type IsoWeek = string;

const WEEK = /^(\d{4})-W(\d{2})$/;

export const isIsoWeek = (s: string): boolean => {
  const m = WEEK.exec(s);
  if (!m) return false;
  const n = Number(m[2]);
  return n >= 1 && n <= weeksInYear(Number(m[1]));
};

/** Monday of ISO week 1 of `year`. */
const firstMonday = (year: number): LocalDate => {
  const jan4 = `${year}-01-04`;
  const dow = (new Date(`${jan4}T00:00:00.000Z`).getUTCDay() + 6) % 7; // 0 = Monday
  return addLocalDays(jan4, -dow);
};

const weeksInYear = (year: number): number => Math.round((Date.parse(`${firstMonday(year + 1)}T00:00:00Z`) - Date.parse(`${firstMonday(year)}T00:00:00Z`)) / (7 * 86_400_000));

export const isoWeekOfDate = (day: LocalDate): IsoWeek => {
  const dow = (new Date(`${day}T00:00:00.000Z`).getUTCDay() + 6) % 7;
  const thursday = addLocalDays(day, 3 - dow);
  const year = Number(thursday.slice(0, 4));
  const n = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${firstMonday(year)}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
};

export const isoWeekOf = (instant: Date): IsoWeek => isoWeekOfDate(localDateOf(instant));

/** Monday (Shanghai date) of an ISO week. */
export const mondayOf = (week: IsoWeek): LocalDate => {
  const m = WEEK.exec(week);
  if (!m) throw new Error(`not an ISO week: ${week}`);
  return addLocalDays(firstMonday(Number(m[1])), (Number(m[2]) - 1) * 7);
};

export const addWeeks = (week: IsoWeek, n: number): IsoWeek => isoWeekOfDate(addLocalDays(mondayOf(week), n * 7));

// Week arithmetic goes through Date parsing; a run (and a simulation of thousands of weeks) asks for
// the same few windows again and again, so they are remembered (bounded).
const windows = new Map<string, readonly IsoWeek[]>();

/** The `n` weeks before `week`, oldest first (`week` itself excluded). */
export const weeksBefore = (week: IsoWeek, n: number): IsoWeek[] => {
  const key = `${week}|${n}`;
  let hit = windows.get(key);
  if (!hit) {
    if (windows.size > 500) windows.clear();
    const monday = mondayOf(week);
    hit = Array.from({ length: n }, (_, i) => isoWeekOfDate(addLocalDays(monday, (i - n) * 7)));
    windows.set(key, hit);
  }
  return [...hit];
};

/** The instants a week covers: [Monday 00:00, next Monday 00:00) in Shanghai, as ISO strings. */
export const weekRange = (week: IsoWeek): { from: string; to: string } => {
  const monday = mondayOf(week);
  return { from: startOfLocalDay(monday).toISOString(), to: startOfLocalDay(addLocalDays(monday, 7)).toISOString() };
};
