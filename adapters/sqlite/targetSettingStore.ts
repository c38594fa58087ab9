import type { AuditDraft } from '../../core/audit/chain';
import { targetErrors, type TargetSetting, type TargetSettingStore } from '../../core/reports/targetSettings';
import type { Db } from './database';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;

/** 季度报告 targets compliance confirms: one row per version (the migration after staff alerts' owner index). */
export const sqliteTargetSettingStore = (db: Db, appendAudit: AppendAudit): TargetSettingStore => {
  const current = db.prepare(
    'SELECT s.doc FROM report_target_settings s WHERE s.year = ? AND s.version = (SELECT MAX(version) FROM report_target_settings t WHERE t.year = s.year AND t.key = s.key) ORDER BY s.key',
  );
  const latest = db.prepare('SELECT MAX(version) AS v FROM report_target_settings WHERE year = ? AND key = ?');
  const history = db.prepare('SELECT doc FROM report_target_settings WHERE year = ? AND key = ? ORDER BY version');
  const insert = db.prepare('INSERT INTO report_target_settings (year, key, version, doc) VALUES (?, ?, ?, ?)');
  const docs = (rows: unknown[]) => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as TargetSetting);
  const save = db.transaction((s: TargetSetting, expected: number, audit: AuditDraft) => {
    const now = (latest.get(s.year, s.key) as { v: number | null }).v ?? 0;
    if (now !== expected || s.version !== expected + 1) throw targetErrors.conflict(s.year, s.key);
    insert.run(s.year, s.key, s.version, JSON.stringify(s));
    appendAudit(audit, new Date(s.setAt));
  });
  return {
    current: async (year) => docs(current.all(year)),
    history: async (year, key) => docs(history.all(year, key)),
    save: async (s, expected, audit) => save.immediate(s, expected, audit),
  };
};
