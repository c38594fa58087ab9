import type { AuditDraft } from '../../core/audit/chain';
import { isRunning } from '../../core/ledger/deadlines';
import type { Finding, Inspection, LedgerItem } from '../../core/ledger/model';
import type { Created, LedgerItemFilter, LedgerStore } from '../../core/ledger/ports';
import { commonErrors } from '../../core/shared/errors';
import type { Page } from '../../core/shared/page';
import { decodeCursor, encodeCursor } from '../cursor';
import { sha256 } from '../hash';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { writeOutboxInTx } from './outboxStore';
import { inTransaction } from './retry';

// Declared with their indexes in collections.ts.
export const LEDGER_COLLECTIONS = {
  inspections: 'ledger_inspections',
  findings: 'ledger_findings',
  items: 'ledger_items',
  /** By document id only: the caller-scoped idempotency key's hash. */
  keys: 'ledger_keys',
  /** One document per (uploader, item): the orphan sweep's view of staff evidence. */
  uploads: 'ledger_uploads',
  counters: 'counters',
} as const;
const C = LEDGER_COLLECTIONS;
const SEQUENCE_SHARDS = 4;

const toDoc = <T extends { id: string }>(r: T) => {
  const { id: _id, ...rest } = r;
  return toDocument(rest);
};
const fromDoc = <T>(doc: Record<string, unknown>): T => {
  const { _id, runningDueAt: _r, ...rest } = doc;
  return { ...(rest as object), id: String(_id) } as T;
};
/** runningDueAt: the due time while the owner has the work, absent otherwise (the overdue filter's index). */
const itemDoc = (i: LedgerItem) => toDocument({ ...toDoc(i), ...(isRunning(i.status) ? { runningDueAt: i.dueAt } : {}) });

const writeAudit = async (tx: CbTransaction, drafts: readonly AuditDraft[] | undefined, at: string) => {
  for (const d of drafts ?? []) await appendAuditInTx(tx, d, new Date(at));
};

/** Equality filters in the order of their indexes (collections.ts); the first one present picks the index. */
const FILTER_FIELDS: [keyof LedgerItemFilter, string][] = [
  ['ownerId', 'ownerId'],
  ['inspectionId', 'inspectionId'],
  ['status', 'status'],
  ['kind', 'kind'],
  ['sourceKind', 'source.kind'],
];

/**
 * The ledger on the CloudBase document database. Transactions take single-document operations only, so
 * idempotency keys are documents by their hash, and version checks read the document by id.
 */
export const cloudbaseLedgerStore = (db: CbDatabase): LedgerStore => {
  const _ = db.command;
  const one = async <T>(collection: string, id: string): Promise<T | null> => {
    const res = (await db.collection(collection).doc(id).get()).data as Record<string, unknown>[];
    return res[0] ? fromDoc<T>(res[0]) : null;
  };
  const earlierIn = async <T>(tx: CbTransaction, keyHash: string, kind: string, collection: string, requestHash: string): Promise<Created<T> | null> => {
    const key = (await tx.collection(C.keys).doc(keyHash).get()).data as { kind: string; recordId: string; requestHash: string } | null;
    if (!key) return null;
    const doc = key.kind === kind ? ((await tx.collection(collection).doc(key.recordId).get()).data as Record<string, unknown> | null) : null;
    if (!doc) return { record: null as unknown as T, created: false, sameRequest: false };
    return { record: fromDoc<T>({ ...doc, _id: key.recordId }), created: false, sameRequest: key.requestHash === requestHash };
  };
  const uploadsIn = async (tx: CbTransaction, i: LedgerItem) => {
    for (const uploader of new Set(i.evidence.map((e) => e.uploadedBy))) {
      await tx.collection(C.uploads).doc(sha256(`${uploader}\n${i.id}`)).set({ uploader, itemId: i.id });
    }
  };
  const pageOf = <T>(data: Record<string, unknown>[], limit: number, key: (r: T) => [string, string]): Page<T> => {
    const items = data.slice(0, limit).map((d) => fromDoc<T>(d));
    const last = items[items.length - 1];
    return { items, ...(data.length > limit && last ? { nextCursor: encodeCursor(key(last)) } : {}) };
  };

  return {
    createInspection: (input) =>
      inTransaction(db, async (tx) => {
        const before = await earlierIn<Inspection>(tx, input.keyHash, 'inspection', C.inspections, input.requestHash);
        if (before) return before;
        const i = input.inspection;
        await tx.collection(C.inspections).doc(i.id).set(toDoc(i));
        await tx.collection(C.keys).doc(input.keyHash).set({ kind: 'inspection', recordId: i.id, requestHash: input.requestHash, createdAt: i.createdAt });
        await writeAudit(tx, input.audit, i.createdAt);
        return { record: i, created: true, sameRequest: true };
      }),
    getInspection: (id) => one<Inspection>(C.inspections, id),
    listInspections: async ({ limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const condition = after ? _.or([{ createdAt: _.lt(after[0]) }, { createdAt: after[0], _id: _.lt(after[1]) }]) : {};
      const res = await db.collection(C.inspections).where(condition).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
      return pageOf<Inspection>(res.data, limit, (i) => [i.createdAt, i.id]);
    },
    createFinding: (input) =>
      inTransaction(db, async (tx) => {
        const before = await earlierIn<Finding>(tx, input.keyHash, 'finding', C.findings, input.requestHash);
        if (before) return before;
        const ref = tx.collection(C.inspections).doc(input.inspection.id);
        const current = (await ref.get()).data as { version?: number } | null;
        if (!current || current.version !== input.expectedVersion) throw commonErrors.versionConflict('LEDGER', input.inspection.id);
        await ref.set(toDoc(input.inspection));
        const f = input.finding;
        await tx.collection(C.findings).doc(f.id).set(toDoc(f));
        await tx.collection(C.keys).doc(input.keyHash).set({ kind: 'finding', recordId: f.id, requestHash: input.requestHash, createdAt: f.createdAt });
        await writeAudit(tx, input.audit, f.createdAt);
        return { record: f, created: true, sameRequest: true };
      }),
    getFinding: (id) => one<Finding>(C.findings, id),
    listFindings: async (inspectionId) => {
      // An inspection has tens of findings at most; one page of the (inspectionId, seq) index.
      const res = await db.collection(C.findings).where({ inspectionId }).orderBy('seq', 'asc').limit(1000).get();
      return res.data.map((d) => fromDoc<Finding>(d));
    },
    createItem: (input) =>
      inTransaction(db, async (tx) => {
        const before = await earlierIn<LedgerItem>(tx, input.keyHash, 'item', C.items, input.requestHash);
        if (before) return before;
        const i = input.item;
        await tx.collection(C.items).doc(i.id).set(itemDoc(i));
        await tx.collection(C.keys).doc(input.keyHash).set({ kind: 'item', recordId: i.id, requestHash: input.requestHash, createdAt: i.openedAt });
        await uploadsIn(tx, i);
        await writeAudit(tx, input.audit, i.updatedAt);
        return { record: i, created: true, sameRequest: true };
      }),
    getItem: (id) => one<LedgerItem>(C.items, id),
    byNumber: async (number) => {
      const res = await db.collection(C.items).where({ number }).limit(1).get();
      return res.data[0] ? fromDoc<LedgerItem>(res.data[0]) : null;
    },
    updateItem: (input) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(C.items).doc(input.item.id);
        const current = (await ref.get()).data as { version?: number } | null;
        if (!current || current.version !== input.expectedVersion) throw commonErrors.versionConflict('LEDGER', input.item.id);
        await ref.set(itemDoc(input.item));
        await uploadsIn(tx, input.item);
        await writeAudit(tx, input.audit, input.item.updatedAt);
        await writeOutboxInTx(tx, input.outbox ?? []);
      }),
    listItems: async (filter, { limit, cursor }) => {
      const fields: Record<string, unknown> = {};
      for (const [k, path] of FILTER_FIELDS) if (filter[k] !== undefined) fields[path] = filter[k];
      if (filter.overdueAt !== undefined) fields.runningDueAt = _.lte(filter.overdueAt);
      const after = cursor ? decodeCursor(cursor) : undefined;
      const condition = after
        ? _.or([
            { ...fields, dueAt: _.gt(after[0]) },
            { ...fields, dueAt: after[0], _id: _.gt(after[1]) },
          ])
        : fields;
      const res = await db.collection(C.items).where(condition).orderBy('dueAt', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
      return pageOf<LedgerItem>(res.data, limit, (i) => [i.dueAt, i.id]);
    },
    findDue: async (at, limit) => {
      const res = await db.collection(C.items).where({ nextCheckAt: _.lte(at.toISOString()) }).orderBy('nextCheckAt', 'asc').limit(limit).get();
      return res.data.map((d) => fromDoc<LedgerItem>(d));
    },
    listOpen: async ({ after, limit }) => {
      const res = await db
        .collection(C.items)
        .where({ status: _.in(['open', 'inProgress', 'awaitingVerification']), ...(after ? { _id: _.gt(after) } : {}) })
        .orderBy('_id', 'asc')
        .limit(limit)
        .get();
      return res.data.map((d) => fromDoc<LedgerItem>(d));
    },
    listByUploader: async (uploader, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor)[0] : undefined;
      const res = await db
        .collection(C.uploads)
        .where({ uploader, ...(after ? { itemId: _.gt(after) } : {}) })
        .orderBy('itemId', 'asc')
        .limit(limit + 1)
        .get();
      const ids = res.data.slice(0, limit).map((d) => String(d.itemId));
      const items = (await Promise.all(ids.map((id) => one<LedgerItem>(C.items, id)))).filter((i): i is LedgerItem => Boolean(i));
      return { items, ...(res.data.length > limit && ids.length ? { nextCursor: encodeCursor([ids[ids.length - 1], '']) } : {}) };
    },
    nextSequence: (name) => {
      const shard = Math.floor(Math.random() * SEQUENCE_SHARDS);
      return inTransaction(db, async (tx) => {
        const ref = tx.collection(C.counters).doc(`${name}#${shard}`);
        const current = (await ref.get()).data as { value: number } | null;
        const value = (current?.value ?? 0) + 1;
        await ref.set({ value });
        return (value - 1) * SEQUENCE_SHARDS + shard + 1;
      });
    },
  };
};
