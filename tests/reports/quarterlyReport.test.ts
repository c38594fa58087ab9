import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { runJobsTick } from '../../core/jobs/runner';
import { jobRunner } from '../../server/runtime/jobsRun';
import { sqliteIncidentStore } from '../../adapters/sqlite/incidentStore';
import { INCIDENT_KINDS, type Incident, type IncidentKind } from '../../core/incidents/model';
import { periodsOf } from '../../core/education/periods';
import { quarterOf } from '../../core/reports/quarter';
import { localDateOf } from '../../core/shared/shanghaiTime';
import { adminHarness } from '../support/adminHarness';
import { rate, resolve, submit, tick } from '../support/satisfactionSeed';
import { directFigures, prng, resolvedAt, seedCases, type SeedCase } from './seededComplaints';

/**
 * 季度报告 end to end on the local system: seeded random complaints over five quarters go through the
 * member function, the staff lifecycle and the rollup consumer; the report's figures are compared
 * with counts taken directly over the same seed records.
 */
const CASES: SeedCase[] = seedCases(20261001, 48, '2025-07-01T00:00:00Z', '2026-09-25T00:00:00Z');
// One resolution late in September, left unrated until after the report is first run (the late rating).
const LATE: SeedCase = { i: CASES.length, receivedAt: '2026-09-28T02:00:00.000Z', category: 'claims', handler: 'staff-agent-01', minutes: 600 };

/** Security incidents (recorded as the incidents area stores them) and members' activity and article opens (as the education area marks them). */
const r = prng(77);
const KINDS = Object.keys(INCIDENT_KINDS) as IncidentKind[];
const INCIDENTS = Array.from({ length: 30 }, (_, i) => ({
  i,
  at: new Date(Date.parse('2025-07-01T00:00:00Z') + Math.floor(r() * 456 * 86_400_000)).toISOString(),
  kind: KINDS[Math.floor(r() * KINDS.length)],
}));
const ACTIVITY = Array.from({ length: 40 }, (_, i) => ({ member: `m-${i % 25}`, at: new Date(Date.parse('2025-07-01T00:00:00Z') + Math.floor(r() * 456 * 86_400_000)).toISOString(), opened: r() < 0.6 }));
const incident = (x: (typeof INCIDENTS)[number]): Incident => ({
  id: `inc-${x.i}`,
  kind: x.kind,
  source: 'manual',
  status: 'open',
  severity: 'low',
  occurredAt: x.at,
  occurredMonth: localDateOf(new Date(x.at)).slice(0, 7),
  title: '测试事件',
  description: '测试',
  evidence: [],
  notes: [],
  timeline: [],
  createdAt: x.at,
  updatedAt: x.at,
  version: 1,
} as unknown as Incident);
const directIncidents = (q: string) => INCIDENTS.filter((x) => quarterOf(new Date(x.at)) === q);
const directReach = (q: string) => {
  const mine = ACTIVITY.filter((a) => quarterOf(new Date(a.at)) === q);
  return { active: new Set(mine.map((a) => a.member)).size, opened: new Set(mine.filter((a) => a.opened).map((a) => a.member)).size };
};

type Metric = { key: string; value: number | null; connected: boolean; text: string; previous: { value: number | null }; lastYear: { value: number | null }; change: number | null; corrected?: { value: number | null } };
const metric = (r: { metrics: Metric[] }, key: string) => r.metrics.find((m) => m.key === key)!;

describe('quarterly report (季度报告)', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  const ids = new Map<number, string>();
  beforeAll(async () => {
    h = await adminHarness('2025-07-01T00:00:00Z');
    for (const c of [...CASES, LATE]) {
      h.clock.set(c.receivedAt);
      const made = await submit(h, `openid-q-${c.i}`, c.category);
      ids.set(c.i, made.id);
      h.clock.set(resolvedAt(c));
      await resolve(h, made.id, c.handler);
      if (c.score) {
        h.clock.advance(30 * 60_000);
        await rate(h, `openid-q-${c.i}`, made.id, c.score);
      }
    }
    const incidents = sqliteIncidentStore(h.system.db);
    for (const x of INCIDENTS) await incidents.create(incident(x), []);
    const education = h.system.admin.education!.education;
    for (const a of ACTIVITY) await education.mark(a.member, periodsOf(new Date(a.at)), a.at, a.opened);
    h.clock.set('2026-10-02T02:00:00Z');
    for (let run = 0; run < 6; run++) await tick(h, run);
    h.clock.advance(5 * 60_000);
    for (let run = 0; run < 6; run++) await tick(h, run);
  }, 120_000);
  afterAll(() => h.close());

  it('gives each seed-000 metric equal to a direct count over the same records, with the previous quarter and a year earlier', async () => {
    const manager = await h.as('manager01');
    const r = await manager('reports/quarterly', { quarter: '2026-Q3' });
    const all = [...CASES, LATE];
    const now = directFigures(all, '2026-Q3');
    const prev = directFigures(all, '2026-Q2');
    const ly = directFigures(all, '2025-Q3');
    expect([r.quarter, r.previousQuarter, r.lastYearQuarter, r.label]).toEqual(['2026-Q3', '2026-Q2', '2025-Q3', '2026年第3季度']);
    expect(now.received).toBeGreaterThan(0);
    expect(ly.resolved).toBeGreaterThan(0);
    expect(metric(r, 'received')).toMatchObject({ value: now.received, previous: { value: prev.received }, lastYear: { value: ly.received } });
    expect(metric(r, 'resolved')).toMatchObject({ value: now.resolved, previous: { value: prev.resolved }, lastYear: { value: ly.resolved } });
    const med = metric(r, 'resolveMedian');
    expect(med).toMatchObject({ value: now.median, previous: { value: prev.median }, lastYear: { value: ly.median } });
    // "30% more efficient" = median resolve time against the same quarter a year earlier.
    expect(med.change).toBeCloseTo(1 - now.median! / ly.median!, 10);
    expect(metric(r, 'satisfaction')).toMatchObject({ value: now.satisfied / now.rated, lastYear: { value: ly.satisfied / ly.rated } });
    expect(r.satisfaction).toMatchObject({ rated: now.rated, satisfied: now.satisfied, resolved: now.resolved, responseRate: now.rated / now.resolved });
    expect(r.timing).toMatchObject({ medianMinutes: now.median, p90Minutes: now.p90 });
    for (const [code, line] of Object.entries(now.byCategory)) {
      expect(r.categories.find((c: { code: string }) => c.code === code)).toMatchObject({ received: line.received, resolved: line.resolved, medianResolveMinutes: line.median });
    }
    expect(r.categories.map((c: { code: string }) => c.code).sort()).toEqual(Object.keys(now.byCategory).sort());
  });

  it('counts security incidents and publicity reach as their areas record them, against a year earlier', async () => {
    const r = await (await h.as('manager01'))('reports/quarterly', { quarter: '2026-Q3' });
    const inc = metric(r, 'incidents');
    const [now, ly] = [directIncidents('2026-Q3').length, directIncidents('2025-Q3').length];
    expect(inc).toMatchObject({ connected: true, value: now, previous: { value: directIncidents('2026-Q2').length }, lastYear: { value: ly } });
    if (ly) expect(inc.change).toBeCloseTo((now - ly) / ly, 10);
    for (const k of r.incidentKinds) expect(k.count).toBe(directIncidents('2026-Q3').filter((x) => x.kind === k.key).length);
    const reach = directReach('2026-Q3');
    expect(reach.active).toBeGreaterThan(0);
    expect(metric(r, 'reach')).toMatchObject({ connected: true, value: reach.opened / reach.active, detail: expect.stringContaining(`${reach.opened} ÷ 活跃会员 ${reach.active}`) });
  });

  // A source with no port (shown as 数据源未接入, never a number): tests/reports/quarterRules.test.ts.
  it('gives the year\'s targets in the seed\'s words, the satisfaction target a compliance placeholder', async () => {
    const r = await (await h.as('comp01'))('reports/quarterly', { quarter: '2026-Q3' });
    expect(r.connected).toEqual({ complaints: true, received: true, incidents: true, reach: true });
    const targets = Object.fromEntries(r.metrics.filter((m: { target: unknown }) => m.target).map((m: { key: string; target: unknown }) => [m.key, m.target]));
    expect(targets.resolveMedian).toMatchObject({ wording: '客户投诉处理效率提高30%以上', confirmed: true });
    expect(targets.incidents).toMatchObject({ wording: '信息安全事件发生频次下降20%' });
    expect(targets.reach).toMatchObject({ wording: '客户权益宣传覆盖率达90%以上' });
    expect(targets.satisfaction).toMatchObject({ wording: '整体客户满意度达到行业领先水平', confirmed: false });
    expect(metric(r, 'satisfaction')).toMatchObject({ meets: null });
  });

  it('gives the same figures on every run (frozen snapshot with its hash)', async () => {
    const manager = await h.as('manager01');
    const a = await manager('reports/quarterly', { quarter: '2026-Q3' });
    h.clock.advance(3600_000);
    const b = await manager('reports/quarterly', { quarter: '2026-Q3' });
    expect(b.snapshot).toEqual(a.snapshot);
    expect(b.snapshot.hash).toMatch(/^[0-9a-f]{64}$/);
    expect({ ...b, generatedAt: '' }).toEqual({ ...a, generatedAt: '' });
  });

  it('records a late rating once, as a dated correction; the frozen figure stays', async () => {
    const manager = await h.as('manager01');
    const before = await manager('reports/quarterly', { quarter: '2026-Q3' });
    expect(before.corrections).toEqual([]);
    h.clock.set('2026-10-05T02:00:00Z');
    await rate(h, `openid-q-${LATE.i}`, ids.get(LATE.i)!, 5);
    h.clock.advance(5 * 60_000);
    for (let run = 0; run < 4; run++) await tick(h, run);
    // Sessions do not outlive days of clock: sign in again after each jump.
    const after = await (await h.as('manager01'))('reports/quarterly', { quarter: '2026-Q3' });
    const sat = metric(after, 'satisfaction');
    expect(sat.value).toBe(metric(before, 'satisfaction').value);
    const fixed = directFigures([...CASES, { ...LATE, score: 5 }], '2026-Q3');
    expect(sat.corrected!.value).toBeCloseTo(fixed.satisfied / fixed.rated, 10);
    const byMetric = Object.fromEntries(after.corrections.map((c: { metric: string }) => [c.metric, c]));
    expect(byMetric['c.rated']).toMatchObject({ frozen: fixed.rated - 1, corrected: fixed.rated, at: '2026-10-05T02:05:00.000Z' });
    expect(byMetric['c.satisfied']).toMatchObject({ frozen: fixed.satisfied - 1, corrected: fixed.satisfied });
    expect(byMetric['cat.claims.rated']).toBeDefined();
    h.clock.advance(86_400_000);
    const again = await (await h.as('manager01'))('reports/quarterly', { quarter: '2026-Q3' });
    expect(again.corrections).toEqual(after.corrections);
    expect(again.snapshot).toEqual(before.snapshot);
  });

  it('refuses a future, current or malformed quarter with its own code', async () => {
    const manager = await h.as('manager01');
    await expect(manager('reports/quarterly', { quarter: '2026-Q4' })).rejects.toMatchObject({ code: 'REPORTS.QUARTER_NOT_ENDED' });
    await expect(manager('reports/quarterly', { quarter: '2027-Q1' })).rejects.toMatchObject({ code: 'REPORTS.QUARTER_IN_FUTURE' });
    await expect(manager('reports/quarterly', { quarter: '2026-Q5' })).rejects.toMatchObject({ code: 'REPORTS.BAD_QUARTER' });
    await expect(manager('reports/quarterly', { quarter: '2026Q1' })).rejects.toMatchObject({ code: 'REPORTS.BAD_QUARTER' });
    await expect(manager('reports/exportXlsx', { quarter: '2026-Q4' })).rejects.toMatchObject({ code: 'REPORTS.QUARTER_NOT_ENDED' });
    await expect(manager('reports/quarterly', {})).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
  });

  it('lets the manager (only) write the commentary: versioned, stale edits refused, audited', async () => {
    const manager = await h.as('manager01');
    const first = await manager('reports/comment', { quarter: '2026-Q3', text: '本季度理赔争议类投诉处理时长明显缩短。', expectedVersion: 0 });
    expect(first).toMatchObject({ version: 1, updatedBy: { id: expect.any(String), role: 'manager' } });
    await expect(manager('reports/comment', { quarter: '2026-Q3', text: '过期的修改', expectedVersion: 0 })).rejects.toMatchObject({ code: 'REPORTS.COMMENTARY_CONFLICT' });
    await manager('reports/comment', { quarter: '2026-Q3', text: '第二版评述：满意度仍待提升。', expectedVersion: 1 });
    const r = await manager('reports/quarterly', { quarter: '2026-Q3' });
    expect(r.commentary).toMatchObject({ version: 2, text: '第二版评述：满意度仍待提升。' });
    expect((await manager('reports/commentaryHistory', { quarter: '2026-Q3' })).map((c: { version: number }) => c.version)).toEqual([1, 2]);
    const audited = h.system.db.prepare("SELECT COUNT(*) n FROM audit_log WHERE action = 'reports.quarterly.comment'").get() as { n: number };
    expect(audited.n).toBe(2);
    await expect((await h.as('comp01'))('reports/comment', { quarter: '2026-Q3', text: '合规意见', expectedVersion: 2 })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it('lets manager, compliance and head office read; agents, supervisors and inspectors are refused', async () => {
    for (const u of ['manager01', 'comp01', 'ho01']) await expect((await h.as(u))('reports/quarterly', { quarter: '2026-Q2' })).resolves.toMatchObject({ quarter: '2026-Q2' });
    for (const u of ['agent01', 'super01', 'qa01']) {
      await expect((await h.as(u))('reports/quarterly', { quarter: '2026-Q2' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
      await expect((await h.as(u))('reports/exportXlsx', { quarter: '2026-Q2' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    }
  });

  it('exports the XLSX as a job: progress, a download link, and the workbook reads back with the report\'s values', async () => {
    const manager = await h.as('manager01');
    const job = await manager('reports/exportXlsx', { quarter: '2026-Q3' });
    expect(job).toMatchObject({ status: 'queued', quarter: '2026-Q3' });
    // A second click (or a reload) follows the same job.
    expect((await manager('reports/exportXlsx', { quarter: '2026-Q3' })).id).toBe(job.id);
    await expect(manager('reports/exportLink', { jobId: job.id })).rejects.toMatchObject({ code: 'JOBS.NOT_READY' });
    await h.system.jobsTick();
    const done = await manager('reports/exportStatus', { quarter: '2026-Q3' });
    expect(done).toMatchObject({ id: job.id, status: 'done', progress: { done: 6, total: 6 }, fileName: '季度报告-2026-Q3.xlsx' });
    // Someone else's job is not found.
    await expect((await h.as('comp01'))('reports/exportLink', { jobId: job.id })).rejects.toMatchObject({ code: 'JOBS.NOT_FOUND' });
    const link = await manager('reports/exportLink', { jobId: job.id });
    expect(h.system.db.prepare("SELECT COUNT(*) n FROM audit_log WHERE action = 'reports.quarterly.export'").get()).toEqual({ n: 1 });
    const url = new URL(link.url, 'http://127.0.0.1');
    const served = h.system.files.resolve(url.pathname.split('/').pop()!, url.searchParams, h.clock.now());
    if (!served.ok) throw new Error(served.code);
    expect(served.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(served.path) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['指标汇总', '投诉分类', '时效', '满意度']);
    const report = await manager('reports/quarterly', { quarter: '2026-Q3' });
    const summary = wb.getWorksheet('指标汇总')!;
    const rowOf = (ws: ExcelJS.Worksheet, first: string) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((row) => {
        if (!found && row.getCell(1).value === first) found = row;
      });
      return found!;
    };
    expect(rowOf(summary, '投诉受理数').getCell(2).value).toBe(metric(report, 'received').value);
    expect(rowOf(summary, '投诉受理数').getCell(4).value).toBe(metric(report, 'received').previous.value);
    expect(rowOf(summary, '满意度指数').getCell(2).value).toBeCloseTo(metric(report, 'satisfaction').value!, 10);
    expect(rowOf(summary, '满意度指数').getCell(10).value).toContain('已更正为');
    expect(rowOf(summary, '信息安全事件').getCell(2).value).toBe(report.connected.incidents ? metric(report, 'incidents').value : '数据源未接入');
    expect(rowOf(summary, '管理层评述')).toBeDefined();
    const cats = wb.getWorksheet('投诉分类')!;
    expect(cats.getRow(1).getCell(1).value).toBe('投诉类别');
    for (const c of report.categories) expect(rowOf(cats, c.label).getCell(3).value).toBe(c.resolved);
    expect(rowOf(wb.getWorksheet('时效')!, '全部').getCell(3).value).toBe(report.timing.medianMinutes);
    expect(rowOf(wb.getWorksheet('满意度')!, '全部').getCell(3).value).toBe(report.satisfaction.rated);
  });

  it('resumes a job after a crash mid-way and finishes with the same file, byte for byte', async () => {
    const ho = await h.as('ho01');
    const comp = await h.as('comp01');
    const plain = await ho('reports/exportXlsx', { quarter: '2026-Q2' });
    const crashed = await comp('reports/exportXlsx', { quarter: '2026-Q2' });
    const deps = h.system.jobs;
    // The first job runs through; the second "dies" after its third step (the process killed between writes).
    await runJobsTick({ ...jobRunner(deps), afterStep: (j) => { if (j.id === crashed.id && j.progress.done === 3) throw new Error('killed'); } });
    const mid = await comp('reports/exportStatus', { jobId: crashed.id });
    expect(mid).toMatchObject({ status: 'running', progress: { done: 3, total: 6 } });
    await h.system.jobsTick();
    const a = (await deps.jobs.get(plain.id))!;
    const b = (await deps.jobs.get(crashed.id))!;
    expect(b.status).toBe('done');
    expect(b.output!.sha256).toBe(a.output!.sha256);
    expect(b.output!.bytes).toBeGreaterThan(1000);
  });

  it('freezes the last quarter on the timer once its settle period has passed', async () => {
    h.clock.set('2026-10-10T02:00:00Z');
    expect(await h.system.jobsTick()).toMatchObject({ corrections: 0 });
    expect(await h.system.jobs.quarterly.reports.snapshot('2026-Q3')).toMatchObject({ trigger: 'report' });
    const fresh = await adminHarness('2026-07-20T02:00:00Z');
    try {
      expect(await fresh.system.jobsTick()).toMatchObject({ froze: '2026-Q2' });
      expect(await fresh.system.jobs.quarterly.reports.snapshot('2026-Q2')).toMatchObject({ trigger: 'timer' });
      expect((await fresh.system.jobsTick()).froze).toBeUndefined();
    } finally {
      fresh.close();
    }
  });
});
