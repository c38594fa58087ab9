import type { Complaint } from '../../core/complaints/model';
import { runRollupConsumer } from '../../core/rollups/consumer';
import { adminHarness } from '../support/adminHarness';
import { acknowledge, rate, resolve, submit, tick } from '../support/satisfactionSeed';

/**
 * The supervisors' figures from the rollups, on a seeded mix across March and April 2026 (the Qingming
 * holiday, 4–6 April, in between), with an injected clock. Expected values are computed here from the
 * seed itself, not written down.
 */
interface Seed {
  day: string; // Shanghai date of receipt, 09:00
  handler: 'staff-agent-01' | 'staff-agent-02';
  category: 'service' | 'claims' | 'premium';
  /** Minutes from receipt to resolution. */
  minutes: number;
  /** Minutes from receipt to acknowledgement (absent: acknowledged by the resolution). */
  ackMinutes?: number;
  score?: number;
}

const SEEDS: Seed[] = [
  { day: '2026-03-02', handler: 'staff-agent-01', category: 'service', minutes: 120, ackMinutes: 30, score: 5 },
  { day: '2026-03-03', handler: 'staff-agent-01', category: 'claims', minutes: 300, ackMinutes: 60, score: 4 },
  { day: '2026-03-04', handler: 'staff-agent-02', category: 'service', minutes: 90, score: 2 },
  { day: '2026-03-05', handler: 'staff-agent-02', category: 'claims', minutes: 600, ackMinutes: 20 },
  { day: '2026-03-09', handler: 'staff-agent-01', category: 'service', minutes: 45, score: 3 },
  { day: '2026-04-08', handler: 'staff-agent-02', category: 'premium', minutes: 200, ackMinutes: 10, score: 5 },
  // Acknowledged after the 48-hour target: one missed deadline.
  { day: '2026-04-09', handler: 'staff-agent-01', category: 'claims', minutes: 3100, ackMinutes: 3000, score: 5 },
];

const TEAMS: Record<string, string> = { 'staff-agent-01': '一组', 'staff-agent-02': '二组' };
const monthOf = (s: Seed) => s.day.slice(0, 7);
const at = (day: string, minutes: number) => new Date(Date.parse(`${day}T01:00:00Z`) + minutes * 60_000).toISOString();
const nearestRank = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(1, Math.ceil(p * xs.length)) - 1];

const expectedLine = (seeds: Seed[]) => {
  const rated = seeds.filter((s) => s.score !== undefined);
  const satisfied = rated.filter((s) => s.score! >= 4);
  return {
    resolved: seeds.length,
    rated: rated.length,
    satisfied: satisfied.length,
    satisfactionRate: rated.length ? satisfied.length / rated.length : null,
    responseRate: seeds.length ? rated.length / seeds.length : null,
    meetsGoal: rated.length ? satisfied.length / rated.length >= 0.9 : null,
    medianResolveMinutes: nearestRank(seeds.map((s) => s.minutes), 0.5),
    p90ResolveMinutes: nearestRank(seeds.map((s) => s.minutes), 0.9),
  };
};

/** SLA truth read from the records themselves: every deadline that was met, and whether in time. */
const slaOf = (cases: Complaint[]) => {
  const ds = cases.flatMap((c) => c.deadlines.filter((d) => d.metAt));
  return { due: ds.length, met: ds.filter((d) => d.metAt! <= d.dueAt).length };
};

describe('satisfaction and SLA figures from the rollups', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  const cases: { seed: Seed; c: Complaint }[] = [];
  beforeAll(async () => {
    h = await adminHarness('2026-03-02T00:00:00Z');
    for (const u of await h.deps.staff.list())
      if (TEAMS[u.id]) await h.deps.staff.update({ ...u, team: TEAMS[u.id], version: (u.version ?? 0) + 1 }, u.version ?? 0, { actorId: 'test', actorRole: 'staffAdmin', action: 'staff.update', subjectType: 'staff', subjectId: u.id });
    for (const [i, seed] of SEEDS.entries()) {
      h.clock.set(at(seed.day, 0));
      const c = await submit(h, `openid-seed-${i}`, seed.category);
      if (seed.ackMinutes !== undefined) {
        h.clock.set(at(seed.day, seed.ackMinutes));
        await acknowledge(h, c.id, seed.handler);
      }
      h.clock.set(at(seed.day, seed.minutes));
      await resolve(h, c.id, seed.handler);
      if (seed.score !== undefined) {
        h.clock.set(at(seed.day, seed.minutes + 60));
        await rate(h, `openid-seed-${i}`, c.id, seed.score);
      }
      cases.push({ seed, c: (await h.system.complaints.store.get(c.id))! });
    }
    // The monitor closes March's cases (review window over) on this run; the consumer reads a save only
    // once it has settled (SETTLE_MS), so the runs a few minutes later pick those up.
    h.clock.set('2026-04-20T02:00:00Z');
    for (let run = 0; run < 4; run++) await tick(h, run);
    h.clock.advance(5 * 60_000);
    for (let run = 0; run < 4; run++) await tick(h, run);
  });
  afterAll(() => h.close());

  it('gives the satisfaction rate, response rate and resolve-time percentiles exactly, per month, handler and category', async () => {
    const supervisor = await h.as('super01');
    const report = await supervisor('satisfaction/report', { period: 'month', from: '2026-03', to: '2026-04' });
    expect(report.goalRate).toBe(0.9);
    expect(report.periods.map((p: { period: string }) => p.period)).toEqual(['2026-03', '2026-04']);
    for (const p of report.periods) {
      const mine = SEEDS.filter((s) => monthOf(s) === p.period);
      expect(p.overall).toMatchObject(expectedLine(mine));
      for (const handler of new Set(mine.map((s) => s.handler))) {
        const line = p.byHandler.find((l: { key: string }) => l.key === handler);
        expect(line).toMatchObject(expectedLine(mine.filter((s) => s.handler === handler)));
      }
      for (const category of new Set(mine.map((s) => s.category))) {
        expect(p.byCategory.find((l: { key: string }) => l.key === category)).toMatchObject(expectedLine(mine.filter((s) => s.category === category)));
      }
    }
    // March: 2 of 4 rated resolutions satisfied, below the 90% goal.
    expect(report.periods[0].overall).toMatchObject({ satisfactionRate: 0.5, meetsGoal: false });
    expect(report.periods[0].byHandler.map((l: { label: string }) => l.label).sort()).toEqual(['王小丽', '赵强'].sort());
  });

  it('sums months into quarters (histograms too, so the quarter median is exact)', async () => {
    const manager = await h.as('manager01');
    const report = await manager('satisfaction/report', { period: 'quarter', from: '2026-01', to: '2026-06' });
    expect(report.periods.map((p: { period: string; label: string }) => [p.period, p.label])).toEqual([
      ['2026-Q1', '2026年第1季度'],
      ['2026-Q2', '2026年第2季度'],
    ]);
    expect(report.periods[0].overall).toMatchObject(expectedLine(SEEDS.filter((s) => monthOf(s) === '2026-03')));
    expect(report.periods[1].overall).toMatchObject(expectedLine(SEEDS.filter((s) => monthOf(s) === '2026-04')));
  });

  it('gives SLA compliance (met ÷ due) per handler and per team, with the late acknowledgement as the one miss', async () => {
    const compliance = await h.as('comp01');
    const report = await compliance('satisfaction/report', { period: 'quarter', from: '2026-01', to: '2026-06' });
    const records = await Promise.all(cases.map(async (x) => ({ seed: x.seed, c: (await h.system.complaints.store.get(x.c.id))! })));
    const q2 = records.filter((r) => monthOf(r.seed) === '2026-04');
    const late = slaOf(q2.filter((r) => r.seed.handler === 'staff-agent-01').map((r) => r.c));
    expect(late.met).toBe(late.due - 1);
    expect(report.periods[1].sla.byHandler.find((l: { key: string }) => l.key === 'staff-agent-01')).toMatchObject({ ...late, complianceRate: late.met / late.due });
    expect(report.periods[1].sla.byTeam.find((l: { label: string }) => l.label === '一组')).toMatchObject(late);
    const q1Team2 = slaOf(records.filter((r) => monthOf(r.seed) === '2026-03' && r.seed.handler === 'staff-agent-02').map((r) => r.c));
    expect(report.periods[0].sla.byTeam.find((l: { label: string }) => l.label === '二组')).toMatchObject({ ...q1Team2, complianceRate: 1 });
  });

  it('changes nothing when the consumer runs again over the same events (cursor reset, twice)', async () => {
    const counters = () => h.system.db.prepare('SELECT id, doc FROM rollup_counters ORDER BY id').all();
    const before = counters();
    expect(before.length).toBeGreaterThan(0);
    h.system.db.prepare('DELETE FROM rollup_cursors').run();
    const again = await runRollupConsumer(h.system.rollupDeps, 1000);
    expect(again).toMatchObject({ complaints: SEEDS.length, applied: 0 });
    expect(again.skipped).toBeGreaterThan(0);
    expect(await runRollupConsumer(h.system.rollupDeps, 1000)).toMatchObject({ complaints: 0, applied: 0 });
    expect(counters()).toEqual(before);
  });

  it('exports the same figures as CSV (UTF-8 with BOM), audited; an agent is refused', async () => {
    const supervisor = await h.as('super01');
    const out = await supervisor('satisfaction/export', { period: 'month', from: '2026-03', to: '2026-04' });
    expect(out.csv.startsWith('\uFEFF"期间","维度","名称"')).toBe(true);
    expect(out.fileName).toBe('满意度与时限达成-2026-03至2026-04.csv');
    const march = out.csv.split('\r\n').find((l: string) => l.startsWith('"2026年3月","全部"'));
    expect(march).toContain('"50.0%","90.0%","未达标","80.0%"');
    const agent = await h.as('agent01');
    await expect(agent('satisfaction/report', { period: 'month' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await expect(agent('satisfaction/export', { period: 'month' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    const audit = h.system.db.prepare("SELECT COUNT(*) n FROM audit_log WHERE action = 'reports.satisfaction.export'").get() as { n: number };
    expect(audit.n).toBe(1);
  });

  it('refuses a backwards or too long range', async () => {
    const supervisor = await h.as('super01');
    await expect(supervisor('satisfaction/report', { period: 'month', from: '2026-05', to: '2026-03' })).rejects.toMatchObject({ code: 'REPORTS.BAD_RANGE' });
    await expect(supervisor('satisfaction/report', { period: 'month', from: '2020-01', to: '2026-03' })).rejects.toMatchObject({ code: 'REPORTS.BAD_RANGE' });
    await expect(supervisor('satisfaction/report', { period: 'month', from: '2026-13' })).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
  });
});
