import type { AuditDraft } from '../../core/audit/chain';
import { incidentErrors } from '../../core/incidents/errors';
import type { Incident } from '../../core/incidents/model';
import type { DetectorState, IncidentStore } from '../../core/incidents/ports';
import { decodeCursor, encodeCursor } from '../cursor';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { inTransaction } from './retry';

// Declared with their indexes in collections.ts.
export const INCIDENT_COLLECTIONS = { incidents: 'incidents', detector: 'incident_detector' } as const;
const C = INCIDENT_COLLECTIONS;
const PAGE = 500;

const toDoc = (i: Incident) => {
  const { id: _id, ...rest } = i;
  return toDocument(rest);
};
const fromDoc = (d: Record<string, unknown>): Incident => {
  const { _id, ...rest } = d;
  return { ...(rest as unknown as Omit<Incident, 'id'>), id: String(_id) };
};
const writeAudit = async (tx: CbTransaction, drafts: readonly AuditDraft[], at: string) => {
  for (const d of drafts) await appendAuditInTx(tx, d, new Date(at));
};

/**
 * 信息安全事件 on CloudBase: an incident's id is its document id (a derived incident's id hashes its
 * detection key), so "create once" is a read of that document inside the transaction. The detector's
 * state is one document, version-checked in a transaction.
 */
export const cloudbaseIncidentStore = (db: CbDatabase): IncidentStore => {
  const _ = db.command;
  return {
    create: (incident, audit) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(C.incidents).doc(incident.id);
        const existing = (await ref.get()).data as Record<string, unknown> | null;
        if (existing) return { incident: fromDoc({ ...existing, _id: incident.id }), created: false };
        await ref.set(toDoc(incident));
        await writeAudit(tx, audit, incident.updatedAt);
        return { incident, created: true };
      }),
    get: async (id) => {
      const [d] = ((await db.collection(C.incidents).doc(id).get()).data as Record<string, unknown>[] | undefined) ?? [];
      return d ? fromDoc(d) : null;
    },
    update: (incident, expected, audit) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(C.incidents).doc(incident.id);
        const current = (await ref.get()).data as { version?: number } | null;
        if (!current || current.version !== expected) throw incidentErrors.versionConflict(incident.id);
        await ref.set(toDoc(incident));
        await writeAudit(tx, audit, incident.updatedAt);
      }),
    list: async (q, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const filter = { ...(q.kind ? { kind: q.kind } : {}), ...(q.status ? { status: q.status } : {}) };
      // One range bound in the query, the other applied to the sorted page: below fromAt, every later one is too.
      const conditions: unknown[] = after
        ? [
            { ...filter, occurredAt: _.lt(after[0]) },
            { ...filter, occurredAt: after[0], _id: _.lt(after[1]) },
          ]
        : [{ ...filter, occurredAt: _.lt(q.toAt) }];
      const data = (
        await db
          .collection(C.incidents)
          .where(_.or(conditions))
          .orderBy('occurredAt', 'desc')
          .orderBy('_id', 'desc')
          .limit(limit + 1)
          .get()
      ).data.filter((d) => String(d.occurredAt) >= q.fromAt);
      const items = data.slice(0, limit).map(fromDoc);
      const last = items[items.length - 1];
      return { items, ...(data.length > limit && last ? { nextCursor: encodeCursor([last.occurredAt, last.id]) } : {}) };
    },
    countByMonth: async (months) => {
      const counts = new Map<string, { month: string; kind: string; count: number }>();
      for (const month of months)
        for (let after = ''; ; ) {
          const q = db.collection(C.incidents).where(after ? { occurredMonth: month, _id: _.gt(after) } : { occurredMonth: month });
          const docs = (await q.orderBy('_id', 'asc').limit(PAGE).get()).data;
          for (const d of docs) {
            const key = `${month}|${String(d.kind)}`;
            const c = counts.get(key) ?? { month, kind: String(d.kind), count: 0 };
            counts.set(key, { ...c, count: c.count + 1 });
          }
          if (docs.length < PAGE) break;
          after = String(docs[docs.length - 1]._id);
        }
      return [...counts.values()];
    },
    readDetector: async () => {
      const [d] = ((await db.collection(C.detector).doc('state').get()).data as Record<string, unknown>[] | undefined) ?? [];
      if (!d) return { buckets: {}, version: 0 };
      const { _id, ...rest } = d;
      return rest as unknown as DetectorState;
    },
    writeDetector: (state, expected) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(C.detector).doc('state');
        const current = (await ref.get()).data as { version?: number } | null;
        if ((current?.version ?? 0) !== expected) return false;
        await ref.set(toDocument(state));
        return true;
      }),
  };
};
