import type { AuditDraft } from '../../core/audit/chain';
import type { ImportJob, ImportJobStore } from '../../core/members/importJobs';
import { DomainError } from '../../core/shared/errors';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase } from './database';
import { inTransaction } from './retry';

/*
 * The admin page's register import jobs (collections.ts):
 *  - policy_import_jobs/<jobId>: the ImportJob without `id`; version-checked writes in a transaction
 *    with the job's audit entry (one audit chain per job, so jobs share no document).
 *  - policy_import_chunks/<jobId>_<index padded>: { jobId, index, text }, at most 64 KB of text each; read
 *    a few at a time (a query answer stays small) and deleted when the job ends.
 */
const JOBS = 'policy_import_jobs';
const CHUNKS = 'policy_import_chunks';
const CHUNK_PAGE = 20;
const conflict = (id: string) => new DomainError('POLICY_IMPORT_JOB.VERSION_CONFLICT', '内容已被他人更新，请刷新后重试', `import job ${id} changed`);

type Doc = Record<string, unknown>;
const dataOf = (res: { data: unknown }): Doc | null => (Array.isArray(res.data) ? ((res.data[0] as Doc | undefined) ?? null) : ((res.data as Doc | null) ?? null));
const jobOf = (d: Doc | null): ImportJob | null => {
  if (!d) return null;
  const { _id, ...rest } = d;
  return { ...(rest as Omit<ImportJob, 'id'>), id: String(_id) };
};
const body = (j: ImportJob) => {
  const { id: _id, ...rest } = j;
  return toDocument(rest);
};
const chunkId = (jobId: string, index: number) => `${jobId}_${String(index).padStart(5, '0')}`;

export const cloudbaseImportJobStore = (db: CbDatabase): ImportJobStore => {
  const _ = db.command;
  const chunkPage = async (jobId: string, after: number) =>
    (await db.collection(CHUNKS).where({ jobId, index: _.gt(after) }).orderBy('index', 'asc').limit(CHUNK_PAGE).get()).data;
  return {
    create: (job, audit) =>
      inTransaction(db, async (tx) => {
        await tx.collection(JOBS).doc(job.id).set(body(job));
        await appendAuditInTx(tx, audit, new Date(job.updatedAt));
      }),
    get: async (id) => jobOf(dataOf(await db.collection(JOBS).doc(id).get())),
    save: (job, expected, audit?: AuditDraft) =>
      inTransaction(db, async (tx) => {
        const now = jobOf(dataOf(await tx.collection(JOBS).doc(job.id).get()));
        if (!now || now.version !== expected) throw conflict(job.id);
        await tx.collection(JOBS).doc(job.id).set(body(job));
        if (audit) await appendAuditInTx(tx, audit, new Date(job.updatedAt));
      }),
    recent: async (limit) =>
      (await db.collection(JOBS).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit).get()).data.map((d) => jobOf(d)!),
    byStatus: async (statuses, limit) =>
      (await db.collection(JOBS).where({ status: _.in(statuses) }).orderBy('createdAt', 'asc').limit(limit).get()).data.map((d) => jobOf(d)!),
    putChunk: async (jobId, index, text) => {
      await db.collection(CHUNKS).doc(chunkId(jobId, index)).set({ jobId, index, text });
    },
    chunks: async (jobId) => {
      const out: { index: number; text: string }[] = [];
      for (let page = await chunkPage(jobId, -1); page.length; page = page.length < CHUNK_PAGE ? [] : await chunkPage(jobId, out[out.length - 1].index))
        out.push(...page.map((d) => ({ index: Number(d.index), text: String(d.text) })));
      return out;
    },
    deleteChunks: async (jobId) => {
      for (let page = await chunkPage(jobId, -1); page.length; page = await chunkPage(jobId, -1))
        for (const d of page) await db.collection(CHUNKS).doc(String(d._id)).remove();
    },
  };
};
