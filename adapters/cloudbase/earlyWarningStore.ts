import type { EarlyWarningAlert, WeekRun } from '../../core/earlyWarning/model';
import type { EarlyWarningStore } from '../../core/earlyWarning/ports';
import { commonErrors } from '../../core/shared/errors';
import { decodeCursor, encodeCursor } from '../cursor';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase } from './database';
import { writeOutboxInTx } from './outboxStore';
import { inTransaction } from './retry';

// Declared with their indexes in collections.ts.
export const EARLY_WARNING_COLLECTIONS = {
  /** Document id = the alert id (derived from week|kind|dim|value): opening twice is one document. */
  alerts: 'early_warning_alerts',
  /** Document id = the ISO week. */
  runs: 'early_warning_runs',
} as const;
const C = EARLY_WARNING_COLLECTIONS;

const toDoc = (a: EarlyWarningAlert) => {
  const { id: _id, ...rest } = a;
  return toDocument(rest);
};
const fromDoc = (d: Record<string, unknown>): EarlyWarningAlert => {
  const { _id, ...rest } = d;
  return { ...(rest as unknown as Omit<EarlyWarningAlert, 'id'>), id: String(_id) };
};
const runOf = (d: Record<string, unknown>): WeekRun => {
  const { _id, ...rest } = d;
  return rest as unknown as WeekRun;
};

/**
 * 风险预警 on the CloudBase document database. A week's alerts are opened one transaction each (a
 * transaction holds a few documents, a week may have dozens), each only if its id is absent, and the
 * run record last: a run cut short is run again and opens only what is missing.
 */
export const cloudbaseEarlyWarningStore = (db: CbDatabase): EarlyWarningStore => {
  const alerts = () => db.collection(C.alerts);
  return {
    weekRun: async (week) => {
      const res = (await db.collection(C.runs).doc(week).get()).data as Record<string, unknown>[];
      return res[0] ? runOf(res[0]) : null;
    },
    openWeek: async (run, list, outbox) => {
      let opened = 0;
      for (const a of list) {
        const created = await inTransaction(db, async (tx) => {
          const ref = tx.collection(C.alerts).doc(a.id);
          if ((await ref.get()).data) return false;
          await ref.set(toDoc(a));
          await writeOutboxInTx(tx, outbox?.get(a.id) ?? []);
          return true;
        });
        if (created) opened += 1;
      }
      await inTransaction(db, async (tx) => {
        const ref = tx.collection(C.runs).doc(run.week);
        if (!(await ref.get()).data) await ref.set(toDocument(run));
      });
      return { opened };
    },
    recentRuns: async (limit) => {
      const res = await db.collection(C.runs).where({ week: db.command.gt('') }).orderBy('week', 'desc').limit(limit).get();
      return res.data.map(runOf);
    },
    listWeek: async (week, { limit, cursor }) => {
      const _ = db.command;
      const after = cursor ? decodeCursor(cursor) : undefined;
      const condition = after
        ? _.or([
            { week, kind: _.gt(after[0]) },
            { week, kind: after[0], _id: _.gt(after[1]) },
          ])
        : { week };
      const res = await alerts().where(condition).orderBy('kind', 'asc').orderBy('_id', 'asc').limit(limit + 1).get();
      const items = res.data.slice(0, limit).map(fromDoc);
      const last = items[items.length - 1];
      return { items, ...(res.data.length > limit && last ? { nextCursor: encodeCursor([last.kind, last.id]) } : {}) };
    },
    get: async (id) => {
      const res = (await alerts().doc(id).get()).data as Record<string, unknown>[];
      return res[0] ? fromDoc(res[0]) : null;
    },
    update: (input) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(C.alerts).doc(input.alert.id);
        const current = (await ref.get()).data as { version?: number } | null;
        if (!current || current.version !== input.expectedVersion) throw commonErrors.versionConflict('EARLY_WARNING', input.alert.id);
        await ref.set(toDoc(input.alert));
        for (const d of input.audit) await appendAuditInTx(tx, d, new Date(input.alert.updatedAt));
      }),
  };
};
