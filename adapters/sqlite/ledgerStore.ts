import type { AuditDraft } from '../../core/audit/chain';
import { isRunning } from '../../core/ledger/deadlines';
import type { Finding, Inspection, LedgerItem } from '../../core/ledger/model';
import type { Created, LedgerItemFilter, LedgerStore } from '../../core/ledger/ports';
import { commonErrors } from '../../core/shared/errors';
import type { Page } from '../../core/shared/page';
import { decodeCursor, encodeCursor } from '../cursor';
import type { Db } from './database';
import { sqliteOutboxWriter } from './outboxStore';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;

const itemRow = (i: LedgerItem) => ({
  id: i.id,
  number: i.number,
  status: i.status,
  kind: i.kind,
  owner_id: i.ownerId,
  inspection_id: i.inspectionId ?? null,
  source_kind: i.source.kind,
  due_at: i.dueAt,
  running_due_at: isRunning(i.status) ? i.dueAt : null,
  next_check_at: i.nextCheckAt ?? null,
  version: i.version,
  doc: JSON.stringify(i),
});

const docOf = <T>(r: unknown): T | null => (r ? (JSON.parse((r as { doc: string }).doc) as T) : null);
const docs = <T>(rows: unknown[]): T[] => rows.map((r) => JSON.parse((r as { doc: string }).doc) as T);

/** Which list filter picks which index: the most selective equality first, then by due time. */
const FILTER_COLUMNS: [keyof LedgerItemFilter, string, string][] = [
  ['ownerId', 'owner_id', 'ledger_items_owner'],
  ['inspectionId', 'inspection_id', 'ledger_items_inspection'],
  ['status', 'status', 'ledger_items_status'],
  ['kind', 'kind', 'ledger_items_kind'],
  ['sourceKind', 'source_kind', ''],
];

/**
 * The ledger on the embedded store; each write commits with its audit entries. The ledger is small
 * (hundreds of items a year), so a combined filter reads one index range and checks the rest on it.
 */
export const sqliteLedgerStore = (db: Db, appendAudit?: AppendAudit): LedgerStore => {
  const insertInspection = db.prepare('INSERT INTO ledger_inspections (id, created_at, version, doc) VALUES (?, ?, ?, ?)');
  const updateInspection = db.prepare('UPDATE ledger_inspections SET version = ?, doc = ? WHERE id = ? AND version = ?');
  const getInspection = db.prepare('SELECT doc FROM ledger_inspections WHERE id = ?');
  const inspectionsFirst = db.prepare('SELECT doc FROM ledger_inspections ORDER BY created_at DESC, id DESC LIMIT ?');
  const inspectionsAfter = db.prepare('SELECT doc FROM ledger_inspections WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?');
  const insertFinding = db.prepare('INSERT INTO ledger_findings (id, inspection_id, seq, doc) VALUES (?, ?, ?, ?)');
  const getFinding = db.prepare('SELECT doc FROM ledger_findings WHERE id = ?');
  const findingsOf = db.prepare('SELECT doc FROM ledger_findings WHERE inspection_id = ? ORDER BY seq');
  const insertItem = db.prepare(`
    INSERT INTO ledger_items (id, number, status, kind, owner_id, inspection_id, source_kind, due_at, running_due_at, next_check_at, version, doc)
    VALUES (@id, @number, @status, @kind, @owner_id, @inspection_id, @source_kind, @due_at, @running_due_at, @next_check_at, @version, @doc)`);
  const updateItem = db.prepare(`
    UPDATE ledger_items SET status=@status, kind=@kind, owner_id=@owner_id, due_at=@due_at, running_due_at=@running_due_at,
      next_check_at=@next_check_at, version=@version, doc=@doc
    WHERE id=@id AND version=@expected`);
  const getItem = db.prepare('SELECT doc FROM ledger_items WHERE id = ?');
  const byNumber = db.prepare('SELECT doc FROM ledger_items WHERE number = ?');
  const due = db.prepare('SELECT doc FROM ledger_items INDEXED BY ledger_items_check WHERE next_check_at IS NOT NULL AND next_check_at <= ? ORDER BY next_check_at LIMIT ?');
  const openFirst = db.prepare("SELECT doc FROM ledger_items WHERE status <> 'closed' ORDER BY id LIMIT ?");
  const openAfter = db.prepare("SELECT doc FROM ledger_items WHERE status <> 'closed' AND id > ? ORDER BY id LIMIT ?");
  const findKey = db.prepare('SELECT kind, record_id, request_hash FROM ledger_keys WHERE key_hash = ?');
  const insertKey = db.prepare('INSERT INTO ledger_keys (key_hash, kind, record_id, request_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const insertUploader = db.prepare('INSERT OR IGNORE INTO ledger_uploads (uploader, item_id) VALUES (?, ?)');
  const uploadsFirst = db.prepare('SELECT i.doc FROM ledger_uploads u JOIN ledger_items i ON i.id = u.item_id WHERE u.uploader = ? ORDER BY u.item_id LIMIT ?');
  const uploadsAfter = db.prepare('SELECT i.doc FROM ledger_uploads u JOIN ledger_items i ON i.id = u.item_id WHERE u.uploader = ? AND u.item_id > ? ORDER BY u.item_id LIMIT ?');
  const writeOutbox = sqliteOutboxWriter(db);
  const bump = db.prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value');

  const writeAudit = (drafts: readonly AuditDraft[] | undefined, at: string) => {
    if (!drafts?.length) return;
    if (!appendAudit) throw new Error('audit entries given to a store built without an audit log');
    for (const d of drafts) appendAudit(d, new Date(at));
  };
  /** The record an earlier call with this key made, if any (checked inside the write lock). */
  const earlier = <T>(keyHash: string, kind: string, load: (id: string) => T | null, requestHash: string): Created<T> | null => {
    const k = findKey.get(keyHash) as { kind: string; record_id: string; request_hash: string } | undefined;
    if (!k) return null;
    const record = k.kind === kind ? load(k.record_id) : null;
    // A key used for another kind of record is "other content" too.
    if (!record) return { record: null as unknown as T, created: false, sameRequest: false };
    return { record, created: false, sameRequest: k.request_hash === requestHash };
  };
  const uploadersOf = (i: LedgerItem) => {
    for (const e of i.evidence) insertUploader.run(e.uploadedBy, i.id);
  };

  const createInspection = db.transaction((input: Parameters<LedgerStore['createInspection']>[0]): Created<Inspection> => {
    const before = earlier(input.keyHash, 'inspection', (id) => docOf<Inspection>(getInspection.get(id)), input.requestHash);
    if (before) return before;
    const i = input.inspection;
    insertInspection.run(i.id, i.createdAt, i.version, JSON.stringify(i));
    insertKey.run(input.keyHash, 'inspection', i.id, input.requestHash, i.createdAt);
    writeAudit(input.audit, i.createdAt);
    return { record: i, created: true, sameRequest: true };
  });
  const createFinding = db.transaction((input: Parameters<LedgerStore['createFinding']>[0]): Created<Finding> => {
    const before = earlier(input.keyHash, 'finding', (id) => docOf<Finding>(getFinding.get(id)), input.requestHash);
    if (before) return before;
    const ins = input.inspection;
    if (updateInspection.run(ins.version, JSON.stringify(ins), ins.id, input.expectedVersion).changes !== 1) throw commonErrors.versionConflict('LEDGER', ins.id);
    const f = input.finding;
    insertFinding.run(f.id, f.inspectionId, f.seq, JSON.stringify(f));
    insertKey.run(input.keyHash, 'finding', f.id, input.requestHash, f.createdAt);
    writeAudit(input.audit, f.createdAt);
    return { record: f, created: true, sameRequest: true };
  });
  const createItem = db.transaction((input: Parameters<LedgerStore['createItem']>[0]): Created<LedgerItem> => {
    const before = earlier(input.keyHash, 'item', (id) => docOf<LedgerItem>(getItem.get(id)), input.requestHash);
    if (before) return before;
    const i = input.item;
    insertItem.run(itemRow(i));
    insertKey.run(input.keyHash, 'item', i.id, input.requestHash, i.openedAt);
    uploadersOf(i);
    writeAudit(input.audit, i.updatedAt);
    return { record: i, created: true, sameRequest: true };
  });
  const update = db.transaction((input: Parameters<LedgerStore['updateItem']>[0]) => {
    if (updateItem.run({ ...itemRow(input.item), expected: input.expectedVersion }).changes !== 1) throw commonErrors.versionConflict('LEDGER', input.item.id);
    uploadersOf(input.item);
    writeAudit(input.audit, input.item.updatedAt);
    writeOutbox(input.outbox ?? []);
  });

  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (sql: string) => {
    if (!statements.has(sql)) statements.set(sql, db.prepare(sql));
    return statements.get(sql)!;
  };
  const listSql = (filter: LedgerItemFilter, after: boolean) => {
    const used = FILTER_COLUMNS.filter(([k]) => filter[k] !== undefined);
    const conditions = used.map(([k, col]) => `${col} = @${k}`);
    let index = used.find(([, , ix]) => ix)?.[2];
    if (filter.overdueAt !== undefined) {
      conditions.push('running_due_at IS NOT NULL AND running_due_at <= @overdueAt');
      index ??= 'ledger_items_overdue';
    }
    if (used.some(([k]) => k === 'inspectionId')) conditions.push('inspection_id IS NOT NULL');
    if (after) conditions.push('(due_at, id) > (@afterDue, @afterId)');
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    return `SELECT doc FROM ledger_items INDEXED BY ${index ?? 'ledger_items_due'} ${where} ORDER BY due_at, id LIMIT @limit`;
  };

  return {
    createInspection: async (input) => createInspection.immediate(input),
    getInspection: async (id) => docOf<Inspection>(getInspection.get(id)),
    listInspections: async ({ limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = (after ? inspectionsAfter.all(after[0], after[1], limit + 1) : inspectionsFirst.all(limit + 1)) as unknown[];
      const items = docs<Inspection>(rows.slice(0, limit));
      const last = items[items.length - 1];
      return { items, ...(rows.length > limit && last ? { nextCursor: encodeCursor([last.createdAt, last.id]) } : {}) };
    },
    createFinding: async (input) => createFinding.immediate(input),
    getFinding: async (id) => docOf<Finding>(getFinding.get(id)),
    listFindings: async (inspectionId) => docs<Finding>(findingsOf.all(inspectionId)),
    createItem: async (input) => createItem.immediate(input),
    getItem: async (id) => docOf<LedgerItem>(getItem.get(id)),
    byNumber: async (number) => docOf<LedgerItem>(byNumber.get(number)),
    updateItem: async (input) => {
      update.immediate(input);
    },
    listItems: async (filter, { limit, cursor }): Promise<Page<LedgerItem>> => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const params: Record<string, unknown> = { limit: limit + 1 };
      for (const [k] of FILTER_COLUMNS) if (filter[k] !== undefined) params[k] = filter[k];
      if (filter.overdueAt !== undefined) params.overdueAt = filter.overdueAt;
      if (after) Object.assign(params, { afterDue: after[0], afterId: after[1] });
      const rows = prepared(listSql(filter, Boolean(after))).all(params) as unknown[];
      const items = docs<LedgerItem>(rows.slice(0, limit));
      const last = items[items.length - 1];
      return { items, ...(rows.length > limit && last ? { nextCursor: encodeCursor([last.dueAt, last.id]) } : {}) };
    },
    findDue: async (at, limit) => docs<LedgerItem>(due.all(at.toISOString(), limit)),
    listOpen: async ({ after, limit }) => docs<LedgerItem>(after ? openAfter.all(after, limit) : openFirst.all(limit)),
    listByUploader: async (uploader, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor)[0] : undefined;
      const rows = (after ? uploadsAfter.all(uploader, after, limit + 1) : uploadsFirst.all(uploader, limit + 1)) as unknown[];
      const items = docs<LedgerItem>(rows.slice(0, limit));
      const last = items[items.length - 1];
      return { items, ...(rows.length > limit && last ? { nextCursor: encodeCursor([last.id, '']) } : {}) };
    },
    nextSequence: async (name) => (bump.get(name) as { value: number }).value,
  };
};
