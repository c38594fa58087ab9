import { DomainError } from '../shared/errors';
import { localDateOf } from '../shared/shanghaiTime';

/**
 * Reach is counted per period bucket: a month (2026-11), a quarter (2026-Q4) or a year (2026). A member
 * active in the period is marked once in each bucket the moment falls in, so "distinct members active in
 * the quarter" is a count of that quarter's marks, never a union of months.
 */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const monthOf = (at: Date): string => localDateOf(at).slice(0, 7);

/** The buckets an instant falls in: its month, quarter and year (Asia/Shanghai). */
export const periodsOf = (at: Date): [string, string, string] => {
  const month = monthOf(at);
  const y = month.slice(0, 4);
  return [month, `${y}-Q${Math.ceil(Number(month.slice(5)) / 3)}`, y];
};

export const periodError = (from: string, to: string) =>
  new DomainError(
    'EDUCATION.PERIOD_UNSUPPORTED',
    '宣传覆盖率按自然月、季度或年度统计，请选择一个月、一个季度或一整年',
    `reach period ${from}..${to} is not a month, a quarter or a calendar year`,
  );

/** The bucket for [from, to] ('YYYY-MM' both ends): one month, one calendar quarter or one calendar year. */
export const bucketOf = (from: string, to: string): string => {
  const a = MONTH.exec(from);
  const b = MONTH.exec(to);
  if (!a || !b || a[1] !== b[1]) throw periodError(from, to);
  const m1 = Number(a[2]);
  const m2 = Number(b[2]);
  if (m1 === m2) return from;
  if (m1 % 3 === 1 && m2 === m1 + 2) return `${a[1]}-Q${(m1 + 2) / 3}`;
  if (m1 === 1 && m2 === 12) return a[1];
  throw periodError(from, to);
};

/** The months of a campaign's dates (inclusive), for its per-month reach (at most 24). */
export const monthsBetween = (startDate: string, endDate: string): string[] => {
  const out: string[] = [];
  let y = Number(startDate.slice(0, 4));
  let m = Number(startDate.slice(5, 7));
  const end = endDate.slice(0, 7);
  while (out.length < 24) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
};
