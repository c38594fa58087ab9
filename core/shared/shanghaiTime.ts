/**
 * Asia/Shanghai wall-clock arithmetic. China has kept UTC+8 without daylight saving since 1991,
 * so a fixed offset is exact and avoids depending on the host's timezone database.
 * Instants are Date (UTC); calendar days are 'YYYY-MM-DD' strings in Shanghai.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 24 * 3600_000;
export const HOUR_MS = 3600_000;

export type LocalDate = string; // YYYY-MM-DD in Asia/Shanghai

export const localDateOf = (instant: Date): LocalDate =>
  new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** 00:00 Asia/Shanghai of the given day, as an instant. */
export const startOfLocalDay = (day: LocalDate): Date => new Date(Date.parse(`${day}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);

/** 24:00 of the day (= 00:00 of the next), the instant a period "ends at 24:00 of its last day" (民法典 art 203). */
export const endOfLocalDay = (day: LocalDate): Date => new Date(startOfLocalDay(day).getTime() + DAY_MS);

export const addLocalDays = (day: LocalDate, n: number): LocalDate =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** 0 = Sunday … 6 = Saturday */
export const weekdayOf = (day: LocalDate): number => new Date(`${day}T00:00:00.000Z`).getUTCDay();

export const yearOf = (day: LocalDate): number => Number(day.slice(0, 4));

/** "2026-09-20 14:05" in Shanghai, for messages and the phone. */
export const formatShanghai = (instant: Date): string =>
  new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** 24:00 reads better than the next day's 00:00 for "due by the end of the day" (民法典 art 203). */
export const dueText = (isoAt: string): string => {
  const text = formatShanghai(new Date(isoAt));
  if (!text.endsWith(' 00:00')) return text;
  const previous = formatShanghai(new Date(Date.parse(isoAt) - 60_000)).slice(0, 10);
  return `${previous} 24:00`;
};
