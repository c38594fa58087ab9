import { drawSample } from '../../core/quality/sampling';
import { DEFAULT_SCORECARDS } from '../../core/quality/scorecards';
import { adminHarness } from '../support/adminHarness';
import { rate, resolve, submit } from '../support/satisfactionSeed';

const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code: string }) => e.code);

/**
 * 服务质检 through the admin API on the local system: October's resolved complaints (two agents, one low
 * rating), drawn by the inspector in November, scored, a failed score opening a ledger item, the handler's one
 * appeal and a supervisor's decision. Every refusal has its own code and changes nothing.
 */
describe('quality inspection (admin area `quality`)', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  const ids: string[] = [];
  beforeAll(async () => {
    h = await adminHarness('2026-10-12T01:00:00Z');
    for (let i = 0; i < 8; i++) {
      h.clock.set(`2026-10-${String(12 + i).padStart(2, '0')}T01:00:00Z`);
      const c = await submit(h, `openid-qa-${i}`, i % 2 ? 'claims' : 'service');
      h.clock.set(`2026-10-${String(12 + i).padStart(2, '0')}T05:00:00Z`);
      await resolve(h, c.id, i % 2 ? 'staff-agent-01' : 'staff-agent-02');
      if (i === 3) await rate(h, `openid-qa-${i}`, c.id, 1);
      ids.push(c.id);
    }
    // The inspector's own case: a resolution in her name (she once worked the queue).
    const own = await submit(h, 'openid-qa-own', 'service');
    await resolve(h, own.id, 'staff-qa-01');
    h.clock.set('2026-11-04T02:00:00Z');
  });

  const full = DEFAULT_SCORECARDS.complaints.items.map((i) => ({ key: i.key, points: i.weight }));

  it('draws October for the inspector: every low rating, a random pair per handler, never her own case; the seed redraws it', async () => {
    const qa = await h.as('qa01');
    expect(await codeOf(qa('quality/draw', { idempotencyKey: 'qa-draw-000000000001', area: 'complaints', period: '2026-11', stratum: 'handler', perStratum: 2 }))).toBe('QA.PERIOD_NOT_OVER');
    expect(await codeOf(qa('quality/draw', { idempotencyKey: 'qa-draw-000000000001', area: 'complaints', period: '2026-09', stratum: 'handler', perStratum: 2 }))).toBe('QA.EMPTY_PERIOD');
    const s = await qa('quality/draw', { idempotencyKey: 'qa-draw-000000000002', area: 'complaints', period: '2026-10', stratum: 'handler', perStratum: 2 });
    expect(s.frameSize).toBe(9);
    expect(s.excludedOwn).toBe(1);
    expect(s.items.some((i: { handlerId: string }) => i.handlerId === 'staff-qa-01')).toBe(false);
    expect(s.items.find((i: { caseId: string }) => i.caseId === ids[3]).reasons).toContain('lowRating');
    // Anyone can check the draw: the same frame and the recorded seed give the same cases.
    const frame = await h.deps.quality!.frames.frame('complaints', '2026-10');
    expect(drawSample({ frame, stratum: 'handler', perStratum: 2, seed: s.seed, inspectorId: 'staff-qa-01', period: '2026-10' }).items.map((i) => i.caseId)).toEqual(s.items.map((i: { caseId: string }) => i.caseId));
    // A retry with the key answers the same sample; an agent may not draw.
    expect((await qa('quality/draw', { idempotencyKey: 'qa-draw-000000000002', area: 'complaints', period: '2026-10', stratum: 'handler', perStratum: 2 })).id).toBe(s.id);
    const agent = await h.as('agent01');
    expect(await codeOf(agent('quality/draw', { idempotencyKey: 'qa-draw-000000000003', area: 'complaints', period: '2026-10', stratum: 'handler', perStratum: 2 }))).toBe('AUTH.FORBIDDEN');
  });

  it('scores a case once, opens a ledger item for a failure, and lets the handler appeal once for a supervisor to decide', async () => {
    const qa = await h.as('qa01');
    const [sample] = (await qa('quality/samples', {})).items;
    const detail = await qa('quality/sample', { id: sample.id });
    const low = detail.items.find((i: { caseId: string }) => i.caseId === ids[3]);
    const read = await qa('quality/case', { sampleId: sample.id, caseId: low.caseId });
    expect(read.record.number).toBe(low.number);
    expect(read.scorecard.items.map((i: { key: string }) => i.key)).toEqual(DEFAULT_SCORECARDS.complaints.items.map((i) => i.key));

    // Bad scores change nothing: a missing item, points over the weight, an unknown fatal error.
    expect(await codeOf(qa('quality/score', { sampleId: sample.id, caseId: low.caseId, items: full.slice(1) }))).toBe('QA.ITEM_MISSING');
    expect(await codeOf(qa('quality/score', { sampleId: sample.id, caseId: low.caseId, items: full.map((x, i) => (i ? x : { ...x, points: 99 })) }))).toBe('QA.POINTS_OUT_OF_RANGE');
    expect(await codeOf(qa('quality/score', { sampleId: sample.id, caseId: low.caseId, items: full, fatal: ['madeUp'], comment: 'x' }))).toBe('QA.UNKNOWN_FATAL');
    expect((await qa('quality/scores', { sampleId: sample.id })).items).toHaveLength(0);

    const scored = await qa('quality/score', { sampleId: sample.id, caseId: low.caseId, items: full, fatal: ['noRemedy'], comment: '结案通知未告知会员申请核查途径，会员电话13912345678' });
    expect(scored).toMatchObject({ total: 0, passed: false, fatal: ['noRemedy'] });
    // Staff's own words are masked as written, as on the ledger item the score opens.
    expect(scored.comment).toContain('139****5678');
    expect(await codeOf(qa('quality/score', { sampleId: sample.id, caseId: low.caseId, items: full }))).toBe('QA.ALREADY_SCORED');
    const item = await h.deps.ledger!.store.getItem(scored.ledgerItemId);
    expect(item).toMatchObject({ source: { kind: 'qualityInspection', ref: scored.id }, ownerId: low.handlerId, links: [{ area: 'complaints', id: low.caseId, number: low.number }] });

    // The handler sees only their own scores and appeals once; nobody else may appeal it.
    const handler = await h.as(low.handlerId === 'staff-agent-01' ? 'agent01' : 'agent02');
    const other = await h.as(low.handlerId === 'staff-agent-01' ? 'agent02' : 'agent01');
    expect((await handler('quality/scores', {})).items.map((s: { id: string }) => s.id)).toEqual([scored.id]);
    expect((await other('quality/scores', {})).items).toEqual([]);
    expect(await codeOf(other('quality/appeal', { id: scored.id, version: scored.version, reason: '不是我办理的案件' }))).toBe('QA.NOT_FOUND');
    const appealed = await handler('quality/appeal', { id: scored.id, version: scored.version, reason: '结案通知第三段已写明申请核查途径' });
    expect(appealed.appeal.reason).toContain('申请核查');
    expect(await codeOf(handler('quality/appeal', { id: scored.id, version: appealed.version, reason: '再次申诉一次试试' }))).toBe('QA.ALREADY_APPEALED');
    expect(await codeOf(qa('quality/decideAppeal', { id: scored.id, version: appealed.version, outcome: 'upheld', decision: '维持原评分结论' }))).toBe('AUTH.FORBIDDEN');
    const sup = await h.as('super01');
    expect(await codeOf(sup('quality/decideAppeal', { id: scored.id, version: appealed.version, outcome: 'changed', decision: '通知中已告知途径' }))).toBe('QA.REVISED_SCORE_REQUIRED');
    const decided = await sup('quality/decideAppeal', { id: scored.id, version: appealed.version, outcome: 'upheld', decision: '通知仅列出电话，未告知申请核查，维持' });
    expect(decided.appeal).toMatchObject({ outcome: 'upheld', decidedBy: { id: 'staff-super-01' } });
    expect(await codeOf(sup('quality/decideAppeal', { id: scored.id, version: decided.version, outcome: 'upheld', decision: '再次处理此申诉' }))).toBe('QA.NO_APPEAL');
  });

  it('notes on the improvement item when an appeal changes a failed score to a pass', async () => {
    const qa = await h.as('qa01');
    const [sample] = (await qa('quality/samples', {})).items;
    const next = (await qa('quality/sample', { id: sample.id })).items.find((i: { score?: unknown }) => !i.score);
    const failed = await qa('quality/score', { sampleId: sample.id, caseId: next.caseId, items: full.map((x, i) => (i < 2 ? { ...x, points: 0 } : x)), comment: '受理告知与调查均不完整' });
    expect(failed.passed).toBe(false);
    const handler = await h.as(next.handlerId === 'staff-agent-01' ? 'agent01' : 'agent02');
    const appealed = await handler('quality/appeal', { id: failed.id, version: failed.version, reason: '调查记录在内部备注中，评分遗漏' });
    const sup = await h.as('super01');
    expect(await codeOf(sup('quality/decideAppeal', { id: failed.id, version: appealed.version, outcome: 'changed', revisedTotal: 150, decision: '分数超出范围' }))).toBe('QA.REVISED_SCORE_REQUIRED');
    const decided = await sup('quality/decideAppeal', { id: failed.id, version: appealed.version, outcome: 'changed', revisedTotal: 90, decision: '内部备注中有完整调查记录，改判' });
    expect(decided).toMatchObject({ total: 90, passed: true });
    const item = (await h.deps.ledger!.store.getItem(failed.ledgerItemId))!;
    expect(item.status).not.toBe('closed');
    expect(item.timeline.at(-1)!.text).toContain('质检申诉改判为合格（90分）');
  });

  it('refuses an appeal after its window of five working days', async () => {
    const qa = await h.as('qa01');
    const [sample] = (await qa('quality/samples', {})).items;
    const detail = await qa('quality/sample', { id: sample.id });
    const next = detail.items.find((i: { score?: unknown }) => !i.score);
    const s = await qa('quality/score', { sampleId: sample.id, caseId: next.caseId, items: full.map((x, i) => (i ? x : { ...x, points: 0 })), comment: '受理告知不完整' });
    expect(s.passed).toBe(true);
    h.clock.set('2026-11-12T02:00:00Z'); // scored Wed 11-04: five working days end with Wed 11-11
    const handler = await h.as(next.handlerId === 'staff-agent-01' ? 'agent01' : 'agent02');
    expect(await codeOf(handler('quality/appeal', { id: s.id, version: s.version, reason: '受理当日已电话告知' }))).toBe('QA.APPEAL_WINDOW_CLOSED');
  });

  it('keeps scorecards as data: weights must sum to 100, a stale version is a conflict, and figures sum the scores', async () => {
    const manager = await h.as('manager01');
    const card = (await manager('quality/scorecards', {})).items.find((c: { area: string }) => c.area === 'claims');
    const bad = { ...card, items: card.items.map((i: { weight: number }, n: number) => (n ? i : { ...i, weight: i.weight + 1 })) };
    expect(await codeOf(manager('quality/saveScorecard', { area: 'claims', version: card.version, items: bad.items.map(({ key, label, weight, guide }: Record<string, unknown>) => ({ key, label, weight, guide })), fatalErrors: card.fatalErrors, passMark: 80 }))).toBe('QA.SCORECARD_WEIGHTS');
    const items = card.items.map(({ key, label, weight, guide }: Record<string, unknown>) => ({ key, label, weight, guide }));
    const saved = await manager('quality/saveScorecard', { area: 'claims', version: card.version, items, fatalErrors: card.fatalErrors, passMark: 85 });
    expect(saved).toMatchObject({ version: card.version + 1, passMark: 85 });
    expect(await codeOf(manager('quality/saveScorecard', { area: 'claims', version: card.version, items, fatalErrors: card.fatalErrors, passMark: 90 }))).toBe('QA.VERSION_CONFLICT');
    const summary = await manager('quality/summary', { from: '2026-10', to: '2026-10' });
    expect(summary.overall).toMatchObject({ scored: 3, passed: 2, fatal: 1, appealed: 2 });
    expect(summary.byHandler.reduce((n: number, l: { scored: number }) => n + l.scored, 0)).toBe(3);
    // A second sample of October leaves out the cases already scored; the failed handler's other cases come back as 复检.
    const qa = await h.as('qa01');
    const scored = (await qa('quality/scores', { period: '2026-10' })).items;
    const again = await qa('quality/draw', { idempotencyKey: 'qa-draw-000000000009', area: 'complaints', period: '2026-10', stratum: 'handler', perStratum: 2 });
    expect(again.frameSize).toBe(9 - scored.length);
    expect(again.items.map((i: { caseId: string }) => i.caseId)).not.toEqual(expect.arrayContaining([scored[0].caseId]));
    const failed = scored.find((x: { passed: boolean }) => !x.passed);
    expect(again.items.filter((i: { handlerId: string; reasons: string[] }) => i.handlerId === failed.handlerId).every((i: { reasons: string[] }) => i.reasons.includes('reinspection'))).toBe(true);
  });
});
