import type { AuditDraft } from '../../core/audit/chain';
import type { Claim } from '../../core/claims/model';
import type { ClaimStore } from '../../core/claims/ports';
import { commonErrors } from '../../core/shared/errors';
import type { Page } from '../../core/shared/page';
import { decodeCursor, encodeCursor } from '../cursor';
import { sha256 } from '../hash';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { writeOutboxInTx } from './outboxStore';
import { inTransaction } from './retry';

// Declared with their indexes in collections.ts.
export const CLAIM_COLLECTIONS = {
  claims: 'claims',
  /** By document id only: the member-scoped idempotency key's hash. */
  keys: 'claim_keys',
  /** Shared with the other areas' numbers (other names), one document per counter shard. */
  counters: 'counters',
} as const;
const C = CLAIM_COLLECTIONS;

/** How many documents a day's counter is spread over, so submits in one day do not serialise on one document. */
const SEQUENCE_SHARDS = 8;

/** A unique index counts a missing field as null, so a draft (no number yet) holds a placeholder of its own id. */
const DRAFT_NUMBER = 'draft:';
const toDoc = (c: Claim) => {
  const { id: _id, ...rest } = c;
  return toDocument({ ...rest, number: c.number ?? `${DRAFT_NUMBER}${c.id}` });
};
const fromDoc = (doc: Record<string, unknown>): Claim => {
  const { _id, number, ...rest } = doc;
  return { ...(rest as unknown as Omit<Claim, 'id'>), ...(typeof number === 'string' && !number.startsWith(DRAFT_NUMBER) ? { number } : {}), id: String(_id) };
};

const writeAudit = async (tx: CbTransaction, drafts: readonly AuditDraft[] | undefined, at: string) => {
  for (const d of drafts ?? []) await appendAuditInTx(tx, d, new Date(at));
};

/**
 * Claims on the CloudBase document database. Transactions take single-document operations only, so
 * the idempotency key's hash is a document id (a retry finds it in the transaction) and the version
 * check reads the document by id. The unique index on `number` (collections.ts) keeps numbers unique.
 */
export const cloudbaseClaimStore = (db: CbDatabase): ClaimStore => {
  const _ = db.command;
  const all = () => db.collection(C.claims);

  const findByKeyIn = async (tx: CbTransaction, keyHash: string) => {
    const key = (await tx.collection(C.keys).doc(keyHash).get()).data as { claimId: string; requestHash: string } | null;
    if (!key) return null;
    const doc = (await tx.collection(C.claims).doc(key.claimId).get()).data as Record<string, unknown>;
    return { claim: fromDoc({ ...doc, _id: key.claimId }), requestHash: key.requestHash };
  };

  const pageOf = (data: Record<string, unknown>[], limit: number, key: (c: Claim) => [string, string]): Page<Claim> => {
    const items = data.slice(0, limit).map(fromDoc);
    const last = items[items.length - 1];
    return { items, ...(data.length > limit && last ? { nextCursor: encodeCursor(key(last)) } : {}) };
  };

  return {
    create: (input) =>
      inTransaction(db, async (tx) => {
        const keyHash = sha256(input.idempotencyKey);
        const earlier = await findByKeyIn(tx, keyHash);
        if (earlier) return { claim: earlier.claim, created: false, sameRequest: earlier.requestHash === input.requestHash };
        await tx.collection(C.claims).doc(input.claim.id).set(toDoc(input.claim));
        await tx.collection(C.keys).doc(keyHash).set({ claimId: input.claim.id, requestHash: input.requestHash, createdAt: input.claim.createdAt });
        await writeOutboxInTx(tx, [...input.outbox]);
        await writeAudit(tx, input.audit, input.claim.updatedAt);
        return { claim: input.claim, created: true, sameRequest: true };
      }),
    update: (input) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(C.claims).doc(input.claim.id);
        const current = (await ref.get()).data as { version?: number } | null;
        if (!current || current.version !== input.expectedVersion) throw commonErrors.versionConflict('CLAIM', input.claim.id);
        await ref.set(toDoc(input.claim));
        await writeOutboxInTx(tx, [...input.outbox]);
        await writeAudit(tx, input.audit, input.claim.updatedAt);
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
            { memberId, createdAt: _.lt(after[0]) },
            { memberId, createdAt: after[0], _id: _.lt(after[1]) },
          ])
        : { memberId };
      const res = await all().where(condition).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
      return pageOf(res.data, limit, (c) => [c.createdAt, c.id]);
    },
    queue: async (filter, { limit, cursor }) => {
      // Equality on the index's fields (collections.ts), then the keyset on (dueAt, _id): one index range.
      const fields: Record<string, unknown> = filter.status ? { status: filter.status } : {};
      const after = cursor ? decodeCursor(cursor) : undefined;
      const condition = after
        ? _.or([
            { ...fields, dueAt: _.gt(after[0]) },
            { ...fields, dueAt: after[0], _id: _.gt(after[1]) },
          ])
        : { ...fields, dueAt: _.gt('') };
      const res = await all().where(condition).orderBy('dueAt', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
      return pageOf(res.data, limit, (c) => [c.dueAt ?? '', c.id]);
    },
    findSlaDue: async (at, limit) => {
      const res = await all().where({ slaNextCheckAt: _.lte(at.toISOString()) }).orderBy('slaNextCheckAt', 'asc').limit(limit).get();
      return res.data.map(fromDoc);
    },
    listOpen: async ({ after, limit }) => {
      // A batch job after a holiday-notice import: running claims by _id (the default index), bounded per call.
      const res = await all().where({ dueAt: _.gt(''), ...(after ? { _id: _.gt(after) } : {}) }).orderBy('_id', 'asc').limit(limit).get();
      return res.data.map(fromDoc);
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
