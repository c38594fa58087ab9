import { sha256 } from '../hash';
import { queueDueAt } from '../../core/complaints/deadlines';
import { ACTIVE_STATUSES, type Complaint } from '../../core/complaints/model';
import type { ComplaintStore } from '../../core/complaints/ports';
import { commonErrors } from '../../core/shared/errors';
import { decodeCursor, encodeCursor } from '../cursor';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { OUTBOX, writeOutboxInTx } from './outboxStore';
import { inTransaction } from './retry';
import { appendAuditInTx } from './auditLog';
import type { AuditDraft } from '../../core/audit/chain';
import type { QueueFilter } from '../../core/complaints/ports';
import { matchesResidual, planQueue, type QueueKey } from '../../core/complaints/queuePlan';

/** Where each queue filter lives in the stored document (the indexes in collections.ts name the same paths). */
export const QUEUE_FIELDS: Record<QueueKey, string> = { status: 'status', grade: 'grade.value', category: 'category', channel: 'channel', ownerId: 'owner.id' };
/** Documents one queue request reads for a filter combination without an index of its own (core/complaints/queuePlan.ts). */
export const QUEUE_SCAN_BOUND = 200;

const fieldAt = (doc: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);


export const COLLECTIONS = {
  complaints: 'complaints',
  idempotencyKeys: 'idempotency_keys',
  outbox: OUTBOX,
  counters: 'counters',
} as const;

/** The complaint as stored: the record plus the index fields the queries use (indexes are declared in collections.ts). */
const toDoc = (c: Complaint) => {
  const { id: _id, ...rest } = c;
  return toDocument({ ...rest, queueDueAt: queueDueAt(c) });
};

const fromDoc = (doc: Record<string, unknown>): Complaint => {
  const { _id, queueDueAt: _q, ...rest } = doc;
  return { ...(rest as unknown as Omit<Complaint, 'id'>), id: String(_id) };
};

const writeAudit = async (tx: CbTransaction, drafts: AuditDraft[] | undefined, at: string) => {
  for (const d of drafts ?? []) await appendAuditInTx(tx, d, new Date(at));
};


/** How many documents a day's complaint counter is spread over (see nextSequence). */
export const SEQUENCE_SHARDS = 8;

export const cloudbaseComplaintStore = (db: CbDatabase): ComplaintStore => {
  const _ = db.command;
  const complaints = () => db.collection(COLLECTIONS.complaints);

  const findByKeyIn = async (tx: CbTransaction, keyHash: string) => {
    const key = (await tx.collection(COLLECTIONS.idempotencyKeys).doc(keyHash).get()).data as
      | { complaintId: string; requestHash: string }
      | null;
    if (!key) return null;
    const doc = (await tx.collection(COLLECTIONS.complaints).doc(key.complaintId).get()).data as Record<string, unknown>;
    return { complaint: fromDoc({ ...doc, _id: key.complaintId }), requestHash: key.requestHash };
  };

  const store: ComplaintStore = {
    findByIdempotencyKey: (key) => inTransaction(db, (tx) => findByKeyIn(tx, sha256(key))),

    create: async (input) => {
      // A record to number takes its number first (the sharded counter is its own write, as before).
      const { complaint, outbox } = 'numbered' in input ? input.numbered.build(await store.nextSequence(input.numbered.counter)) : input;
      return inTransaction(db, async (tx) => {
        // The idempotency key, hashed with the member's openid, is the document id: a retry finds it.
        const keyHash = sha256(input.idempotencyKey);
        const earlier = await findByKeyIn(tx, keyHash);
        if (earlier) return { complaint: earlier.complaint, created: false, sameRequest: earlier.requestHash === input.requestHash };
        await tx.collection(COLLECTIONS.complaints).doc(complaint.id).set(toDoc(complaint));
        await tx
          .collection(COLLECTIONS.idempotencyKeys)
          .doc(keyHash)
          .set({ complaintId: complaint.id, requestHash: input.requestHash, createdAt: complaint.createdAt });
        await writeOutboxInTx(tx, outbox);
        await writeAudit(tx, input.audit, complaint.updatedAt);
        return { complaint, created: true, sameRequest: true };
      });
    },

    update: (input) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(COLLECTIONS.complaints).doc(input.complaint.id);
        const current = (await ref.get()).data as { version?: number } | null;
        if (!current || current.version !== input.expectedVersion) throw commonErrors.versionConflict('COMPLAINT', input.complaint.id);
        await ref.set(toDoc(input.complaint));
        await writeOutboxInTx(tx, input.outbox);
        await writeAudit(tx, input.audit, input.complaint.updatedAt);
      }),

    queue: async (filter: QueueFilter, page) => {
      // Equality on the chosen index's fields in its key order (collections.ts queueBy), then
      // the keyset on (queueDueAt, _id) and the same order: a page is one index range.
      const plan = planQueue(filter);
      const fields: Record<string, unknown> = Object.fromEntries(plan.index.map((k) => [QUEUE_FIELDS[k], filter[k]]));
      const after = page.cursor ? decodeCursor(page.cursor) : undefined;
      const condition = after
        ? _.or([
            { ...fields, queueDueAt: _.gt(after[0]) },
            { ...fields, queueDueAt: after[0], _id: _.gt(after[1]) },
          ])
        : { ...fields, queueDueAt: _.gt('') };
      const bounded = plan.residual.length > 0;
      const res = await complaints()
        .where(condition)
        .orderBy('queueDueAt', 'asc')
        .orderBy('_id', 'asc')
        .limit(bounded ? QUEUE_SCAN_BOUND : page.limit + 1)
        .get();
      // Without an index of its own, the other filters are tested on at most QUEUE_SCAN_BOUND documents.
      const matched = bounded
        ? res.data.filter((d) => matchesResidual(plan, filter, Object.fromEntries(plan.residual.map((k) => [k, fieldAt(d, QUEUE_FIELDS[k])]))))
        : res.data;
      const docs = matched.slice(0, page.limit);
      const lastScanned = res.data[res.data.length - 1];
      const resumeAt = matched.length > page.limit ? docs[docs.length - 1] : bounded && res.data.length >= QUEUE_SCAN_BOUND ? lastScanned : undefined;
      return {
        items: docs.map(fromDoc),
        nextCursor: resumeAt ? encodeCursor([String(resumeAt.queueDueAt), String(resumeAt._id)]) : undefined,
      };
    },

    search: async (by, limit) => {
      const condition = by.number ? { number: by.number } : by.phoneIndex ? { 'contact.phoneIndex': by.phoneIndex } : { policyNo: by.policyNo };
      if (!Object.values(condition)[0]) return [];
      const res = await complaints().where(condition).orderBy('receivedAt', 'desc').limit(limit).get();
      return res.data.map(fromDoc);
    },

    get: async (id) => {
      const res = (await complaints().doc(id).get()).data as Record<string, unknown>[];
      return res[0] ? fromDoc(res[0]) : null;
    },

    listByMember: async (memberId, page) => {
      const after = page.cursor ? decodeCursor(page.cursor) : undefined;
      const condition = after
        ? _.or([
            { memberId, receivedAt: _.lt(after[0]) },
            { memberId, receivedAt: after[0], _id: _.lt(after[1]) },
          ])
        : { memberId };
      const res = await complaints().where(condition).orderBy('receivedAt', 'desc').orderBy('_id', 'desc').limit(page.limit + 1).get();
      const items = res.data.slice(0, page.limit).map(fromDoc);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: res.data.length > page.limit && last ? encodeCursor([last.receivedAt, last.id]) : undefined,
      };
    },

    listActive: async ({ after, limit }) => {
      const res = await complaints()
        .where({ status: _.in([...ACTIVE_STATUSES]), ...(after ? { _id: _.gt(after) } : {}) })
        .orderBy('_id', 'asc')
        .limit(limit)
        .get();
      return res.data.map(fromDoc);
    },

    findSlaDue: async (at, limit) => {
      const res = await complaints()
        .where({ slaNextCheckAt: _.lte(at.toISOString()) })
        .orderBy('slaNextCheckAt', 'asc')
        .limit(limit)
        .get();
      return res.data.map(fromDoc);
    },

    /**
     * A day's counter would be written by every submit that day and serialise them (CloudBase fails
     * the second of two transactions on one document). The counter is split into SEQUENCE_SHARDS
     * documents; a submit bumps a random one and gets `count * shards + shard`, so numbers stay
     * short and unique (the unique index on `number` backs that) but are neither gap-free nor in
     * submit order, which the readable number does not promise.
     */
    nextSequence: (name) => {
      const shard = Math.floor(Math.random() * SEQUENCE_SHARDS);
      return inTransaction(db, async (tx) => {
        const ref = tx.collection(COLLECTIONS.counters).doc(`${name}#${shard}`);
        const current = (await ref.get()).data as { value: number } | null;
        const value = (current?.value ?? 0) + 1;
        await ref.set({ value });
        return (value - 1) * SEQUENCE_SHARDS + shard + 1;
      });
    },
  };
  return store;
};
