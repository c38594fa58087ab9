import { isDomainError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import { jobErrors, type ExportJob, type JobFileStore, type JobStore } from './model';

/**
 * One kind of job: a fixed number of steps, each small enough for one chunk. A step gets the state
 * the earlier ones left and returns the next; the last returns the file. Steps must be deterministic
 * given the state, so a step repeated after a crash gives the same result.
 */
export interface JobKind<Deps> {
  steps(job: ExportJob): number;
  step(deps: Deps, job: ExportJob, i: number, state: unknown): Promise<{ state: unknown } | { file: { name: string; bytes: Uint8Array; contentType: string } }>;
}

export interface JobRunnerDeps<Deps> {
  jobs: JobStore;
  files: JobFileStore;
  clock: Clock;
  hash: (bytes: Uint8Array) => string;
  kinds: Record<string, JobKind<Deps>>;
  kindDeps: Deps;
  /** Milliseconds a tick may spend before it stops at the next step boundary, read on `monotonicMs` (performance.now). */
  budgetMs: number;
  monotonicMs: () => number;
  /** Called between steps (tests simulate a crash here). */
  afterStep?: (job: ExportJob) => void | Promise<void>;
}

const MAX_ATTEMPTS = 3;

const save = async (deps: JobRunnerDeps<unknown>, job: ExportJob, patch: Partial<ExportJob>): Promise<ExportJob> => {
  const next: ExportJob = { ...job, ...patch, updatedAt: deps.clock.now().toISOString(), version: job.version + 1 };
  await deps.jobs.save(next, job.version);
  return next;
};

/** Runs one job's steps until it is done or the budget is spent; the cursor is saved after each step. */
const advance = async <Deps>(deps: JobRunnerDeps<Deps>, start: ExportJob, deadline: number): Promise<ExportJob> => {
  const kind = deps.kinds[start.kind];
  let job = start;
  if (!kind) return save(deps as JobRunnerDeps<unknown>, job, { status: 'failed', error: { code: 'JOBS.UNKNOWN_KIND', message: jobErrors.unknownKind(job.kind).memberMessage }, finishedAt: deps.clock.now().toISOString() });
  const total = kind.steps(job);
  if (job.status === 'queued') job = await save(deps as JobRunnerDeps<unknown>, job, { status: 'running', progress: { done: 0, total }, cursor: { step: 0 } });
  // At least one step per tick, then more while the budget lasts.
  while (job.status === 'running') {
    const i = job.cursor?.step ?? 0;
    const out = await kind.step(deps.kindDeps, job, i, job.cursor?.state);
    if ('file' in out) {
      // A fixed path per job: a step repeated after a crash overwrites, it does not leave a second file.
      const fileId = await deps.files.put(`exports/jobs/${job.id}/${out.file.name}`, out.file.bytes, out.file.contentType);
      job = await save(deps as JobRunnerDeps<unknown>, job, {
        status: 'done',
        progress: { done: total, total },
        cursor: undefined,
        output: { fileId, name: out.file.name, bytes: out.file.bytes.length, sha256: deps.hash(out.file.bytes) },
        attempts: 0,
        finishedAt: deps.clock.now().toISOString(),
      });
    } else {
      job = await save(deps as JobRunnerDeps<unknown>, job, { cursor: { step: i + 1, state: out.state }, progress: { done: i + 1, total }, attempts: 0 });
    }
    await deps.afterStep?.(job);
    if (deps.monotonicMs() >= deadline) break;
  }
  return job;
};

/**
 * A tick of the jobs timer: the oldest runnable jobs, a chunk each, within the budget. A job whose
 * step throws is retried on later ticks and fails for good after MAX_ATTEMPTS runs in a row.
 */
export const runJobsTick = async <Deps>(deps: JobRunnerDeps<Deps>, limit = 5): Promise<{ advanced: number; finished: number; failed: number }> => {
  const deadline = deps.monotonicMs() + deps.budgetMs;
  const out = { advanced: 0, finished: 0, failed: 0 };
  for (const job of await deps.jobs.runnable(limit)) {
    if (deps.monotonicMs() >= deadline) break;
    try {
      const after = await advance(deps, job, deadline);
      out.advanced += 1;
      if (after.status === 'done') out.finished += 1;
    } catch (e) {
      const fresh = (await deps.jobs.get(job.id)) ?? job;
      const attempts = fresh.attempts + 1;
      const error = isDomainError(e) ? { code: e.code, message: e.memberMessage } : { code: 'JOBS.STEP_FAILED', message: '生成失败，请稍后重试' };
      await save(deps as JobRunnerDeps<unknown>, fresh, attempts >= MAX_ATTEMPTS || isDomainError(e) ? { status: 'failed', attempts, error, finishedAt: deps.clock.now().toISOString() } : { attempts });
      if (attempts >= MAX_ATTEMPTS || isDomainError(e)) out.failed += 1;
    }
  }
  return out;
};
