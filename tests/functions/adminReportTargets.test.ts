import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { adminHarness } from '../support/adminHarness';

/**
 * 季度报告 year targets through the admin router on the local system: who may confirm the satisfaction
 * number, the audit entry it leaves, refusals that change nothing, and the report and its XLSX (built by
 * the jobs tick) showing the same confirmed target.
 */
type H = Awaited<ReturnType<typeof adminHarness>>;
const BASIS = '2026年行业协会公布的同业平均满意度为93%';
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code: string }) => e.code);
/** Every row the setting could touch (a refusal's own `staff.denied` entry aside). */
const state = (h: H) =>
  JSON.stringify([
    h.system.db.prepare('SELECT * FROM report_target_settings ORDER BY 1, 2, 3').all(),
    h.system.db.prepare("SELECT action, subject_id FROM audit_log WHERE action <> 'staff.denied' ORDER BY rowid").all(),
  ]);
const satisfaction = (r: { metrics: { key: string; target: { text: string; confirmed: boolean } | null; meets: boolean | null }[] }) => r.metrics.find((m) => m.key === 'satisfaction')!;

describe('report targets in the admin API', () => {
  let h: H;
  beforeEach(async () => {
    h = await adminHarness('2026-11-02T06:00:00Z');
  });

  it.each(['manager01', 'agent01', 'super01', 'qa01', 'staffadm01'])('refuses %s with AUTH.FORBIDDEN and changes nothing', async (user) => {
    const call = await h.as(user);
    const before = state(h);
    expect(await codeOf(call('reports/setTarget', { year: 2026, key: 'satisfaction', percent: 95, basis: BASIS, expectedVersion: 0 }))).toBe('AUTH.FORBIDDEN');
    expect(state(h)).toBe(before);
  });

  it.each([
    [{ percent: 101 }, 'REPORTS.TARGET_VALUE_INVALID'],
    [{ percent: 95.25 }, 'REPORTS.TARGET_VALUE_INVALID'],
    [{ basis: '' }, 'REPORTS.TARGET_BASIS_REQUIRED'],
    [{ basis: '同业\u202e平均' }, 'REQUEST.INVALID'],
    [{ key: 'incidents' }, 'REPORTS.TARGET_NOT_SETTABLE'],
    [{ year: 2031 }, 'REPORTS.TARGET_YEAR_INVALID'],
    [{ expectedVersion: 3 }, 'REPORTS.TARGET_CONFLICT'],
    [{ percent: '95' }, 'REQUEST.INVALID'],
  ])('refuses %j with %s and changes nothing', async (change, code) => {
    const comp = await h.as('comp01');
    const before = state(h);
    expect(await codeOf(comp('reports/setTarget', { year: 2026, key: 'satisfaction', percent: 95, basis: BASIS, expectedVersion: 0, ...change }))).toBe(code);
    expect(state(h)).toBe(before);
  });

  it('lets compliance and head office set it, versioned and audited, and the report and its XLSX show it', async () => {
    const manager = await h.as('manager01');
    expect(satisfaction(await manager('reports/quarterly', { quarter: '2026-Q3' })).target).toMatchObject({ confirmed: false, text: '未确认：数值待合规确认' });
    // The first report froze 2026-Q3; the number comes an hour later.
    h.clock.advance(3_600_000);
    const comp = await h.as('comp01');
    expect(await comp('reports/setTarget', { year: 2026, key: 'satisfaction', percent: 93, basis: '行业协会通报初稿', expectedVersion: 0 })).toMatchObject({ version: 1, value: 0.93 });
    const ho = await h.as('ho01');
    expect(await codeOf(ho('reports/setTarget', { year: 2026, key: 'satisfaction', percent: 95, basis: BASIS, expectedVersion: 0 }))).toBe('REPORTS.TARGET_CONFLICT');
    expect(await ho('reports/setTarget', { year: 2026, key: 'satisfaction', percent: 95, basis: BASIS, expectedVersion: 1 })).toMatchObject({ version: 2, value: 0.95 });

    const entries = (await h.deps.audit.list({ limit: 50 })).filter((e) => e.action === 'reports.targets.set').reverse();
    expect(entries.map((e) => [e.actorId, e.subjectType, e.subjectId, e.detail])).toEqual([
      ['staff-comp-01', 'reportTarget', '2026:satisfaction', { version: 1, before: null, after: { value: 0.93, basis: '行业协会通报初稿' } }],
      [entries[1].actorId, 'reportTarget', '2026:satisfaction', { version: 2, before: { value: 0.93, basis: '行业协会通报初稿', version: 1 }, after: { value: 0.95, basis: BASIS } }],
    ]);
    expect(entries[1].actorRole).toBe('headOffice');

    const listed = await manager('reports/targets', { year: 2026 });
    expect(listed).toMatchObject([{ key: 'satisfaction', wording: '整体客户满意度达到行业领先水平', current: { version: 2, basis: BASIS }, history: [{ version: 1 }, { version: 2 }] }]);

    const report = await manager('reports/quarterly', { quarter: '2026-Q3' });
    const line = satisfaction(report);
    expect(line.target).toMatchObject({ confirmed: true, text: `≥ 95%（合规确认：${BASIS}；2026-11-02，晚于本季度数据冻结）` });

    // The XLSX (the jobs tick, as the `jobs` function runs it) states the same target.
    const job = await manager('reports/exportXlsx', { quarter: '2026-Q3' });
    await h.system.jobsTick();
    expect(await manager('reports/exportStatus', { jobId: job.id })).toMatchObject({ status: 'done' });
    const link = await manager('reports/exportLink', { jobId: job.id });
    const url = new URL(link.url, 'http://127.0.0.1');
    const served = h.system.files.resolve(url.pathname.split('/').pop()!, url.searchParams, h.clock.now());
    if (!served.ok) throw new Error(served.code);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(served.path) as never);
    const texts: string[] = [];
    wb.getWorksheet('指标汇总')!.eachRow((row) => {
      if (row.getCell(1).value === '满意度指数') row.eachCell((c) => texts.push(String(c.value)));
    });
    expect(texts).toContain(line.target!.text);
  });
});
