import * as z from 'zod/mini';
import { jobDownload, latestJob, ownJob, startJob } from '../../../../core/jobs/useCases';
import type { ExportJob } from '../../../../core/jobs/model';
import { commentaryHistory, quarterlyReport, saveCommentary } from '../../../../core/reports/quarterly';
import { requirePastQuarter } from '../../../../core/reports/quarter';
import { setReportTarget, yearTargetSettings } from '../../../../core/reports/targetSettings';
import { STAFF_ACTIVITY } from '../../../../core/audit/reads';
import { DomainError } from '../../../../core/shared/errors';
import { plainText } from '../../../../core/shared/validation';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

/** Job kind 1 (core/reports/xlsxJob.ts); named here as a string so the admin function never loads exceljs. */
const QUARTERLY_XLSX = 'quarterlyReportXlsx';

const quarter = z.string().check(z.maxLength(10));
const labels = { quarter: '季度', text: '评述', expectedVersion: '版本', jobId: '任务', year: '年度', key: '目标', percent: '目标数值', basis: '依据' };
const year = z.number().check(z.int());

const notConfigured = () => new DomainError('REPORTS.NOT_CONFIGURED', '季度报告暂不可用', 'no quarterly report deps configured for this function');
const q = (deps: AdminDeps) => {
  if (!deps.quarterly) throw notConfigured();
  return deps.quarterly;
};

/** What the page shows of a job: progress, status, error; never another staff member's. */
const jobView = (j: ExportJob | null) =>
  j && { id: j.id, status: j.status, progress: j.progress, error: j.error ?? null, createdAt: j.createdAt, finishedAt: j.finishedAt ?? null, fileName: j.output?.name ?? null, quarter: j.params.quarter };

/**
 * 季度报告: a past quarter's seed-000 metrics from frozen figures (frozen the first time it is
 * reported), with the previous quarter, the same quarter a year earlier, the year's targets, the
 * corrections noticed since and the manager's commentary; its XLSX export runs as a job.
 */
export const reportsArea: StaffArea<AdminDeps> = {
  quarterly: defineStaffAction({
    permission: 'reports.quarterly',
    input: z.strictObject({ quarter }),
    labels,
    run: (deps: AdminDeps, _who, input) => quarterlyReport(q(deps), input),
  }),
  commentaryHistory: defineStaffAction({
    permission: 'reports.quarterly',
    input: z.strictObject({ quarter }),
    labels,
    run: (deps: AdminDeps, _who, input) => commentaryHistory(q(deps), input),
  }),
  comment: defineStaffAction({
    permission: 'reports.comment',
    input: z.strictObject({ quarter, text: plainText(1, 4000), expectedVersion: z.number().check(z.int(), z.minimum(0)) }),
    labels,
    run: (deps: AdminDeps, who, input) => saveCommentary(q(deps), who, input),
  }),
  /** The year's targets the seed leaves without a number: the current confirmed number (if any) and every version. */
  targets: defineStaffAction({
    permission: 'reports.quarterly',
    input: z.strictObject({ year }),
    labels,
    run: (deps: AdminDeps, _who, input) => yearTargetSettings(q(deps), input),
  }),
  /** Compliance confirms such a target's number with its basis (core/reports/targetSettings.ts): versioned, audited. */
  setTarget: defineStaffAction({
    permission: 'reports.targets',
    // Range, precision and the basis's length are checked in core, each refusal with its own code.
    input: z.strictObject({ year, key: z.string().check(z.maxLength(40)), percent: z.number(), basis: plainText(0, 1000), expectedVersion: z.number().check(z.int(), z.minimum(0)) }),
    labels,
    run: (deps: AdminDeps, who, input) => setReportTarget(q(deps), who, input),
  }),
  /** Starts the XLSX job (or answers the one already running for this quarter): the `jobs` timer makes the file. */
  exportXlsx: defineStaffAction({
    permission: 'reports.quarterly',
    input: z.strictObject({ quarter }),
    labels,
    run: async (deps: AdminDeps, who, input) => {
      const d = q(deps);
      const quarterOk = requirePastQuarter(input.quarter, d.clock.now());
      return jobView(await startJob({ ...d, files: d.jobFiles }, who, QUARTERLY_XLSX, { quarter: quarterOk }, { type: 'quarterlyReport', id: quarterOk }));
    },
  }),
  /** The staff member's latest XLSX job for the quarter (a reload resumes showing its progress). */
  exportStatus: defineStaffAction({
    permission: 'reports.quarterly',
    input: z.strictObject({ quarter: z.optional(quarter), jobId: z.optional(z.string().check(z.maxLength(64))) }),
    labels,
    run: async (deps: AdminDeps, who, input) => {
      const d = q(deps);
      if (input.jobId) return jobView(await ownJob(d, who, input.jobId));
      return jobView(await latestJob(d, who, QUARTERLY_XLSX, { quarter: input.quarter ?? '' }));
    },
  }),
  /** A short-lived link to a finished job's file. */
  exportLink: defineStaffAction({
    permission: 'reports.quarterly',
    input: z.strictObject({ jobId: z.string().check(z.minLength(1), z.maxLength(64)) }),
    labels,
    run: async (deps: AdminDeps, who, input) => {
      const d = q(deps);
      const link = await jobDownload({ ...d, files: d.jobFiles }, who, input.jobId);
      // Each download of the figures is on the staff member's own audit chain, as the CSV exports are.
      await deps.audit.append({ actorId: who.id, actorRole: who.role, action: 'reports.quarterly.export', subjectType: STAFF_ACTIVITY, subjectId: who.id, detail: { jobId: input.jobId, file: link.name } });
      return link;
    },
  }),
};
