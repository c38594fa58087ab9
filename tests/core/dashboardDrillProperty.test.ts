import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../adapters/sqlite/database';
import { sqliteRollupStore } from '../../adapters/sqlite/rollupStore';
import type { Complaint } from '../../core/complaints/model';
import { defaultComplaintPolicy } from '../../core/complaints/policy';
import { drillPage, DRILL_SCAN_BOUND, type DashboardDrillDeps } from '../../core/dashboard/drill';
import type { ComplaintReceivedScan } from '../../core/dashboard/ports';
import { runRollupConsumer } from '../../core/rollups/consumer';
import type { DashboardFigures, DashboardQuery, DrillSpec } from '../../core/rollups/dashboard';
import { dashboardFigures } from '../../core/rollups/dashboardFigures';
import { fixedClock } from '../../core/shared/ports';
import { CATEGORIES, CHANNELS, GRADES, MONTHS, NOW, POLICIES, STAFF, makeRecords, memoryFeed, memoryPolicies, memoryStaff, rng, type Records } from '../support/rollupData';

/**
 * Every figure's drill-down lists exactly as many rows as the figure counts, on random records of every
 * area (ROLLUPS' generator), random periods and random complaint filter combinations (product and team
 * included), walking every page at a small page size; and no page reads more than the scan bound.
 */
jest.setTimeout(120_000);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const open = (): Db => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-drillprop-'));
  dirs.push(dir);
  return openDatabase(path.join(dir, 'store.db'));
};

/** Complaints by receipt in memory, as the stores' index keeps them. */
const memoryReceived = (cs: readonly Complaint[]): ComplaintReceivedScan => {
  const sorted = [...cs].sort((a, b) => (a.receivedAt === b.receivedAt ? (a.id < b.id ? -1 : 1) : a.receivedAt < b.receivedAt ? -1 : 1));
  return {
    receivedBetween: async (from, to, after, limit) =>
      sorted.filter((c) => c.receivedAt >= from && c.receivedAt < to && (!after || c.receivedAt > after.at || (c.receivedAt === after.at && c.id > after.id))).slice(0, limit),
  };
};

const drillsOf = (f: DashboardFigures): { name: string; count: number; drill: DrillSpec }[] => {
  const c = f.complaints;
  return [
    { name: 'received', count: c.received.count, drill: c.received.drill },
    ...[...c.byCategory, ...c.byGrade, ...c.byChannel, ...c.byProduct].map((l) => ({ name: `received ${JSON.stringify(l.drill.filters)}`, count: l.count, drill: l.drill })),
    ...[...c.slaByHandler, ...c.slaByTeam].map((l) => ({ name: `sla ${l.key}`, count: l.due, drill: l.drill })),
    { name: 'satisfaction', count: c.satisfaction.rated, drill: c.satisfaction.drill },
    { name: 'consultations', count: f.consultations.asked.count, drill: f.consultations.asked.drill },
    { name: 'claims reported', count: f.claims.reported.count, drill: f.claims.reported.drill },
    { name: 'claims decided', count: f.claims.decided.count, drill: f.claims.decided.drill },
    { name: 'decision clock', count: f.claims.decisionClock.due, drill: f.claims.decisionClock.drill },
    { name: 'payment clock', count: f.claims.paymentClock.due, drill: f.claims.paymentClock.drill },
    ...[f.benefits.bookings, f.benefits.redeemed, ...f.benefits.byBenefit].map((l) => ({ name: `bookings ${l.key}`, count: l.count, drill: l.drill })),
  ];
};

/** Drills a figure's spec asks for that the answer carries only as a distribution. */
const extraDrills = (f: DashboardFigures, q: DashboardQuery) => {
  const filters = Object.fromEntries(Object.entries(q).filter(([k, v]) => k !== 'from' && k !== 'to' && v !== undefined)) as Record<string, string>;
  const spec = (measure: string): DrillSpec => ({ area: 'complaints', from: q.from, to: q.to, measure, filters });
  return [
    { name: 'acknowledged', count: f.complaints.acknowledge.count, drill: spec('acknowledged') },
    { name: 'resolved', count: f.complaints.resolve.count, drill: spec('resolved') },
  ];
};

describe('drill lists equal their figures on random data', () => {
  let recs: Records;
  let deps: DashboardDrillDeps;
  let figuresDeps: Parameters<typeof dashboardFigures>[0];
  beforeAll(async () => {
    recs = makeRecords(20261126, { complaints: 500, consultations: 80, claims: 80, bookings: 80 });
    const rollups = sqliteRollupStore(open());
    const consumer = {
      feed: memoryFeed(recs.complaints),
      rollups,
      clock: fixedClock(NOW.toISOString()),
      policy: defaultComplaintPolicy,
      policies: memoryPolicies,
      consultations: memoryFeed(recs.consultations),
      claims: memoryFeed(recs.claims),
      bookings: memoryFeed(recs.bookings),
    };
    for (;;) if (!(await runRollupConsumer(consumer, 10_000)).complaints) break;
    figuresDeps = { rollups, staff: memoryStaff, policy: { satisfaction: { goalRate: 0.9 } } };
    deps = {
      staff: memoryStaff,
      directory: { members: async () => [], policies: async (nos: string[]) => POLICIES.filter((p) => nos.includes(p.policyNo)) as never[] },
      policy: defaultComplaintPolicy,
      dashboardDrill: {
        complaintsReceived: memoryReceived(recs.complaints),
        complaints: memoryFeed(recs.complaints),
        consultations: memoryFeed(recs.consultations),
        claims: memoryFeed(recs.claims),
        bookings: memoryFeed(recs.bookings),
      },
    };
  });

  const r = rng(7);
  const queries: DashboardQuery[] = [{ from: MONTHS[0], to: MONTHS[MONTHS.length - 1] }];
  for (let i = 0; i < 6; i++) {
    const a = r.int(0, MONTHS.length - 1);
    const b = r.int(a, MONTHS.length - 1);
    const q: DashboardQuery = { from: MONTHS[a], to: MONTHS[b] };
    if (r.chance(0.4)) q.category = r.pick(CATEGORIES);
    if (r.chance(0.3)) q.grade = r.pick(GRADES);
    if (r.chance(0.3)) q.channel = r.pick(CHANNELS);
    if (r.chance(0.3)) q.product = r.pick(['PRD-A', 'PRD-B', '']);
    if (r.chance(0.3)) q.handler = r.pick(STAFF).id;
    if (r.chance(0.3)) q.team = r.pick(['一组', '二组', 'none']);
    queries.push(q);
  }

  it.each(queries.map((q) => [JSON.stringify(q), q] as const))('%s', async (_name, q) => {
    const f = await dashboardFigures(figuresDeps, q);
    const all = [...drillsOf(f), ...extraDrills(f, q)];
    if (JSON.stringify(q) === JSON.stringify(queries[0])) expect(all.filter((d) => d.count > 0).length).toBeGreaterThan(10);
    for (const d of all) {
      const keys: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 500; pages++) {
        const page = await drillPage(deps, d.drill, { limit: 3, ...(cursor ? { cursor } : {}) });
        expect(page.scanned).toBeLessThanOrEqual(DRILL_SCAN_BOUND);
        keys.push(...page.rows.map((row) => row.key));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect({ name: d.name, rows: keys.length }).toEqual({ name: d.name, rows: d.count });
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
