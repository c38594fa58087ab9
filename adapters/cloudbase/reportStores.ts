import crypto from 'node:crypto';
import type { AuditDraft } from '../../core/audit/chain';
import { jobErrors, type ExportJob, type JobStore } from '../../core/jobs/model';
import { correctionKey, type QuarterCommentary, type QuarterCorrection, type QuarterSnapshot, type ReportStore } from '../../core/reports/model';
import { commentaryErrors } from '../../core/reports/quarterly';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase } from './database';
import { inTransaction } from './retry';

/*
 * 季度报告 (collections.ts):
 *  - quarterly_snapshots/<quarter>: written once, in a transaction that keeps a snapshot already there;
 *  - quarterly_corrections/<quarter>_<hash of metric and corrected value>: the document id makes a
 *    correction once; listed by quarter, oldest first;
 *  - quarterly_commentary/<quarter>_v<version>: one document per version, so versions never overwrite;
 *    the next version's id is taken in a transaction with its audit entry.
 * 导出任务: export_jobs/<jobId>, version-checked; `creatorId` (flat, for the query) beside the job.
 */
const SNAPSHOTS = 'quarterly_snapshots';
const CORRECTIONS = 'quarterly_corrections';
const COMMENTARY = 'quarterly_commentary';
const JOBS = 'export_jobs';

type Doc = Record<string, unknown>;
const dataOf = (res: { data: unknown }): Doc | null => (Array.isArray(res.data) ? ((res.data[0] as Doc | undefined) ?? null) : ((res.data as Doc | null) ?? null));
const strip = <T>(d: Doc | null, extra: string[] = []): T | null => {
  if (!d) return null;
  const out = { ...d };
  for (const k of ['_id', ...extra]) delete out[k];
  return out as T;
};
const correctionId = (c: QuarterCorrection) => `${c.quarter}_${crypto.createHash('sha256').update(correctionKey(c)).digest('hex').slice(0, 32)}`;
const versionId = (quarter: string, v: number) => `${quarter}_v${String(v).padStart(5, '0')}`;

export const cloudbaseReportStore = (db: CbDatabase): ReportStore => ({
  snapshot: async (q) => strip<QuarterSnapshot>(dataOf(await db.collection(SNAPSHOTS).doc(q).get())),
  freeze: (s) =>
    inTransaction(db, async (tx) => {
      const had = strip<QuarterSnapshot>(dataOf(await tx.collection(SNAPSHOTS).doc(s.quarter).get()));
      if (had) return had;
      await tx.collection(SNAPSHOTS).doc(s.quarter).set(toDocument(s));
      return s;
    }),
  corrections: async (q) =>
    (await db.collection(CORRECTIONS).where({ quarter: q }).orderBy('at', 'asc').orderBy('_id', 'asc').limit(1000).get()).data.map((d) => strip<QuarterCorrection>(d)!),
  addCorrection: (c) =>
    inTransaction(db, async (tx) => {
      const id = correctionId(c);
      if (dataOf(await tx.collection(CORRECTIONS).doc(id).get())) return false;
      await tx.collection(CORRECTIONS).doc(id).set(toDocument(c));
      return true;
    }),
  commentary: async (q) => strip<QuarterCommentary>((await db.collection(COMMENTARY).where({ quarter: q }).orderBy('version', 'desc').limit(1).get()).data[0] ?? null),
  commentaryHistory: async (q) => (await db.collection(COMMENTARY).where({ quarter: q }).orderBy('version', 'asc').limit(1000).get()).data.map((d) => strip<QuarterCommentary>(d)!),
  saveCommentary: (c: QuarterCommentary, expected: number, audit: AuditDraft) =>
    inTransaction(db, async (tx) => {
      if (c.version !== expected + 1) throw commentaryErrors.conflict(c.quarter);
      if (expected > 0 && !dataOf(await tx.collection(COMMENTARY).doc(versionId(c.quarter, expected)).get())) throw commentaryErrors.conflict(c.quarter);
      if (dataOf(await tx.collection(COMMENTARY).doc(versionId(c.quarter, c.version)).get())) throw commentaryErrors.conflict(c.quarter);
      await tx.collection(COMMENTARY).doc(versionId(c.quarter, c.version)).set(toDocument(c));
      await appendAuditInTx(tx, audit, new Date(c.updatedAt));
    }),
});

const jobOf = (d: Doc | null): ExportJob | null => {
  const j = strip<Omit<ExportJob, 'id'>>(d, ['creatorId']);
  return j && d ? ({ ...j, id: String(d._id) } as ExportJob) : null;
};
const jobBody = (j: ExportJob) => {
  const { id: _id, ...rest } = j;
  return toDocument({ ...rest, creatorId: j.createdBy.id });
};

export const cloudbaseJobStore = (db: CbDatabase): JobStore => {
  const _ = db.command;
  return {
    create: (job, audit) =>
      inTransaction(db, async (tx) => {
        await tx.collection(JOBS).doc(job.id).set(jobBody(job));
        await appendAuditInTx(tx, audit, new Date(job.createdAt));
      }),
    get: async (id) => jobOf(dataOf(await db.collection(JOBS).doc(id).get())),
    save: (job, expected) =>
      inTransaction(db, async (tx) => {
        const now = jobOf(dataOf(await tx.collection(JOBS).doc(job.id).get()));
        if (!now || now.version !== expected) throw jobErrors.versionConflict(job.id);
        await tx.collection(JOBS).doc(job.id).set(jobBody(job));
      }),
    runnable: async (limit) =>
      (await db.collection(JOBS).where({ status: _.in(['queued', 'running']) }).orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(limit).get()).data.map((d) => jobOf(d)!),
    byCreator: async (staffId, limit) =>
      (await db.collection(JOBS).where({ creatorId: staffId }).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit).get()).data.map((d) => jobOf(d)!),
  };
};
