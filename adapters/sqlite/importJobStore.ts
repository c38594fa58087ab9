import type { AuditDraft } from '../../core/audit/chain';
import type { ImportJob, ImportJobStore } from '../../core/members/importJobs';
import { DomainError } from '../../core/shared/errors';
import type { Db } from './database';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;
const conflict = (id: string) => new DomainError('POLICY_IMPORT_JOB.VERSION_CONFLICT', '内容已被他人更新，请刷新后重试', `import job ${id} changed`);

/** The admin page's register import jobs and their uploaded chunks (migration 10). */
export const sqliteImportJobStore = (db: Db, appendAudit: AppendAudit): ImportJobStore => {
  const row = (j: ImportJob) => ({ id: j.id, status: j.status, createdAt: j.createdAt, version: j.version, doc: JSON.stringify(j) });
  const insert = db.prepare('INSERT INTO policy_import_jobs (id, status, created_at, version, doc) VALUES (@id, @status, @createdAt, @version, @doc)');
  const update = db.prepare('UPDATE policy_import_jobs SET status = @status, version = @version, doc = @doc WHERE id = @id AND version = @expected');
  const get = db.prepare('SELECT doc FROM policy_import_jobs WHERE id = ?');
  const recent = db.prepare('SELECT doc FROM policy_import_jobs ORDER BY created_at DESC, id DESC LIMIT ?');
  const putChunk = db.prepare('INSERT OR REPLACE INTO policy_import_chunks (job_id, idx, text) VALUES (?, ?, ?)');
  const chunks = db.prepare('SELECT idx, text FROM policy_import_chunks WHERE job_id = ? ORDER BY idx');
  const dropChunks = db.prepare('DELETE FROM policy_import_chunks WHERE job_id = ?');
  const docs = (rows: unknown[]) => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as ImportJob);

  const create = db.transaction((job: ImportJob, audit: AuditDraft) => {
    insert.run(row(job));
    appendAudit(audit, new Date(job.updatedAt));
  });
  const save = db.transaction((job: ImportJob, expected: number, audit?: AuditDraft) => {
    if (update.run({ ...row(job), expected }).changes === 0) throw conflict(job.id);
    if (audit) appendAudit(audit, new Date(job.updatedAt));
  });
  return {
    create: async (job, audit) => create.immediate(job, audit),
    get: async (id) => {
      const r = get.get(id) as { doc: string } | undefined;
      return r ? (JSON.parse(r.doc) as ImportJob) : null;
    },
    save: async (job, expected, audit) => save.immediate(job, expected, audit),
    recent: async (limit) => docs(recent.all(limit)),
    byStatus: async (statuses, limit) =>
      docs(db.prepare(`SELECT doc FROM policy_import_jobs WHERE status IN (${statuses.map(() => '?').join(',')}) ORDER BY created_at, id LIMIT ?`).all(...statuses, limit)),
    putChunk: async (jobId, index, text) => {
      putChunk.run(jobId, index, text);
    },
    chunks: async (jobId) => (chunks.all(jobId) as { idx: number; text: string }[]).map((c) => ({ index: c.idx, text: c.text })),
    deleteChunks: async (jobId) => {
      dropChunks.run(jobId);
    },
  };
};
