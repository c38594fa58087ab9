import type { DomainError } from '../../core/shared/errors';
import type { FrameCase, QualityScore } from '../../core/quality/model';
import { drawSample } from '../../core/quality/sampling';
import { checkScorecard, DEFAULT_SCORECARDS } from '../../core/quality/scorecards';
import { checkAppeal, checkAppealDecision, scoreAgainst } from '../../core/quality/scoring';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
};

/** A made month of closed complaints: 5 handlers × 12 cases, a few rated low, breached or reviewed. */
const frame: FrameCase[] = Array.from({ length: 60 }, (_, i) => ({
  area: 'complaints',
  id: `c-${String(i).padStart(3, '0')}`,
  number: `TS20261001-${String(i + 1).padStart(4, '0')}`,
  handlerId: `agent0${(i % 5) + 1}`,
  grade: i % 3 === 0 ? 'major' : 'ordinary',
  closedAt: '2026-10-15T02:00:00.000Z',
  ...(i % 11 === 0 ? { rating: 1 } : i % 4 === 0 ? { rating: 5 } : {}),
  breached: i === 7,
  reviewRequested: i === 8,
}));
const draw = (over: Partial<Parameters<typeof drawSample>[0]> = {}) =>
  drawSample({ frame, stratum: 'handler', perStratum: 2, seed: 20261101, inspectorId: 'qa01', period: '2026-10', ...over });

describe('quality sampling (core/quality/sampling.ts)', () => {
  it('takes every low rating, breach and review request, plus the number asked for at random in each stratum', () => {
    const s = draw();
    const must = frame.filter((c) => (c.rating ?? 5) <= 2 || c.breached || c.reviewRequested).map((c) => c.id);
    expect(must.length).toBe(8);
    expect(s.items.filter((i) => i.reasons.some((r) => r !== 'random')).map((i) => i.caseId).sort()).toEqual(must.sort());
    const random = s.items.filter((i) => i.reasons.includes('random'));
    for (const h of ['agent01', 'agent02', 'agent03', 'agent04', 'agent05']) expect(random.filter((i) => i.handlerId === h)).toHaveLength(2);
    expect(s.items.find((i) => i.caseId === 'c-007')!.reasons).toEqual(['breach']);
    expect(s).toMatchObject({ frameSize: 60, excludedOwn: 0 });
  });

  it('redraws exactly the same sample from the same frame and seed, whatever order the store gave the frame in', () => {
    const shuffled = [...frame].reverse();
    expect(draw({ frame: shuffled }).items).toEqual(draw().items);
    const other = draw({ seed: 7 }).items.filter((i) => i.reasons.includes('random')).map((i) => i.caseId);
    expect(other).not.toEqual(draw().items.filter((i) => i.reasons.includes('random')).map((i) => i.caseId));
  });

  it('never gives an inspector their own cases, and says how many were left out', () => {
    const s = draw({ inspectorId: 'agent03' });
    expect(s.items.some((i) => i.handlerId === 'agent03')).toBe(false);
    expect(s.excludedOwn).toBe(12);
  });

  it('draws by grade as well, and takes the shortfall for re-inspection of a handler under an improvement item', () => {
    const s = draw({ stratum: 'grade', perStratum: 3, reinspect: [{ handlerId: 'agent02', count: 5 }] });
    expect(s.items.filter((i) => i.reasons.includes('random')).map((i) => i.stratumValue).sort()).toEqual(['major', 'major', 'major', 'ordinary', 'ordinary', 'ordinary']);
    expect(s.items.filter((i) => i.reasons.includes('reinspection') && i.handlerId === 'agent02')).toHaveLength(5);
  });

  it('refuses a period with nothing to sample (or nothing but the inspector’s own work)', () => {
    expect(code(() => draw({ frame: [] }))).toBe('QA.EMPTY_PERIOD');
    expect(code(() => draw({ frame: frame.filter((c) => c.handlerId === 'agent01'), inspectorId: 'agent01' }))).toBe('QA.EMPTY_PERIOD');
  });
});

describe('scorecards and scores (core/quality/scorecards.ts, scoring.ts)', () => {
  const card = DEFAULT_SCORECARDS.complaints;
  const full = card.items.map((i) => ({ key: i.key, points: i.weight }));

  it('ships scorecards whose weights sum to 100, and refuses one that does not, a repeated item or a bad pass mark', () => {
    for (const c of Object.values(DEFAULT_SCORECARDS)) expect(() => checkScorecard(c)).not.toThrow();
    expect(code(() => checkScorecard({ ...card, items: card.items.map((i, n) => (n === 0 ? { ...i, weight: i.weight + 5 } : i)) }))).toBe('QA.SCORECARD_WEIGHTS');
    expect(code(() => checkScorecard({ ...card, items: [...card.items.slice(0, -1), { ...card.items[0], weight: card.items.at(-1)!.weight }] }))).toBe('QA.SCORECARD_DUPLICATE_ITEM');
    expect(code(() => checkScorecard({ ...card, passMark: 0 }))).toBe('QA.SCORECARD_PASS_MARK');
  });

  it('totals the items; a fatal error fails the case at 0 whatever the points; failing needs a comment', () => {
    expect(scoreAgainst(card, { items: full, fatal: [], comment: '' })).toEqual({ total: 100, passed: true, fatal: [] });
    const low = full.map((s, i) => (i < 2 ? { ...s, points: 0 } : s));
    expect(code(() => scoreAgainst(card, { items: low, fatal: [], comment: ' ' }))).toBe('QA.COMMENT_REQUIRED');
    expect(scoreAgainst(card, { items: low, fatal: [], comment: '受理与调查缺失' }).passed).toBe(false);
    expect(scoreAgainst(card, { items: full, fatal: ['wrongDate'], comment: '告知了错误的十五日时限' })).toEqual({ total: 0, passed: false, fatal: ['wrongDate'] });
  });

  it('names what is wrong with a score: a missing, unknown or repeated item, points above the weight, an unknown fatal error', () => {
    expect(code(() => scoreAgainst(card, { items: full.slice(1), fatal: [], comment: '' }))).toBe('QA.ITEM_MISSING');
    expect(code(() => scoreAgainst(card, { items: [...full, { key: 'nope', points: 1 }], fatal: [], comment: '' }))).toBe('QA.UNKNOWN_ITEM');
    expect(code(() => scoreAgainst(card, { items: [...full, full[0]], fatal: [], comment: '' }))).toBe('QA.SCORECARD_DUPLICATE_ITEM');
    expect(code(() => scoreAgainst(card, { items: full.map((s, i) => (i === 0 ? { ...s, points: s.points + 1 } : s)), fatal: [], comment: '' }))).toBe('QA.POINTS_OUT_OF_RANGE');
    expect(code(() => scoreAgainst(card, { items: full.map((s, i) => (i === 0 ? { ...s, points: 1.5 } : s)), fatal: [], comment: '' }))).toBe('QA.POINTS_OUT_OF_RANGE');
    expect(code(() => scoreAgainst(card, { items: full, fatal: ['madeUp'], comment: 'x' }))).toBe('QA.UNKNOWN_FATAL');
  });

  const scored: QualityScore = {
    id: 'qs-1', sampleId: 'qa-1', area: 'complaints', caseId: 'c-001', number: 'TS20261001-0002', handlerId: 'agent02', period: '2026-10',
    inspector: { id: 'qa01', name: '质检员' }, scorecardVersion: 1, passMark: 80, items: full, fatal: [], total: 70, passed: false, comment: '时限未达标',
    scoredAt: '2026-11-03T02:00:00.000Z', appealUntil: '2026-11-10T16:00:00.000Z', version: 1,
  };

  it('lets the handler appeal once, within the window, and a third person decide it', () => {
    expect(() => checkAppeal(scored, 'agent02', new Date('2026-11-10T15:59:59Z'))).not.toThrow();
    expect(code(() => checkAppeal(scored, 'agent01', new Date('2026-11-05T00:00:00Z')))).toBe('QA.NOT_HANDLER');
    expect(code(() => checkAppeal(scored, 'agent02', new Date('2026-11-10T16:00:00Z')))).toBe('QA.APPEAL_WINDOW_CLOSED');
    const appealed = { ...scored, appeal: { reason: '延期已获审批', at: '2026-11-05T00:00:00.000Z' } };
    expect(code(() => checkAppeal(appealed, 'agent02', new Date('2026-11-06T00:00:00Z')))).toBe('QA.ALREADY_APPEALED');
    expect(code(() => checkAppealDecision(scored, 'super01', 'upheld'))).toBe('QA.NO_APPEAL');
    expect(code(() => checkAppealDecision(appealed, 'qa01', 'upheld'))).toBe('QA.OWN_APPEAL');
    expect(code(() => checkAppealDecision(appealed, 'agent02', 'upheld'))).toBe('QA.OWN_APPEAL');
    expect(code(() => checkAppealDecision(appealed, 'super01', 'changed'))).toBe('QA.REVISED_SCORE_REQUIRED');
    expect(() => checkAppealDecision(appealed, 'super01', 'changed', 85)).not.toThrow();
  });
});
