import type { AuditDraft } from '../../core/audit/chain';
import { privacyErrors } from '../../core/privacy/errors';
import type { ConsentEvent, ExportVerification, PrivacyRequest } from '../../core/privacy/model';
import type { PrivacyStore } from '../../core/privacy/ports';
import { commonErrors } from '../../core/shared/errors';
import { decodeCursor, encodeCursor } from '../cursor';
import { sha256 } from '../hash';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { writeOutboxInTx } from './outboxStore';
import { inTransaction } from './retry';

// Declared with their indexes in collections.ts (plain constants: tests/adapters/cloudbaseStrictFake.test.ts reads them).
const CONSENTS = 'privacy_consents';
const REQUESTS = 'privacy_requests';
/** One document per (member, kind) while a request is open: the lock a transaction can read by id. */
const OPEN_REQUESTS = 'privacy_open_requests';
/** One document per member (its id the openid's hash): the newest export code, read by id inside a transaction. */
const VERIFICATIONS = 'privacy_verifications';
export const PRIVACY_COLLECTIONS = { consents: CONSENTS, requests: REQUESTS, openRequests: OPEN_REQUESTS, verifications: VERIFICATIONS } as const;

const strip = <T>(d: Record<string, unknown>): T => {
  const { _id, ...rest } = d;
  return { ...(rest as object), id: String(_id) } as T;
};
const withoutId = <T extends { id: string }>(x: T) => {
  const { id, ...rest } = x;
  return { id, doc: toDocument(rest) };
};
const openKey = (memberId: string, kind: string) => sha256(`${memberId}\u0000${kind}`);
const memberKey = (memberId: string) => sha256(memberId);
/** Pages through a query by _id, removing each document: CloudBase transactions cannot take a `where`. */
const removeWhere = async (db: CbDatabase, collection: string, condition: Record<string, unknown>): Promise<number> => {
  let n = 0;
  for (;;) {
    const batch = (await db.collection(collection).where(condition).limit(100).get()).data;
    for (const d of batch) await db.collection(collection).doc(String(d._id)).remove();
    n += batch.length;
    if (batch.length < 100) return n;
  }
};

export const cloudbasePrivacyStore = (db: CbDatabase): PrivacyStore => {
  const _ = db.command;
  const writeRequest = async (tx: CbTransaction, r: PrivacyRequest) => {
    const { id, doc } = withoutId(r);
    await tx.collection(REQUESTS).doc(id).set(doc);
  };
  const audit = (tx: CbTransaction, draft: AuditDraft | undefined, at: string) => (draft ? appendAuditInTx(tx, draft, new Date(at)) : undefined);

  return {
    appendConsents: async (events, draft) => {
      if (!events.length) return;
      await inTransaction(db, async (tx) => {
        for (const e of events) {
          const { id, doc } = withoutId(e);
          await tx.collection(CONSENTS).doc(id).set(doc);
        }
        await audit(tx, draft, events[0].at);
      });
    },
    consentsOf: async (memberId) =>
      (await db.collection(CONSENTS).where({ memberId }).orderBy('at', 'asc').orderBy('_id', 'asc').limit(1000).get()).data.map((d) => strip<ConsentEvent>(d)),

    createRequest: (r, draft) =>
      inTransaction(db, async (tx) => {
        if (r.status === 'received') {
          const lock = tx.collection(OPEN_REQUESTS).doc(openKey(r.memberId, r.kind));
          if ((await lock.get()).data) throw privacyErrors.requestOpen(r.kind);
          await lock.set({ requestId: r.id, memberId: r.memberId, kind: r.kind });
        }
        await writeRequest(tx, r);
        await audit(tx, draft, r.updatedAt);
      }),
    getRequest: async (id) => {
      const res = (await db.collection(REQUESTS).doc(id).get()).data as Record<string, unknown>[];
      return res[0] ? strip<PrivacyRequest>(res[0]) : null;
    },
    updateRequest: (r, expected, draft, outbox = []) =>
      inTransaction(db, async (tx) => {
        const current = (await tx.collection(REQUESTS).doc(r.id).get()).data as { version?: number; status?: string } | null;
        if (!current || current.version !== expected) throw commonErrors.versionConflict('PRIVACY', r.id);
        await writeRequest(tx, r);
        if (current.status === 'received' && r.status !== 'received') await tx.collection(OPEN_REQUESTS).doc(openKey(r.memberId, r.kind)).remove();
        await audit(tx, draft, r.updatedAt);
        await writeOutboxInTx(tx, outbox);
      }),
    requestsOf: async (memberId, limit) =>
      (await db.collection(REQUESTS).where({ memberId }).orderBy('receivedAt', 'desc').orderBy('_id', 'desc').limit(limit).get()).data.map((d) =>
        strip<PrivacyRequest>(d),
      ),
    queue: async (status, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const condition = after ? _.or([{ status, dueAt: _.gt(after[0]) }, { status, dueAt: after[0], _id: _.gt(after[1]) }]) : { status };
      const res = await db.collection(REQUESTS).where(condition).orderBy('dueAt', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
      const items = res.data.slice(0, limit).map((d) => strip<PrivacyRequest>(d));
      const last = items[items.length - 1];
      return { items, nextCursor: res.data.length > limit && last ? encodeCursor([last.dueAt, last.id]) : undefined };
    },
    listOpen: async ({ after, limit }) =>
      (
        await db
          .collection(REQUESTS)
          .where({ status: 'received', ...(after ? { _id: _.gt(after) } : {}) })
          .orderBy('_id', 'asc')
          .limit(limit)
          .get()
      ).data.map((d) => strip<PrivacyRequest>(d)),

    putVerification: async (v) => {
      await db.collection(VERIFICATIONS).doc(memberKey(v.memberId)).set(toDocument(v));
    },
    settleVerification: (memberId, decide) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(VERIFICATIONS).doc(memberKey(memberId));
        const current = (await ref.get()).data as (ExportVerification & { _id?: string }) | null;
        const { _id, ...v } = current ?? ({} as ExportVerification & { _id?: string });
        const verdict = decide(current ? (v as ExportVerification) : null);
        if (verdict.verification) await ref.set(toDocument(verdict.verification));
        return verdict;
      }),

    eraseMemberData: async (memberId) => ({
      messages: await removeWhere(db, 'member_messages', { memberId }),
      subscriptions: await removeWhere(db, 'subscription_credits', { memberId }),
      // memberStores.ts writes both with the member's id beside the document (no SMS sandbox in the cloud).
      bindingChallenges: await removeWhere(db, 'binding_challenges', { memberId }),
      rateLimits: await removeWhere(db, 'rate_limits', { memberId }),
    }),
  };
};
