import type { ComplaintCategory } from '../../core/complaints/model';
import type { DashboardFigures, DrillSpec } from '../../core/rollups/dashboard';
import { adminHarness } from '../support/adminHarness';
import { acknowledge, rate, resolve, submit, tick } from '../support/satisfactionSeed';

/**
 * 经营看板 through the admin API: who may read it, what bad input gets, and that every figure's
 * drill-down lists exactly as many records as the figure counts (walked page by page).
 */
interface Seed {
  day: string;
  category: ComplaintCategory;
  handler?: 'staff-agent-01' | 'staff-agent-02';
  ackMinutes?: number;
  resolveMinutes?: number;
  score?: number;
}

const SEEDS: Seed[] = [
  { day: '2026-10-08', category: 'service', handler: 'staff-agent-01', ackMinutes: 30, resolveMinutes: 200, score: 5 },
  { day: '2026-10-09', category: 'claims', handler: 'staff-agent-02', ackMinutes: 50, resolveMinutes: 900, score: 2 },
  { day: '2026-10-12', category: 'claims', handler: 'staff-agent-01', ackMinutes: 3200, resolveMinutes: 3300 },
  { day: '2026-10-13', category: 'premium', handler: 'staff-agent-02', ackMinutes: 10, resolveMinutes: 100, score: 4 },
  { day: '2026-10-14', category: 'service' },
  { day: '2026-11-02', category: 'service', handler: 'staff-agent-01', ackMinutes: 5, resolveMinutes: 60, score: 5 },
  { day: '2026-11-03', category: 'sales', handler: 'staff-agent-02', ackMinutes: 15 },
  { day: '2026-11-04', category: 'claims' },
];

const at = (day: string, minutes: number) => new Date(Date.parse(`${day}T01:00:00Z`) + minutes * 60_000).toISOString();

type Call = (route: string, body?: unknown) => Promise<any>;

/** Every drill a figures answer offers, with the count it must list. */
const drillsOf = (f: DashboardFigures): { name: string; count: number; drill: DrillSpec }[] => {
  const c = f.complaints;
  return [
    { name: 'received', count: c.received.count, drill: c.received.drill },
    ...[...c.byCategory, ...c.byGrade, ...c.byChannel, ...c.byProduct].map((l) => ({ name: `received ${JSON.stringify(l.drill.filters)}`, count: l.count, drill: l.drill })),
    ...[...c.slaByHandler, ...c.slaByTeam].map((l) => ({ name: `sla ${l.label}`, count: l.due, drill: l.drill })),
    { name: 'satisfaction', count: c.satisfaction.rated, drill: c.satisfaction.drill },
    { name: 'consultations', count: f.consultations.asked.count, drill: f.consultations.asked.drill },
    { name: 'claims reported', count: f.claims.reported.count, drill: f.claims.reported.drill },
    { name: 'claims decided', count: f.claims.decided.count, drill: f.claims.decided.drill },
    { name: 'decision clock', count: f.claims.decisionClock.due, drill: f.claims.decisionClock.drill },
    { name: 'payment clock', count: f.claims.paymentClock.due, drill: f.claims.paymentClock.drill },
    ...[f.benefits.bookings, f.benefits.redeemed, ...f.benefits.byBenefit].map((l) => ({ name: `bookings ${l.key}`, count: l.count, drill: l.drill })),
    ...[f.incidents.total, ...f.incidents.byKind].map((l) => ({ name: `incidents ${l.key}`, count: l.count, drill: l.drill })),
  ];
};

const walk = async (call: Call, drill: DrillSpec, limit: number) => {
  const keys: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await call('dashboard/drill', { ...drill, limit, ...(cursor ? { cursor } : {}) });
    keys.push(...page.rows.map((r: { key: string }) => r.key));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return keys;
};

describe('dashboard admin area', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  let manager: Call;
  beforeAll(async () => {
    h = await adminHarness('2026-10-08T00:00:00Z');
    for (const u of await h.deps.staff.list())
      if (u.id === 'staff-agent-01') await h.deps.staff.update({ ...u, team: '一组', version: (u.version ?? 0) + 1 }, u.version ?? 0, { actorId: 'test', actorRole: 'staffAdmin', action: 'staff.update', subjectType: 'staff', subjectId: u.id });
    for (const [i, s] of SEEDS.entries()) {
      h.clock.set(at(s.day, 0));
      const c = await submit(h, `openid-dash-${i}`, s.category);
      if (s.handler && s.ackMinutes !== undefined) {
        h.clock.set(at(s.day, s.ackMinutes));
        await acknowledge(h, c.id, s.handler);
      }
      if (s.handler && s.resolveMinutes !== undefined) {
        h.clock.set(at(s.day, s.resolveMinutes));
        await resolve(h, c.id, s.handler);
      }
      if (s.score !== undefined) {
        h.clock.set(at(s.day, (s.resolveMinutes ?? 0) + 60));
        await rate(h, `openid-dash-${i}`, c.id, s.score);
      }
    }
    // Deadlines come due and are marked by the monitor; the consumer reads saves once settled.
    h.clock.set('2026-11-20T02:00:00Z');
    for (let run = 0; run < 4; run++) await tick(h, run);
    h.clock.advance(5 * 60_000);
    for (let run = 0; run < 4; run++) await tick(h, run);
    // Two incidents recorded by hand (compliance), one in each month.
    const compliance = await h.as('comp01');
    for (const [i, occurredAt] of ['2026-10-20T10:00', '2026-11-05T15:30'].entries())
      await compliance('incidents/record', { idempotencyKey: `dash-incident-${i}-0000000001`, kind: i ? 'misdelivery' : 'dataLeak', occurredAt, description: '短信通知误发给了另一位会员，已联系撤回', affectedMembers: 1, severity: 'medium' });
    manager = await h.as('manager01');
  });
  afterAll(() => h.close());

  it.each(['manager01', 'ho01', 'comp01', 'super01'])('%s may read the figures', async (user) => {
    const call = await h.as(user);
    const f: DashboardFigures = await call('dashboard/figures', { from: '2026-10', to: '2026-11' });
    expect(f.complaints.received.count).toBe(SEEDS.length);
  });

  it.each(['agent01', 'qa01', 'advisor01', 'claims01', 'benefits01', 'staffadm01', 'partner01'])('%s may not (AUTH.FORBIDDEN), figures or drill', async (user) => {
    const call = await h.as(user);
    await expect(call('dashboard/figures', { from: '2026-10', to: '2026-11' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await expect(call('dashboard/drill', { area: 'complaints', from: '2026-10', to: '2026-11', measure: 'received', filters: {} })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it('counts what was seeded: received per month and category, acknowledged, rated', async () => {
    const f: DashboardFigures = await manager('dashboard/figures', { from: '2026-10', to: '2026-10' });
    const october = SEEDS.filter((s) => s.day.startsWith('2026-10'));
    expect(f.complaints.received.count).toBe(october.length);
    const byCat = Object.fromEntries(f.complaints.byCategory.map((l) => [l.key, l.count]));
    const want: Record<string, number> = {};
    for (const s of october) want[s.category] = (want[s.category] ?? 0) + 1;
    expect(byCat).toEqual(want);
    expect(f.complaints.satisfaction.rated).toBe(october.filter((s) => s.score !== undefined).length);
    // The acknowledge deadlines that came due, per handler: the SLA lines have something to drill into.
    expect(f.complaints.slaByHandler.reduce((n, l) => n + l.due, 0)).toBeGreaterThan(0);
    expect(f.complaints.acknowledge.count).toBe(october.filter((s) => s.ackMinutes !== undefined).length);
    expect(f.incidents.total.count).toBe(1);
  });

  it.each([
    ['a month that is not one', 'dashboard/figures', { from: '2026-13', to: '2026-11' }, 'REQUEST.INVALID'],
    ['an unknown field', 'dashboard/figures', { from: '2026-10', to: '2026-11', sort: 'x' }, 'REQUEST.INVALID'],
    ['from after to', 'dashboard/figures', { from: '2026-11', to: '2026-10' }, 'REPORTS.BAD_RANGE'],
    ['more than 36 months', 'dashboard/figures', { from: '2023-01', to: '2026-11' }, 'REPORTS.BAD_RANGE'],
    ['drill: from after to', 'dashboard/drill', { area: 'complaints', from: '2026-11', to: '2026-10', measure: 'received', filters: {} }, 'REPORTS.BAD_RANGE'],
    ['drill: unknown area', 'dashboard/drill', { area: 'members', from: '2026-10', to: '2026-11', measure: 'received', filters: {} }, 'REQUEST.INVALID'],
    ['drill: unknown measure', 'dashboard/drill', { area: 'complaints', from: '2026-10', to: '2026-11', measure: 'bogus', filters: {} }, 'DASHBOARD.UNKNOWN_MEASURE'],
    ['drill: filter the area has not', 'dashboard/drill', { area: 'complaints', from: '2026-10', to: '2026-11', measure: 'received', filters: { topic: 'x' } }, 'DASHBOARD.BAD_FILTER'],
    ['drill: forged cursor', 'dashboard/drill', { area: 'complaints', from: '2026-10', to: '2026-11', measure: 'received', filters: {}, cursor: 'nonsense' }, 'DASHBOARD.BAD_CURSOR'],
    ['drill: page too large', 'dashboard/drill', { area: 'complaints', from: '2026-10', to: '2026-11', measure: 'received', filters: {}, limit: 500 }, 'REQUEST.INVALID'],
    ['drill: an incident filter on complaints', 'dashboard/drill', { area: 'complaints', from: '2026-10', to: '2026-11', measure: 'received', filters: { kind: 'dataLeak' } }, 'DASHBOARD.BAD_FILTER'],
  ])('refuses %s', async (_name, route, body, code) => {
    await expect(manager(route, body)).rejects.toMatchObject({ code });
  });

  it.each([
    ['the whole period', { from: '2026-10', to: '2026-11' }],
    ['one category', { from: '2026-10', to: '2026-11', category: 'claims' }],
    ['one handler', { from: '2026-10', to: '2026-11', handler: 'staff-agent-02' }],
    ['one team', { from: '2026-10', to: '2026-11', team: '一组' }],
    ['one month', { from: '2026-11', to: '2026-11' }],
  ])('every figure drills to exactly as many rows as it counts: %s', async (_name, query) => {
    const f: DashboardFigures = await manager('dashboard/figures', query);
    const drills = drillsOf(f);
    expect(drills.some((d) => d.count > 0)).toBe(true);
    for (const d of drills) {
      // A small page exercises the cursor; every key once.
      const keys = await walk(manager, d.drill, 2);
      expect({ name: d.name, rows: keys.length }).toEqual({ name: d.name, rows: d.count });
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('lists rows masked like the queue, each linking to its complaint', async () => {
    const f: DashboardFigures = await manager('dashboard/figures', { from: '2026-10', to: '2026-11' });
    const page = await manager('dashboard/drill', { ...f.complaints.received.drill, limit: 50 });
    expect(page.rows).toHaveLength(SEEDS.length);
    for (const r of page.rows) {
      expect(r.link).toEqual({ kind: 'complaint', id: r.id });
      expect(r.number).toMatch(/^TS\d{8}-\d+$/);
    }
    const text = JSON.stringify(page);
    expect(text).not.toMatch(/1\d{10}/);
    expect(text).not.toContain('客服多次承诺回电');
  });
});
