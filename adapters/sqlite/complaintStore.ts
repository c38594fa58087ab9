import { sha256 } from '../hash';
import { commonErrors } from '../../core/shared/errors';
import { ACTIVE_STATUSES, type Complaint } from '../../core/complaints/model';
import type { ComplaintStore } from '../../core/complaints/ports';
import { matchesResidual, planQueue, type QueueKey, type QueuePlan } from '../../core/complaints/queuePlan';
import type { Page } from '../../core/shared/page';
import type { AuditDraft } from '../../core/audit/chain';
import { queueDueAt } from '../../core/complaints/deadlines';
import type { OutboxEntry } from '../../core/notifications/outbox';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import { auditWriter, statementCache } from './storeParts';
import { sqliteOutboxWriter } from './outboxStore';
import { decodeCursor, encodeCursor } from '../cursor';
import { groupCommit } from './groupCommit';
import { writerThreadOf } from './writerThread';
import crypto from 'node:crypto';


type ComplaintRow = ReturnType<typeof row>;
const row = (c: Complaint) => ({
  id: c.id,
  number: c.number,
  member_id: c.memberId,
  status: c.status,
  grade: c.grade.value,
  green_channel: c.grade.greenChannel ? 1 : 0,
  category: c.category,
  channel: c.channel,
  owner_id: c.owner?.id ?? null,
  policy_no: c.policyNo ?? null,
  phone_index: c.contact?.phoneIndex ?? null,
  received_at: c.receivedAt,
  next_due_at: queueDueAt(c) ?? null,
  sla_next_check_at: c.slaNextCheckAt ?? null,
  version: c.version,
  updated_at: c.updatedAt,
  doc: JSON.stringify(c),
});

/** The statements a create needs, on either connection (the main one, or the writer thread's). */
const createStatements = (db: Db) => ({
  insertComplaint: db.prepare(`
    INSERT INTO complaints (id, number, member_id, status, grade, green_channel, category, channel, owner_id, policy_no,
      phone_index, received_at, next_due_at, sla_next_check_at, version, updated_at, doc)
    VALUES (@id, @number, @member_id, @status, @grade, @green_channel, @category, @channel, @owner_id, @policy_no,
      @phone_index, @received_at, @next_due_at, @sla_next_check_at, @version, @updated_at, @doc)`),
  findKey: db.prepare(`SELECT k.request_hash, c.doc FROM idempotency_keys k JOIN complaints c ON c.id = k.complaint_id WHERE k.key_hash = ?`),
  insertKey: db.prepare(`INSERT INTO idempotency_keys (key_hash, complaint_id, request_hash, created_at) VALUES (?, ?, ?, ?)`),
  bump: db.prepare(`INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`),
});

/**
 * A member's numbered submit as serialisable input, for the writer thread (writerThread.ts). The record was
 * built on the main thread with a stand-in number (`stand`, made of a random 16-digit sequence no member
 * can guess); the writer takes the real sequence inside the transaction, after the key check, and puts
 * the real number wherever the stand-in appears (the number column, the record, the outbox payloads).
 * The number's form is core/complaints/memberUseCases.ts formatNumber's: prefix, sequence of at least four
 * digits (tests/adapters/writerThread.test.ts holds the two to each other).
 */
export interface ComplaintCreateWork {
  keyHash: string;
  requestHash: string;
  counter: string;
  row: ComplaintRow;
  outbox: OutboxEntry[];
  createdAt: string;
  stand: string;
  prefix: string;
  suffix: string;
}
export type ComplaintCreateOutcome = { created: true; number: string } | { created: false; doc: string; requestHash: string };

export const complaintCreateOp = (db: Db) => {
  const st = createStatements(db);
  const writeOutbox = sqliteOutboxWriter(db);
  return (w: ComplaintCreateWork): ComplaintCreateOutcome => {
    const earlier = st.findKey.get(w.keyHash) as { request_hash: string; doc: string } | undefined;
    if (earlier) return { created: false, doc: earlier.doc, requestHash: earlier.request_hash };
    const seq = (st.bump.get(w.counter) as { value: number }).value;
    const number = `${w.prefix}${String(seq).padStart(4, '0')}${w.suffix}`;
    const swap = (text: string) => text.split(w.stand).join(number);
    st.insertComplaint.run({ ...w.row, number, doc: swap(w.row.doc) });
    st.insertKey.run(w.keyHash, w.row.id, w.requestHash, w.createdAt);
    writeOutbox(w.outbox.map((e) => ({ ...e, payload: JSON.parse(swap(JSON.stringify(e.payload))) as OutboxEntry['payload'] })));
    return { created: true, number };
  };
};

/** A stand-in sequence: 16 digits, the first never 0, so its text is its own and never padded. */
const standInSequence = () => 1e15 + crypto.randomInt(0, 2 ** 48 - 1) * 20;

/** Index entries one queue request may scan for a filter combination without an index of its own (see core/complaints/queuePlan.ts). */
export const QUEUE_SCAN_BOUND = 1000;

const parse = (r: { doc: string } | undefined): Complaint | null => (r ? (JSON.parse(r.doc) as Complaint) : null);

const FILTER_COLUMNS: Record<QueueKey, string> = {
  status: 'status',
  grade: 'grade',
  category: 'category',
  channel: 'channel',
  ownerId: 'owner_id',
};
const INDEX_SUFFIX: Record<QueueKey, string> = { status: 'status', grade: 'grade', category: 'category', channel: 'channel', ownerId: 'owner' };
/** Migration 13's names: complaints_queue, complaints_queue_status, complaints_queue_status_owner, … */
const indexName = (keys: readonly QueueKey[]) => ['complaints_queue', ...keys.map((k) => INDEX_SUFFIX[k])].join('_');

type QueueRow = { next_due_at: string; id: string } & Partial<Record<string, string | null>>;
/**
 * The SQL for a plan: equality on the index's keys, keyset on (next_due_at, id), in index order. INDEXED BY
 * pins the index (the statement fails to prepare if it is missing, rather than silently sorting).
 */

export const queueSql = (plan: QueuePlan, cursor: boolean) => {
  const where = ['next_due_at IS NOT NULL', ...plan.index.map((k) => `${FILTER_COLUMNS[k]} = ?`)];
  if (cursor) where.push('(next_due_at, id) > (?, ?)');
  // A gated filter reads the page with its records; a bounded scan reads only the filter columns, then the matches' records.
  const columns = plan.residual.length ? ['next_due_at', 'id', ...plan.residual.map((k) => FILTER_COLUMNS[k])] : ['doc', 'next_due_at', 'id'];
  return `SELECT ${columns.join(', ')} FROM complaints INDEXED BY ${indexName(plan.index)} WHERE ${where.join(' AND ')} ORDER BY next_due_at, id${plan.residual.length ? '' : ' LIMIT ?'}`;
};
/**
 * `appendAudit` (from sqliteAuditLog) runs inside the write transaction, so a staff change and its
 * audit entry commit together.
 */
export const sqliteComplaintStore = (db: Db, appendAudit?: (draft: AuditDraft, at: Date) => void): ComplaintStore => {
  const insertComplaint = db.prepare(`
    INSERT INTO complaints (id, number, member_id, status, grade, green_channel, category, channel, owner_id, policy_no,
      phone_index, received_at, next_due_at, sla_next_check_at, version, updated_at, doc)
    VALUES (@id, @number, @member_id, @status, @grade, @green_channel, @category, @channel, @owner_id, @policy_no,
      @phone_index, @received_at, @next_due_at, @sla_next_check_at, @version, @updated_at, @doc)`);
  const updateComplaint = db.prepare(`
    UPDATE complaints SET status=@status, grade=@grade, green_channel=@green_channel, category=@category, owner_id=@owner_id,
      policy_no=@policy_no, phone_index=@phone_index, next_due_at=@next_due_at, sla_next_check_at=@sla_next_check_at, version=@version,
      updated_at=@updated_at, doc=@doc
    WHERE id=@id AND version=@expected_version`);
  const findKey = db.prepare(
    `SELECT k.request_hash, c.doc FROM idempotency_keys k JOIN complaints c ON c.id = k.complaint_id WHERE k.key_hash = ?`,
  );
  const insertKey = db.prepare(
    `INSERT INTO idempotency_keys (key_hash, complaint_id, request_hash, created_at) VALUES (?, ?, ?, ?)`,
  );
  const getById = db.prepare(`SELECT doc FROM complaints WHERE id = ?`);
  const byMemberFirst = db.prepare(
    `SELECT doc, received_at, id FROM complaints WHERE member_id = ? ORDER BY received_at DESC, id DESC LIMIT ?`,
  );
  const byMemberAfter = db.prepare(
    `SELECT doc, received_at, id FROM complaints WHERE member_id = ? AND (received_at, id) < (?, ?) ORDER BY received_at DESC, id DESC LIMIT ?`,
  );
  const slaDue = db.prepare(`SELECT doc FROM complaints WHERE sla_next_check_at <= ? ORDER BY sla_next_check_at LIMIT ?`);
  const SEARCH_COLUMNS = { number: 'number', phoneIndex: 'phone_index', policyNo: 'policy_no' } as const;
  const searchBy = Object.fromEntries(
    Object.entries(SEARCH_COLUMNS).map(([k, column]) => [k, db.prepare(`SELECT doc FROM complaints WHERE ${column} = ? ORDER BY received_at DESC LIMIT ?`)]),
  ) as Record<keyof typeof SEARCH_COLUMNS, Statement>;
  const bump = db.prepare(
    `INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
  );

  const nextValue = (name: string) => (bump.get(name) as { value: number }).value;
  const writeOutbox = sqliteOutboxWriter(db);
  const writeAudit = auditWriter(appendAudit);

  const findByKeyHash = (keyHash: string) => {
    const r = findKey.get(keyHash) as { request_hash: string; doc: string } | undefined;
    return r ? { complaint: JSON.parse(r.doc) as Complaint, requestHash: r.request_hash } : null;
  };

  // Runs inside a group-commit savepoint (groupCommit.ts): the key is checked again there, so two submits
  // with one key in one batch store one record; the key is hashed once for the check and the insert.
  // A record to number takes its number here, after the key check: a retry or a failed write takes none.
  const create = (input: Parameters<ComplaintStore['create']>[0]) => {
    const keyHash = keyHashOf(input.idempotencyKey);
    const earlier = findByKeyHash(keyHash);
    if (earlier) return { complaint: earlier.complaint, created: false, sameRequest: earlier.requestHash === input.requestHash };
    const { complaint, outbox } = 'numbered' in input ? input.numbered.build(nextValue(input.numbered.counter)) : input;
    insertComplaint.run(row(complaint));
    insertKey.run(keyHash, complaint.id, input.requestHash, complaint.createdAt);
    writeOutbox(outbox);
    writeAudit(input.audit, complaint.updatedAt);
    return { complaint, created: true, sameRequest: true };
  };
  const commits = groupCommit(db);
  // A submit looks its key up, then writes it: hashed once for both (bounded; cleared when full).
  const keyHashes = new Map<string, string>();
  const keyHashOf = (key: string) => {
    let h = keyHashes.get(key);
    if (h === undefined) {
      if (keyHashes.size >= 4096) keyHashes.clear();
      keyHashes.set(key, (h = sha256(key)));
    }
    return h;
  };

  // A member's numbered submit on the writer thread (writerThread.ts): built here with a stand-in number,
  // numbered and written there, answered after the writer's COMMIT.
  const createInWriter = async (
    writer: NonNullable<ReturnType<typeof writerThreadOf>>,
    input: Parameters<ComplaintStore['create']>[0] & { numbered: { counter: string; build(seq: number): { complaint: Complaint; outbox: OutboxEntry[] } } },
  ) => {
    const seq = standInSequence();
    const built = input.numbered.build(seq);
    const stand = built.complaint.number;
    const at = stand.indexOf(String(seq));
    if (at < 0) return commits.write(() => create(input)); // a number not made of its sequence: numbered in-thread
    const r = row(built.complaint);
    const work: ComplaintCreateWork = {
      keyHash: keyHashOf(input.idempotencyKey),
      requestHash: input.requestHash,
      counter: input.numbered.counter,
      row: r,
      outbox: built.outbox,
      createdAt: built.complaint.createdAt,
      stand,
      prefix: stand.slice(0, at),
      suffix: stand.slice(at + String(seq).length),
    };
    const out = await writer.call<ComplaintCreateOutcome>('complaint.create', work);
    if (!out.created) return { complaint: JSON.parse(out.doc) as Complaint, created: false, sameRequest: out.requestHash === input.requestHash };
    // The stand-in only in the number field (the usual case): no second parse of the record.
    const once = r.doc.indexOf(stand) === r.doc.lastIndexOf(stand);
    const complaint = once ? { ...built.complaint, number: out.number } : (JSON.parse(r.doc.split(stand).join(out.number)) as Complaint);
    return { complaint, created: true, sameRequest: true };
  };

  const update = db.transaction(
    (input: { complaint: Complaint; expectedVersion: number; outbox: OutboxEntry[]; audit?: AuditDraft[] }) => {
      const res = updateComplaint.run({ ...row(input.complaint), expected_version: input.expectedVersion });
      if (res.changes !== 1) throw commonErrors.versionConflict('COMPLAINT', input.complaint.id);
      writeOutbox(input.outbox);
      writeAudit(input.audit, input.complaint.updatedAt);
    },
  );

  /** The queue's SQL depends on which filters are set: one prepared statement per combination. */
  const prepared = statementCache(db);

  return {
    // Answered after the shared COMMIT of the turn's submits, never before.
    create: (input) => {
      const writer = writerThreadOf(db);
      if (!writer || !('numbered' in input) || input.audit?.length) return commits.write(() => create(input));
      return createInWriter(writer, input);
    },
    findByIdempotencyKey: async (key) => findByKeyHash(keyHashOf(key)),
    update: async (input) => {
      update.immediate(input);
    },
    get: async (id) => parse(getById.get(id) as { doc: string } | undefined),
    listByMember: async (memberId, page): Promise<Page<Complaint>> => {
      const after = page.cursor ? decodeCursor(page.cursor) : undefined;
      const rows = (
        after ? byMemberAfter.all(memberId, after[0], after[1], page.limit + 1) : byMemberFirst.all(memberId, page.limit + 1)
      ) as { doc: string; received_at: string; id: string }[];
      const items = rows.slice(0, page.limit);
      const last = items[items.length - 1];
      return {
        items: items.map((r) => JSON.parse(r.doc) as Complaint),
        nextCursor: rows.length > page.limit && last ? encodeCursor([last.received_at, last.id]) : undefined,
      };
    },
    listActive: async ({ after, limit }) =>
      (
        db
          .prepare(`SELECT doc FROM complaints WHERE id > ? AND status IN (${ACTIVE_STATUSES.map(() => '?').join(',')}) ORDER BY id LIMIT ?`)
          .all(after ?? '', ...ACTIVE_STATUSES, limit) as { doc: string }[]
      ).map((r) => JSON.parse(r.doc) as Complaint),
    findSlaDue: async (at, limit) => (slaDue.all(at.toISOString(), limit) as { doc: string }[]).map((r) => JSON.parse(r.doc) as Complaint),
    nextSequence: (name) => commits.write(() => nextValue(name)),
    queue: async (filter, page) => {
      const plan = planQueue(filter);
      const after = page.cursor ? decodeCursor(page.cursor) : undefined;
      const args: (string | number)[] = [...plan.index.map((k) => filter[k] as string), ...(after ? [after[0], after[1]] : [])];
      const stmt = prepared(queueSql(plan, after !== undefined));
      if (!plan.residual.length) {
        const rows = stmt.all(...args, page.limit + 1) as { doc: string; next_due_at: string; id: string }[];
        const items = rows.slice(0, page.limit);
        const last = items[items.length - 1];
        return {
          items: items.map((r) => JSON.parse(r.doc) as Complaint),
          nextCursor: rows.length > page.limit && last ? encodeCursor([last.next_due_at, last.id]) : undefined,
        };
      }
      // Bounded scan: walk the best index, test the other filters, stop at a page (plus one) or at the bound.
      const matches: QueueRow[] = [];
      let scanned = 0;
      let lastScanned: QueueRow | undefined;
      for (const r of stmt.iterate(...args) as IterableIterator<QueueRow>) {
        scanned++;
        lastScanned = r;
        const values = Object.fromEntries(plan.residual.map((k) => [k, r[FILTER_COLUMNS[k]]]));
        if (matchesResidual(plan, filter, values)) matches.push(r);
        if (matches.length > page.limit || scanned >= QUEUE_SCAN_BOUND) break;
      }
      const items = matches.slice(0, page.limit);
      const resumeAt = matches.length > page.limit ? items[items.length - 1] : scanned >= QUEUE_SCAN_BOUND ? lastScanned : undefined;
      return {
        items: items.map((r) => parse(getById.get(r.id) as { doc: string } | undefined)!),
        nextCursor: resumeAt ? encodeCursor([resumeAt.next_due_at, resumeAt.id]) : undefined,
      };
    },
    search: async (by, limit) => {
      const key = by.number ? 'number' : by.phoneIndex ? 'phoneIndex' : 'policyNo';
      const value = by[key];
      if (!value) return [];
      return (searchBy[key].all(value, limit) as { doc: string }[]).map((r) => JSON.parse(r.doc) as Complaint);
    },
  };
};
