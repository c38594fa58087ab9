import type { AuditDraft, AuditLog } from '../../core/audit/chain';
import type { ImportJob, ImportJobStore } from '../../core/members/importJobs';
import { auditEntries, codeOf } from './contractSupport';

export interface ImportJobStoreUnderTest {
  jobs: ImportJobStore;
  /** The audit log the store writes its entries to, in the same write as the job. */
  audit: AuditLog;
  close?(): Promise<void> | void;
}

const staff = { id: 'staff-ho-01', role: 'headOffice', name: '周总部' };

const job = (id: string, createdAt: string, over: Partial<ImportJob> = {}): ImportJob => ({
  id,
  fileName: '保单清单.csv',
  size: 1234,
  sha256: 'a'.repeat(64),
  full: false,
  validRowsOnly: false,
  status: 'uploading',
  createdBy: staff,
  createdAt,
  updatedAt: createdAt,
  version: 1,
  parts: [],
  receivedBytes: 0,
  slices: 0,
  attempts: 0,
  ...over,
});

/** A job as it looks late in its life: every optional field set, nested values, Chinese text. */
const applying = (base: ImportJob): ImportJob => ({
  ...base,
  status: 'applying',
  version: base.version + 1,
  updatedAt: '2026-11-25T03:00:00.000Z',
  totalChunks: 2,
  parts: [
    { i: 0, bytes: 65_000, sha256: 'b'.repeat(64) },
    { i: 1, bytes: 12, sha256: 'c'.repeat(64) },
  ],
  receivedBytes: 65_012,
  report: {
    rows: 3,
    valid: 2,
    rejectedRows: 1,
    issues: [{ line: 3, policyNo: 'P2026000789', field: 'holderPhone', message: '手机号码格式不正确' }],
    issueCount: 1,
    fileError: false,
    sha256: 'b'.repeat(64),
  },
  confirmedBy: { id: staff.id, role: staff.role },
  confirmedAt: '2026-11-25T02:59:00.000Z',
  batchId: 'batch-0001',
  cursor: { phase: 'stage', next: 600, after: 'P2026000123' },
  counts: { inserted: 2, updated: 0, lapsed: 0 },
  slices: 1,
  attempts: 1,
  lastError: '暂存写入超时',
});

const audit = (j: ImportJob, step: string): AuditDraft => ({
  actorId: staff.id,
  actorRole: staff.role,
  action: `policy.importJob.${step}`,
  subjectType: 'policyImportJob',
  subjectId: j.id,
  detail: { fileName: j.fileName },
});

const T = (minute: number) => new Date(Date.UTC(2026, 10, 25, 2, minute)).toISOString();

/** What every ImportJobStore does, whatever database is behind it. */
export const importJobStoreContract = (make: () => Promise<ImportJobStoreUnderTest>) => {
  let s: ImportJobStoreUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });
  const actions = async () => (await auditEntries(s.audit)).map((e) => `${e.subjectId} ${e.action}`);

  it('creates a job with its audit entry and reads it back exactly; an unknown id is null', async () => {
    const j = job('job-1', T(0));
    await s.jobs.create(j, audit(j, 'create'));
    expect(await s.jobs.get('job-1')).toEqual(j);
    expect(await s.jobs.get('job-404')).toBeNull();
    expect(await actions()).toEqual(['job-1 policy.importJob.create']);
  });

  it('saves on the expected version only, with its audit entry in the same write; a stale save changes nothing', async () => {
    const j = job('job-1', T(0));
    await s.jobs.create(j, audit(j, 'create'));
    const later = applying(j);
    await s.jobs.save(later, 1, audit(j, 'confirm'));
    expect(await s.jobs.get('job-1')).toEqual(later);

    // Another save still expecting version 1 (a second tab, a retried request) is refused, audit and all.
    const stale = { ...j, version: 2, status: 'abandoned' as const };
    const refused = s.jobs.save(stale, 1, audit(j, 'abandon'));
    await expect(refused).rejects.toMatchObject({ code: 'POLICY_IMPORT_JOB.VERSION_CONFLICT' });
    expect(await s.jobs.get('job-1')).toEqual(later);
    expect(await actions()).toEqual(['job-1 policy.importJob.create', 'job-1 policy.importJob.confirm']);

    // A save without an audit entry (a chunk received, a timer slice) writes none.
    await s.jobs.save({ ...later, version: 3, slices: 2 }, 2);
    expect((await s.jobs.get('job-1'))?.slices).toBe(2);
    expect(await actions()).toHaveLength(2);
  });

  it('refuses to save a job that was never created, and does not create it', async () => {
    const ghost = job('job-ghost', T(0), { version: 2 });
    await expect(s.jobs.save(ghost, 1, audit(ghost, 'validate'))).rejects.toMatchObject({ code: 'POLICY_IMPORT_JOB.VERSION_CONFLICT' });
    expect(await s.jobs.get('job-ghost')).toBeNull();
    expect(await actions()).toEqual([]);
  });

  it('replaces the whole job on save: fields the new version no longer has are gone', async () => {
    const j = job('job-1', T(0));
    await s.jobs.create(j, audit(j, 'create'));
    const failing = applying(j);
    await s.jobs.save(failing, 1);
    // The next slice succeeds: lastError and the cursor are cleared, the job is done.
    const { lastError: _e, cursor: _c, ...rest } = failing;
    const done: ImportJob = { ...rest, status: 'done', version: failing.version + 1, finishedAt: T(30) };
    await s.jobs.save(done, failing.version, audit(j, 'finish'));
    const read = await s.jobs.get('job-1');
    expect(read).toEqual(done);
    expect(read).not.toHaveProperty('lastError');
    expect(read).not.toHaveProperty('cursor');
  });

  it('lets exactly one of several parallel saves on one version win', async () => {
    const j = job('job-1', T(0));
    await s.jobs.create(j, audit(j, 'create'));
    const tries = [1, 2, 3, 4].map((n) => ({ ...j, version: 2, slices: n }));
    const settled = await Promise.allSettled(tries.map((t) => s.jobs.save(t, 1, audit(j, `step${t.slices}`))));
    const won = settled.flatMap((r, i) => (r.status === 'fulfilled' ? [tries[i]] : []));
    expect(won).toHaveLength(1);
    // The losers are told the job changed (on CloudBase a conflict that outlasted the SDK's retries is STORE.BUSY).
    for (const r of settled) if (r.status === 'rejected') expect(['POLICY_IMPORT_JOB.VERSION_CONFLICT', 'STORE.BUSY']).toContain(codeOf(r.reason));
    expect(await s.jobs.get('job-1')).toEqual(won[0]);
    expect(await actions()).toEqual(['job-1 policy.importJob.create', `job-1 policy.importJob.step${won[0].slices}`]);
  });

  it('lists recent jobs newest first (ties by id, newest id first), up to the limit', async () => {
    for (const [id, at] of [
      ['job-a', T(1)],
      ['job-c', T(3)],
      ['job-b', T(2)],
      ['job-d', T(3)],
    ] as const) {
      const j = job(id, at);
      await s.jobs.create(j, audit(j, 'create'));
    }
    expect((await s.jobs.recent(20)).map((j) => j.id)).toEqual(['job-d', 'job-c', 'job-b', 'job-a']);
    expect((await s.jobs.recent(2)).map((j) => j.id)).toEqual(['job-d', 'job-c']);
    expect((await s.jobs.recent(20))[0]).toEqual(job('job-d', T(3)));
  });

  it('finds jobs by status, oldest first, following their saved status, up to the limit', async () => {
    const jobs = [job('job-1', T(1)), job('job-2', T(2)), job('job-3', T(3)), job('job-4', T(4))];
    for (const j of jobs) await s.jobs.create(j, audit(j, 'create'));
    await s.jobs.save({ ...jobs[1], status: 'validated', version: 2 }, 1);
    await s.jobs.save({ ...applying(jobs[2]) }, 1);
    await s.jobs.save({ ...jobs[3], status: 'abandoned', version: 2 }, 1);

    expect((await s.jobs.byStatus(['uploading', 'validated'], 50)).map((j) => `${j.id} ${j.status}`)).toEqual(['job-1 uploading', 'job-2 validated']);
    expect((await s.jobs.byStatus(['uploading', 'validated'], 1)).map((j) => j.id)).toEqual(['job-1']);
    expect(await s.jobs.byStatus(['applying'], 10)).toEqual([applying(jobs[2])]);
    expect((await s.jobs.byStatus(['done', 'failed'], 10))).toEqual([]);
  });

  it('keeps one chunk per index: the same chunk again changes nothing, a new text replaces it; chunks come back in index order', async () => {
    const j = job('job-1', T(0));
    await s.jobs.create(j, audit(j, 'create'));
    // Out of order, and past 9, so "in index order" cannot be string order.
    for (const i of [2, 10, 0, 1]) await s.jobs.putChunk('job-1', i, `第${i}片\n`);
    await s.jobs.putChunk('job-1', 2, '第2片\n');
    expect(await s.jobs.chunks('job-1')).toEqual([0, 1, 2, 10].map((i) => ({ index: i, text: `第${i}片\n` })));

    await s.jobs.putChunk('job-1', 1, 'replaced');
    expect((await s.jobs.chunks('job-1')).map((c) => c.text)).toEqual(['第0片\n', 'replaced', '第2片\n', '第10片\n']);
    expect(await s.jobs.chunks('job-404')).toEqual([]);
  });

  it('stores a chunk of 64 KB of mixed text exactly, and parallel writes of the same chunk leave one', async () => {
    const j = job('job-1', T(0));
    await s.jobs.create(j, audit(j, 'create'));
    const row = 'P2026000123,HX-MED-01,安康百万医疗险,张晓敏,"a,b",\r\n';
    const big = row.repeat(Math.floor((64 * 1024) / Buffer.byteLength(row)));
    await s.jobs.putChunk('job-1', 0, big);
    await Promise.all([1, 2, 3].map(() => s.jobs.putChunk('job-1', 1, 'tail')));
    const read = await s.jobs.chunks('job-1');
    expect(read.map((c) => c.index)).toEqual([0, 1]);
    expect(read[0].text).toBe(big);
    expect(read[1].text).toBe('tail');
  });

  it('returns every chunk of a file of many chunks, in order, kept apart from other jobs', async () => {
    for (const id of ['job-1', 'job-2']) {
      const j = job(id, T(0));
      await s.jobs.create(j, audit(j, 'create'));
    }
    const order = Array.from({ length: 45 }, (_, i) => (i * 17) % 45);
    for (const i of order) await s.jobs.putChunk('job-1', i, `c${i}`);
    for (const i of [0, 1, 2]) await s.jobs.putChunk('job-2', i, `other${i}`);
    expect(await s.jobs.chunks('job-1')).toEqual(Array.from({ length: 45 }, (_, i) => ({ index: i, text: `c${i}` })));
    expect((await s.jobs.chunks('job-2')).map((c) => c.text)).toEqual(['other0', 'other1', 'other2']);
  });

  it('deletes one job\'s chunks, however many, and nothing else; deleting again is harmless', async () => {
    for (const id of ['job-1', 'job-2']) {
      const j = job(id, T(0));
      await s.jobs.create(j, audit(j, 'create'));
    }
    for (let i = 0; i < 41; i++) await s.jobs.putChunk('job-1', i, `c${i}`);
    await s.jobs.putChunk('job-2', 0, 'keep');
    await s.jobs.deleteChunks('job-1');
    expect(await s.jobs.chunks('job-1')).toEqual([]);
    expect(await s.jobs.chunks('job-2')).toEqual([{ index: 0, text: 'keep' }]);
    // The job itself stays (it is the record of what happened).
    expect(await s.jobs.get('job-1')).toEqual(job('job-1', T(0)));
    await s.jobs.deleteChunks('job-1');
    await s.jobs.deleteChunks('job-404');
    expect(await s.jobs.chunks('job-2')).toHaveLength(1);
  });
};
