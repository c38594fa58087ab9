import { sha256 } from '../hash';
import {
  actionGroupOf,
  chainEntry,
  chainIdOf,
  headOf,
  type AuditCheckpoint,
  type AuditDraft,
  type AuditEntry,
  type AuditHead,
  type AuditLog,
} from '../../core/audit/chain';
import type { Clock } from '../../core/shared/ports';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { inTransaction } from './retry';

/**
 * Entries (`_id` = entry id, `chainId#seq`), one head per subject chain (`_id` = chainId), and the
 * checkpoint chain (`_id` = zero-padded seq), which only the checkpoint timer writes. The single-chain
 * collections of before (`audit_log`, `audit_head`) are no longer read or written.
 */
export const AUDIT = { log: 'audit_entries', heads: 'audit_heads', checkpoints: 'audit_checkpoints' } as const;

const PAGE = 500;
const checkpointId = (seq: number) => String(seq).padStart(10, '0');

/**
 * Appends inside the caller's transaction to the subject's own chain: only that subject's head
 * document is read and written, so writers on different subjects never conflict, and two writers on
 * one subject serialise on its head (CloudBase retries the loser; past the SDK's retries, STORE.BUSY).
 */
export const appendAuditInTx = async (tx: CbTransaction, draft: AuditDraft, at: Date): Promise<AuditEntry> => {
  const headRef = tx.collection(AUDIT.heads).doc(chainIdOf(draft.subjectType, draft.subjectId));
  const head = (await headRef.get()).data as AuditHead | null;
  const e = chainEntry(draft, head ?? undefined, at, sha256);
  const { id, ...doc } = e;
  // actionGroup is a query field for the audit screen's filter (indexed), outside the hashed entry.
  await tx.collection(AUDIT.log).doc(id).set(toDocument({ ...doc, actionGroup: actionGroupOf(e.action) }));
  await headRef.set(toDocument(headOf(e)));
  return e;
};

const fromDoc = (d: Record<string, unknown>): AuditEntry => {
  const { _id, actionGroup: _group, ...rest } = d;
  return { ...rest, id: _id } as unknown as AuditEntry;
};
const withoutId = <T>(d: Record<string, unknown>): T => {
  const { _id, ...rest } = d;
  return rest as T;
};

export const cloudbaseAuditLog = (db: CbDatabase, clock: Clock): AuditLog => {
  const _ = db.command;
  const entries = () => db.collection(AUDIT.log);
  /** Every entry by (at, _id) ascending, keyset-paginated: a function must always set .limit() (RULES.md). */
  async function* inTimeOrder() {
    for (let after: AuditEntry | undefined; ; ) {
      const q = after ? entries().where(_.or([{ at: _.gt(after.at) }, { at: after.at, _id: _.gt(after.id) }])) : entries();
      const batch = (await q.orderBy('at', 'asc').orderBy('_id', 'asc').limit(PAGE).get()).data.map(fromDoc);
      yield* batch;
      if (batch.length < PAGE) return;
      after = batch[batch.length - 1];
    }
  }
  async function* byId<T>(collection: string, map: (d: Record<string, unknown>) => T) {
    for (let after = ''; ; ) {
      const q = after ? db.collection(collection).where({ _id: _.gt(after) }) : db.collection(collection);
      const docs = (await q.orderBy('_id', 'asc').limit(PAGE).get()).data;
      yield* docs.map(map);
      if (docs.length < PAGE) return;
      after = String(docs[docs.length - 1]._id);
    }
  }
  return {
    append: (draft) => inTransaction(db, (tx) => appendAuditInTx(tx, draft, clock.now())),
    list: async ({ limit, subjectId, subjectType, before, actionGroup, actorIds }) => {
      const filter = {
        ...(subjectId !== undefined ? { subjectId } : {}),
        ...(subjectType !== undefined ? { subjectType } : {}),
        ...(actionGroup !== undefined ? { actionGroup } : {}),
        ...(actorIds !== undefined ? { actorId: _.in(actorIds) } : {}),
      };
      const condition = before ? _.or([{ ...filter, at: _.lt(before.at) }, { ...filter, at: before.at, _id: _.lt(before.id) }]) : filter;
      return (await entries().where(condition).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit).get()).data.map(fromDoc);
    },
    all: inTimeOrder,
    // Entry ids sort chain by chain, each chain in seq order (see chainIdOf).
    byChain: () => byId(AUDIT.log, fromDoc),
    heads: () => byId(AUDIT.heads, (d) => withoutId<AuditHead>(d)),
    checkpoints: () => byId(AUDIT.checkpoints, (d) => withoutId<AuditCheckpoint>(d)),
    lastCheckpoint: async () => {
      const [d] = (await db.collection(AUDIT.checkpoints).orderBy('seq', 'desc').limit(1).get()).data;
      return d ? withoutId<AuditCheckpoint>(d) : undefined;
    },
    // One range bound in the query, the other applied to the sorted page: past upTo, every later one is too.
    movedHeads: async ({ after, upTo, limit }) =>
      (await db.collection(AUDIT.heads).where({ moveKey: _.gt(after) }).orderBy('moveKey', 'asc').limit(limit).get()).data
        .map((d) => withoutId<AuditHead>(d))
        .filter((h) => h.moveKey <= upTo),
    addCheckpoint: (c) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(AUDIT.checkpoints).doc(checkpointId(c.seq));
        if ((await ref.get()).data) return false;
        await ref.set(toDocument(c));
        return true;
      }),
  };
};
