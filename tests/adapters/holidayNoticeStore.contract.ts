import type { HolidayNoticeStore } from '../../core/calendar/ports';
import type { HolidayNoticeVersion } from '../../core/calendar/holidayNotice';
import type { AuditLog } from '../../core/audit/chain';

export interface NoticeStoreUnderTest {
  notices: HolidayNoticeStore;
  audit: AuditLog;
  close?(): void;
}

const version = (year: number, v: number): HolidayNoticeVersion => ({
  year,
  version: v,
  holidays: [{ name: '元旦', from: `${year}-01-01`, to: `${year}-01-03` }],
  makeupWorkdays: [],
  source: `notice ${v}`,
  contentHash: `hash-${year}-${v}`,
  importedAt: '2026-11-25T02:00:00.000Z',
  importedBy: { id: 'staff-comp-01', name: '孙合规' },
});
const job = (year: number, v: number) => ({ id: `${year}-v${v}`, year, version: v, done: false, examined: 0, changed: 0, told: 0, startedAt: '2026-11-25T02:00:00.000Z' });
const audit = (year: number) => ({ actorId: 'staff-comp-01', actorRole: 'compliance', action: 'calendar.import', subjectType: 'calendar', subjectId: String(year) });

/** What every HolidayNoticeStore does, whatever database is behind it. */
export const holidayNoticeStoreContract = (make: () => Promise<NoticeStoreUnderTest>) => {
  let s: NoticeStoreUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(() => s.close?.());

  it('keeps every version of a year, in year and version order, with its job and audit entry', async () => {
    await s.notices.add(version(2028, 1), job(2028, 1), audit(2028));
    await s.notices.add(version(2027, 1), job(2027, 1), audit(2027));
    await s.notices.add(version(2027, 2), job(2027, 2), audit(2027));
    expect((await s.notices.list()).map((v) => `${v.year}-v${v.version}`)).toEqual(['2027-v1', '2027-v2', '2028-v1']);
    expect(await s.notices.list()).toContainEqual(version(2027, 2));
    expect((await s.notices.jobs()).map((j) => j.id)).toEqual(['2027-v1', '2027-v2', '2028-v1']);
    expect((await s.audit.list({ limit: 10 })).map((e) => e.subjectId)).toEqual(['2028', '2027', '2027']);
  });

  it('refuses a version that exists and writes none of its job or audit entry', async () => {
    await s.notices.add(version(2027, 1), job(2027, 1), audit(2027));
    await expect(s.notices.add({ ...version(2027, 1), source: 'other' }, { ...job(2027, 1), examined: 9 }, audit(2027))).rejects.toMatchObject({
      code: 'CALENDAR.VERSION_CONFLICT',
    });
    expect((await s.notices.list()).map((v) => v.source)).toEqual(['notice 1']);
    expect((await s.notices.jobs())[0].examined).toBe(0);
    expect(await s.audit.list({ limit: 10 })).toHaveLength(1);
  });

  it('saves a job\'s progress over its previous state', async () => {
    await s.notices.add(version(2027, 1), job(2027, 1), audit(2027));
    await s.notices.saveJob({ ...job(2027, 1), cursor: 'complaints|c-9', examined: 100 });
    expect(await s.notices.jobs()).toEqual([{ ...job(2027, 1), cursor: 'complaints|c-9', examined: 100 }]);
  });
};
