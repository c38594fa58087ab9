import type { AuditLog } from '../../core/audit/chain';
import type { ExportJob, JobStore } from '../../core/jobs/model';
import type { QuarterCommentary, QuarterCorrection, QuarterSnapshot, ReportStore } from '../../core/reports/model';
import { auditEntries, codeOf, retryWhileBusy } from './contractSupport';

export interface ReportStoresUnderTest {
  reports: ReportStore;
  jobs: JobStore;
  audit: AuditLog;
  close?(): Promise<void> | void;
}

const snapshot = (quarter: string, resolved: number, frozenAt = '2026-10-02T02:00:00.000Z'): QuarterSnapshot => ({
  quarter,
  values: { 'c.resolved': resolved, 'c.median': null, 'cat.claims.resolved': resolved },
  labels: { 'cat.claims': '理赔争议' },
  connected: { complaints: true, received: true, incidents: false, reach: false },
  frozenAt,
  trigger: 'report',
  hash: 'f'.repeat(64),
});
const correction = (id: string, metric: string, corrected: number | null, at: string): QuarterCorrection => ({ id, quarter: '2026-Q3', metric, frozen: 3, corrected, at });
const comment = (version: number, text: string): QuarterCommentary => ({
  quarter: '2026-Q3',
  text,
  version,
  updatedAt: `2026-10-0${version}T02:00:00.000Z`,
  updatedBy: { id: 'staff-manager-01', role: 'manager', name: '郑经理' },
});
const audit = (q: string) => ({ actorId: 'staff-manager-01', actorRole: 'manager', action: 'reports.quarterly.comment', subjectType: 'quarterlyReport', subjectId: q });
const job = (id: string, createdAt: string, by = 'staff-manager-01', over: Partial<ExportJob> = {}): ExportJob => ({
  id,
  kind: 'quarterlyReportXlsx',
  params: { quarter: '2026-Q3' },
  status: 'queued',
  progress: { done: 0, total: 0 },
  attempts: 0,
  createdBy: { id: by, role: 'manager', name: '郑经理' },
  createdAt,
  updatedAt: createdAt,
  version: 1,
  ...over,
});

/** The 季度报告 stores (core/reports/model.ts ReportStore, core/jobs/model.ts JobStore), on every adapter. */
export const reportStoresContract = (make: () => Promise<ReportStoresUnderTest>) => {
  let s: ReportStoresUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  it('freezes a quarter once: a second freeze (even at once) answers the first snapshot, nulls kept', async () => {
    expect(await s.reports.snapshot('2026-Q3')).toBeNull();
    const answers = await retryWhileBusy(3, (i) => s.reports.freeze(snapshot('2026-Q3', 10 + i, `2026-10-02T02:00:0${i}.000Z`)));
    const kept = await s.reports.snapshot('2026-Q3');
    expect(kept!.values['c.median']).toBeNull();
    for (const a of answers) expect(a).toEqual(kept);
    expect(await s.reports.freeze(snapshot('2026-Q3', 99))).toEqual(kept);
  });

  it('records a correction once per metric and corrected value, listed oldest first', async () => {
    expect(await s.reports.addCorrection(correction('c1', 'c.rated', 4, '2026-10-05T02:00:00.000Z'))).toBe(true);
    expect(await s.reports.addCorrection(correction('c2', 'c.rated', 4, '2026-10-06T02:00:00.000Z'))).toBe(false);
    expect(await s.reports.addCorrection(correction('c3', 'c.rated', 5, '2026-10-07T02:00:00.000Z'))).toBe(true);
    expect(await s.reports.addCorrection(correction('c4', 'c.median', null, '2026-10-04T02:00:00.000Z'))).toBe(true);
    expect((await s.reports.corrections('2026-Q3')).map((c) => [c.id, c.corrected])).toEqual([
      ['c4', null],
      ['c1', 4],
      ['c3', 5],
    ]);
    expect(await s.reports.corrections('2026-Q2')).toEqual([]);
  });

  it('keeps every commentary version, refuses a stale one, and writes the audit entry with it', async () => {
    expect(await s.reports.commentary('2026-Q3')).toBeNull();
    await s.reports.saveCommentary(comment(1, '第一版'), 0, audit('2026-Q3'));
    await expect(s.reports.saveCommentary(comment(1, '同时写的另一版'), 0, audit('2026-Q3'))).rejects.toMatchObject({ code: 'REPORTS.COMMENTARY_CONFLICT' });
    await s.reports.saveCommentary(comment(2, '第二版'), 1, audit('2026-Q3'));
    expect(await s.reports.commentary('2026-Q3')).toMatchObject({ version: 2, text: '第二版' });
    expect((await s.reports.commentaryHistory('2026-Q3')).map((c) => c.text)).toEqual(['第一版', '第二版']);
    const entries = (await auditEntries(s.audit)).filter((e) => e.action === 'reports.quarterly.comment');
    expect(entries).toHaveLength(2);
  });

  it('keeps export jobs: version-checked saves, runnable oldest first, a staff member\'s newest first', async () => {
    await s.jobs.create(job('j1', '2026-10-02T02:00:00.000Z'), { actorId: 'staff-manager-01', actorRole: 'manager', action: 'jobs.start', subjectType: 'quarterlyReport', subjectId: '2026-Q3' });
    await s.jobs.create(job('j2', '2026-10-02T02:01:00.000Z', 'staff-comp-01'), { actorId: 'staff-comp-01', actorRole: 'compliance', action: 'jobs.start', subjectType: 'quarterlyReport', subjectId: '2026-Q3' });
    await s.jobs.create(job('j3', '2026-10-02T02:02:00.000Z'), { actorId: 'staff-manager-01', actorRole: 'manager', action: 'jobs.start', subjectType: 'quarterlyReport', subjectId: '2026-Q3' });
    const j1 = (await s.jobs.get('j1'))!;
    expect(j1).toEqual(job('j1', '2026-10-02T02:00:00.000Z'));
    await s.jobs.save({ ...j1, status: 'done', version: 2, output: { fileId: 'f', name: 'a.xlsx', bytes: 10, sha256: 'a' } }, 1);
    const e = await s.jobs.save({ ...j1, status: 'failed', version: 2 }, 1).catch((x) => x);
    expect(codeOf(e)).toBe('JOBS.VERSION_CONFLICT');
    expect((await s.jobs.get('j1'))!.status).toBe('done');
    expect((await s.jobs.runnable(10)).map((j) => j.id)).toEqual(['j2', 'j3']);
    expect((await s.jobs.byCreator('staff-manager-01', 10)).map((j) => j.id)).toEqual(['j3', 'j1']);
    expect(await s.jobs.get('nope')).toBeNull();
    expect((await auditEntries(s.audit)).filter((x) => x.action === 'jobs.start')).toHaveLength(3);
  });
};
