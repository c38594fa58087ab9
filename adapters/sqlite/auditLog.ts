import {
  chainEntry,
  chainIdOf,
  headOf,
  type AuditCheckpoint,
  type AuditDraft,
  type AuditEntry,
  type AuditHead,
  type AuditLog,
  type AuditPage,
} from '../../core/audit/chain';
import type { Clock } from '../../core/shared/ports';
import { sha256 } from '../hash';
import type { Db } from './database';

type Row = {
  id: string;
  chain_id: string;
  seq: number;
  at: string;
  actor_id: string;
  actor_role: string;
  action: string;
  subject_type: string;
  subject_id: string;
  detail: string | null;
  prev_hash: string;
  hash: string;
};
type HeadRow = { chain_id: string; seq: number; hash: string; at: string; move_key: string };

const fromRow = (r: Row): AuditEntry => ({
  chainId: r.chain_id,
  id: r.id,
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
const fromHeadRow = (r: HeadRow): AuditHead => ({ chainId: r.chain_id, seq: r.seq, hash: r.hash, at: r.at, moveKey: r.move_key });

/**
 * The SQL half of appending: reads the subject chain's head, writes the entry and moves the head.
 * Shared by the adapter and by migration 8, which rebuilt the old global chain into subject chains.
 */
const appender = (db: Db) => {
  const head = db.prepare('SELECT seq, hash FROM audit_heads WHERE chain_id = ?');
  const insert = db.prepare(`INSERT INTO audit_log (id, chain_id, seq, at, actor_id, actor_role, action, subject_type, subject_id, detail, prev_hash, hash)
    VALUES (@id, @chainId, @seq, @at, @actorId, @actorRole, @action, @subjectType, @subjectId, @detail, @prevHash, @hash)`);
  const moveHead = db.prepare(`INSERT INTO audit_heads (chain_id, seq, hash, at, move_key) VALUES (@chainId, @seq, @hash, @at, @moveKey)
    ON CONFLICT (chain_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, at = excluded.at, move_key = excluded.move_key`);
  return (draft: AuditDraft, at: Date): AuditEntry => {
    const previous = head.get(chainIdOf(draft.subjectType, draft.subjectId)) as { seq: number; hash: string } | undefined;
    const e = chainEntry(draft, previous, at, sha256);
    insert.run({ ...e, detail: e.detail === undefined ? null : JSON.stringify(e.detail) });
    moveHead.run(headOf(e));
    return e;
  };
};

/**
 * Migration 8, run once inside its migration transaction: the entries of the old single chain
 * (kept, read-only, as `audit_log_v1`) are appended again, in their old order with their own times,
 * actors and details, to the chains of their subjects: new seq, links and hashes. Re-hashing would
 * launder a break in the old chain, so the old chain is verified by the old rule first and the result
 * is itself audited (`audit.migrate` on subject audit/migration, with the first broken entry if any);
 * the old rows stay as evidence.
 */
export const rebuildAuditChains = (db: Db, at: Date = new Date()): number => {
  const append = appender(db);
  let previous: { seq: number; hash: string } | undefined;
  let brokenAt: number | undefined;
  let n = 0;
  for (const r of db.prepare('SELECT * FROM audit_log_v1 ORDER BY seq').all() as Row[]) {
    const old = [r.seq, r.at, r.actor_id, r.actor_role, r.action, r.subject_type, r.subject_id, r.detail ? JSON.parse(r.detail) : null, r.prev_hash];
    if (brokenAt === undefined && (r.seq !== (previous?.seq ?? 0) + 1 || r.prev_hash !== (previous?.hash ?? '0'.repeat(64)) || sha256(JSON.stringify(old)) !== r.hash))
      brokenAt = r.seq;
    previous = r;
    const draft: AuditDraft = { actorId: r.actor_id, actorRole: r.actor_role, action: r.action, subjectType: r.subject_type, subjectId: r.subject_id };
    append(r.detail ? { ...draft, detail: JSON.parse(r.detail) } : draft, new Date(r.at));
    n += 1;
  }
  if (n > 0)
    append(
      {
        actorId: 'system',
        actorRole: 'system',
        action: 'audit.migrate',
        subjectType: 'audit',
        subjectId: 'migration',
        detail: { rebuilt: n, oldChain: brokenAt === undefined ? { ok: true, entries: n } : { ok: false, firstBrokenSeq: brokenAt } },
      },
      at,
    );
  return n;
};

/**
 * One hash chain per subject (core/audit/chain.ts). Callers inside a write transaction (the complaint,
 * member, privacy and holiday stores) use appendSync so the audit entry commits or rolls back with the
 * change it describes. SQLite has one writer at a time, so no head is ever contended here; the schema
 * and the checkpoint job are the same as on CloudBase all the same.
 */
/** An action's group (core/audit/chain.ts actionGroupOf) in SQL: the text before the first dot. */
export const ACTION_GROUP_SQL = "substr(action, 1, instr(action || '.', '.') - 1)";

export const sqliteAuditLog = (db: Db, clock: Clock) => {
  const appendSync = appender(db);
  const appendTx = db.transaction((draft: AuditDraft) => appendSync(draft, clock.now()));
  const pages = new Map<string, ReturnType<Db['prepare']>>();
  const listStatement = (page: AuditPage) => {
    const where = [
      page.subjectId !== undefined && 'subject_id = @subjectId',
      page.subjectType !== undefined && 'subject_type = @subjectType',
      // The expression of the audit_by_group index (migration below), written identically so SQLite uses it.
      page.actionGroup !== undefined && `${ACTION_GROUP_SQL} = @actionGroup`,
      page.actorIds !== undefined && `actor_id IN (${page.actorIds.map((_, i) => `@actor${i}`).join(', ') || 'NULL'})`,
      page.before && '(at, id) < (@beforeAt, @beforeId)',
    ]
      .filter(Boolean)
      .join(' AND ');
    const sql = `SELECT * FROM audit_log ${where ? `WHERE ${where}` : ''} ORDER BY at DESC, id DESC LIMIT @limit`;
    if (!pages.has(sql)) pages.set(sql, db.prepare(sql));
    return pages.get(sql)!;
  };
  const lastCheckpoint = db.prepare('SELECT doc FROM audit_checkpoints ORDER BY seq DESC LIMIT 1').pluck();
  const insertCheckpoint = db.prepare('INSERT INTO audit_checkpoints (seq, doc) VALUES (?, ?) ON CONFLICT (seq) DO NOTHING');
  const movedHeads = db.prepare('SELECT * FROM audit_heads WHERE move_key > ? AND move_key <= ? ORDER BY move_key LIMIT ?');
  const log: AuditLog & { appendSync: typeof appendSync } = {
    appendSync,
    append: async (draft) => appendTx.immediate(draft),
    list: async (page) =>
      (
        listStatement(page).all({
          subjectId: page.subjectId,
          subjectType: page.subjectType,
          actionGroup: page.actionGroup,
          ...Object.fromEntries((page.actorIds ?? []).map((id, i) => [`actor${i}`, id])),
          beforeAt: page.before?.at,
          beforeId: page.before?.id,
          limit: page.limit,
        }) as Row[]
      ).map(fromRow),
    *all() {
      for (const r of db.prepare('SELECT * FROM audit_log ORDER BY at, id').iterate() as IterableIterator<Row>) yield fromRow(r);
    },
    *byChain() {
      for (const r of db.prepare('SELECT * FROM audit_log ORDER BY chain_id, seq').iterate() as IterableIterator<Row>) yield fromRow(r);
    },
    *heads() {
      for (const r of db.prepare('SELECT * FROM audit_heads ORDER BY chain_id').iterate() as IterableIterator<HeadRow>) yield fromHeadRow(r);
    },
    *checkpoints() {
      for (const doc of db.prepare('SELECT doc FROM audit_checkpoints ORDER BY seq').pluck().iterate() as IterableIterator<string>)
        yield JSON.parse(doc) as AuditCheckpoint;
    },
    lastCheckpoint: async () => {
      const doc = lastCheckpoint.get() as string | undefined;
      return doc ? (JSON.parse(doc) as AuditCheckpoint) : undefined;
    },
    movedHeads: async ({ after, upTo, limit }) => (movedHeads.all(after, upTo, limit) as HeadRow[]).map(fromHeadRow),
    addCheckpoint: async (c) => insertCheckpoint.run(c.seq, JSON.stringify(c)).changes === 1,
  };
  return log;
};
