import fs from 'node:fs';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { cloudbaseImportJobStore } from '../../adapters/cloudbase/importJobStore';
import { cloudbasePolicyStore } from '../../adapters/cloudbase/memberStores';
import { sha256 } from '../../adapters/hash';
import { confirmImportJob, createImportJob, IMPORT_CHUNK_MAX_BYTES, IMPORT_JOB_STALE_MS, putImportChunk, runImportJobs, validateImportJob, type ImportJobDeps } from '../../core/members/importJobs';
import { jobDeps } from '../../core/members/staffMembers';
import { fixedClock } from '../../core/shared/ports';
import type { SecretBox } from '../../core/staff/ports';
import { seedDemoMembers } from '../../server/local/demoData';
import type { RegisterImportJobView } from '../../typings/staffMembers';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { adminHarness } from '../support/adminHarness';

const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const [HEADER, ...ROWS] = REGISTER.trim().split('\n');
type H = Awaited<ReturnType<typeof adminHarness>>;
type Call = (route: string, body?: unknown) => Promise<any>;
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code: string }) => e.code);
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** A valid resident ID number (GB 11643 check digit) for a generated holder. */
const idNumber = (n: number) => {
  const body = `11010519800101${String(n % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((s, d, i) => s + Number(d) * w[i], 0) % 11];
};
const generated = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const id = idNumber(i);
    return `PG${String(i).padStart(8, '0')},HX-MED-01,安康百万医疗险,测试${i % 97}号,${id},139${String(i).padStart(8, '0')},测试${i % 97}号|本人|${id},住院医疗|3000000,2026-01-01,2026-12-31,1280.00,个人代理,AG1001,有效`;
  });

/** Cuts text into pieces of at most `max` UTF-8 bytes, never inside a character, as the page does. */
const chunksOf = (text: string, max = IMPORT_CHUNK_MAX_BYTES) => {
  const out: string[] = [];
  let cur = '';
  let size = 0;
  for (const ch of text) {
    const b = bytes(ch);
    if (size + b > max) (out.push(cur), (cur = ''), (size = 0));
    cur += ch;
    size += b;
  }
  if (cur) out.push(cur);
  return out;
};

const upload = async (call: Call, csv: string, opts: { full?: boolean; order?: (n: number) => number[]; sha?: boolean } = {}) => {
  const job: RegisterImportJobView = await call('members/importCreate', {
    fileName: 'register.csv',
    size: bytes(csv),
    ...(opts.sha === false ? {} : { sha256: sha256(csv) }),
    full: opts.full ?? false,
  });
  const parts = chunksOf(csv);
  for (const i of opts.order?.(parts.length) ?? parts.map((_, i) => i)) await call('members/importChunk', { jobId: job.jobId, index: i, total: parts.length, text: parts[i] });
  return { jobId: job.jobId, parts };
};

const seeded = async () => {
  const h = await adminHarness('2026-11-25T02:00:00Z');
  await seedDemoMembers(h.system.members, REGISTER);
  return h;
};
const count = (h: H, table: string) => (h.system.db.prepare(`SELECT COUNT(*) n FROM ${table}`).get() as { n: number }).n;
const auditOf = (h: H) => (h.system.db.prepare('SELECT action, subject_id, detail FROM audit_log ORDER BY rowid').all() as { action: string; subject_id: string; detail: string }[]).filter((e) => e.action.startsWith('policy.'));
/** Every table an import job could touch: a refused call must leave all of them as they were. */
/** A refusal is itself audited (`staff.denied`, read by the incident detector); everything else must stay as it was. */
const DENIALS_ASIDE = " WHERE action <> 'staff.denied'";
const snapshot = (h: H) =>
  JSON.stringify(['policies', 'audit_log', 'policy_import_jobs', 'policy_import_chunks', 'policy_import_rows'].map((t) => h.system.db.prepare(`SELECT * FROM ${t}${t === 'audit_log' ? DENIALS_ASIDE : ''} ORDER BY 1`).all()));

describe('register import job: upload in chunks, validate, confirm, applied by the timer in slices', () => {
  let h: H;
  beforeEach(async () => {
    h = await seeded();
  });
  afterEach(() => h.close());

  it('applies the demo register plus 1,500 rows, uploaded out of order with a repeated chunk, over several timer slices; nothing shows before the commit', async () => {
    const comp = await h.as('comp01');
    const csv = [HEADER, ...ROWS, ...generated(1500), ''].join('\n');
    // Last chunk first, then the rest, then the first again: the same chunk twice changes nothing.
    const { jobId, parts } = await upload(comp, csv, { order: (n) => [n - 1, ...Array.from({ length: n - 1 }, (_, i) => i), 0] });
    expect(parts.length).toBeGreaterThanOrEqual(4);
    expect(parts.every((p) => bytes(p) <= 64 * 1024)).toBe(true);
    const validated: RegisterImportJobView = await comp('members/importValidate', { jobId });
    expect(validated).toMatchObject({ status: 'validated', statusLabel: '已校验，待确认', report: { rows: 1504, valid: 1504, rejectedRows: 0, issues: [] } });
    const confirmed: RegisterImportJobView = await comp('members/importConfirm', { jobId, version: validated.version, validRowsOnly: false });
    expect(confirmed).toMatchObject({ status: 'applying', batchId: expect.stringMatching(/^PB20261125-/) });

    const deps = jobDeps(h.deps);
    const runs: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      const [r] = await runImportJobs(deps, { budget: 400, slice: 100 });
      runs.push(r);
      const job: RegisterImportJobView = await comp('members/importJob', { jobId });
      if (job.status === 'done') break;
      // Until the commit, nothing of the batch is in the register and there is no import audit entry.
      expect(count(h, 'policies')).toBe(4);
      expect(await h.system.members.policies.get('PG00000000')).toBeNull();
      expect(auditOf(h).filter((e) => e.action === 'policy.import')).toHaveLength(1); // the demo seed's only
      expect(job.progress?.percent).toBeLessThan(100);
    }
    expect(runs.length).toBeGreaterThanOrEqual(4);
    const done: RegisterImportJobView = await comp('members/importJob', { jobId });
    expect(done).toMatchObject({ status: 'done', statusLabel: '已完成', counts: { inserted: 1500, updated: 4, lapsed: 0 }, progress: { percent: 100 } });
    expect(count(h, 'policies')).toBe(1504);
    expect((await h.system.members.policies.get('PG00001499'))?.holder.phone.masked).toBe('139****1499');
    // Who bound a policy survives the import.
    expect((await h.system.members.policies.get('P2026000123'))?.boundTo).toBeDefined();
    expect(count(h, 'policy_import_chunks')).toBe(0);
    expect(count(h, 'policy_import_rows')).toBe(0);
    expect(auditOf(h).slice(-5).map((e) => [e.action, JSON.parse(e.detail)])).toEqual([
      ['policy.importJob.create', expect.objectContaining({ fileName: 'register.csv', full: false })],
      ['policy.importJob.validate', expect.objectContaining({ rows: 1504, valid: 1504, rejectedRows: 0 })],
      ['policy.importJob.confirm', expect.objectContaining({ batchId: done.batchId, validRowsOnly: false })],
      ['policy.import', expect.objectContaining({ jobId, rows: 1504, valid: 1504, inserted: 1500, updated: 4, lapsed: 0 })],
      ['policy.importJob.finish', expect.objectContaining({ batchId: done.batchId, inserted: 1500 })],
    ]);
    // The job list shows it, with counts and without the rows.
    const list = await comp('members/importJobs');
    expect(list.items[0]).toMatchObject({ jobId, status: 'done', counts: { inserted: 1500 }, report: { rows: 1504, issues: [] } });
  });

  it('resumes a run cut off after a slice was written but before its cursor was saved: nothing twice', async () => {
    const comp = await h.as('comp01');
    const { jobId } = await upload(comp, [HEADER, ...generated(450), ''].join('\n'), { full: true });
    const v = await comp('members/importValidate', { jobId });
    await comp('members/importConfirm', { jobId, version: v.version });
    const deps = jobDeps(h.deps);
    let saves = 0;
    const cut: ImportJobDeps = {
      ...deps,
      jobs: {
        ...deps.jobs,
        save: async (job, expected, audit) => {
          // The function dies after the store staged the third slice, before the job's cursor moved.
          if (++saves === 3) throw new Error('function timed out');
          return deps.jobs.save(job, expected, audit);
        },
      },
    };
    const [first] = await runImportJobs(cut, { budget: 1000, slice: 100 });
    expect(first).toMatchObject({ status: 'applying', error: 'function timed out' });
    expect((await comp('members/importJob', { jobId })).progress).toMatchObject({ staged: 200 });
    expect(count(h, 'policies')).toBe(4);
    while ((await runImportJobs(deps, { budget: 150, slice: 100 })).some((r) => r.status === 'applying'));
    // The full import lapses the four demo policies the file does not list, once.
    expect(await comp('members/importJob', { jobId })).toMatchObject({ status: 'done', counts: { inserted: 450, updated: 0, lapsed: 4 } });
    expect(count(h, 'policies')).toBe(454);
    expect((await h.system.members.policies.get('P2026000123'))?.status).toBe('lapsed');
    expect(auditOf(h).filter((e) => e.action === 'policy.import')).toHaveLength(2); // the demo seed's and this one
  });

  it('reports every bad row by line and field, refuses them unless the operator chooses the valid rows only, and never skips rows in a full import', async () => {
    const comp = await h.as('comp01');
    const badPhone = ROWS[3].replace('13700137000', '1370013700');
    const badDate = ROWS[2].replace('P2026000456', 'P2026000999').replace('2027-02-28', '2027-02-30');
    const newRow = ROWS[2].replace('P2026000456', 'P2026000789');
    const csv = [HEADER, newRow, badPhone, badDate, ''].join('\n');
    const { jobId } = await upload(comp, csv);
    const v: RegisterImportJobView = await comp('members/importValidate', { jobId });
    expect(v.report).toEqual({
      rows: 3,
      valid: 1,
      rejectedRows: 2,
      issueCount: 2,
      fileError: false,
      issues: [
        { line: 3, policyNo: 'P2024001789', field: 'holderPhone', message: '投保人手机号须为11位中国大陆手机号' },
        { line: 4, policyNo: 'P2026000999', field: 'expiryDate', message: '满期日期须为有效日期 YYYY-MM-DD' },
      ],
    });
    // Validating again answers the same report and writes nothing.
    const before = snapshot(h);
    expect(await comp('members/importValidate', { jobId })).toEqual(v);
    expect(await codeOf(comp('members/importConfirm', { jobId, version: v.version, validRowsOnly: false }))).toBe('POLICY_IMPORT.INVALID_ROWS');
    expect(await codeOf(comp('members/importConfirm', { jobId, version: v.version }))).toBe('POLICY_IMPORT.INVALID_ROWS');
    expect(await codeOf(comp('members/importConfirm', { jobId, version: v.version - 1, validRowsOnly: true }))).toBe('POLICY_IMPORT_JOB.VERSION_CONFLICT');
    expect(snapshot(h)).toBe(before);
    await comp('members/importConfirm', { jobId, version: v.version, validRowsOnly: true });
    await runImportJobs(jobDeps(h.deps));
    expect(await comp('members/importJob', { jobId })).toMatchObject({ status: 'done', validRowsOnly: true, counts: { inserted: 1, updated: 0, lapsed: 0 } });
    expect(await h.system.members.policies.get('P2026000999')).toBeNull();
    expect(JSON.parse(auditOf(h).find((e) => e.action === 'policy.import' && e.subject_id !== 'PB-seed' && e.detail.includes(jobId))!.detail)).toMatchObject({ rows: 3, valid: 1, skipped: 2 });

    const full = await upload(comp, csv, { full: true });
    const fv = await comp('members/importValidate', { jobId: full.jobId });
    await expect(comp('members/importConfirm', { jobId: full.jobId, version: fv.version, validRowsOnly: true })).rejects.toMatchObject({
      code: 'POLICY_IMPORT.INVALID_ROWS',
      details: { issues: [{ path: 'full', message: '全量导入时不能跳过错误行' }] },
    });
  });

  it('a file that is not the register (wrong header) can never be confirmed', async () => {
    const comp = await h.as('comp01');
    const { jobId } = await upload(comp, 'a,b,c\n1,2,3\n');
    const v = await comp('members/importValidate', { jobId });
    expect(v.report).toMatchObject({ fileError: true, valid: 0, issues: [{ line: 1, field: 'header' }] });
    expect(await codeOf(comp('members/importConfirm', { jobId, version: v.version, validRowsOnly: true }))).toBe('POLICY_IMPORT.INVALID_ROWS');
  });

  it('refuses bad chunks, each with its own code and message, changing nothing', async () => {
    const comp = await h.as('comp01');
    const ho = await h.as('ho01');
    const csv = [HEADER, ...ROWS, ''].join('\n');
    const job = await comp('members/importCreate', { fileName: 'r.csv', size: bytes(csv), sha256: sha256(csv) });
    const half = csv.length >> 1;
    const [a, b] = [csv.slice(0, half), csv.slice(half)];
    await comp('members/importChunk', { jobId: job.jobId, index: 0, total: 2, text: a });
    const before = snapshot(h);
    const cases: [Call, unknown, string][] = [
      [comp, { jobId: job.jobId, index: 2, total: 2, text: b }, 'POLICY_IMPORT_JOB.CHUNK_OUT_OF_RANGE'],
      [comp, { jobId: job.jobId, index: 1, total: 3, text: b }, 'POLICY_IMPORT_JOB.CHUNK_TOTAL_MISMATCH'],
      [comp, { jobId: job.jobId, index: 0, total: 2, text: `${a}x` }, 'POLICY_IMPORT_JOB.CHUNK_CONFLICT'],
      [comp, { jobId: job.jobId, index: 1, total: 2, text: '中'.repeat(30_000) }, 'POLICY_IMPORT_JOB.CHUNK_TOO_LARGE'],
      [comp, { jobId: job.jobId, index: 1, total: 2, text: `${b}${'x'.repeat(100)}` }, 'POLICY_IMPORT_JOB.OVER_SIZE'],
      [ho, { jobId: job.jobId, index: 1, total: 2, text: b }, 'POLICY_IMPORT_JOB.NOT_OWNER'],
      [comp, { jobId: 'IJ0000000000000000', index: 1, total: 2, text: b }, 'POLICY_IMPORT_JOB.NOT_FOUND'],
      [comp, { jobId: job.jobId, index: 1, total: 2, text: 'x'.repeat(IMPORT_CHUNK_MAX_BYTES + 1) }, 'REQUEST.INVALID'],
      [comp, { jobId: job.jobId, index: -1, total: 2, text: b }, 'REQUEST.INVALID'],
    ];
    for (const [call, body, code] of cases) expect([body, await codeOf(call('members/importChunk', body))]).toEqual([body, code]);
    expect(await codeOf(comp('members/importValidate', { jobId: job.jobId }))).toBe('POLICY_IMPORT_JOB.INCOMPLETE');
    // The same chunk again: accepted, nothing changes.
    await comp('members/importChunk', { jobId: job.jobId, index: 0, total: 2, text: a });
    expect(snapshot(h)).toBe(before);
    await expect(comp('members/importChunk', { jobId: job.jobId, index: 1, total: 2, text: '中'.repeat(30_000) })).rejects.toMatchObject({ memberMessage: '单个分片不能超过 64KB' });

    await comp('members/importChunk', { jobId: job.jobId, index: 1, total: 2, text: b });
    const v = await comp('members/importValidate', { jobId: job.jobId });
    // Not in the upload state any more.
    await expect(comp('members/importChunk', { jobId: job.jobId, index: 1, total: 2, text: b })).rejects.toMatchObject({
      code: 'POLICY_IMPORT_JOB.WRONG_STATE',
      memberMessage: '该导入任务当前为“已校验，待确认”，不能执行此操作',
    });
    expect(await codeOf(ho('members/importConfirm', { jobId: job.jobId, version: v.version }))).toBe('POLICY_IMPORT_JOB.NOT_OWNER');
  });

  it('refuses a file over 20 MB, and one whose content does not match the hash the page computed', async () => {
    const comp = await h.as('comp01');
    await expect(comp('members/importCreate', { fileName: 'big.csv', size: 20 * 1024 * 1024 + 1 })).rejects.toMatchObject({
      code: 'POLICY_IMPORT.TOO_LARGE',
      memberMessage: '文件超过 20MB，请按机构或产品拆分后分批导入',
    });
    const csv = [HEADER, ...ROWS, ''].join('\n');
    const job = await comp('members/importCreate', { fileName: 'r.csv', size: bytes(csv), sha256: sha256('something else') });
    await comp('members/importChunk', { jobId: job.jobId, index: 0, total: 1, text: csv });
    expect(await codeOf(comp('members/importValidate', { jobId: job.jobId }))).toBe('POLICY_IMPORT_JOB.CHECKSUM_MISMATCH');
  });

  it('abandons a job nobody touched for 24 hours (the timer) and one its operator drops; their chunks go', async () => {
    const comp = await h.as('comp01');
    const csv = [HEADER, ...ROWS, ''].join('\n');
    const stale = await upload(comp, csv);
    const dropped = await upload(comp, csv);
    await comp('members/importValidate', { jobId: dropped.jobId });
    expect(await comp('members/importAbandon', { jobId: dropped.jobId })).toMatchObject({ status: 'abandoned' });
    h.clock.advance(IMPORT_JOB_STALE_MS + 1000);
    expect(await runImportJobs(jobDeps(h.deps))).toEqual([{ jobId: stale.jobId, status: 'abandoned', rows: 0 }]);
    const later = await h.as('comp01'); // the session of a day ago has expired
    expect(await later('members/importJob', { jobId: stale.jobId })).toMatchObject({ status: 'abandoned', note: '超过24小时未操作，已自动放弃' });
    expect(count(h, 'policy_import_chunks')).toBe(0);
    expect(auditOf(h).filter((e) => e.action === 'policy.importJob.abandon').map((e) => e.subject_id).sort()).toEqual([dropped.jobId, stale.jobId].sort());
  });

  it.each(['agent01', 'super01'])('refuses every import action to %s (AUTH.FORBIDDEN), changing nothing', async (user) => {
    const comp = await h.as('comp01');
    const { jobId } = await upload(comp, [HEADER, ...ROWS, ''].join('\n'));
    const call = await h.as(user);
    const before = snapshot(h);
    const bodies: Record<string, unknown> = {
      importCreate: { fileName: 'r.csv', size: 10 },
      importChunk: { jobId, index: 0, total: 1, text: 'x' },
      importValidate: { jobId },
      importConfirm: { jobId, version: 1 },
      importAbandon: { jobId },
      importJob: { jobId },
      importJobs: {},
    };
    for (const [action, body] of Object.entries(bodies)) expect([action, await codeOf(call(`members/${action}`, body))]).toEqual([action, 'AUTH.FORBIDDEN']);
    expect(snapshot(h)).toBe(before);
  });
});

describe('register import job on the CloudBase adapters (strict FAKE): staged slices, cut off and resumed', () => {
  it('stages over several runs under the lease, keeps the batch invisible, survives a cut-off slice and counts once', async () => {
    const fake = new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS });
    const clock = fixedClock('2026-11-25T02:00:00Z');
    const box: SecretBox = { seal: (s) => `sealed:${s}`, open: (s) => s.replace(/^sealed:/, ''), blindIndex: (s) => `bi:${s}` };
    const policies = cloudbasePolicyStore(fake);
    let n = 0;
    const deps: ImportJobDeps = { jobs: cloudbaseImportJobStore(fake), policies, box, clock, ids: { newId: () => `id${String(++n).padStart(20, '0')}` }, hash: sha256 };
    const who = { id: 'staff-comp-01', role: 'compliance', name: '合规' };
    const csv = [HEADER, ...ROWS, ...generated(300), ''].join('\n');
    const job = await createImportJob(deps, who, { fileName: 'r.csv', size: bytes(csv), full: false, validRowsOnly: false });
    const parts = chunksOf(csv, 16 * 1024);
    for (const [i, text] of parts.entries()) await putImportChunk(deps, who, { jobId: job.id, index: i, total: parts.length, text });
    const v = await validateImportJob(deps, who, job.id);
    await confirmImportJob(deps, who, { jobId: job.id, version: v.version, validRowsOnly: false });

    let stages = 0;
    const cut: ImportJobDeps = {
      ...deps,
      policies: {
        ...policies,
        stageImport: async (ref, rows) => {
          await policies.stageImport(ref, rows);
          if (++stages === 2) throw new Error('function timed out');
        },
      },
    };
    expect((await runImportJobs(cut, { budget: 200, slice: 50 }))[0]).toMatchObject({ status: 'applying', error: 'function timed out' });
    // Meanwhile a command-line import is refused: the job holds the register's import lease.
    await expect(
      policies.applyImport({ batchId: 'PB-cli', policies: [], lapseAbsent: false, at: clock.now().toISOString() }, { actorId: 'x', actorRole: 'compliance', action: 'policy.import', subjectType: 'policyBatch', subjectId: 'PB-cli' }),
    ).rejects.toMatchObject({ code: 'POLICY_IMPORT.BUSY' });
    let runs = 0;
    for (; runs < 30 && (await deps.jobs.get(job.id))!.status === 'applying'; runs++) {
      if ((await deps.jobs.get(job.id))!.cursor!.phase === 'stage') expect(await policies.get('PG00000000')).toBeNull();
      clock.advance(5 * 60_000);
      await runImportJobs(deps, { budget: 100, slice: 50 });
    }
    expect(runs).toBeGreaterThan(3);
    expect(await deps.jobs.get(job.id)).toMatchObject({ status: 'done', counts: { inserted: 304, updated: 0, lapsed: 0 } });
    expect(await policies.get('PG00000299')).toMatchObject({ status: 'inForce' });
    expect(fake.dump('policy_import_rows')).toEqual([]);
    expect(fake.dump('policy_import_chunks')).toEqual([]);
    const actions = (await cloudbaseAuditLog(fake, clock).list({ limit: 100 })).map((e) => e.action).reverse();
    expect(actions).toEqual(['policy.importJob.create', 'policy.importJob.validate', 'policy.importJob.confirm', 'policy.import', 'policy.importJob.finish']);
  });
});
