import type { AuditDraft } from '../../core/audit/chain';
import type { Consultation } from '../../core/consultations/model';
import type { ConsultationStore } from '../../core/consultations/ports';
import { commonErrors } from '../../core/shared/errors';
import type { Page } from '../../core/shared/page';
import { decodeCursor, encodeCursor } from '../cursor';
import { sha256 } from '../hash';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { writeOutboxInTx } from './outboxStore';
import { inTransaction } from './retry';

// Declared with their indexes in collections.ts (plain constants: tests/adapters/cloudbaseStrictFake.test.ts reads them).
const CONSULTATIONS = 'consultations';
/** By document id only: the member-scoped idempotency key's hash. */
const KEYS = 'consultation_keys';
/** Shared with the complaint numbers (other names), one document per counter shard. */
const COUNTERS = 'counters';
export const CONSULTATION_COLLECTIONS = { consultations: CONSULTATIONS, keys: KEYS, counters: COUNTERS } as const;

/** How many documents a day's counter is spread over, so asks in one day do not serialise on one document. */
const SEQUENCE_SHARDS = 8;

const toDoc = (c: Consultation) => {
  const { id: _id, ...rest } = c;
  return toDocument(rest);
};
const fromDoc = (doc: Record<string, unknown>): Consultation => {
  const { _id, ...rest } = doc;
  return { ...(rest as unknown as Omit<Consultation, 'id'>), id: String(_id) };
};

const writeAudit = async (tx: CbTransaction, drafts: readonly AuditDraft[] | undefined, at: string) => {
  for (const d of drafts ?? []) await appendAuditInTx(tx, d, new Date(at));
};

/**
 * Consultations on the CloudBase document database. Transactions take single-document operations
 * only, so the idempotency key's hash is a document id (a retry finds it in the transaction) and the
 * version check reads the document by id.
 */
export const cloudbaseConsultationStore = (db: CbDatabase): ConsultationStore => {
  const _ = db.command;
  const all = () => db.collection(CONSULTATIONS);

  const findByKeyIn = async (tx: CbTransaction, keyHash: string) => {
    const key = (await tx.collection(KEYS).doc(keyHash).get()).data as { consultationId: string; requestHash: string } | null;
    if (!key) return null;
    const doc = (await tx.collection(CONSULTATIONS).doc(key.consultationId).get()).data as Record<string, unknown>;
    return { consultation: fromDoc({ ...doc, _id: key.consultationId }), requestHash: key.requestHash };
  };

  const pageOf = (data: Record<string, unknown>[], limit: number, key: (c: Consultation) => [string, string]): Page<Consultation> => {
    const items = data.slice(0, limit).map(fromDoc);
    const last = items[items.length - 1];
    return { items, ...(data.length > limit && last ? { nextCursor: encodeCursor(key(last)) } : {}) };
  };

  return {
    findByIdempotencyKey: (key) => inTransaction(db, (tx) => findByKeyIn(tx, sha256(key))),
    create: (input) =>
      inTransaction(db, async (tx) => {
        const keyHash = sha256(input.idempotencyKey);
        const earlier = await findByKeyIn(tx, keyHash);
        if (earlier) return { consultation: earlier.consultation, created: false, sameRequest: earlier.requestHash === input.requestHash };
        await tx.collection(CONSULTATIONS).doc(input.consultation.id).set(toDoc(input.consultation));
        await tx.collection(KEYS).doc(keyHash).set({ consultationId: input.consultation.id, requestHash: input.requestHash, createdAt: input.consultation.createdAt });
        await writeOutboxInTx(tx, [...input.outbox]);
        await writeAudit(tx, input.audit, input.consultation.updatedAt);
        return { consultation: input.consultation, created: true, sameRequest: true };
      }),
    update: (input) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(CONSULTATIONS).doc(input.consultation.id);
        const current = (await ref.get()).data as { version?: number } | null;
        if (!current || current.version !== input.expectedVersion) throw commonErrors.versionConflict('CONSULTATION', input.consultation.id);
        await ref.set(toDoc(input.consultation));
        await writeOutboxInTx(tx, [...input.outbox]);
        await writeAudit(tx, input.audit, input.consultation.updatedAt);
      }),
    get: async (id) => {
      const res = (await all().doc(id).get()).data as Record<string, unknown>[];
      return res[0] ? fromDoc(res[0]) : null;
    },
    byNumber: async (number) => {
      const res = await all().where({ number }).limit(1).get();
      return res.data[0] ? fromDoc(res.data[0]) : null;
    },
    listByMember: async (memberId, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const condition = after
        ? _.or([
            { memberId, receivedAt: _.lt(after[0]) },
            { memberId, receivedAt: after[0], _id: _.lt(after[1]) },
          ])
        : { memberId };
      const res = await all().where(condition).orderBy('receivedAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
      return pageOf(res.data, limit, (c) => [c.receivedAt, c.id]);
    },
    listByAdvisor: async (advisorId, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const condition = after
        ? _.or([
            { 'advisor.id': advisorId, 'advisor.handedAt': _.lt(after[0]) },
            { 'advisor.id': advisorId, 'advisor.handedAt': after[0], _id: _.lt(after[1]) },
          ])
        : { 'advisor.id': advisorId };
      const res = await all().where(condition).orderBy('advisor.handedAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
      return pageOf(res.data, limit, (c) => [c.advisor?.handedAt ?? '', c.id]);
    },
    queue: async (filter, { limit, cursor }) => {
      // Equality on the index's fields (collections.ts), then the keyset on (dueAt, _id): one index range.
      const fields: Record<string, unknown> = filter.advisorId ? { 'advisor.id': filter.advisorId } : filter.stage ? { stage: filter.stage } : {};
      const after = cursor ? decodeCursor(cursor) : undefined;
      const condition = after
        ? _.or([
            { ...fields, dueAt: _.gt(after[0]) },
            { ...fields, dueAt: after[0], _id: _.gt(after[1]) },
          ])
        : { ...fields, dueAt: _.gt('') };
      const res = await all().where(condition).orderBy('dueAt', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
      // An advisor's open consultations are all at the advisor stage; a stage filter beside the advisor is a check, not a scan.
      const data = filter.advisorId && filter.stage ? res.data.filter((d) => d.stage === filter.stage) : res.data;
      return pageOf(data, limit, (c) => [c.dueAt ?? '', c.id]);
    },
    listOpen: async ({ after, limit }) => {
      const res = await all()
        .where({ status: _.in(['awaitingReply', 'withAdvisor']), ...(after ? { _id: _.gt(after) } : {}) })
        .orderBy('_id', 'asc')
        .limit(limit)
        .get();
      return res.data.map(fromDoc);
    },
    findSlaDue: async (at, limit) => {
      const res = await all().where({ slaNextCheckAt: _.lte(at.toISOString()) }).orderBy('slaNextCheckAt', 'asc').limit(limit).get();
      return res.data.map(fromDoc);
    },
    nextSequence: (name) => {
      const shard = Math.floor(Math.random() * SEQUENCE_SHARDS);
      return inTransaction(db, async (tx) => {
        const ref = tx.collection(COUNTERS).doc(`${name}#${shard}`);
        const current = (await ref.get()).data as { value: number } | null;
        const value = (current?.value ?? 0) + 1;
        await ref.set({ value });
        return (value - 1) * SEQUENCE_SHARDS + shard + 1;
      });
    },
  };
};
