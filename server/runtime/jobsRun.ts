import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { JobFileStore, JobStore } from '../../core/jobs/model';
import { runJobsTick, type JobRunnerDeps } from '../../core/jobs/runner';
import type { QuarterlyReportDeps } from '../../core/reports/quarterly';
import { freezeSettledQuarter } from '../../core/reports/quarterly';
import { QUARTERLY_XLSX, quarterlyXlsxKind } from '../../core/reports/xlsxJob';

/**
 * What a tick of the `jobs` function does (and the local system's in-process tick): the export jobs,
 * a chunk each within the budget, then freezing the last quarter once it has settled. This file loads
 * exceljs (through xlsxJob.ts): only the jobs function and the local system import it.
 */
export const JOBS_TICK_BUDGET_MS = 20_000;

export const jobRunner = (deps: { jobs: JobStore; files: JobFileStore; quarterly: QuarterlyReportDeps }, budgetMs = JOBS_TICK_BUDGET_MS): JobRunnerDeps<QuarterlyReportDeps> => ({
  jobs: deps.jobs,
  files: deps.files,
  clock: deps.quarterly.clock,
  hash: (bytes) => crypto.createHash('sha256').update(bytes).digest('hex'),
  kinds: { [QUARTERLY_XLSX]: quarterlyXlsxKind },
  kindDeps: deps.quarterly,
  budgetMs,
  monotonicMs: () => performance.now(),
});

export const jobsTick = async (deps: { jobs: JobStore; files: JobFileStore; quarterly: QuarterlyReportDeps }, budgetMs?: number) => {
  const jobs = await runJobsTick(jobRunner(deps, budgetMs));
  const freeze = await freezeSettledQuarter(deps.quarterly);
  return { ...jobs, ...freeze };
};
