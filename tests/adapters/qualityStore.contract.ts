import type { AuditLog } from '../../core/audit/chain';
import type { QualityScore, Sample } from '../../core/quality/model';
import type { QualityStore } from '../../core/quality/ports';
import { DEFAULT_SCORECARDS } from '../../core/quality/scorecards';
import { auditEntries, codeOf } from './contractSupport';

export const sample = (id: string, over: Partial<Sample> = {}): Sample => ({
  id,
  area: 'complaints',
  period: '2026-10',
  stratum: 'handler',
  perStratum: 2,
  seed: 42,
  inspector: { id: 'staff-qa01', name: '质检员' },
  items: [{ area: 'complaints', caseId: 'case-0001', number: 'TS20261001-0001', handlerId: 'staff-agent01', reasons: ['random'], stratumValue: 'staff-agent01' }],
  excludedOwn: 0,
  frameSize: 10,
  drawnAt: `2026-11-0${(Number(id.slice(-1)) % 9) + 1}T02:00:00.000Z`,
  version: 1,
  ...over,
});

export const score = (id: string, over: Partial<QualityScore> = {}): QualityScore => ({
  id,
  sampleId: 'sample-0001',
  area: 'complaints',
  caseId: 'case-0001',
  number: 'TS20261001-0001',
  handlerId: 'staff-agent01',
  period: '2026-10',
  inspector: { id: 'staff-qa01', name: '质检员' },
  scorecardVersion: 1,
  passMark: 80,
  items: [{ key: 'courtesy', points: 15 }],
  fatal: [],
  total: 90,
  passed: true,
  comment: '',
  scoredAt: `2026-11-0${(Number(id.slice(-1)) % 9) + 1}T03:00:00.000Z`,
  appealUntil: '2026-11-20T16:00:00.000Z',
  version: 1,
  ...over,
});

const audit = (subjectId: string) => [{ actorId: 'staff-qa01', actorRole: 'inspector', action: 'quality.test', subjectType: 'qualityScore', subjectId }];

/** The QualityStore contract, run on SQLite and on the CloudBase adapter over the strict fake. */
export const qualityStoreContract = (open: () => Promise<{ store: QualityStore; audit: AuditLog; close(): void | Promise<void> }>) => {
  let s: { store: QualityStore; audit: AuditLog; close(): void | Promise<void> };
  beforeEach(async () => {
    s = await open();
  });
  afterEach(async () => {
    await s.close();
  });

  it('keeps one scorecard per area, version checked, with its audit entry', async () => {
    expect(await s.store.getScorecard('claims')).toBeNull();
    const card = { ...DEFAULT_SCORECARDS.claims, version: 2, passMark: 85 };
    await s.store.saveScorecard({ card, expectedVersion: 0, audit: audit('claims') });
    expect(await s.store.getScorecard('claims')).toMatchObject({ area: 'claims', version: 2, passMark: 85 });
    expect(codeOf(await s.store.saveScorecard({ card: { ...card, version: 3 }, expectedVersion: 0, audit: [] }).catch((e) => e))).toBe('QA.VERSION_CONFLICT');
    await s.store.saveScorecard({ card: { ...card, version: 3, passMark: 70 }, expectedVersion: 2, audit: [] });
    expect(await s.store.getScorecard('claims')).toMatchObject({ version: 3, passMark: 70 });
    expect(await s.store.getScorecard('complaints')).toBeNull();
    expect((await auditEntries(s.audit)).map((e) => e.action)).toEqual(['quality.test']);
  });

  it('creates a sample once per key: a retry answers the first, other content is told apart', async () => {
    const first = await s.store.createSample({ sample: sample('sample-0001'), keyHash: 'k1', requestHash: 'h1', audit: audit('sample-0001') });
    expect(first).toMatchObject({ created: true, sameRequest: true });
    const again = await s.store.createSample({ sample: sample('sample-0002'), keyHash: 'k1', requestHash: 'h1', audit: audit('sample-0002') });
    expect(again).toMatchObject({ created: false, sameRequest: true, sample: { id: 'sample-0001' } });
    expect((await s.store.createSample({ sample: sample('sample-0003'), keyHash: 'k1', requestHash: 'h2', audit: [] })).sameRequest).toBe(false);
    expect(await s.store.getSample('sample-0002')).toBeNull();
    expect((await s.store.getSample('sample-0001'))!.items[0].number).toBe('TS20261001-0001');
  });

  it('lists samples newest first, filtered by area and period, page by page', async () => {
    for (const [i, area] of (['complaints', 'claims', 'complaints', 'consultations', 'complaints'] as const).entries()) {
      await s.store.createSample({ sample: sample(`sample-000${i + 1}`, { area }), keyHash: `k${i}`, requestHash: 'h', audit: [] });
    }
    const first = await s.store.listSamples({ area: 'complaints' }, { limit: 2 });
    expect(first.items.map((x) => x.id)).toEqual(['sample-0005', 'sample-0003']);
    const second = await s.store.listSamples({ area: 'complaints' }, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((x) => x.id)).toEqual(['sample-0001']);
    expect(second.nextCursor).toBeUndefined();
    expect((await s.store.listSamples({ period: '2026-09' }, { limit: 5 })).items).toEqual([]);
  });

  it('scores a case once per sample: a second score answers the first and writes nothing', async () => {
    expect(await s.store.createScore({ score: score('score-0001'), audit: audit('score-0001') })).toMatchObject({ created: true });
    const twice = await s.store.createScore({ score: score('score-0002', { total: 10 }), audit: audit('score-0002') });
    expect(twice).toMatchObject({ created: false, score: { id: 'score-0001', total: 90 } });
    expect(await s.store.getScore('score-0002')).toBeNull();
    expect((await auditEntries(s.audit)).map((e) => e.subjectId)).toEqual(['score-0001']);
    // The same case in another sample is another score.
    expect(await s.store.createScore({ score: score('score-0003', { sampleId: 'sample-0002' }), audit: [] })).toMatchObject({ created: true });
  });

  it('updates a score only at the version read, and lists scores newest first by handler, sample and pending appeal', async () => {
    await s.store.createScore({ score: score('score-0001'), audit: [] });
    await s.store.createScore({ score: score('score-0002', { caseId: 'case-0002', handlerId: 'staff-agent02' }), audit: [] });
    await s.store.createScore({ score: score('score-0003', { caseId: 'case-0003', sampleId: 'sample-0002', period: '2026-09' }), audit: [] });
    const appealed = { ...score('score-0001'), appeal: { reason: '延期已获审批', at: '2026-11-05T00:00:00.000Z' }, version: 2 };
    await s.store.updateScore({ score: appealed, expectedVersion: 1, audit: audit('score-0001') });
    expect(codeOf(await s.store.updateScore({ score: { ...appealed, version: 3 }, expectedVersion: 1, audit: [] }).catch((e) => e))).toBe('QA.VERSION_CONFLICT');
    expect((await s.store.getScore('score-0001'))!.appeal!.reason).toBe('延期已获审批');
    const ids = async (f: Parameters<QualityStore['listScores']>[0], limit = 10) => (await s.store.listScores(f, { limit })).items.map((x) => x.id);
    expect(await ids({})).toEqual(['score-0003', 'score-0002', 'score-0001']);
    expect(await ids({ handlerId: 'staff-agent01' })).toEqual(['score-0003', 'score-0001']);
    expect(await ids({ sampleId: 'sample-0001' })).toEqual(['score-0002', 'score-0001']);
    expect(await ids({ appealPending: true })).toEqual(['score-0001']);
    expect(await ids({ period: '2026-10', handlerId: 'staff-agent01' })).toEqual(['score-0001']);
    const page1 = await s.store.listScores({}, { limit: 2 });
    const page2 = await s.store.listScores({}, { limit: 2, cursor: page1.nextCursor });
    expect([...page1.items, ...page2.items].map((x) => x.id)).toEqual(['score-0003', 'score-0002', 'score-0001']);
  });
};
