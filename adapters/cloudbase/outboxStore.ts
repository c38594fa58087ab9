import type { OutboxEntry } from '../../core/notifications/outbox';
import type { OutboxStore } from '../../core/notifications/ports';
import { COLLECTIONS } from './complaintStore';
import { toDocument, type CbDatabase } from './database';
import { inTransaction } from './retry';

const fromDoc = (d: Record<string, unknown>): OutboxEntry => {
  const { _id, ...rest } = d;
  return { ...(rest as Omit<OutboxEntry, 'id'>), id: String(_id) };
};

export const cloudbaseOutboxStore = (db: CbDatabase): OutboxStore => {
  const _ = db.command;
  return {
    due: async (at, limit) => {
      const res = await db
        .collection(COLLECTIONS.outbox)
        .where({ status: _.in(['pending', 'sending']), nextAttemptAt: _.lte(at.toISOString()) })
        .orderBy('nextAttemptAt', 'asc')
        .limit(limit)
        .get();
      return res.data.map(fromDoc);
    },
    claim: (id, now, leaseUntil) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(COLLECTIONS.outbox).doc(id);
        const d = (await ref.get()).data as Record<string, unknown> | null;
        if (!d || !['pending', 'sending'].includes(String(d.status)) || String(d.nextAttemptAt) > now.toISOString()) return false;
        const { _id, ...rest } = d;
        await ref.set(toDocument({ ...rest, status: 'sending', nextAttemptAt: leaseUntil.toISOString() }));
        return true;
      }),
    settle: (id, o) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(COLLECTIONS.outbox).doc(id);
        const d = (await ref.get()).data as Record<string, unknown> | null;
        if (!d || d.status !== 'sending') return;
        const { _id, ...rest } = d;
        // The outcome replaces the last one whole: a success clears the error of the attempt before it.
        await ref.set(toDocument({ ...rest, ...o, lastError: o.lastError }));
      }),
    listForSubject: async (subjectId) => {
      const res = await db.collection(COLLECTIONS.outbox).where({ subjectId }).orderBy('createdAt', 'asc').limit(1000).get();
      return res.data.map(fromDoc);
    },
  };
};
