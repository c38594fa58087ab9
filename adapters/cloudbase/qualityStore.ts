import type { AuditDraft } from '../../core/audit/chain';
import type { QualityScore, Sample, Scorecard } from '../../core/quality/model';
import type { QualityStore, ScoreFilter } from '../../core/quality/ports';
import { commonErrors } from '../../core/shared/errors';
import { decodeCursor, encodeCursor } from '../cursor';
import { sha256 } from '../hash';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { inTransaction } from './retry';

// Declared with their indexes in collections.ts.
export const QUALITY_COLLECTIONS = {
  /** One document per area, by the area's name. */
  scorecards: 'quality_scorecards',
  samples: 'quality_samples',
  /** By document id only: the inspector-scoped idempotency key's hash → the sample. */
  keys: 'quality_keys',
  /** By document id = hash(sample, case): a case is scored once per sample inside the insert's transaction. */
  scores: 'quality_scores',
} as const;
const C = QUALITY_COLLECTIONS;

const toDoc = <T extends { id: string }>(r: T) => {
  const { id: _id, ...rest } = r;
  return toDocument(rest);
};
const fromDoc = <T>(doc: Record<string, unknown>): T => {
  const { _id, appealPending: _a, ...rest } = doc;
  return { ...(rest as object), id: String(_id) } as T;
};
/** The score's document id: one per (sample, case), so a second score of the case finds the first. */
export const scoreDocId = (sampleId: string, caseId: string) => sha256(`quality-score\n${sampleId}\n${caseId}`).slice(0, 32);
/** appealPending: an indexed flag for the appeals list. */
const scoreDoc = (s: QualityScore) => toDocument({ ...s, appealPending: Boolean(s.appeal && !s.appeal.outcome) });

const writeAudit = async (tx: CbTransaction, drafts: readonly AuditDraft[], at: string) => {
  for (const d of drafts) await appendAuditInTx(tx, d, new Date(at));
};

/**
 * Quality inspection on the CloudBase document database. Transactions take single-document operations
 * only, so the once-per-case rule is the score's document id (hash of sample and case), and the scorecard's
 * version check reads the area's document by id.
 */
export const cloudbaseQualityStore = (db: CbDatabase): QualityStore => {
  const _ = db.command;
  const matches = (f: ScoreFilter, s: QualityScore) =>
    (!f.area || s.area === f.area) &&
    (!f.period || s.period === f.period) &&
    (!f.handlerId || s.handlerId === f.handlerId) &&
    (!f.sampleId || s.sampleId === f.sampleId) &&
    (f.appealPending === undefined || Boolean(s.appeal && !s.appeal.outcome) === f.appealPending);
  return {
    getScorecard: async (area) => {
      const res = (await db.collection(C.scorecards).doc(area).get()).data as Record<string, unknown>[];
      return res[0] ? (fromDoc<Scorecard & { id: string }>(res[0]) as unknown as Scorecard) : null;
    },
    saveScorecard: (input) =>
      inTransaction(db, async (tx) => {
        const ref = tx.collection(C.scorecards).doc(input.card.area);
        const current = (await ref.get()).data as { version?: number } | null;
        if ((current?.version ?? 0) !== input.expectedVersion) throw commonErrors.versionConflict('QA', input.card.area);
        await ref.set(toDocument({ ...input.card }));
        await writeAudit(tx, input.audit, input.card.updatedAt);
      }),
    createSample: (input) =>
      inTransaction(db, async (tx) => {
        const key = (await tx.collection(C.keys).doc(input.keyHash).get()).data as { sampleId: string; requestHash: string } | null;
        if (key) {
          const doc = (await tx.collection(C.samples).doc(key.sampleId).get()).data as Record<string, unknown>;
          return { sample: fromDoc<Sample>({ ...doc, _id: key.sampleId }), created: false, sameRequest: key.requestHash === input.requestHash };
        }
        const s = input.sample;
        await tx.collection(C.samples).doc(s.id).set(toDoc(s));
        await tx.collection(C.keys).doc(input.keyHash).set({ sampleId: s.id, requestHash: input.requestHash });
        await writeAudit(tx, input.audit, s.drawnAt);
        return { sample: s, created: true, sameRequest: true };
      }),
    getSample: async (id) => {
      const res = (await db.collection(C.samples).doc(id).get()).data as Record<string, unknown>[];
      return res[0] ? fromDoc<Sample>(res[0]) : null;
    },
    listSamples: async (filter, { limit, cursor }) => {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const condition = { ...(filter.area ? { area: filter.area } : {}), ...(filter.period ? { period: filter.period } : {}) };
      // The equalities go into each branch of the keyset's `or` (one index range per branch).
      const where = after ? _.or([{ ...condition, drawnAt: _.lt(after[0]) }, { ...condition, drawnAt: after[0], _id: _.lt(after[1]) }]) : condition;
      const res = await db.collection(C.samples).where(where).orderBy('drawnAt', 'desc').orderBy('_id', 'desc').limit(limit + 1).get();
      const items = (res.data as Record<string, unknown>[]).slice(0, limit).map((d) => fromDoc<Sample>(d));
      const last = items.at(-1);
      return { items, ...(res.data.length > limit && last ? { nextCursor: encodeCursor([last.drawnAt, last.id]) } : {}) };
    },
    createScore: (input) =>
      inTransaction(db, async (tx) => {
        const s = input.score;
        const ref = tx.collection(C.scores).doc(scoreDocId(s.sampleId, s.caseId));
        const existing = (await ref.get()).data as Record<string, unknown> | null;
        if (existing) return { score: fromDoc<QualityScore>({ ...existing, _id: existing.id ?? '' }), created: false };
        await ref.set(scoreDoc(s));
        await writeAudit(tx, input.audit, s.scoredAt);
        return { score: s, created: true };
      }),
    getScore: async (id) => {
      const res = await db.collection(C.scores).where({ id }).limit(1).get();
      return res.data[0] ? fromDoc<QualityScore>(res.data[0] as Record<string, unknown>) : null;
    },
    updateScore: (input) =>
      inTransaction(db, async (tx) => {
        const s = input.score;
        const ref = tx.collection(C.scores).doc(scoreDocId(s.sampleId, s.caseId));
        const current = (await ref.get()).data as { version?: number } | null;
        if (!current || current.version !== input.expectedVersion) throw commonErrors.versionConflict('QA', s.id);
        await ref.set(scoreDoc(s));
        await writeAudit(tx, input.audit, new Date().toISOString());
      }),
    listScores: async (filter, { limit, cursor }) => {
      // One index per equality (collections.ts): sample, handler, pending appeals, period — the first given picks it.
      const eq = filter.sampleId ? { sampleId: filter.sampleId } : filter.handlerId ? { handlerId: filter.handlerId } : filter.appealPending ? { appealPending: true } : filter.period ? { period: filter.period } : {};
      const out: QualityScore[] = [];
      let last = cursor ? decodeCursor(cursor) : undefined;
      for (let round = 0; round < 10; round++) {
        const where = last ? _.or([{ ...eq, scoredAt: _.lt(last[0]) }, { ...eq, scoredAt: last[0], id: _.lt(last[1]) }]) : eq;
        const res = await db.collection(C.scores).where(where).orderBy('scoredAt', 'desc').orderBy('id', 'desc').limit(100).get();
        const rows = res.data as Record<string, unknown>[];
        for (const d of rows) {
          const s = fromDoc<QualityScore>({ ...d, _id: d.id });
          last = [s.scoredAt, s.id];
          if (!matches(filter, s)) continue;
          out.push(s);
          if (out.length === limit) return { items: out, nextCursor: encodeCursor(last) };
        }
        if (rows.length < 100) return { items: out };
      }
      return { items: out, ...(last ? { nextCursor: encodeCursor(last) } : {}) };
    },
  };
};
