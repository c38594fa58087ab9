import fs from 'node:fs';
import path from 'node:path';
import { dispatch } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { continueRecompute } from '../../core/calendar/recompute';
import { parseNoticeCsv } from '../../core/calendar/holidayNotice';
import type { MemberComplaintView, SubmitComplaintResponse } from '../../typings/api';
import { adminHarness } from '../support/adminHarness';
import { alice, bob, validSubmit } from '../support/localHarness';
import type { Caller } from '../../server/runtime/functionRuntime';

const EXAMPLE = fs.readFileSync(path.join(__dirname, '../../scripts/samples/holiday-notice-example.csv'), 'utf8');
const notice = (over: Record<string, unknown> = {}) => ({ year: 2027, source: '国办发明电〔2026〕示例号', csv: EXAMPLE, ...over });
type H = Awaited<ReturnType<typeof adminHarness>>;

const member = (h: H, who: Caller, event: unknown) => {
  const fn = h.system.functions.complaints;
  return dispatch(fn.table, fn.deps as never, who, event, silentLogger);
};
const submitAt = async (h: H, who: Caller, at: string, key: string) => {
  h.clock.set(at);
  const res = await member(h, who, validSubmit(key));
  if (!res.ok) throw new Error(JSON.stringify(res));
  return (res.data as SubmitComplaintResponse).complaint.id;
};
const regulatory = async (h: H, id: string) => (await h.system.complaints.store.get(id))!.deadlines.find((d) => d.kind === 'regulatory')!;
const rows = (h: H, sql: string) => h.system.db.prepare(sql).all() as Record<string, unknown>[];

describe('importing a year\'s holiday notice (admin page and command line)', () => {
  let h: H;
  let onNewYear: string;
  let afterNewYear: string;
  beforeEach(async () => {
    h = await adminHarness('2026-12-17T02:00:00Z');
    // Day 15 of the regulatory limit is 2027-01-01 (built-in data ends with 2026: weekends only, 暂定).
    onNewYear = await submitAt(h, alice, '2026-12-17T02:00:00Z', 'key-newyear-000000001');
    // Day 15 is 2027-01-04, a working day under the notice too.
    afterNewYear = await submitAt(h, bob, '2026-12-20T02:00:00Z', 'key-newyear-000000002');
    h.clock.set('2026-12-21T02:00:00Z');
  });
  afterEach(() => h.close());

  it('before the notice, marks limits in 2027 as provisional', async () => {
    expect(await regulatory(h, onNewYear)).toMatchObject({ dueAt: '2027-01-01T16:00:00.000Z', provisional: true });
  });

  it('previews a notice without writing anything', async () => {
    const comp = await h.as('comp01');
    const out = await comp('calendar/import', notice({ dryRun: true }));
    expect(out).toMatchObject({ imported: false, unchanged: false, holidayDays: 29 });
    expect(rows(h, 'SELECT * FROM holiday_notices')).toHaveLength(0);
    expect(await regulatory(h, onNewYear)).toMatchObject({ provisional: true });
  });

  it('recomputes every case, tells the member whose date moved, and quietly firms up the rest', async () => {
    const comp = await h.as('comp01');
    const out = await comp('calendar/import', notice());
    expect(out).toMatchObject({ imported: true, version: 1, recompute: { done: true, examined: 2, changed: 2, told: 1 } });

    expect(await regulatory(h, onNewYear)).toMatchObject({ dueAt: '2027-01-04T16:00:00.000Z', provisional: false });
    expect(await regulatory(h, afterNewYear)).toMatchObject({ dueAt: '2027-01-04T16:00:00.000Z', provisional: false });

    const view = await member(h, alice, { action: 'detail', data: { id: onNewYear } });
    const complaint = (view as { data: MemberComplaintView }).data;
    expect(complaint.deadlines.find((d) => d.kind === 'regulatory')).toMatchObject({ dueAtText: '2027-01-04 24:00', provisional: false });
    expect(complaint.timeline.at(-1)).toMatchObject({ type: 'deadlinesRecalculated', text: expect.stringContaining('2027-01-04 24:00') });

    const owed = rows(h, "SELECT member_id, topic FROM outbox WHERE topic = 'complaints.deadlinesChanged'");
    expect(owed).toEqual([{ member_id: alice.kind === 'member' ? alice.openid : '', topic: 'complaints.deadlinesChanged' }]);
    const bobView = (await member(h, bob, { action: 'detail', data: { id: afterNewYear } })) as { data: MemberComplaintView };
    expect(bobView.data.timeline.some((t) => t.type === 'deadlinesRecalculated')).toBe(false);

    const audit = (await h.deps.audit.list({ limit: 100 })).filter((e) => e.action === 'calendar.import');
    expect(audit).toEqual([expect.objectContaining({ actorId: 'staff-comp-01', subjectId: '2027', detail: expect.objectContaining({ version: 1, holidayDays: 29 }) })]);
  });

  it('takes the same notice twice as one version, and a correction as the next', async () => {
    const comp = await h.as('comp01');
    await comp('calendar/import', notice());
    expect(await comp('calendar/import', notice({ source: '重复导入' }))).toMatchObject({ imported: false, unchanged: true, replacesVersion: 1 });
    const corrected = EXAMPLE.replace('端午节,2027-06-09,2027-06-09,', '端午节,2027-06-09,2027-06-11,');
    expect(await comp('calendar/import', notice({ csv: corrected }))).toMatchObject({ imported: true, version: 2, replacesVersion: 1 });
    const list = await comp('calendar/notices');
    expect(list.versions.map((v: { version: number; inForce: boolean }) => [v.version, v.inForce])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it('refuses a bad notice with every problem listed and changes nothing', async () => {
    const comp = await h.as('comp01');
    const bad = EXAMPLE.replace('2027-02-20', '2027-02-22').replace('中秋节', '中午');
    await expect(comp('calendar/import', notice({ csv: bad }))).rejects.toMatchObject({
      code: 'CALENDAR.INVALID_NOTICE',
      details: { issues: [{ path: '调休上班日 2027-02-22', message: '调休上班日应为周六或周日' }, { path: '节日', message: '缺少中秋的放假安排' }] },
    });
    await expect(comp('calendar/import', notice({ year: 2026 }))).rejects.toMatchObject({ code: 'CALENDAR.YEAR_BUILT_IN' });
    await expect(comp('calendar/import', notice({ year: 2027, csv: '' }))).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
    expect(rows(h, 'SELECT * FROM holiday_notices')).toHaveLength(0);
    expect(await regulatory(h, onNewYear)).toMatchObject({ provisional: true });
  });

  it('lets only compliance and head office import; every staff member can read the calendar', async () => {
    for (const user of ['agent01', 'super01']) {
      const call = await h.as(user);
      await expect(call('calendar/import', notice())).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
      await expect(call('calendar/notices')).resolves.toMatchObject({ builtInThrough: 2026, versions: [] });
    }
    await expect((await h.as('ho01'))('calendar/import', notice())).resolves.toMatchObject({ imported: true });
  });

  it('finishes a large recompute on the timer, a slice at a time, resuming from its cursor', async () => {
    for (let i = 3; i <= 7; i++) await submitAt(h, alice, '2026-12-17T03:00:00Z', `key-newyear-00000000${i}`);
    h.clock.set('2026-12-21T02:00:00Z');
    const deps = h.system.admin.holidays;
    // The notice as an import leaves it when the request's own slice ran out: stored, job pending.
    const parsed = parseNoticeCsv(EXAMPLE, 2027, '示例');
    const version = { ...parsed, version: 1, contentHash: 'h', importedAt: h.clock.now().toISOString(), importedBy: { id: 'staff-comp-01', name: '孙合规' } };
    const audit = { actorId: 'staff-comp-01', actorRole: 'compliance', action: 'calendar.import', subjectType: 'calendar', subjectId: '2027' };
    await deps.notices.add(version, { id: '2027-v1', year: 2027, version: 1, done: false, examined: 0, changed: 0, told: 0, startedAt: version.importedAt }, audit);
    await deps.live.reload();
    const progress: number[] = [];
    for (let run = 0; run < 10; run++) {
      const [job] = await continueRecompute(deps, 3);
      if (!job) break;
      progress.push(job.examined);
    }
    // Three complaints a run; then the other areas' holders (nothing to move there) finish the job.
    expect(progress.slice(0, 3)).toEqual([3, 6, 7]);
    expect(progress.slice(3).every((n) => n === 7)).toBe(true);
    expect((await deps.notices.jobs())[0]).toMatchObject({ done: true, examined: 7, changed: 7, told: 6 });
    // Running again after the end touches nothing.
    const before = rows(h, 'SELECT SUM(version) v FROM complaints')[0].v;
    expect(await continueRecompute(deps)).toEqual([]);
    expect(rows(h, 'SELECT SUM(version) v FROM complaints')[0].v).toBe(before);
  });
});
