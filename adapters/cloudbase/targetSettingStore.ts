import type { AuditDraft } from '../../core/audit/chain';
import { targetErrors, type TargetSetting, type TargetSettingStore } from '../../core/reports/targetSettings';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase } from './database';
import { inTransaction } from './retry';

/*
 * 季度报告 targets compliance confirms (collections.ts): report_target_settings/<year>_<key>_v<version>,
 * one document per version so versions never overwrite; the next version's id is taken in a
 * transaction with its audit entry (a second writer of the same version finds it there and loses).
 */
const SETTINGS = 'report_target_settings';

type Doc = Record<string, unknown>;
const dataOf = (res: { data: unknown }): Doc | null => (Array.isArray(res.data) ? ((res.data[0] as Doc | undefined) ?? null) : ((res.data as Doc | null) ?? null));
const strip = (d: Doc): TargetSetting => {
  const { _id: _drop, ...rest } = d;
  return rest as unknown as TargetSetting;
};
const versionId = (year: number, key: string, v: number) => `${year}_${key}_v${String(v).padStart(5, '0')}`;

export const cloudbaseTargetSettingStore = (db: CbDatabase): TargetSettingStore => ({
  current: async (year) => {
    const rows = (await db.collection(SETTINGS).where({ year }).orderBy('key', 'asc').orderBy('version', 'desc').limit(1000).get()).data.map((d) => strip(d as Doc));
    return rows.filter((r, i) => i === 0 || rows[i - 1].key !== r.key);
  },
  history: async (year, key) => (await db.collection(SETTINGS).where({ year, key }).orderBy('version', 'asc').limit(1000).get()).data.map((d) => strip(d as Doc)),
  save: (s: TargetSetting, expected: number, audit: AuditDraft) =>
    inTransaction(db, async (tx) => {
      if (s.version !== expected + 1) throw targetErrors.conflict(s.year, s.key);
      if (expected > 0 && !dataOf(await tx.collection(SETTINGS).doc(versionId(s.year, s.key, expected)).get())) throw targetErrors.conflict(s.year, s.key);
      if (dataOf(await tx.collection(SETTINGS).doc(versionId(s.year, s.key, s.version)).get())) throw targetErrors.conflict(s.year, s.key);
      await tx.collection(SETTINGS).doc(versionId(s.year, s.key, s.version)).set(toDocument(s));
      await appendAuditInTx(tx, audit, new Date(s.setAt));
    }),
});
