import { FILE_RULES } from '../shared/files';
import type { Clock, IdGenerator } from '../shared/ports';
import type { StaffPrincipal } from '../staff/model';
import { jobErrors, type ExportJob, type JobFileStore, type JobStore } from './model';

export interface JobAccessDeps {
  jobs: JobStore;
  files?: Pick<JobFileStore, 'link'>;
  clock: Clock;
  ids: IdGenerator;
}

const sameParams = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * Starts a job for the staff member, or answers the one of the same kind and parameters they
 * already have queued or running (a second click, or a reload, follows the same job).
 */
export const startJob = async (deps: JobAccessDeps, who: StaffPrincipal, kind: string, params: Record<string, string>, subject: { type: string; id: string }): Promise<ExportJob> => {
  const mine = await deps.jobs.byCreator(who.id, 20);
  const open = mine.find((j) => j.kind === kind && sameParams(j.params, params) && (j.status === 'queued' || j.status === 'running'));
  if (open) return open;
  const at = deps.clock.now().toISOString();
  const job: ExportJob = {
    id: deps.ids.newId(),
    kind,
    params,
    status: 'queued',
    progress: { done: 0, total: 0 },
    attempts: 0,
    createdBy: { id: who.id, role: who.role, name: who.name },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await deps.jobs.create(job, { actorId: who.id, actorRole: who.role, action: `jobs.start`, subjectType: subject.type, subjectId: subject.id, detail: { jobId: job.id, kind, params } });
  return job;
};

/** A job of the staff member's own (another's answers not found: job ids reveal nothing). */
export const ownJob = async (deps: Pick<JobAccessDeps, 'jobs'>, who: StaffPrincipal, id: string): Promise<ExportJob> => {
  const job = await deps.jobs.get(id);
  if (!job) throw jobErrors.notFound();
  if (job.createdBy.id !== who.id) throw jobErrors.notYours();
  return job;
};

/** The staff member's latest job of a kind and parameters (the page, after a reload, shows its progress). */
export const latestJob = async (deps: Pick<JobAccessDeps, 'jobs'>, who: StaffPrincipal, kind: string, params: Record<string, string>): Promise<ExportJob | null> =>
  (await deps.jobs.byCreator(who.id, 20)).find((j) => j.kind === kind && sameParams(j.params, params)) ?? null;

/** A short-lived download link of a finished job's file. */
export const jobDownload = async (deps: JobAccessDeps, who: StaffPrincipal, id: string) => {
  const job = await ownJob(deps, who, id);
  if (job.status !== 'done' || !job.output || !deps.files) throw jobErrors.notReady();
  const expiresAt = new Date(deps.clock.now().getTime() + FILE_RULES.linkTtlMs);
  return { url: await deps.files.link(job.output.fileId, `staff:${who.id}`, expiresAt), expiresAt: expiresAt.toISOString(), name: job.output.name };
};
