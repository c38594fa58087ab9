import { chainEntry, type AuditDraft, type AuditEntry, type AuditLog } from '../../core/audit/chain';
import type { Clock } from '../../core/shared/ports';
import { sha256 } from '../hash';
import type { Db } from './database';


type Row = { seq: number; at: string; actor_id: string; actor_role: string; action: string; subject_type: string; subject_id: string; detail: string | null; prev_hash: string; hash: string };

const fromRow = (r: Row): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actorId: r.actor_id,
  actorRole: r.actor_role,
  action: r.action,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  detail: r.detail ? JSON.parse(r.detail) : undefined,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * Appends chain to the last entry; callers inside a write transaction (the complaint store) use
 * appendSync so the audit entry commits or rolls back with the change it describes.
 */
export const sqliteAuditLog = (db: Db, clock: Clock) => {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(`INSERT INTO audit_log (seq, at, actor_id, actor_role, action, subject_type, subject_id, detail, prev_hash, hash)
    VALUES (@seq, @at, @actorId, @actorRole, @action, @subjectType, @subjectId, @detail, @prevHash, @hash)`);
  const appendSync = (draft: AuditDraft, at: Date): AuditEntry => {
    const e = chainEntry(draft, last.get() as { seq: number; hash: string } | undefined, at, sha256);
    insert.run({ ...e, detail: e.detail === undefined ? null : JSON.stringify(e.detail) });
    return e;
  };
  const appendTx = db.transaction((draft: AuditDraft) => appendSync(draft, clock.now()));
  const log: AuditLog & { appendSync: typeof appendSync } = {
    appendSync,
    append: async (draft) => appendTx.immediate(draft),
    list: async ({ afterSeq, limit, subjectId }) =>
      (
        (subjectId
          ? db.prepare('SELECT * FROM audit_log WHERE subject_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(subjectId, afterSeq ?? 0, limit)
          : db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq ?? 0, limit)) as Row[]
      ).map(fromRow),
    *all() {
      for (const r of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<Row>) yield fromRow(r);
    },
  };
  return log;
};
