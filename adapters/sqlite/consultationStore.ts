import type { AuditDraft } from '../../core/audit/chain';
import type { Consultation } from '../../core/consultations/model';
import type { ConsultationQueueFilter, ConsultationStore } from '../../core/consultations/ports';
import type { OutboxEntry } from '../../core/notifications/outbox';
import { commonErrors } from '../../core/shared/errors';
import type { Page } from '../../core/shared/page';
import { decodeCursor, encodeCursor } from '../cursor';
import { sha256 } from '../hash';
import type { Db } from './database';
import { auditWriter, statementCache } from './storeParts';
import { sqliteOutboxWriter } from './outboxStore';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;

const row = (c: Consultation) => ({
  id: c.id,
  number: c.number,
  member_id: c.memberId,
  status: c.status,
  stage: c.stage,
  advisor_id: c.advisor?.id ?? null,
  handed_at: c.advisor?.handedAt ?? null,
  received_at: c.receivedAt,
  due_at: c.dueAt ?? null,
  sla_next_check_at: c.slaNextCheckAt ?? null,
  version: c.version,
  doc: JSON.stringify(c),
});

const parse = (r: unknown): Consultation | null => (r ? (JSON.parse((r as { doc: string }).doc) as Consultation) : null);

/** Consultations on the embedded store; each write commits with its outbox and audit entries. */
export const sqliteConsultationStore = (db: Db, appendAudit?: AppendAudit): ConsultationStore => {
  const insert = db.prepare(`
    INSERT INTO consultations (id, number, member_id, status, stage, advisor_id, handed_at, received_at, due_at, sla_next_check_at, version, doc)
    VALUES (@id, @number, @member_id, @status, @stage, @advisor_id, @handed_at, @received_at, @due_at, @sla_next_check_at, @version, @doc)`);
  const updateRow = db.prepare(`
    UPDATE consultations SET status=@status, stage=@stage, advisor_id=@advisor_id, handed_at=@handed_at, due_at=@due_at,
      sla_next_check_at=@sla_next_check_at, version=@version, doc=@doc
    WHERE id=@id AND version=@expected`);
  const findKey = db.prepare('SELECT k.request_hash, c.doc FROM consultation_keys k JOIN consultations c ON c.id = k.consultation_id WHERE k.key_hash = ?');
  const insertKey = db.prepare('INSERT INTO consultation_keys (key_hash, consultation_id, request_hash, created_at) VALUES (?, ?, ?, ?)');
  const getById = db.prepare('SELECT doc FROM consultations WHERE id = ?');
  const getByNumber = db.prepare('SELECT doc FROM consultations WHERE number = ?');
  const byMemberFirst = db.prepare('SELECT doc, received_at, id FROM consultations WHERE member_id = ? ORDER BY received_at DESC, id DESC LIMIT ?');
  const byMemberAfter = db.prepare(
    'SELECT doc, received_at, id FROM consultations WHERE member_id = ? AND (received_at, id) < (?, ?) ORDER BY received_at DESC, id DESC LIMIT ?',
  );
  const byAdvisorFirst = db.prepare(
    'SELECT doc, handed_at, id FROM consultations INDEXED BY consultations_by_advisor WHERE advisor_id = ? ORDER BY handed_at DESC, id DESC LIMIT ?',
  );
  const byAdvisorAfter = db.prepare(
    'SELECT doc, handed_at, id FROM consultations INDEXED BY consultations_by_advisor WHERE advisor_id = ? AND (handed_at, id) < (?, ?) ORDER BY handed_at DESC, id DESC LIMIT ?',
  );
  const openAfter = db.prepare('SELECT doc FROM consultations WHERE due_at IS NOT NULL AND id > ? ORDER BY id LIMIT ?');
  const slaDue = db.prepare('SELECT doc FROM consultations WHERE sla_next_check_at IS NOT NULL AND sla_next_check_at <= ? ORDER BY sla_next_check_at LIMIT ?');
  const bump = db.prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value');

  /** One statement per queue filter, each pinned to the index that makes its page one range. */
  const queueSql = (filter: ConsultationQueueFilter, after: boolean) => {
    const [index, where] = filter.advisorId
      ? ['consultations_queue_advisor', ['advisor_id = @advisorId', ...(filter.stage ? ['stage = @stage'] : [])]]
      : filter.stage
        ? ['consultations_queue_stage', ['stage = @stage']]
        : ['consultations_queue', []];
    const conditions = ['due_at IS NOT NULL', ...where, ...(after ? ['(due_at, id) > (@afterDue, @afterId)'] : [])];
    return `SELECT doc, due_at, id FROM consultations INDEXED BY ${index} WHERE ${conditions.join(' AND ')} ORDER BY due_at, id LIMIT @limit`;
  };
  const prepared = statementCache(db);

  const writeOutbox = sqliteOutboxWriter(db);
  const writeAudit = auditWriter(appendAudit);
  const byKeyHash = (keyHash: string) => {
    const r = findKey.get(keyHash) as { request_hash: string; doc: string } | undefined;
    return r ? { consultation: JSON.parse(r.doc) as Consultation, requestHash: r.request_hash } : null;
  };

  const create = db.transaction((input: Parameters<ConsultationStore['create']>[0]) => {
    const keyHash = sha256(input.idempotencyKey);
    // Checked again inside the write lock: two submits with one key store one record.
    const earlier = byKeyHash(keyHash);
    if (earlier) return { consultation: earlier.consultation, created: false, sameRequest: earlier.requestHash === input.requestHash };
    insert.run(row(input.consultation));
    insertKey.run(keyHash, input.consultation.id, input.requestHash, input.consultation.createdAt);
    writeOutbox(input.outbox as OutboxEntry[]);
    writeAudit(input.audit, input.consultation.updatedAt);
    return { consultation: input.consultation, created: true, sameRequest: true };
  });
  const update = db.transaction((input: Parameters<ConsultationStore['update']>[0]) => {
    if (updateRow.run({ ...row(input.consultation), expected: input.expectedVersion }).changes !== 1)
      throw commonErrors.versionConflict('CONSULTATION', input.consultation.id);
    writeOutbox(input.outbox as OutboxEntry[]);
    writeAudit(input.audit, input.consultation.updatedAt);
  });

  const keysetPage = (rows: { doc: string }[], limit: number, key: (c: Consultation) => [string, string]): Page<Consultation> => {
    const items = rows.slice(0, limit).map((r) => JSON.parse(r.doc) as Consultation);
    const last = items[items.length - 1];
    return { items, ...(rows.length > limit && last ? { nextCursor: encodeCursor(key(last)) } : {}) };
  };

  return {
    create: async (input) => create.immediate(input),
    findByIdempotencyKey: async (key) => byKeyHash(sha256(key)),
    get: async (id) => parse(getById.get(id)),
    byNumber: async (number) => parse(getByNumber.get(number)),
    update: async (input) => {
      update.immediate(input);
    },
    listByMember: async (memberId, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = (after ? byMemberAfter.all(memberId, after[0], after[1], limit + 1) : byMemberFirst.all(memberId, limit + 1)) as { doc: string }[];
      return keysetPage(rows, limit, (c) => [c.receivedAt, c.id]);
    },
    listByAdvisor: async (advisorId, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = (after ? byAdvisorAfter.all(advisorId, after[0], after[1], limit + 1) : byAdvisorFirst.all(advisorId, limit + 1)) as { doc: string }[];
      return keysetPage(rows, limit, (c) => [c.advisor?.handedAt ?? '', c.id]);
    },
    queue: async (filter, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = prepared(queueSql(filter, Boolean(after))).all({
        ...(filter.advisorId ? { advisorId: filter.advisorId } : {}),
        ...(filter.stage ? { stage: filter.stage } : {}),
        ...(after ? { afterDue: after[0], afterId: after[1] } : {}),
        limit: limit + 1,
      }) as { doc: string }[];
      return keysetPage(rows, limit, (c) => [c.dueAt ?? '', c.id]);
    },
    listOpen: async ({ after, limit }) => (openAfter.all(after ?? '', limit) as { doc: string }[]).map((r) => JSON.parse(r.doc) as Consultation),
    findSlaDue: async (at, limit) => (slaDue.all(at.toISOString(), limit) as { doc: string }[]).map((r) => JSON.parse(r.doc) as Consultation),
    nextSequence: async (name) => (bump.get(name) as { value: number }).value,
  };
};
