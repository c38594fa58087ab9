import type { AuditDraft } from '../audit/chain';
import { DomainError } from '../shared/errors';
import type { Clock, IdGenerator } from '../shared/ports';
import type { SecretBox } from '../staff/ports';
import { importAudit, newBatchId, refuseBadRows, rowCount, toPolicy } from './importPolicies';
import type { PolicyStore } from './ports';
import { readPolicyRows, type RowIssue } from './policyRows';

/*
 * 保单导入任务: the admin page's register import, within the admin function's 100 KB request bodies and
 * the functions' time limits. The page creates a job, uploads the file in chunks of at most 64 KB of
 * text, asks for the whole file to be validated (the same readPolicyRows as the command line, every
 * rejected row kept on the job), and the operator confirms — all rows, or explicitly only the valid
 * ones. The deadline timer then applies the job in bounded slices through the policy store's staged
 * import (rows staged under the batch id, invisible; one commit makes the batch visible; the fold), saving
 * its cursor after every slice so a run cut short resumes where it stopped. Chunks are deleted when the
 * job ends; a job nobody touched for 24 hours before it was confirmed is abandoned by the timer.
 */

export const IMPORT_CHUNK_MAX_BYTES = 64 * 1024;
export const IMPORT_JOB_MAX_BYTES = 20 * 1024 * 1024;
/** Chunks are cut by characters, so one may hold a little less than 64 KB: room for that. */
export const IMPORT_JOB_MAX_CHUNKS = 2 * Math.ceil(IMPORT_JOB_MAX_BYTES / IMPORT_CHUNK_MAX_BYTES);
export const IMPORT_JOB_STALE_MS = 24 * 3600_000;
/** Issues kept on the job (and shown); the counts always cover the whole file. */
export const IMPORT_JOB_MAX_ISSUES = 2000;
/** A job whose apply fails this many runs in a row stops, its staged rows dropped. */
const MAX_ATTEMPTS = 5;

export type ImportJobStatus = 'uploading' | 'validated' | 'applying' | 'done' | 'failed' | 'abandoned';
export const IMPORT_JOB_STATUSES: Record<ImportJobStatus, string> = {
  uploading: '上传中',
  validated: '已校验，待确认',
  applying: '导入中',
  done: '已完成',
  failed: '失败',
  abandoned: '已放弃',
};
export type ImportPhase = 'stage' | 'lapse' | 'commit' | 'finish';
export const IMPORT_PHASES: Record<ImportPhase, string> = { stage: '写入暂存区', lapse: '核对未列出的有效保单', commit: '提交批次', finish: '整理' };

export interface ImportJobReport {
  rows: number;
  valid: number;
  rejectedRows: number;
  /** Every issue, up to IMPORT_JOB_MAX_ISSUES. */
  issues: RowIssue[];
  issueCount: number;
  /** Not a CSV or the wrong header: nothing can be imported. */
  fileError: boolean;
  sha256: string;
}

export interface ImportJob {
  id: string;
  fileName: string;
  /** Bytes (UTF-8) the page declared. */
  size: number;
  /** The hash the page computed, if it could. */
  sha256?: string;
  full: boolean;
  validRowsOnly: boolean;
  status: ImportJobStatus;
  createdBy: { id: string; role: string; name: string };
  createdAt: string;
  updatedAt: string;
  version: number;
  totalChunks?: number;
  /** Chunks received: index, bytes and hash (a resent chunk must be the same). */
  parts: { i: number; bytes: number; sha256: string }[];
  receivedBytes: number;
  report?: ImportJobReport;
  confirmedBy?: { id: string; role: string };
  confirmedAt?: string;
  batchId?: string;
  cursor?: { phase: ImportPhase; next: number; after?: string };
  counts?: { inserted: number; updated: number; lapsed: number };
  slices: number;
  attempts: number;
  lastError?: string;
  finishedAt?: string;
}

export interface ImportJobStore {
  create(job: ImportJob, audit: AuditDraft): Promise<void>;
  get(id: string): Promise<ImportJob | null>;
  /** Version-checked on `expectedVersion` (POLICY_IMPORT_JOB.VERSION_CONFLICT), with its audit entry in the same write. */
  save(job: ImportJob, expectedVersion: number, audit?: AuditDraft): Promise<void>;
  /** Newest first. */
  recent(limit: number): Promise<ImportJob[]>;
  /** Oldest first. */
  byStatus(statuses: ImportJobStatus[], limit: number): Promise<ImportJob[]>;
  /** Idempotent: writing an index again replaces it. */
  putChunk(jobId: string, index: number, text: string): Promise<void>;
  /** The chunks in index order. */
  chunks(jobId: string): Promise<{ index: number; text: string }[]>;
  deleteChunks(jobId: string): Promise<void>;
}

export interface ImportJobDeps {
  jobs: ImportJobStore;
  policies: PolicyStore;
  box: SecretBox;
  clock: Clock;
  ids: IdGenerator;
  hash: (text: string) => string;
}

type Actor = { id: string; role: string; name?: string };

const err = (code: string, message: string, detail: string) => new DomainError(`POLICY_IMPORT_JOB.${code}`, message, detail);
export const importJobErrors = {
  tooLarge: (bytes: number) =>
    new DomainError('POLICY_IMPORT.TOO_LARGE', `文件超过 ${IMPORT_JOB_MAX_BYTES / 1024 / 1024}MB，请按机构或产品拆分后分批导入`, `register file of ${bytes} bytes exceeds ${IMPORT_JOB_MAX_BYTES}`),
  notFound: () => err('NOT_FOUND', '未找到该导入任务', 'import job not found'),
  notOwner: () => err('NOT_OWNER', '只有创建该导入任务的人员可以继续操作', 'import job belongs to another staff member'),
  wrongState: (s: ImportJobStatus) => err('WRONG_STATE', `该导入任务当前为“${IMPORT_JOB_STATUSES[s]}”，不能执行此操作`, `import job is ${s}`),
  chunkOutOfRange: (index: number, total: number) => err('CHUNK_OUT_OF_RANGE', `分片序号 ${index} 超出范围（共 ${total} 片）`, `chunk ${index} of ${total}`),
  chunkTotalMismatch: (total: number, expected: number) =>
    err('CHUNK_TOTAL_MISMATCH', `分片总数 ${total} 与该任务已登记的 ${expected} 不一致，请重新选择文件`, `total ${total}, job has ${expected}`),
  chunkTooLarge: (bytes: number) => err('CHUNK_TOO_LARGE', `单个分片不能超过 ${IMPORT_CHUNK_MAX_BYTES / 1024}KB`, `chunk of ${bytes} bytes`),
  chunkConflict: (index: number) => err('CHUNK_CONFLICT', `第 ${index + 1} 片已上传且内容不同，请重新选择文件导入`, `chunk ${index} differs from the one received`),
  overSize: () => err('OVER_SIZE', '上传的内容超过了文件大小，请重新选择文件导入', 'received more bytes than declared'),
  incomplete: (missing: number[]) =>
    err('INCOMPLETE', `文件尚未上传完整，缺少第 ${missing.slice(0, 5).map((i) => i + 1).join('、')}${missing.length > 5 ? ' 等' : ''} 片`, `${missing.length} chunks missing`),
  sizeMismatch: (got: number, declared: number) => err('SIZE_MISMATCH', '上传的内容与文件大小不符，请重新选择文件导入', `${got} bytes, declared ${declared}`),
  checksumMismatch: () => err('CHECKSUM_MISMATCH', '上传的内容与文件校验值不符，请重新选择文件导入', 'sha256 differs from the page'),
  nothingToImport: () => err('NOTHING_TO_IMPORT', '文件中没有可导入的正确行', 'no valid rows'),
};

const bytesOf = (s: string) => new TextEncoder().encode(s).length;
const ACTIVE_BEFORE_CONFIRM: ImportJobStatus[] = ['uploading', 'validated'];

const jobAudit = (actor: Actor, job: ImportJob, step: string, detail: Record<string, unknown>): AuditDraft => ({
  actorId: actor.id,
  actorRole: actor.role,
  action: `policy.importJob.${step}`,
  subjectType: 'policyImportJob',
  subjectId: job.id,
  detail: { fileName: job.fileName, ...detail },
});

const existing = async (deps: ImportJobDeps, id: string) => {
  const job = await deps.jobs.get(id);
  if (!job) throw importJobErrors.notFound();
  return job;
};
const owned = async (deps: ImportJobDeps, who: Actor, id: string, status: ImportJobStatus) => {
  const job = await existing(deps, id);
  if (job.createdBy.id !== who.id) throw importJobErrors.notOwner();
  if (job.status !== status) throw importJobErrors.wrongState(job.status);
  return job;
};
const next = (job: ImportJob, at: Date, change: Partial<ImportJob>): ImportJob => ({ ...job, ...change, version: job.version + 1, updatedAt: at.toISOString() });

export const createImportJob = async (
  deps: ImportJobDeps,
  who: Actor,
  input: { fileName: string; size: number; sha256?: string; full: boolean; validRowsOnly: boolean },
): Promise<ImportJob> => {
  if (input.size > IMPORT_JOB_MAX_BYTES) throw importJobErrors.tooLarge(input.size);
  const at = deps.clock.now().toISOString();
  const job: ImportJob = {
    id: `IJ${deps.ids.newId().replace(/-/g, '').slice(0, 16)}`,
    fileName: input.fileName,
    size: input.size,
    sha256: input.sha256?.toLowerCase(),
    full: input.full,
    validRowsOnly: input.validRowsOnly,
    status: 'uploading',
    createdBy: { id: who.id, role: who.role, name: who.name ?? who.id },
    createdAt: at,
    updatedAt: at,
    version: 1,
    parts: [],
    receivedBytes: 0,
    slices: 0,
    attempts: 0,
  };
  await deps.jobs.create(job, jobAudit(who, job, 'create', { size: job.size, full: job.full }));
  return job;
};

/** One chunk of the file. Sending an index again with the same text changes nothing; every refusal changes nothing. */
export const putImportChunk = async (deps: ImportJobDeps, who: Actor, input: { jobId: string; index: number; total: number; text: string }): Promise<ImportJob> => {
  const job = await owned(deps, who, input.jobId, 'uploading');
  const total = job.totalChunks ?? input.total;
  if (input.total !== total) throw importJobErrors.chunkTotalMismatch(input.total, total);
  if (total > IMPORT_JOB_MAX_CHUNKS || total * IMPORT_CHUNK_MAX_BYTES < job.size) throw importJobErrors.chunkTotalMismatch(input.total, Math.ceil(job.size / IMPORT_CHUNK_MAX_BYTES));
  if (input.index >= total) throw importJobErrors.chunkOutOfRange(input.index, total);
  const bytes = bytesOf(input.text);
  if (bytes > IMPORT_CHUNK_MAX_BYTES) throw importJobErrors.chunkTooLarge(bytes);
  const sha256 = deps.hash(input.text);
  const had = job.parts.find((p) => p.i === input.index);
  if (had) {
    if (had.sha256 !== sha256) throw importJobErrors.chunkConflict(input.index);
    return job;
  }
  const receivedBytes = job.receivedBytes + bytes;
  if (receivedBytes > job.size || receivedBytes > IMPORT_JOB_MAX_BYTES) throw importJobErrors.overSize();
  // The chunk first: if the job's save then loses a race, the chunk is simply sent again.
  await deps.jobs.putChunk(job.id, input.index, input.text);
  const saved = next(job, deps.clock.now(), { totalChunks: total, parts: [...job.parts, { i: input.index, bytes, sha256 }].sort((a, b) => a.i - b.i), receivedBytes });
  await deps.jobs.save(saved, job.version);
  return saved;
};

const fileOf = async (deps: ImportJobDeps, job: ImportJob) => (await deps.jobs.chunks(job.id)).map((c) => c.text).join('');

/** The whole file, assembled and checked as the command line checks it; the report (every rejected row) stays on the job. */
export const validateImportJob = async (deps: ImportJobDeps, who: Actor, jobId: string): Promise<ImportJob> => {
  const job = await existing(deps, jobId);
  if (job.createdBy.id !== who.id) throw importJobErrors.notOwner();
  // Asked again after a lost reply: the same report.
  if (job.status === 'validated') return job;
  if (job.status !== 'uploading') throw importJobErrors.wrongState(job.status);
  const total = job.totalChunks ?? Math.max(1, Math.ceil(job.size / IMPORT_CHUNK_MAX_BYTES));
  const have = new Set(job.parts.map((p) => p.i));
  const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !have.has(i));
  if (missing.length) throw importJobErrors.incomplete(missing);
  const text = await fileOf(deps, job);
  const size = bytesOf(text);
  if (size !== job.size) throw importJobErrors.sizeMismatch(size, job.size);
  const sha256 = deps.hash(text);
  if (job.sha256 && job.sha256 !== sha256) throw importJobErrors.checksumMismatch();
  const { rows, issues } = readPolicyRows(text);
  const report: ImportJobReport = {
    rows: rowCount(rows, issues),
    valid: rows.length,
    rejectedRows: new Set(issues.filter((i) => i.line > 1).map((i) => i.line)).size,
    issues: issues.slice(0, IMPORT_JOB_MAX_ISSUES),
    issueCount: issues.length,
    fileError: issues.some((i) => i.line <= 1),
    sha256,
  };
  const saved = next(job, deps.clock.now(), { status: 'validated', report });
  await deps.jobs.save(saved, job.version, jobAudit(who, job, 'validate', { rows: report.rows, valid: report.valid, rejectedRows: report.rejectedRows, fileError: report.fileError }));
  return saved;
};

/** 确认导入: refused exactly as importPolicies refuses (bad rows without the explicit choice, a full import that would skip rows). */
export const confirmImportJob = async (deps: ImportJobDeps, who: Actor, input: { jobId: string; version: number; validRowsOnly: boolean }): Promise<ImportJob> => {
  const job = await owned(deps, who, input.jobId, 'validated');
  if (job.version !== input.version) throw new DomainError('POLICY_IMPORT_JOB.VERSION_CONFLICT', '内容已被他人更新，请刷新后重试', `import job ${job.id} changed`);
  const report = job.report!;
  refuseBadRows(report.issues, { full: job.full, validRowsOnly: input.validRowsOnly });
  if (!report.valid) throw importJobErrors.nothingToImport();
  const now = deps.clock.now();
  const saved = next(job, now, {
    status: 'applying',
    validRowsOnly: input.validRowsOnly,
    confirmedBy: { id: who.id, role: who.role },
    confirmedAt: now.toISOString(),
    batchId: newBatchId(deps),
    cursor: { phase: 'stage', next: 0 },
  });
  await deps.jobs.save(saved, job.version, jobAudit(who, job, 'confirm', { batchId: saved.batchId, validRowsOnly: input.validRowsOnly, full: job.full, valid: report.valid }));
  return saved;
};

/** 放弃: the operator drops a job before confirming it; its chunks go. */
export const abandonImportJob = async (deps: ImportJobDeps, who: Actor, jobId: string): Promise<ImportJob> => {
  const job = await existing(deps, jobId);
  if (job.createdBy.id !== who.id) throw importJobErrors.notOwner();
  if (!ACTIVE_BEFORE_CONFIRM.includes(job.status)) throw importJobErrors.wrongState(job.status);
  return endBeforeConfirm(deps, who, job, 'abandon', '操作人放弃');
};

const endBeforeConfirm = async (deps: ImportJobDeps, who: Actor, job: ImportJob, step: string, why: string) => {
  const now = deps.clock.now();
  const saved = next(job, now, { status: 'abandoned', finishedAt: now.toISOString(), lastError: why });
  await deps.jobs.save(saved, job.version, jobAudit(who, job, step, { status: job.status }));
  await deps.jobs.deleteChunks(job.id);
  return saved;
};

export interface ImportRunReport {
  jobId: string;
  status: ImportJobStatus;
  phase?: ImportPhase;
  rows: number;
  error?: string;
}

const TIMER = { id: 'system-timer', role: 'system', name: '定时任务' };

/**
 * The timer's part: abandons jobs left untouched for 24 hours before confirmation, then moves confirmed
 * jobs forward by at most `budget` rows in slices of `slice` rows, saving the cursor after each slice.
 * Every store step is idempotent, so a slice repeated after a crash changes nothing twice.
 */
export const runImportJobs = async (deps: ImportJobDeps, opts: { budget?: number; slice?: number } = {}): Promise<ImportRunReport[]> => {
  let budget = opts.budget ?? 600;
  const slice = Math.max(1, opts.slice ?? 100);
  const now = deps.clock.now();
  const out: ImportRunReport[] = [];
  for (const job of await deps.jobs.byStatus(ACTIVE_BEFORE_CONFIRM, 50))
    if (now.getTime() - Date.parse(job.updatedAt) >= IMPORT_JOB_STALE_MS) {
      await endBeforeConfirm(deps, TIMER, job, 'abandon', '超过24小时未操作，已自动放弃');
      out.push({ jobId: job.id, status: 'abandoned', rows: 0 });
    }
  for (const start of await deps.jobs.byStatus(['applying'], 10)) {
    if (budget <= 0) break;
    let job = start;
    let rows = 0;
    try {
      const text = await fileOf(deps, job);
      if (deps.hash(text) !== job.report!.sha256) throw new Error('the uploaded chunks no longer match the validated file');
      const policies = readPolicyRows(text).rows.map((r) => toPolicy(deps.box, r, job.batchId!, job.confirmedAt!));
      const ref = () => ({ batchId: job.batchId!, at: deps.clock.now().toISOString() });
      while (job.status === 'applying' && budget > 0) {
        const cursor = job.cursor!;
        let change: Partial<ImportJob>;
        let audit: AuditDraft | undefined;
        if (cursor.phase === 'stage') {
          const part = policies.slice(cursor.next, cursor.next + slice);
          await deps.policies.stageImport(ref(), part);
          const n = cursor.next + part.length;
          change = { cursor: n < policies.length ? { phase: 'stage', next: n } : { phase: job.full ? 'lapse' : 'commit', next: n } };
          rows += part.length;
          budget -= Math.max(1, part.length);
        } else if (cursor.phase === 'lapse') {
          const r = await deps.policies.stageLapses(ref(), cursor.after, slice);
          change = { cursor: r.done ? { phase: 'commit', next: cursor.next } : { ...cursor, after: r.last } };
          budget -= slice;
        } else if (cursor.phase === 'commit') {
          const report = job.report!;
          const counts = await deps.policies.commitStaged(
            { ...ref(), lapseAbsent: job.full },
            importAudit(job.confirmedBy!, job.batchId!, { rows: report.rows, valid: report.valid, skipped: report.issueCount, full: job.full, jobId: job.id }),
          );
          change = { counts, cursor: { phase: 'finish', next: cursor.next } };
          budget -= 1;
        } else {
          const done = await deps.policies.finishStaged(job.batchId!, slice);
          budget -= slice;
          change = done ? { status: 'done', finishedAt: deps.clock.now().toISOString() } : {};
          if (done) audit = jobAudit(TIMER, job, 'finish', { batchId: job.batchId, ...job.counts });
        }
        const saved = next(job, deps.clock.now(), { ...change, slices: job.slices + 1, attempts: 0, lastError: undefined });
        await deps.jobs.save(saved, job.version, audit);
        job = saved;
      }
      if (job.status === 'done') await deps.jobs.deleteChunks(job.id);
      out.push({ jobId: job.id, status: job.status, phase: job.cursor?.phase, rows });
    } catch (e) {
      out.push({ jobId: job.id, status: await failed(deps, job, e), phase: job.cursor?.phase, rows, error: String(e instanceof Error ? e.message : e).slice(0, 200) });
      // Another import holds the register (or this job changed under us): the next run tries again.
      break;
    }
  }
  return out;
};

/** A failing slice is retried by the next runs; after MAX_ATTEMPTS, or when it cannot succeed, the job fails and its staged rows go. */
const failed = async (deps: ImportJobDeps, job: ImportJob, e: unknown): Promise<ImportJobStatus> => {
  const code = e instanceof DomainError ? e.code : '';
  if (code === 'POLICY_IMPORT_JOB.VERSION_CONFLICT') return job.status;
  const busy = code === 'POLICY_IMPORT.BUSY' || code === 'STORE.BUSY';
  const attempts = busy ? job.attempts : job.attempts + 1;
  const give = attempts >= MAX_ATTEMPTS && job.cursor?.phase !== 'finish';
  const message = busy ? '另一批保单正在导入，稍后自动继续' : String(e instanceof Error ? e.message : e).slice(0, 200);
  const now = deps.clock.now();
  const saved = next(job, now, give ? { status: 'failed', attempts, lastError: message, finishedAt: now.toISOString() } : { attempts, lastError: message });
  try {
    await deps.jobs.save(saved, job.version, give ? jobAudit(TIMER, job, 'fail', { batchId: job.batchId, error: message }) : undefined);
    if (give) {
      // Safe whatever the commit did: a committed batch is not discarded (it is whole in the register).
      await deps.policies.discardStaged(job.batchId!);
      await deps.jobs.deleteChunks(job.id);
    }
  } catch {
    return job.status;
  }
  return saved.status;
};
