import { DomainError } from '../shared/errors';
import { addLocalDays, weekdayOf, yearOf, type LocalDate } from '../shared/shanghaiTime';
import type { HolidayTable } from './workingCalendar';

/**
 * A year's holiday arrangement as the State Council publishes it (国务院办公厅关于YYYY年部分节假日安排的通知):
 * each festival's days off, and the weekend days worked in exchange (调休上班). Staff type it in when
 * the notice appears, because the holiday library only carries years it has shipped.
 */
export interface HolidayNotice {
  year: number;
  holidays: { name: string; from: LocalDate; to: LocalDate }[];
  makeupWorkdays: { date: LocalDate; name: string }[];
  /** The notice's reference (文号) or title, so an auditor can check the data against it. */
  source: string;
}

/** One imported version of a year; the newest version of a year is the one in force. */
export interface HolidayNoticeVersion extends HolidayNotice {
  version: number;
  contentHash: string;
  importedAt: string;
  importedBy: { id: string; name: string };
}

/** The festivals every notice arranges (since 2025: 13 statutory days); a notice missing one is incomplete. */
export const STATUTORY_FESTIVALS = ['元旦', '春节', '清明', '劳动', '端午', '中秋', '国庆'] as const;
/** The longest run of days off in any notice so far is the 9-day Spring Festival of 2026. */
const MAX_HOLIDAY_SPAN_DAYS = 12;
export const NOTICE_CSV_HEADER = ['节日', '放假开始', '放假结束', '调休上班日'] as const;

type Issue = { path: string; message: string };

export const calendarErrors = {
  invalidNotice: (issues: Issue[]) =>
    new DomainError('CALENDAR.INVALID_NOTICE', '节假日安排有误，请按提示修改后重新导入', `holiday notice failed validation (${issues.length} issues)`, { issues }),
  yearBuiltIn: (year: number, through: number) =>
    new DomainError('CALENDAR.YEAR_BUILT_IN', `${year}年的节假日已由内置日历提供（截至${through}年），无需导入`, `year ${year} is covered by the built-in table (to ${through})`),
  yearOutOfRange: (year: number, latest: number) =>
    new DomainError('CALENDAR.YEAR_OUT_OF_RANGE', `只能导入${latest}年及以前的节假日安排`, `year ${year} is beyond ${latest}`),
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
// Names are shown to members and written into the audit log: printable text only.
const BAD_TEXT = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/**
 * Reads the notice as staff keep it in a spreadsheet, one festival a row:
 * `节日,放假开始,放假结束,调休上班日` with make-up days separated by spaces or 、.
 * Lines starting with # are comments. Every problem is reported with its line; nothing is partly read.
 */
export const parseNoticeCsv = (text: string, year: number, source: string): HolidayNotice => {
  const issues: Issue[] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const rows = lines
    .map((line, i) => ({ line: i + 1, cells: line.split(',').map((c) => c.trim()) }))
    .filter((r) => r.cells.join('') !== '' && !r.cells[0].startsWith('#'));
  const [header, ...body] = rows;
  if (!header || header.cells.join(',') !== NOTICE_CSV_HEADER.join(','))
    throw calendarErrors.invalidNotice([{ path: `第${header?.line ?? 1}行`, message: `首行应为表头：${NOTICE_CSV_HEADER.join(',')}` }]);
  const holidays: HolidayNotice['holidays'] = [];
  const makeupWorkdays: HolidayNotice['makeupWorkdays'] = [];
  for (const { line, cells } of body) {
    const at = `第${line}行`;
    if (cells.length !== NOTICE_CSV_HEADER.length) {
      issues.push({ path: at, message: `应有${NOTICE_CSV_HEADER.length}列（调休上班日可留空），实际${cells.length}列` });
      continue;
    }
    const [name, from, to, makeup] = cells;
    holidays.push({ name, from, to });
    for (const date of makeup.split(/[\s、;；]+/).filter(Boolean)) makeupWorkdays.push({ date, name });
  }
  const notice = { year, holidays, makeupWorkdays, source: source.trim() };
  // A festival on a malformed row is not missing: say so only when every row could be read.
  const all = [...issues, ...noticeIssues(notice).filter((i) => !issues.length || i.path !== '节日')];
  if (all.length) throw calendarErrors.invalidNotice(all);
  return notice;
};

/**
 * The rules a published notice always meets. A mistyped date is caught here rather than moving
 * every member's deadline: real dates inside the year, days off in order and not overlapping,
 * make-up workdays on weekends outside any days off, and every statutory festival arranged.
 */
export const noticeIssues = (notice: HolidayNotice): Issue[] => {
  const issues: Issue[] = [];
  const { year } = notice;
  const source = notice.source.trim();
  if (!source) issues.push({ path: '文号', message: '请填写通知的文号或标题' });
  else if (source.length > 80 || BAD_TEXT.test(source)) issues.push({ path: '文号', message: '文号不能超过80个字，且不能含控制字符' });
  const inYear = (d: string) => isRealDate(d) && yearOf(d) === year;
  const days = new Map<LocalDate, string>();
  notice.holidays.forEach((h, i) => {
    const at = `第${i + 1}个节日（${h.name || '未命名'}）`;
    if (!h.name || h.name.length > 20 || BAD_TEXT.test(h.name)) issues.push({ path: at, message: '节日名称须为1到20个字' });
    if (!inYear(h.from) || !inYear(h.to)) {
      issues.push({ path: at, message: `放假日期须为${year}年内的有效日期（YYYY-MM-DD）` });
      return;
    }
    if (h.from > h.to) return void issues.push({ path: at, message: '放假开始不能晚于放假结束' });
    for (let d = h.from, n = 0; d <= h.to; d = addLocalDays(d, 1), n++) {
      if (n >= MAX_HOLIDAY_SPAN_DAYS) return void issues.push({ path: at, message: `连续放假不能超过${MAX_HOLIDAY_SPAN_DAYS}天` });
      const other = days.get(d);
      if (other) return void issues.push({ path: at, message: `${d} 已在「${other}」的放假日期内` });
      days.set(d, h.name);
    }
  });
  const seen = new Set<LocalDate>();
  for (const m of notice.makeupWorkdays) {
    const at = `调休上班日 ${m.date}`;
    if (!inYear(m.date)) issues.push({ path: at, message: `须为${year}年内的有效日期（YYYY-MM-DD）` });
    else if (seen.has(m.date)) issues.push({ path: at, message: '重复填写' });
    else if (days.has(m.date)) issues.push({ path: at, message: `与「${days.get(m.date)}」的放假日期重叠` });
    else if (![0, 6].includes(weekdayOf(m.date))) issues.push({ path: at, message: '调休上班日应为周六或周日' });
    seen.add(m.date);
  }
  for (const festival of STATUTORY_FESTIVALS)
    if (!notice.holidays.some((h) => h.name.includes(festival))) issues.push({ path: '节日', message: `缺少${festival}的放假安排` });
  return issues;
};

/** Which years an import may bring: after the built-in data, and not beyond the coming year (no notice is out yet). */
export const checkImportableYear = (year: number, builtInThrough: number, today: LocalDate) => {
  const latest = yearOf(today) + 1;
  if (year <= builtInThrough) throw calendarErrors.yearBuiltIn(year, builtInThrough);
  if (year > latest) throw calendarErrors.yearOutOfRange(year, latest);
};

/** The days of a notice in the library's table shape. */
export const noticeDays = (notice: HolidayNotice): HolidayTable => {
  const table: HolidayTable = { holidays: {}, workdays: {} };
  for (const h of notice.holidays)
    for (let d = h.from; d <= h.to; d = addLocalDays(d, 1)) table.holidays[d] = h.name;
  for (const m of notice.makeupWorkdays) table.workdays[m.date] = m.name;
  return table;
};

/** Stable text of a notice's content (not its metadata), hashed to tell a re-import of the same notice. */
export const noticeContentText = (n: HolidayNotice): string =>
  JSON.stringify([
    n.year,
    [...n.holidays].sort((a, b) => a.from.localeCompare(b.from)).map((h) => [h.name, h.from, h.to]),
    [...n.makeupWorkdays].sort((a, b) => a.date.localeCompare(b.date)).map((m) => [m.date, m.name]),
  ]);
