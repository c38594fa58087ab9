import type { AuditDraft } from '../audit/chain';
import { DomainError } from '../shared/errors';

/**
 * Export jobs (导出任务): long work the admin page starts and the `jobs` timer function does, a chunk
 * per tick within a time budget, its cursor saved after every chunk so a run cut short (a timeout,
 * kill -9) resumes where it stopped. The output goes to storage; the page polls the job's progress.
 */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';
export const JOB_STATUSES: Record<JobStatus, string> = { queued: '排队中', running: '生成中', done: '已完成', failed: '失败' };

export interface JobOutput {
  fileId: string;
  name: string;
  bytes: number;
  sha256: string;
}

export interface ExportJob {
  id: string;
  kind: string;
  params: Record<string, string>;
  status: JobStatus;
  progress: { done: number; total: number };
  /** Where the kind is: its next step and what the earlier steps produced (JSON). */
  cursor?: { step: number; state?: unknown };
  output?: JobOutput;
  error?: { code: string; message: string };
  /** Runs that failed in a row (a crash leaves the job running; the next tick takes it up). */
  attempts: number;
  createdBy: { id: string; role: string; name: string };
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  version: number;
}

export interface JobStore {
  create(job: ExportJob, audit: AuditDraft): Promise<void>;
  get(id: string): Promise<ExportJob | null>;
  /** Version-checked (JOBS.VERSION_CONFLICT). */
  save(job: ExportJob, expectedVersion: number): Promise<void>;
  /** Queued or running, oldest first. */
  runnable(limit: number): Promise<ExportJob[]>;
  /** The staff member's jobs, newest first. */
  byCreator(staffId: string, limit: number): Promise<ExportJob[]>;
}

/** Where a job's file goes: storage (the data folder locally, CloudBase storage in the cloud). */
export interface JobFileStore {
  /** Writes (or overwrites) the file at `path`; answers its file id. Idempotent per path. */
  put(path: string, bytes: Uint8Array, contentType: string): Promise<string>;
  /** A short-lived link for `viewer`, as FileStorage.link. */
  link(fileId: string, viewer: string, expiresAt: Date): Promise<string>;
}

export const jobErrors = {
  notFound: () => new DomainError('JOBS.NOT_FOUND', '未找到该导出任务', 'job not found'),
  notYours: () => new DomainError('JOBS.NOT_FOUND', '未找到该导出任务', 'job belongs to another staff member'),
  notReady: () => new DomainError('JOBS.NOT_READY', '文件尚未生成完成，请稍候', 'job has no output yet'),
  unknownKind: (kind: string) => new DomainError('JOBS.UNKNOWN_KIND', '不支持的导出类型', `unknown job kind ${kind}`),
  versionConflict: (id: string) => new DomainError('JOBS.VERSION_CONFLICT', '任务状态已变化，请刷新后重试', `job ${id} changed`),
};
