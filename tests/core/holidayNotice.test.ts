import fs from 'node:fs';
import path from 'node:path';
import { builtInHolidayTable } from '../../core/calendar/chinaCalendar';
import { checkImportableYear, parseNoticeCsv, type HolidayNoticeVersion } from '../../core/calendar/holidayNotice';
import { calendarWithNotices } from '../../core/calendar/liveCalendar';
import { calendarDaysAfter, workingDaysAfter } from '../../core/calendar/periods';
import { DAY_MS } from '../../core/shared/shanghaiTime';

const EXAMPLE = fs.readFileSync(path.join(__dirname, '../../scripts/samples/holiday-notice-example.csv'), 'utf8');
const HEADER = '节日,放假开始,放假结束,调休上班日';
const FULL_YEAR = [
  '元旦,2027-01-01,2027-01-03,',
  '春节,2027-02-05,2027-02-13,2027-01-31 2027-02-20',
  '清明节,2027-04-03,2027-04-05,',
  '劳动节,2027-05-01,2027-05-05,2027-04-25、2027-05-08',
  '端午节,2027-06-09,2027-06-09,',
  '中秋节,2027-09-15,2027-09-15,',
  '国庆节,2027-10-01,2027-10-07,2027-09-26 2027-10-09',
];
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const issuesOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    return ((e as { details?: { issues?: { path: string; message: string }[] } }).details?.issues ?? []).map((i) => `${i.path}：${i.message}`);
  }
  throw new Error('expected the notice to be refused');
};
const endOf = (day: string) => new Date(`${day}T00:00:00+08:00`).getTime() + DAY_MS;
const asVersion = (text: string, version = 1): HolidayNoticeVersion => ({
  ...parseNoticeCsv(text, 2027, '示例'),
  version,
  contentHash: `h${version}`,
  importedAt: '2026-11-25T02:00:00Z',
  importedBy: { id: 's', name: '孙合规' },
});

describe('reading a State Council holiday notice typed in by staff', () => {
  it('reads every festival, its days off and its make-up workdays, skipping comments, a BOM and CRLF', () => {
    const n = parseNoticeCsv(`\ufeff${EXAMPLE.replace(/\n/g, '\r\n')}`, 2027, '国办发明电〔2026〕示例号');
    expect(n.holidays).toHaveLength(7);
    expect(n.holidays[1]).toEqual({ name: '春节', from: '2027-02-05', to: '2027-02-13' });
    expect(n.makeupWorkdays.map((m) => m.date)).toEqual(['2027-01-31', '2027-02-20', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09']);
  });

  it('refuses a file without the header row', () => {
    expect(issuesOf(() => parseNoticeCsv(FULL_YEAR.join('\n'), 2027, 's'))).toEqual([`第1行：首行应为表头：${HEADER}`]);
  });

  it('reports every bad row at once, by line, and reads nothing', () => {
    const rows = [...FULL_YEAR.slice(0, 5), '中秋节,2027-02-30,2027-02-30,', '国庆节,2027-10-01'];
    const issues = issuesOf(() => parseNoticeCsv(csv(...rows), 2027, 's'));
    expect(issues).toEqual(['第8行：应有4列（调休上班日可留空），实际2列', '第6个节日（中秋节）：放假日期须为2027年内的有效日期（YYYY-MM-DD）']);
  });

  it.each([
    ['a date that does not exist', '端午节,2027-06-31,2027-06-31,', '第5个节日（端午节）：放假日期须为2027年内的有效日期（YYYY-MM-DD）'],
    ['a date in another year', '端午节,2028-06-09,2028-06-09,', '第5个节日（端午节）：放假日期须为2027年内的有效日期（YYYY-MM-DD）'],
    ['days off ending before they start', '端午节,2027-06-11,2027-06-09,', '第5个节日（端午节）：放假开始不能晚于放假结束'],
    ['a run of days off longer than any notice has', '端午节,2027-06-09,2027-06-30,', '第5个节日（端午节）：连续放假不能超过12天'],
    ['days off overlapping another festival', '端午节,2027-05-05,2027-05-05,', '第5个节日（端午节）：2027-05-05 已在「劳动节」的放假日期内'],
  ])('refuses %s', (_what, row, message) => {
    const rows = [...FULL_YEAR];
    rows[4] = row;
    expect(issuesOf(() => parseNoticeCsv(csv(...rows), 2027, 's'))).toContain(message);
  });

  it.each([
    ['on a weekday', '2027-06-10', '调休上班日 2027-06-10：调休上班日应为周六或周日'],
    ['inside the days off', '2027-02-06', '调休上班日 2027-02-06：与「春节」的放假日期重叠'],
    ['twice', '2027-01-31', '调休上班日 2027-01-31：重复填写'],
  ])('refuses a make-up workday %s', (_what, date, message) => {
    const rows = [...FULL_YEAR];
    rows[4] = `端午节,2027-06-09,2027-06-09,${date}`;
    expect(issuesOf(() => parseNoticeCsv(csv(...rows), 2027, 's'))).toContain(message);
  });

  it('refuses a notice missing a statutory festival, naming it', () => {
    expect(issuesOf(() => parseNoticeCsv(csv(...FULL_YEAR.filter((r) => !r.startsWith('中秋'))), 2027, 's'))).toEqual(['节日：缺少中秋的放假安排']);
  });

  it('accepts a combined Mid-Autumn and National Day row, as in 2020 and 2023', () => {
    const rows = FULL_YEAR.filter((r) => !r.startsWith('中秋') && !r.startsWith('国庆'));
    expect(() => parseNoticeCsv(csv(...rows, '中秋节、国庆节,2027-10-01,2027-10-08,2027-09-26'), 2027, 's')).not.toThrow();
  });

  it('refuses control and bidi characters in names and needs the notice reference', () => {
    const rows = [...FULL_YEAR];
    rows[4] = '端午\u202e节,2027-06-09,2027-06-09,';
    const issues = issuesOf(() => parseNoticeCsv(csv(...rows), 2027, ' '));
    expect(issues).toContain('文号：请填写通知的文号或标题');
    expect(issues.some((i) => i.endsWith('节日名称须为1到20个字'))).toBe(true);
  });

  it('imports only years after the built-in data and not beyond the coming year', () => {
    expect(() => checkImportableYear(2026, 2026, '2026-11-25')).toThrow(expect.objectContaining({ code: 'CALENDAR.YEAR_BUILT_IN' }));
    expect(() => checkImportableYear(2028, 2026, '2026-11-25')).toThrow(expect.objectContaining({ code: 'CALENDAR.YEAR_OUT_OF_RANGE' }));
    expect(() => checkImportableYear(2027, 2026, '2026-11-25')).not.toThrow();
  });
});

describe('the calendar with an imported year', () => {
  const cal = calendarWithNotices(builtInHolidayTable, [asVersion(EXAMPLE)]);

  it('knows the imported year: holidays, make-up workdays, and no longer provisional', () => {
    expect(cal.kindOf('2027-02-08')).toBe('holiday');
    expect(cal.kindOf('2027-02-20')).toBe('makeupWorkday');
    expect(cal.isKnown('2027-06-01')).toBe(true);
    expect(cal.isKnown('2028-01-03')).toBe(false);
    expect(cal.kindOf('2026-10-01')).toBe('holiday');
  });

  it('moves a 15-day limit ending on New Year\'s Day 2027 past the holiday, as a final date', () => {
    // Received 2026-12-17: day 15 is 2027-01-01, a holiday through 01-03 → the limit is 01-04 24:00.
    const d = calendarDaysAfter(cal, new Date('2026-12-17T10:00:00+08:00'), 15);
    expect(d).toEqual({ dueAt: new Date(endOf('2027-01-04')), provisional: false });
  });

  it('counts 7 working days across the Spring Festival, with the make-up Sunday before it', () => {
    // From 2027-01-28 (Thu): 01-29, 01-31 (make-up Sunday), 02-01, 02-02, 02-03, 02-04, then 02-05..13 off → 02-15.
    const d = workingDaysAfter(cal, new Date('2027-01-28T10:00:00+08:00'), 7);
    expect(d).toEqual({ dueAt: new Date(endOf('2027-02-15')), provisional: false });
  });

  it('uses the newest version of a year', () => {
    const corrected = EXAMPLE.replace('端午节,2027-06-09,2027-06-09,', '端午节,2027-06-09,2027-06-11,');
    const later = calendarWithNotices(builtInHolidayTable, [asVersion(EXAMPLE, 1), asVersion(corrected, 2)]);
    expect(later.kindOf('2027-06-11')).toBe('holiday');
    expect(cal.kindOf('2027-06-11')).toBe('workday');
  });
});
