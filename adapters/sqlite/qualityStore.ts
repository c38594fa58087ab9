import type { AuditDraft } from '../../core/audit/chain';
import type { QualityScore, Sample, Scorecard } from '../../core/quality/model';
import type { QualityStore, ScoreFilter } from '../../core/quality/ports';
import { commonErrors } from '../../core/shared/errors';
import type { Page } from '../../core/shared/page';
import { decodeCursor, encodeCursor } from '../cursor';
import type { Db } from './database';
import { auditWriter } from './storeParts';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;

const docOf = <T>(r: unknown): T | null => (r ? (JSON.parse((r as { doc: string }).doc) as T) : null);
const docs = <T>(rows: unknown[]): T[] => rows.map((r) => JSON.parse((r as { doc: string }).doc) as T);

/**
 * Quality inspection on the embedded store. Small tables (a sample is tens of cases a month): lists read
 * one index range, newest first, and check any further filter on the rows. A case is scored once per
 * sample by a unique (sample, case) key inside the insert.
 */
export const sqliteQualityStore = (db: Db, appendAudit?: AppendAudit): QualityStore => {
  const getCard = db.prepare('SELECT doc FROM quality_scorecards WHERE area = ?');
  const insertCard = db.prepare('INSERT INTO quality_scorecards (area, version, doc) VALUES (?, ?, ?)');
  const updateCard = db.prepare('UPDATE quality_scorecards SET version = ?, doc = ? WHERE area = ? AND version = ?');
  const findKey = db.prepare('SELECT sample_id, request_hash FROM quality_keys WHERE key_hash = ?');
  const insertKey = db.prepare('INSERT INTO quality_keys (key_hash, sample_id, request_hash) VALUES (?, ?, ?)');
  const insertSample = db.prepare('INSERT INTO quality_samples (id, area, period, drawn_at, doc) VALUES (?, ?, ?, ?, ?)');
  const getSample = db.prepare('SELECT doc FROM quality_samples WHERE id = ?');
  const samplesFirst = db.prepare('SELECT doc FROM quality_samples ORDER BY drawn_at DESC, id DESC LIMIT ?');
  const samplesAfter = db.prepare('SELECT doc FROM quality_samples WHERE (drawn_at, id) < (?, ?) ORDER BY drawn_at DESC, id DESC LIMIT ?');
  const insertScore = db.prepare(
    'INSERT INTO quality_scores (id, sample_id, case_id, handler_id, period, area, appeal_pending, scored_at, version, doc) VALUES (@id, @sample_id, @case_id, @handler_id, @period, @area, @appeal_pending, @scored_at, @version, @doc) ON CONFLICT (sample_id, case_id) DO NOTHING',
  );
  const scoreOfCase = db.prepare('SELECT doc FROM quality_scores WHERE sample_id = ? AND case_id = ?');
  const getScore = db.prepare('SELECT doc FROM quality_scores WHERE id = ?');
  const updateScore = db.prepare('UPDATE quality_scores SET appeal_pending = @appeal_pending, version = @version, doc = @doc WHERE id = @id AND version = @expected');

  const writeAudit = auditWriter(appendAudit);
  const scoreRow = (s: QualityScore) => ({
    id: s.id,
    sample_id: s.sampleId,
    case_id: s.caseId,
    handler_id: s.handlerId,
    period: s.period,
    area: s.area,
    appeal_pending: s.appeal && !s.appeal.outcome ? 1 : 0,
    scored_at: s.scoredAt,
    version: s.version,
    doc: JSON.stringify(s),
  });

  const saveScorecard = db.transaction((input: { card: Scorecard; expectedVersion: number; audit: readonly AuditDraft[] }) => {
    const c = input.card;
    const ok = input.expectedVersion === 0 ? (getCard.get(c.area) ? 0 : insertCard.run(c.area, c.version, JSON.stringify(c)).changes) : updateCard.run(c.version, JSON.stringify(c), c.area, input.expectedVersion).changes;
    if (ok !== 1) throw commonErrors.versionConflict('QA', c.area);
    writeAudit(input.audit, c.updatedAt);
  });
  const createSample = db.transaction((input: Parameters<QualityStore['createSample']>[0]) => {
    const k = findKey.get(input.keyHash) as { sample_id: string; request_hash: string } | undefined;
    if (k) return { sample: docOf<Sample>(getSample.get(k.sample_id))!, created: false, sameRequest: k.request_hash === input.requestHash };
    const s = input.sample;
    insertSample.run(s.id, s.area, s.period, s.drawnAt, JSON.stringify(s));
    insertKey.run(input.keyHash, s.id, input.requestHash);
    writeAudit(input.audit, s.drawnAt);
    return { sample: s, created: true, sameRequest: true };
  });
  const createScore = db.transaction((input: Parameters<QualityStore['createScore']>[0]) => {
    const s = input.score;
    if (insertScore.run(scoreRow(s)).changes !== 1) return { score: docOf<QualityScore>(scoreOfCase.get(s.sampleId, s.caseId))!, created: false };
    writeAudit(input.audit, s.scoredAt);
    return { score: s, created: true };
  });
  const update = db.transaction((input: Parameters<QualityStore['updateScore']>[0]) => {
    if (updateScore.run({ ...scoreRow(input.score), expected: input.expectedVersion }).changes !== 1) throw commonErrors.versionConflict('QA', input.score.id);
    writeAudit(input.audit, new Date().toISOString());
  });

  const matches = (f: ScoreFilter, s: QualityScore) =>
    (!f.area || s.area === f.area) &&
    (!f.period || s.period === f.period) &&
    (!f.handlerId || s.handlerId === f.handlerId) &&
    (!f.sampleId || s.sampleId === f.sampleId) &&
    (f.appealPending === undefined || Boolean(s.appeal && !s.appeal.outcome) === f.appealPending);

  /**
   * Scores newest first on one index range picked by the most selective filter given, the rest checked on
   * the rows: at most 20 batches of rows per call, then a cursor where the scan stopped.
   */
  const listScores = (f: ScoreFilter, page: { limit: number; cursor?: string }): Page<QualityScore> => {
    const [col, value] = f.sampleId ? ['sample_id', f.sampleId] : f.handlerId ? ['handler_id', f.handlerId] : f.appealPending ? ['appeal_pending', 1] : f.period ? ['period', f.period] : ['', ''];
    const sql = (after: boolean) =>
      `SELECT scored_at, id, doc FROM quality_scores WHERE ${col ? `${col} = ?` : '1 = 1'}${after ? ' AND (scored_at, id) < (?, ?)' : ''} ORDER BY scored_at DESC, id DESC LIMIT 200`;
    const out: QualityScore[] = [];
    let last: [string, string] | undefined = page.cursor ? decodeCursor(page.cursor) : undefined;
    for (let round = 0; round < 20; round++) {
      const rows = db.prepare(sql(Boolean(last))).all(...(col ? [value] : []), ...(last ?? [])) as { scored_at: string; id: string; doc: string }[];
      for (const r of rows) {
        last = [r.scored_at, r.id];
        const s = JSON.parse(r.doc) as QualityScore;
        if (!matches(f, s)) continue;
        out.push(s);
        if (out.length === page.limit) return { items: out, nextCursor: encodeCursor(last) };
      }
      if (rows.length < 200) return { items: out };
    }
    return { items: out, ...(last ? { nextCursor: encodeCursor(last) } : {}) };
  };

  return {
    getScorecard: async (area) => docOf<Scorecard>(getCard.get(area)),
    saveScorecard: async (input) => saveScorecard.immediate(input),
    createSample: async (input) => createSample.immediate(input),
    getSample: async (id) => docOf<Sample>(getSample.get(id)),
    listSamples: async (filter, page) => {
      const out: Sample[] = [];
      let cursor = page.cursor;
      for (let round = 0; round < 20; round++) {
        const after = cursor ? decodeCursor(cursor) : undefined;
        const rows = docs<Sample>(after ? samplesAfter.all(after[0], after[1], 100) : samplesFirst.all(100));
        for (const s of rows) {
          cursor = encodeCursor([s.drawnAt, s.id]);
          if ((filter.area && s.area !== filter.area) || (filter.period && s.period !== filter.period)) continue;
          out.push(s);
          if (out.length === page.limit) return { items: out, nextCursor: cursor };
        }
        if (rows.length < 100) return { items: out };
      }
      return { items: out, ...(cursor ? { nextCursor: cursor } : {}) };
    },
    createScore: async (input) => createScore.immediate(input),
    getScore: async (id) => docOf<QualityScore>(getScore.get(id)),
    updateScore: async (input) => update.immediate(input),
    listScores: async (filter, page) => listScores(filter, page),
  };
};
