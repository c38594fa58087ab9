import { sha256 } from '../hash';
import type { SubscriptionStore } from '../../core/notifications/subscriptions';
import type { CbDatabase } from './database';
import { inTransaction } from './retry';

const COLLECTION = 'subscription_credits';
const docId = (m: string, t: string) => sha256(`${m}\u0000${t}`);

export const cloudbaseSubscriptionStore = (db: CbDatabase): SubscriptionStore => ({
  grant: (memberId, templateId, at) =>
    inTransaction(db, async (tx) => {
      const ref = tx.collection(COLLECTION).doc(docId(memberId, templateId));
      const current = (await ref.get()).data as { credits: number } | null;
      const credits = (current?.credits ?? 0) + 1;
      await ref.set({ memberId, templateId, credits, updatedAt: at.toISOString() });
      return credits;
    }),
  consume: (memberId, templateId, at) =>
    inTransaction(db, async (tx) => {
      const ref = tx.collection(COLLECTION).doc(docId(memberId, templateId));
      const current = (await ref.get()).data as { credits: number } | null;
      if (!current || current.credits <= 0) return false;
      await ref.set({ memberId, templateId, credits: current.credits - 1, updatedAt: at.toISOString() });
      return true;
    }),
  balance: async (memberId) => {
    const res = await db.collection(COLLECTION).where({ memberId }).limit(100).get();
    return Object.fromEntries(res.data.map((d) => [String(d.templateId), Number(d.credits)]));
  },
});
