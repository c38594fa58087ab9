import type { AuditDraft } from '../../core/audit/chain';
import type { ExportJob, JobStore } from '../../core/jobs/model';
import { jobErrors } from '../../core/jobs/model';
import { correctionKey, type QuarterCommentary, type QuarterCorrection, type QuarterSnapshot, type ReportStore } from '../../core/reports/model';
import { commentaryErrors } from '../../core/reports/quarterly';
import type { Db } from './database';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;

/** 季度报告's snapshots, corrections and commentary (the migration after the education tables). */
export const sqliteReportStore = (db: Db, appendAudit: AppendAudit): ReportStore => {
  const getSnap = db.prepare('SELECT doc FROM quarterly_snapshots WHERE quarter = ?');
  const insSnap = db.prepare('INSERT OR IGNORE INTO quarterly_snapshots (quarter, frozen_at, doc) VALUES (?, ?, ?)');
  const listCorr = db.prepare('SELECT doc FROM quarterly_corrections WHERE quarter = ? ORDER BY at, id');
  const insCorr = db.prepare('INSERT OR IGNORE INTO quarterly_corrections (id, quarter, once_key, at, doc) VALUES (?, ?, ?, ?, ?)');
  const latest = db.prepare('SELECT doc FROM quarterly_commentary WHERE quarter = ? ORDER BY version DESC LIMIT 1');
  const history = db.prepare('SELECT doc FROM quarterly_commentary WHERE quarter = ? ORDER BY version');
  const insComment = db.prepare('INSERT INTO quarterly_commentary (quarter, version, doc) VALUES (?, ?, ?)');
  const parse = <T>(r: unknown) => (r ? (JSON.parse((r as { doc: string }).doc) as T) : null);
  const saveComment = db.transaction((c: QuarterCommentary, expected: number, audit: AuditDraft) => {
    const cur = parse<QuarterCommentary>(latest.get(c.quarter));
    if ((cur?.version ?? 0) !== expected || c.version !== expected + 1) throw commentaryErrors.conflict(c.quarter);
    insComment.run(c.quarter, c.version, JSON.stringify(c));
    appendAudit(audit, new Date(c.updatedAt));
  });
  return {
    snapshot: async (q) => parse<QuarterSnapshot>(getSnap.get(q)),
    freeze: async (s) => {
      insSnap.run(s.quarter, s.frozenAt, JSON.stringify(s));
      return parse<QuarterSnapshot>(getSnap.get(s.quarter))!;
    },
    corrections: async (q) => listCorr.all(q).map((r) => parse<QuarterCorrection>(r)!),
    addCorrection: async (c) => insCorr.run(c.id, c.quarter, correctionKey(c), c.at, JSON.stringify(c)).changes === 1,
    commentary: async (q) => parse<QuarterCommentary>(latest.get(q)),
    commentaryHistory: async (q) => history.all(q).map((r) => parse<QuarterCommentary>(r)!),
    saveCommentary: async (c, expected, audit) => saveComment.immediate(c, expected, audit),
  };
};

/** 导出任务 (core/jobs). */
export const sqliteJobStore = (db: Db, appendAudit: AppendAudit): JobStore => {
  const row = (j: ExportJob) => ({ id: j.id, status: j.status, createdBy: j.createdBy.id, createdAt: j.createdAt, version: j.version, doc: JSON.stringify(j) });
  const insert = db.prepare('INSERT INTO export_jobs (id, status, created_by, created_at, version, doc) VALUES (@id, @status, @createdBy, @createdAt, @version, @doc)');
  const update = db.prepare('UPDATE export_jobs SET status = @status, version = @version, doc = @doc WHERE id = @id AND version = @expected');
  const get = db.prepare('SELECT doc FROM export_jobs WHERE id = ?');
  const runnable = db.prepare("SELECT doc FROM export_jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id LIMIT ?");
  const byCreator = db.prepare('SELECT doc FROM export_jobs WHERE created_by = ? ORDER BY created_at DESC, id DESC LIMIT ?');
  const docs = (rows: unknown[]) => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as ExportJob);
  const create = db.transaction((job: ExportJob, audit: AuditDraft) => {
    insert.run(row(job));
    appendAudit(audit, new Date(job.createdAt));
  });
  return {
    create: async (job, audit) => create.immediate(job, audit),
    get: async (id) => docs(get.all(id))[0] ?? null,
    save: async (job, expected) => {
      if (update.run({ ...row(job), expected }).changes === 0) throw jobErrors.versionConflict(job.id);
    },
    runnable: async (limit) => docs(runnable.all(limit)),
    byCreator: async (staffId, limit) => docs(byCreator.all(staffId, limit)),
  };
};
