import type { AuditDraft } from '../../core/audit/chain';
import type { Claim } from '../../core/claims/model';
import type { ClaimQueueFilter, ClaimStore } from '../../core/claims/ports';
import type { OutboxEntry } from '../../core/notifications/outbox';
import { commonErrors } from '../../core/shared/errors';
import type { Page } from '../../core/shared/page';
import { decodeCursor, encodeCursor } from '../cursor';
import { sha256 } from '../hash';
import type { Db } from './database';
import { auditWriter, statementCache } from './storeParts';
import { sqliteOutboxWriter } from './outboxStore';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;

const row = (c: Claim) => ({
  id: c.id,
  number: c.number ?? null,
  member_id: c.memberId,
  status: c.status,
  created_at: c.createdAt,
  due_at: c.dueAt ?? null,
  sla_next_check_at: c.slaNextCheckAt ?? null,
  version: c.version,
  doc: JSON.stringify(c),
});

const parse = (r: unknown): Claim | null => (r ? (JSON.parse((r as { doc: string }).doc) as Claim) : null);

/** Claims on the embedded store; each write commits with its outbox and audit entries. */
export const sqliteClaimStore = (db: Db, appendAudit?: AppendAudit): ClaimStore => {
  const insert = db.prepare(`
    INSERT INTO claims (id, number, member_id, status, created_at, due_at, sla_next_check_at, version, doc)
    VALUES (@id, @number, @member_id, @status, @created_at, @due_at, @sla_next_check_at, @version, @doc)`);
  const updateRow = db.prepare(`
    UPDATE claims SET number=@number, status=@status, due_at=@due_at, sla_next_check_at=@sla_next_check_at, version=@version, doc=@doc
    WHERE id=@id AND version=@expected`);
  const findKey = db.prepare('SELECT k.request_hash, c.doc FROM claim_keys k JOIN claims c ON c.id = k.claim_id WHERE k.key_hash = ?');
  const insertKey = db.prepare('INSERT INTO claim_keys (key_hash, claim_id, request_hash, created_at) VALUES (?, ?, ?, ?)');
  const getById = db.prepare('SELECT doc FROM claims WHERE id = ?');
  const getByNumber = db.prepare('SELECT doc FROM claims WHERE number = ?');
  const byMemberFirst = db.prepare('SELECT doc FROM claims WHERE member_id = ? ORDER BY created_at DESC, id DESC LIMIT ?');
  const byMemberAfter = db.prepare('SELECT doc FROM claims WHERE member_id = ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?');
  const slaDue = db.prepare('SELECT doc FROM claims INDEXED BY claims_sla WHERE sla_next_check_at IS NOT NULL AND sla_next_check_at <= ? ORDER BY sla_next_check_at LIMIT ?');
  const openFirst = db.prepare('SELECT doc FROM claims WHERE due_at IS NOT NULL ORDER BY id LIMIT ?');
  const openAfter = db.prepare('SELECT doc FROM claims WHERE due_at IS NOT NULL AND id > ? ORDER BY id LIMIT ?');
  const bump = db.prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value');

  /** One statement per queue filter, each pinned to the index that makes its page one range. */
  const queueSql = (filter: ClaimQueueFilter, after: boolean) => {
    const [index, where] = filter.status ? ['claims_queue_status', ['status = @status']] : ['claims_queue', []];
    const conditions = ['due_at IS NOT NULL', ...where, ...(after ? ['(due_at, id) > (@afterDue, @afterId)'] : [])];
    return `SELECT doc FROM claims INDEXED BY ${index} WHERE ${conditions.join(' AND ')} ORDER BY due_at, id LIMIT @limit`;
  };
  const prepared = statementCache(db);

  const writeOutbox = sqliteOutboxWriter(db);
  const writeAudit = auditWriter(appendAudit);
  const byKeyHash = (keyHash: string) => {
    const r = findKey.get(keyHash) as { request_hash: string; doc: string } | undefined;
    return r ? { claim: JSON.parse(r.doc) as Claim, requestHash: r.request_hash } : null;
  };

  const create = db.transaction((input: Parameters<ClaimStore['create']>[0]) => {
    const keyHash = sha256(input.idempotencyKey);
    // Checked again inside the write lock: two saves with one key store one record.
    const earlier = byKeyHash(keyHash);
    if (earlier) return { claim: earlier.claim, created: false, sameRequest: earlier.requestHash === input.requestHash };
    insert.run(row(input.claim));
    insertKey.run(keyHash, input.claim.id, input.requestHash, input.claim.createdAt);
    writeOutbox(input.outbox as OutboxEntry[]);
    writeAudit(input.audit, input.claim.updatedAt);
    return { claim: input.claim, created: true, sameRequest: true };
  });
  const update = db.transaction((input: Parameters<ClaimStore['update']>[0]) => {
    if (updateRow.run({ ...row(input.claim), expected: input.expectedVersion }).changes !== 1) throw commonErrors.versionConflict('CLAIM', input.claim.id);
    writeOutbox(input.outbox as OutboxEntry[]);
    writeAudit(input.audit, input.claim.updatedAt);
  });

  const keysetPage = (rows: { doc: string }[], limit: number, key: (c: Claim) => [string, string]): Page<Claim> => {
    const items = rows.slice(0, limit).map((r) => JSON.parse(r.doc) as Claim);
    const last = items[items.length - 1];
    return { items, ...(rows.length > limit && last ? { nextCursor: encodeCursor(key(last)) } : {}) };
  };

  return {
    create: async (input) => create.immediate(input),
    get: async (id) => parse(getById.get(id)),
    byNumber: async (number) => parse(getByNumber.get(number)),
    update: async (input) => {
      update.immediate(input);
    },
    listByMember: async (memberId, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = (after ? byMemberAfter.all(memberId, after[0], after[1], limit + 1) : byMemberFirst.all(memberId, limit + 1)) as { doc: string }[];
      return keysetPage(rows, limit, (c) => [c.createdAt, c.id]);
    },
    queue: async (filter, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = prepared(queueSql(filter, Boolean(after))).all({
        ...(filter.status ? { status: filter.status } : {}),
        ...(after ? { afterDue: after[0], afterId: after[1] } : {}),
        limit: limit + 1,
      }) as { doc: string }[];
      return keysetPage(rows, limit, (c) => [c.dueAt ?? '', c.id]);
    },
    findSlaDue: async (at, limit) => (slaDue.all(at.toISOString(), limit) as { doc: string }[]).map((r) => JSON.parse(r.doc) as Claim),
    listOpen: async ({ after, limit }) => ((after ? openAfter.all(after, limit) : openFirst.all(limit)) as { doc: string }[]).map((r) => JSON.parse(r.doc) as Claim),
    nextSequence: async (name) => (bump.get(name) as { value: number }).value,
  };
};
