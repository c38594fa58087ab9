import type { OutboxEntry } from '../../core/notifications/outbox';
import type { OutboxStore } from '../../core/notifications/ports';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { inTransaction } from './retry';

export const OUTBOX = 'outbox';

/**
 * Writes owed notifications inside the transaction that makes the change that owes them (every store
 * uses this one writer). CloudBase transactions take single-document operations only: one set per entry.
 */
export const writeOutboxInTx = async (tx: CbTransaction, entries: readonly OutboxEntry[]) => {
  for (const { id, ...rest } of entries) await tx.collection(OUTBOX).doc(id).set(toDocument(rest));
};

const fromDoc = (d: Record<string, unknown>): OutboxEntry => {
  const { _id, ...rest } = d;
  return { ...(rest as Omit<OutboxEntry, 'id'>), id: String(_id) };
};

export const cloudbaseOutboxStore = (db: CbDatabase): OutboxStore => {
  const _ = db.command;
  return {
    due: async (at, limit) => {
      const res = await db
        .collection(OUTBOX)
        .where({ status: _.in(['pending', 'sending']), nextAttemptAt: _.lte(at.toISOString()) })
        .orderBy('nextAttemptAt', 'asc')
        .limit(limit)
        .get();
      return res.data.map(fromDoc);
    },
    claim: (id, now, leaseUntil) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(OUTBOX).doc(id);
        const d = (await ref.get()).data as Record<string, unknown> | null;
        if (!d || !['pending', 'sending'].includes(String(d.status)) || String(d.nextAttemptAt) > now.toISOString()) return false;
        const { _id, ...rest } = d;
        await ref.set(toDocument({ ...rest, status: 'sending', nextAttemptAt: leaseUntil.toISOString() }));
        return true;
      }),
    markPushAttempt: (id, at) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(OUTBOX).doc(id);
        const d = (await ref.get()).data as Record<string, unknown> | null;
        if (!d || d.status !== 'sending' || d.pushAttemptAt) return false;
        const { _id, ...rest } = d;
        await ref.set(toDocument({ ...rest, pushAttemptAt: at.toISOString() }));
        return true;
      }),
    settle: (id, o) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(OUTBOX).doc(id);
        const d = (await ref.get()).data as Record<string, unknown> | null;
        if (!d || d.status !== 'sending') return;
        const { _id, ...rest } = d;
        // The outcome replaces the last one whole: a success clears the error of the attempt before it.
        // The push-attempt mark belongs to the attempt being settled: cleared with it.
        await ref.set(toDocument({ ...rest, ...o, lastError: o.lastError, pushAttemptAt: undefined }));
      }),
    listForSubject: async (subjectId) => {
      const res = await db.collection(OUTBOX).where({ subjectId }).orderBy('createdAt', 'asc').limit(1000).get();
      return res.data.map(fromDoc);
    },
  };
};
