import { DomainError } from '../shared/errors';
import { localDateOf, startOfLocalDay } from '../shared/shanghaiTime';

/** A calendar quarter in Asia/Shanghai, written YYYY-Qn. */
export type Quarter = string;

const QUARTER = /^(\d{4})-Q([1-4])$/;

export const quarterErrors = {
  malformed: (q: string) => new DomainError('REPORTS.BAD_QUARTER', '季度格式应为 YYYY-Qn，例如 2026-Q3', `malformed quarter ${JSON.stringify(q).slice(0, 40)}`),
  future: (q: string) => new DomainError('REPORTS.QUARTER_IN_FUTURE', '该季度尚未开始，不能出具季度报告', `quarter ${q} has not started`),
  current: (q: string) => new DomainError('REPORTS.QUARTER_NOT_ENDED', '该季度尚未结束，季度报告在季度结束后出具', `quarter ${q} has not ended`),
};

const parts = (q: Quarter): [number, number] => {
  const m = QUARTER.exec(q);
  if (!m) throw quarterErrors.malformed(q);
  return [Number(m[1]), Number(m[2])];
};

export const isQuarter = (q: string) => QUARTER.test(q);

const make = (year: number, n: number): Quarter => `${year}-Q${n}`;

/** The quarter `k` quarters after `q` (negative: before). */
export const shiftQuarter = (q: Quarter, k: number): Quarter => {
  const [y, n] = parts(q);
  const i = y * 4 + (n - 1) + k;
  return make(Math.floor(i / 4), (i % 4) + 1);
};
export const previousQuarter = (q: Quarter) => shiftQuarter(q, -1);
export const sameQuarterLastYear = (q: Quarter) => shiftQuarter(q, -4);

/** Its three months, YYYY-MM. */
export const quarterMonths = (q: Quarter): string[] => {
  const [y, n] = parts(q);
  return [1, 2, 3].map((i) => `${y}-${String((n - 1) * 3 + i).padStart(2, '0')}`);
};

/** First and last local day (YYYY-MM-DD, inclusive). */
export const quarterDays = (q: Quarter): { from: string; to: string } => {
  const next = quarterMonths(shiftQuarter(q, 1))[0];
  return { from: `${quarterMonths(q)[0]}-01`, to: localDateOf(new Date(startOfLocalDay(`${next}-01`).getTime() - 1)) };
};

/** The first instant after the quarter (Shanghai midnight). */
export const quarterEnd = (q: Quarter): Date => startOfLocalDay(`${quarterMonths(shiftQuarter(q, 1))[0]}-01`);
export const quarterStart = (q: Quarter): Date => startOfLocalDay(`${quarterMonths(q)[0]}-01`);

export const quarterOf = (at: Date): Quarter => {
  const d = localDateOf(at);
  return make(Number(d.slice(0, 4)), Math.ceil(Number(d.slice(5, 7)) / 3));
};

export const quarterLabel = (q: Quarter): string => {
  const [y, n] = parts(q);
  return `${y}年第${n}季度`;
};

/** Only a quarter that has ended can be reported: its figures can then be frozen. */
export const requirePastQuarter = (q: string, now: Date): Quarter => {
  // Nothing before 2000 was ever recorded here: such a quarter is a typing slip, not a report to freeze.
  if (parts(q)[0] < 2000) throw quarterErrors.malformed(q);
  if (quarterStart(q) > now) throw quarterErrors.future(q);
  if (quarterEnd(q) > now) throw quarterErrors.current(q);
  return q;
};

/** The most recent ended quarter at `now`. */
export const lastEndedQuarter = (now: Date): Quarter => previousQuarter(quarterOf(now));
