/**
 * Dates as a member reads them: 12月3日24时前, 11月4日 10:00, with the year only when it is not this
 * year. Instants arrive as ISO strings; China keeps UTC+8 all year, so a fixed offset is exact and the
 * phone needs no timezone data (CLARIFICATIONS: times on the phone use a fixed +08:00 offset).
 */
const OFFSET_MS = 8 * 3600_000;

interface Parts {
  year: number;
  month: number;
  day: number;
  time: string;
}

const partsOf = (ms: number): Parts => {
  const d = new Date(ms + OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` };
};

const dayText = (p: Parts, now: Date): string =>
  `${p.year === partsOf(now.getTime()).year ? '' : `${p.year}年`}${p.month}月${p.day}日`;

/**
 * A due time: `12月3日24时前` when it ends a day (the legal "24:00 of the last day", stored as the next
 * day's 00:00), otherwise `11月26日 14:00前`.
 */
export const dueDateText = (iso: string, now: Date): string => {
  const ms = Date.parse(iso);
  const p = partsOf(ms);
  if (p.time === '00:00') return `${dayText(partsOf(ms - 60_000), now)}24时前`;
  return `${dayText(p, now)} ${p.time}前`;
};

/** A moment that happened: `11月4日 10:00`. */
export const momentText = (iso: string, now: Date): string => {
  const p = partsOf(Date.parse(iso));
  return `${dayText(p, now)} ${p.time}`;
};

/** A time the server already wrote in Shanghai time (`2026-11-20 07:10`) the same way: `11月20日 07:10`. */
export const shanghaiTextToMoment = (text: string, now: Date): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})$/.exec(text);
  if (!m) return text;
  const year = Number(m[1]);
  return `${year === partsOf(now.getTime()).year ? '' : `${year}年`}${Number(m[2])}月${Number(m[3])}日 ${m[4]}`;
};

/** A calendar day (`2026-11-26`) as `11月26日`, with the year only when it is not this year. */
export const dayOnlyText = (day: string, now: Date): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return dayText({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), time: '' }, now);
};
