import type { SealedKind, SealedRecordStore } from '../../core/members/rekey';
import { toDocument, type CbDatabase } from './database';

/** Collections holding sealed values (named literally, as tests/adapters/cloudbaseStrictFake.test.ts reads them); each document's `_id` is the record's id (policies: the policy number). */
const collectionOf = <T>(db: { collection(name: string): T }, kind: SealedKind): T => {
  switch (kind) {
    case 'members':
      return db.collection('members');
    case 'policies':
      return db.collection('policies');
    case 'complaints':
      return db.collection('complaints');
    case 'consultations':
      return db.collection('consultations');
    case 'claims':
      return db.collection('claims');
    case 'staff':
      return db.collection('staff');
  }
};

/**
 * Raw access for the rekey job (core/members/rekey.ts): pages in `_id` order (from a function or the
 * CLI, always with a limit), and one single-document transaction per record so a concurrent write
 * either lands before the read or retries after it. Staged import rows (policy_import_rows) are not
 * walked: they live until their batch is folded in, and stay readable under their old key meanwhile.
 */
export const cloudbaseSealedRecords = (db: CbDatabase): SealedRecordStore => {
  const _ = db.command;
  return {
    page: async (kind, after, limit) => {
      const base = collectionOf(db, kind);
      const query = after === undefined ? base : base.where({ _id: _.gt(after) });
      const res = await query.orderBy('_id', 'asc').limit(limit).get();
      return res.data.map((d) => {
        const { _id, ...doc } = d;
        return { id: String(_id), doc };
      });
    },
    update: async (kind, id, change) =>
      db.runTransaction(async (tx) => {
        const ref = collectionOf(tx, kind).doc(id);
        const current = (await ref.get()).data as Record<string, unknown> | null;
        if (!current) return false;
        const { _id, ...doc } = current;
        const next = toDocument(change(doc));
        if (JSON.stringify(next) !== JSON.stringify(toDocument(doc))) await ref.set(next);
        return true;
      }),
  };
};
