import type { AuditDraft } from '../audit/chain';
import { pageOut } from '../shared/page';
import { maskPersonalText } from '../shared/personalText';
import { readAudit, sourceAddress } from '../audit/reads';
import { workingDaysAfter } from '../calendar/periods';
import { noteFromSource } from '../ledger/lifecycle';
import { openLedgerItem } from '../ledger/openItem';
import { commonErrors } from '../shared/errors';
import { localDateOf } from '../shared/shanghaiTime';
import { defineStaffAction, type StaffRequestContext } from '../staff/actions';
import type { StaffPrincipal } from '../staff/model';
import { can } from '../staff/permissions';
import type { QualityDeps } from './deps';
import type { ScoreFilter } from './ports';
import { qualityErrors } from './errors';
import { QUALITY_AREAS, SAMPLE_REASONS, type QualityArea, type QualityScore, type Sample, type Scorecard } from './model';
import { QUALITY_POLICY } from './policy';
import { drawSample } from './sampling';
import {
  appealSchema,
  byIdSchema,
  caseSchema,
  decideAppealSchema,
  drawSchema,
  listSamplesSchema,
  listScoresSchema,
  QUALITY_LABELS as L,
  scorecardSchema,
  scoreSchema,
  noInputSchema,
  summarySchema,
} from './schemas';
import { checkScorecard, DEFAULT_SCORECARDS } from './scorecards';
import { checkAppeal, checkAppealDecision, scoreAgainst } from './scoring';
import { summarise } from './summary';

/** The admin API's one field for quality inspection; absent where it is not deployed: QA.UNAVAILABLE. */
export interface QualityAdminDeps {
  quality?: QualityDeps;
}

const need = (deps: QualityAdminDeps): QualityDeps => {
  if (!deps.quality) throw qualityErrors.unavailable();
  return deps.quality;
};

const auditOf = (who: StaffPrincipal, action: string, subjectType: string, subjectId: string, detail: Record<string, unknown>, request?: StaffRequestContext): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action: `quality.${action}`,
  subjectType,
  subjectId,
  detail: { ...detail, source: sourceAddress(request) },
});

/** Free texts are staff's own words: a phone, ID or card number in them is masked as written, as on the ledger. */
const masked = (text: string) => maskPersonalText(text).text;

/** The subject type each area's records carry on the audit chain. */
const SUBJECT_TYPES: Record<QualityArea, string> = { complaints: 'complaint', consultations: 'consultation', claims: 'claim' };

const currentCard = async (d: QualityDeps, area: QualityArea): Promise<Scorecard> => (await d.store.getScorecard(area)) ?? DEFAULT_SCORECARDS[area];


const namesOf = async (d: QualityDeps) => new Map((await d.staff.list()).map((s) => [s.id, { name: s.displayName, team: s.team }]));

/** A score as people read it: staff by name, reasons and areas in words. */
const scoreView = (s: QualityScore, names: Map<string, { name: string; team?: string }>, who: StaffPrincipal, now: Date) => ({
  ...s,
  areaLabel: QUALITY_AREAS[s.area],
  handlerName: names.get(s.handlerId)?.name ?? s.handlerId,
  may: {
    appeal: s.handlerId === who.id && !s.appeal && now.toISOString() < s.appealUntil,
    decideAppeal: can(who.role, 'quality.decideAppeal') && Boolean(s.appeal && !s.appeal.outcome) && who.id !== s.handlerId && who.id !== s.inspector.id,
  },
});

const sampleView = (s: Sample, names: Map<string, { name: string; team?: string }>, scored: Map<string, QualityScore>) => ({
  ...s,
  areaLabel: QUALITY_AREAS[s.area],
  items: s.items.map((i) => ({
    ...i,
    handlerName: names.get(i.handlerId)?.name ?? i.handlerId,
    reasonLabels: i.reasons.map((r) => SAMPLE_REASONS[r]),
    score: scored.get(i.caseId) ? { id: scored.get(i.caseId)!.id, total: scored.get(i.caseId)!.total, passed: scored.get(i.caseId)!.passed } : undefined,
  })),
});

/** A new seed for a fresh draw: 32 bits of a new unguessable id, recorded with the sample. */
const freshSeed = (d: QualityDeps) => Number.parseInt(d.hash(d.ids.newId()).slice(0, 8), 16);

const annotateImprovement = async (d: QualityDeps, who: StaffPrincipal, itemId: string, note: string) => {
  const item = await d.ledger.store.getItem(itemId);
  if (!item || item.status === 'closed') return;
  const next = { ...noteFromSource(item, { at: d.clock.now().toISOString(), by: who.id, name: who.name }, note), version: item.version + 1 };
  await d.ledger.store.updateItem({ item: next, expectedVersion: item.version });
};

/** Handlers under an open improvement item from a score that still fails: their cases are re-inspected. */
const underImprovement = async (d: QualityDeps): Promise<{ handlerId: string; count: number }[]> => {
  const owners = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await d.ledger.store.listItems({ sourceKind: 'qualityInspection' }, { limit: 50, cursor });
    for (const i of page.items) {
      if (i.status === 'closed') continue;
      // A score passed on appeal no longer asks for re-inspection.
      const score = await d.store.getScore(i.source.ref);
      if (score && score.passed) continue;
      owners.add(i.ownerId);
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return [...owners].sort().map((handlerId) => ({ handlerId, count: QUALITY_POLICY.reinspectCount }));
};

/**
 * A failed score (a fatal error, or below the pass mark) opens an improvement item owned by the handler,
 * linked to the case, verified later by someone else. Idempotent on the score: run again after a crash
 * between the two writes, it finds the same item.
 */
const ensureImprovement = async (d: QualityDeps, who: StaffPrincipal, s: QualityScore, card: Scorecard): Promise<QualityScore> => {
  if (s.passed || s.ledgerItemId) return s;
  const fatal = s.fatal.map((k) => card.fatalErrors.find((f) => f.key === k)?.label ?? k);
  const { item } = await openLedgerItem(d.ledger, who, {
    idempotencyKey: `quality-${s.id}`.slice(0, 64),
    title: `质检整改：${QUALITY_AREAS[s.area]} ${s.number}`.slice(0, 80),
    description: `${s.period} 质检得分 ${s.total}（合格线 ${card.passMark}）${fatal.length ? `，致命差错：${fatal.join('、')}` : ''}。评语：${s.comment}`.slice(0, 2000),
    kind: s.area === 'claims' ? 'claims' : 'complaints',
    source: { kind: 'qualityInspection', ref: s.id, label: `质检 ${s.number}` },
    links: [{ area: s.area, id: s.caseId, number: s.number }],
    ownerId: s.handlerId,
    deadline: { workingDays: QUALITY_POLICY.improvementWorkingDays },
  });
  const next = { ...s, ledgerItemId: item.id, version: s.version + 1 };
  await d.store.updateScore({ score: next, expectedVersion: s.version, audit: [] });
  return next;
};

// ——— Scorecards ———

export const qualityScorecards = defineStaffAction({
  permission: 'quality.read',
  input: noInputSchema,
  labels: L,
  run: async (deps: QualityAdminDeps) => {
    const d = need(deps);
    return { items: await Promise.all((Object.keys(QUALITY_AREAS) as QualityArea[]).map((a) => currentCard(d, a))) };
  },
});

/** A new version of an area's scorecard: weights summing to 100, unique keys, a pass mark within 1–100. */
export const qualitySaveScorecard = defineStaffAction({
  permission: 'quality.scorecards',
  input: scorecardSchema,
  labels: L,
  run: async (deps: QualityAdminDeps, who, input, request?: StaffRequestContext) => {
    const d = need(deps);
    checkScorecard(input);
    const stored = await d.store.getScorecard(input.area);
    const current = stored?.version ?? 0;
    // The defaults count as version 1 until first saved: an edit made on them carries version 1.
    if (input.version !== (stored ? current : DEFAULT_SCORECARDS[input.area].version)) throw commonErrors.versionConflict('QA', input.area);
    const card: Scorecard = {
      area: input.area,
      version: Math.max(current, DEFAULT_SCORECARDS[input.area].version) + 1,
      items: input.items,
      fatalErrors: input.fatalErrors,
      passMark: input.passMark,
      updatedAt: d.clock.now().toISOString(),
      updatedBy: { id: who.id, name: who.name },
    };
    await d.store.saveScorecard({ card, expectedVersion: current, audit: [auditOf(who, 'scorecard.save', 'scorecard', input.area, { version: card.version, passMark: card.passMark, items: card.items.length }, request)] });
    return card;
  },
});

// ——— Samples ———

/**
 * Draws a period's sample for the calling inspector (never their own cases). The period must be over; the
 * seed is recorded, so anyone can redraw the same cases from the same frame. Idempotent on the key.
 */
export const qualityDraw = defineStaffAction({
  permission: 'quality.inspect',
  input: drawSchema,
  labels: L,
  run: async (deps: QualityAdminDeps, who, input, request?: StaffRequestContext) => {
    const d = need(deps);
    const now = d.clock.now();
    if (input.period >= localDateOf(now).slice(0, 7)) throw qualityErrors.periodNotOver(input.period);
    const { idempotencyKey, ...content } = input;
    // A case is scored once: cases already scored in an earlier sample of the month are not drawn again
    // (re-inspection looks at the handler's other cases).
    const scored = new Set((await allScores(d, { period: input.period, area: input.area })).map((s) => s.caseId));
    const frame = (await d.frames.frame(input.area, input.period)).filter((c) => !scored.has(c.id));
    const seed = input.seed ?? freshSeed(d);
    const drawn = drawSample({ frame, stratum: input.stratum, perStratum: input.perStratum, seed, inspectorId: who.id, reinspect: await underImprovement(d), period: input.period });
    const sample: Sample = {
      id: d.ids.newId(),
      area: input.area,
      period: input.period,
      stratum: input.stratum,
      perStratum: input.perStratum,
      seed,
      inspector: { id: who.id, name: who.name },
      ...drawn,
      drawnAt: now.toISOString(),
      version: 1,
    };
    const r = await d.store.createSample({
      sample,
      keyHash: d.hash(`quality:sample\n${who.id}\n${idempotencyKey}`),
      requestHash: d.hash(JSON.stringify(content)),
      audit: [auditOf(who, 'sample.draw', 'qualitySample', sample.id, { area: input.area, period: input.period, stratum: input.stratum, seed, cases: drawn.items.length, frame: drawn.frameSize }, request)],
    });
    if (!r.sameRequest) throw qualityErrors.keyReused();
    return sampleView(r.sample, await namesOf(d), new Map());
  },
});

export const qualitySamples = defineStaffAction({
  permission: 'quality.read',
  input: listSamplesSchema,
  labels: L,
  run: async (deps: QualityAdminDeps, _who, { area, period, limit, cursor }) => {
    const d = need(deps);
    const page = await d.store.listSamples({ area, period }, { limit, cursor });
    return pageOut(
      page.items.map((s) => ({ id: s.id, area: s.area, areaLabel: QUALITY_AREAS[s.area], period: s.period, stratum: s.stratum, inspector: s.inspector, cases: s.items.length, seed: s.seed, drawnAt: s.drawnAt })),
      page.nextCursor,
    );
  },
});

/**
 * Every score matching the filter, page by page (a month's samples are tens of cases), up to a bound that no
 * real quality team reaches in the ranges asked for.
 */
const allScores = async (d: QualityDeps, filter: ScoreFilter, bound = 20_000): Promise<QualityScore[]> => {
  const out: QualityScore[] = [];
  let cursor: string | undefined;
  do {
    const page = await d.store.listScores(filter, { limit: 50, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < bound);
  return out;
};

const scoresOfSample = async (d: QualityDeps, sampleId: string) => new Map((await allScores(d, { sampleId })).map((s) => [s.caseId, s]));

export const qualitySample = defineStaffAction({
  permission: 'quality.read',
  input: byIdSchema,
  labels: L,
  run: async (deps: QualityAdminDeps, _who, { id }) => {
    const d = need(deps);
    const s = await d.store.getSample(id);
    if (!s) throw qualityErrors.notFound(`sample ${id}`);
    return sampleView(s, await namesOf(d), await scoresOfSample(d, id));
  },
});

/** The whole record of a sampled case as the area's staff view (personal data masked); each read audited. */
export const qualityCase = defineStaffAction({
  permission: 'quality.read',
  input: caseSchema,
  labels: L,
  run: async (deps: QualityAdminDeps, who, { sampleId, caseId }, request?: StaffRequestContext) => {
    const d = need(deps);
    const s = await d.store.getSample(sampleId);
    const item = s?.items.find((i) => i.caseId === caseId);
    if (!s || !item) throw qualityErrors.notInSample();
    const record = await d.cases.read(s.area, caseId);
    if (!record) throw qualityErrors.notFound(`${s.area} ${caseId}`);
    // On the case's own chain, as the area's own reads are.
    await d.audit.append(readAudit(who, 'quality.caseRead', { subjectType: SUBJECT_TYPES[s.area], subjectId: caseId }, { sampleId, number: item.number }, request));
    return { area: s.area, item, record, scorecard: await currentCard(d, s.area) };
  },
});

// ——— Scores ———

/** The inspector's score of one sampled case, once; a failed score opens an improvement item in the ledger. */
export const qualityScore = defineStaffAction({
  permission: 'quality.inspect',
  input: scoreSchema,
  labels: L,
  run: async (deps: QualityAdminDeps, who, input, request?: StaffRequestContext) => {
    const d = need(deps);
    const sample = await d.store.getSample(input.sampleId);
    if (!sample) throw qualityErrors.notFound(`sample ${input.sampleId}`);
    if (sample.inspector.id !== who.id) throw qualityErrors.notYourSample();
    const item = sample.items.find((i) => i.caseId === input.caseId);
    if (!item) throw qualityErrors.notInSample();
    if (item.handlerId === who.id) throw qualityErrors.ownWork();
    const card = await currentCard(d, sample.area);
    const result = scoreAgainst(card, { items: input.items, fatal: input.fatal, comment: input.comment });
    const now = d.clock.now();
    const score: QualityScore = {
      id: d.ids.newId(),
      sampleId: sample.id,
      area: sample.area,
      caseId: item.caseId,
      number: item.number,
      handlerId: item.handlerId,
      ...(item.team ? { team: item.team } : {}),
      period: sample.period,
      inspector: { id: who.id, name: who.name },
      scorecardVersion: card.version,
      passMark: card.passMark,
      items: input.items.map((i) => (i.note ? { ...i, note: masked(i.note) } : i)),
      ...result,
      comment: masked(input.comment),
      scoredAt: now.toISOString(),
      appealUntil: workingDaysAfter(d.calendar, now, QUALITY_POLICY.appealWorkingDays).dueAt.toISOString(),
      version: 1,
    };
    const r = await d.store.createScore({ score, audit: [auditOf(who, 'score', 'qualityScore', score.id, { sampleId: sample.id, number: item.number, total: result.total, passed: result.passed, fatal: result.fatal }, request)] });
    if (!r.created) {
      // A crash after the first score but before its improvement item: finish that, then refuse the second score.
      await ensureImprovement(d, who, r.score, card);
      throw qualityErrors.alreadyScored(item.number);
    }
    return scoreView(await ensureImprovement(d, who, r.score, card), await namesOf(d), who, now);
  },
});

/**
 * Scores: inspectors and oversight roles see every score; anyone else sees only their own (a handler reads
 * the result of their cases and may appeal).
 */
export const qualityScores = defineStaffAction({
  permission: 'quality.appeal',
  input: listScoresSchema,
  labels: L,
  run: async (deps: QualityAdminDeps, who, { limit, cursor, ...filter }) => {
    const d = need(deps);
    const mine = !can(who.role, 'quality.read');
    const page = await d.store.listScores({ ...filter, ...(mine ? { handlerId: who.id } : {}) }, { limit, cursor });
    const names = await namesOf(d);
    return pageOut(page.items.map((s) => scoreView(s, names, who, d.clock.now())), page.nextCursor);
  },
});

export const qualityAppeal = defineStaffAction({
  permission: 'quality.appeal',
  input: appealSchema,
  labels: L,
  run: async (deps: QualityAdminDeps, who, input, request?: StaffRequestContext) => {
    const d = need(deps);
    const s = await d.store.getScore(input.id);
    // Someone else's score is not theirs to see: the same answer as an unknown id.
    if (!s || (s.handlerId !== who.id && !can(who.role, 'quality.read'))) throw qualityErrors.notFound(`score ${input.id}`);
    const now = d.clock.now();
    checkAppeal(s, who.id, now);
    if (s.version !== input.version) throw commonErrors.versionConflict('QA', s.id);
    const next: QualityScore = { ...s, appeal: { reason: masked(input.reason), at: now.toISOString() }, version: s.version + 1 };
    await d.store.updateScore({ score: next, expectedVersion: s.version, audit: [auditOf(who, 'appeal', 'qualityScore', s.id, { number: s.number }, request)] });
    return scoreView(next, await namesOf(d), who, now);
  },
});

/** A supervisor (never the handler or the inspector) upholds the score or changes it; the outcome is recorded. */
export const qualityDecideAppeal = defineStaffAction({
  permission: 'quality.decideAppeal',
  input: decideAppealSchema,
  labels: L,
  run: async (deps: QualityAdminDeps, who, input, request?: StaffRequestContext) => {
    const d = need(deps);
    const s = await d.store.getScore(input.id);
    if (!s) throw qualityErrors.notFound(`score ${input.id}`);
    checkAppealDecision(s, who.id, input.outcome, input.revisedTotal);
    if (s.version !== input.version) throw commonErrors.versionConflict('QA', s.id);
    const now = d.clock.now();
    const revised = input.outcome === 'changed' ? input.revisedTotal! : undefined;
    const next: QualityScore = {
      ...s,
      ...(revised !== undefined ? { total: revised, passed: !s.fatal.length && revised >= s.passMark } : {}),
      appeal: { ...s.appeal!, decidedAt: now.toISOString(), decidedBy: { id: who.id, name: who.name }, outcome: input.outcome, decision: masked(input.decision), ...(revised !== undefined ? { revisedTotal: revised } : {}) },
      version: s.version + 1,
    };
    await d.store.updateScore({
      score: next,
      expectedVersion: s.version,
      audit: [auditOf(who, 'appeal.decide', 'qualityScore', s.id, { number: s.number, outcome: input.outcome, from: s.total, to: next.total }, request)],
    });
    // A failed score changed to a pass on appeal: the improvement item it opened says so, for its verifier to
    // close (the ledger's own rule: someone other than the owner verifies); re-inspection stops counting it.
    if (next.passed && !s.passed && s.ledgerItemId) await annotateImprovement(d, who, s.ledgerItemId, `质检申诉改判为合格（${next.total}分），本整改事项可由验证人核实后关闭`);
    return scoreView(next, await namesOf(d), who, now);
  },
});

// ——— Figures ———

/** Scores per handler, team, area and month, beside each other (small: a sample is tens of cases a month). */
export const qualitySummary = defineStaffAction({
  permission: 'quality.read',
  input: summarySchema,
  labels: L,
  run: async (deps: QualityAdminDeps, _who, { from, to, area }) => {
    const d = need(deps);
    const scores = (await allScores(d, area ? { area } : {})).filter((s) => s.period >= from && s.period <= to);
    return summarise(scores, await namesOf(d));
  },
});
