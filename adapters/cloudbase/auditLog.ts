import { sha256 } from '../hash';
import { chainEntry, type AuditDraft, type AuditEntry, type AuditLog } from '../../core/audit/chain';
import type { Clock } from '../../core/shared/ports';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { inTransaction } from './retry';

export const AUDIT = { log: 'audit_log', head: 'audit_head' } as const;
const HEAD_ID = 'head';

/**
 * Appends inside a transaction: the head document holds the last seq and hash, so two writers
 * serialise on it (CloudBase retries the loser) and the chain never forks.
 */
export const appendAuditInTx = async (tx: CbTransaction, draft: AuditDraft, at: Date): Promise<AuditEntry> => {
  const headRef = tx.collection(AUDIT.head).doc(HEAD_ID);
  const head = (await headRef.get()).data as { seq: number; hash: string } | null;
  const e = chainEntry(draft, head ?? undefined, at, sha256);
  await tx.collection(AUDIT.log).doc(String(e.seq).padStart(12, '0')).set(toDocument(e));
  await headRef.set({ seq: e.seq, hash: e.hash });
  return e;
};

const fromDoc = (d: Record<string, unknown>): AuditEntry => {
  const { _id, ...rest } = d;
  return rest as unknown as AuditEntry;
};

export const cloudbaseAuditLog = (db: CbDatabase, clock: Clock): AuditLog => {
  const _ = db.command;
  const page = async (afterSeq: number, limit: number, subjectId?: string) =>
    (
      await db
        .collection(AUDIT.log)
        .where(subjectId ? { subjectId, seq: _.gt(afterSeq) } : { seq: _.gt(afterSeq) })
        .orderBy('seq', 'asc')
        .limit(limit)
        .get()
    ).data.map(fromDoc);
  return {
    append: (draft) => inTransaction(db, (tx) => appendAuditInTx(tx, draft, clock.now())),
    list: ({ afterSeq, limit, subjectId }) => page(afterSeq ?? 0, limit, subjectId),
    async *all() {
      // Paginated: a function must always set .limit() (RULES.md).
      for (let after = 0; ; ) {
        const batch = await page(after, 500);
        yield* batch;
        if (batch.length < 500) return;
        after = batch[batch.length - 1].seq;
      }
    },
  };
};
