import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseRollupStore } from '../../adapters/cloudbase/rollupStore';
import { openDatabase, type Db } from '../../adapters/sqlite/database';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { sqliteRollupStore } from '../../adapters/sqlite/rollupStore';
import { defaultComplaintPolicy } from '../../core/complaints/policy';
import { runRollupConsumer, type RollupConsumerDeps } from '../../core/rollups/consumer';
import type { DashboardQuery } from '../../core/rollups/dashboard';
import { dashboardFigures, dashboardMonths } from '../../core/rollups/dashboardFigures';
import { weekOf } from '../../core/rollups/facts';
import { weeklyReceived, WEEKLY_DIMS } from '../../core/rollups/weekly';
import { fixedClock } from '../../core/shared/ports';
import { CATEGORIES, CHANNELS, GRADES, MONTHS, NOW, POLICIES, STAFF, makeRecords, memoryFeed, memoryPolicies, memoryStaff, rng, type Records } from '../support/rollupData';
import { directFigures } from '../support/rollupOracle';

/**
 * Issue 13 item 8: every dashboard figure equals a direct count over the same records, on random
 * records of every area and random periods and filter combinations; a replay of every feed from the
 * start changes nothing.
 */
jest.setTimeout(60_000);

const dirs: string[] = [];
const open = (): Db => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-rollprop-'));
  dirs.push(dir);
  return openDatabase(path.join(dir, 'store.db'));
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const consumerDeps = (db: Db, recs: Records): RollupConsumerDeps => ({
  feed: memoryFeed(recs.complaints),
  rollups: sqliteRollupStore(db),
  clock: fixedClock(NOW.toISOString()),
  policy: defaultComplaintPolicy,
  policies: memoryPolicies,
  consultations: memoryFeed(recs.consultations),
  claims: memoryFeed(recs.claims),
  bookings: memoryFeed(recs.bookings),
});

const randomQuery = (r: ReturnType<typeof rng>): DashboardQuery => {
  const a = r.int(0, MONTHS.length - 1);
  const b = r.int(a, MONTHS.length - 1);
  const q: DashboardQuery = { from: MONTHS[a], to: MONTHS[b] };
  if (r.chance(0.35)) q.category = r.pick(CATEGORIES);
  if (r.chance(0.3)) q.grade = r.pick(GRADES);
  if (r.chance(0.3)) q.channel = r.pick(CHANNELS);
  if (r.chance(0.3)) q.product = r.pick([...POLICIES.map((p) => p.productCode), '']);
  if (r.chance(0.25)) q.handler = r.pick([...STAFF.map((s) => s.id), 'unassigned']);
  else if (r.chance(0.25)) q.team = r.pick(['一组', '二组', 'none']);
  return q;
};

const asMap = (lines: { key: string; count: number }[]) => new Map(lines.map((l) => [l.key, l.count]));
const compliance = (lines: { key: string; due: number; met: number }[]) => new Map(lines.map((l) => [l.key, { due: l.due, met: l.met }]));

const figuresOf = (deps: RollupConsumerDeps) => (q: DashboardQuery) => dashboardFigures({ rollups: deps.rollups, staff: memoryStaff, policy: { satisfaction: { goalRate: 0.9 } } }, q);

const expectEqualToDirect = async (deps: RollupConsumerDeps, recs: Records, q: DashboardQuery) => {
  const f = await figuresOf(deps)(q);
  const d = directFigures(recs, q, dashboardMonths(q));
  const label = JSON.stringify(q);
  expect({ q: label, received: f.complaints.received.count }).toEqual({ q: label, received: d.received.n });
  expect(asMap(f.complaints.byCategory)).toEqual(d.received.category);
  expect(asMap(f.complaints.byGrade)).toEqual(d.received.grade);
  expect(asMap(f.complaints.byChannel)).toEqual(d.received.channel);
  expect(asMap(f.complaints.byProduct)).toEqual(d.received.product);
  expect(f.complaints.acknowledge).toEqual(d.acknowledge);
  expect(f.complaints.resolve).toEqual(d.resolve);
  expect(compliance(f.complaints.slaByHandler)).toEqual(d.slaByHandler);
  expect(compliance(f.complaints.slaByTeam)).toEqual(d.slaByTeam);
  expect({ resolved: f.complaints.satisfaction.resolved, rated: f.complaints.satisfaction.rated, satisfied: f.complaints.satisfaction.satisfied }).toEqual(d.satisfaction);
  expect({ asked: f.consultations.asked.count, replied: f.consultations.replied, reply: f.consultations.reply }).toEqual(d.consultations);
  expect({
    reported: f.claims.reported.count,
    decided: f.claims.decided.count,
    decision: { due: f.claims.decisionClock.due, met: f.claims.decisionClock.met },
    payment: { due: f.claims.paymentClock.due, met: f.claims.paymentClock.met },
  }).toEqual(d.claims);
  expect({ booked: f.benefits.bookings.count, redeemed: f.benefits.redeemed.count, byBenefit: asMap(f.benefits.byBenefit) }).toEqual(d.bookings);
  // Every line drills into its own slice of the same query.
  for (const l of f.complaints.byCategory) expect(l.drill).toMatchObject({ area: 'complaints', from: q.from, to: q.to, measure: 'received', filters: { category: l.key } });
  return f;
};

const allWeeks = (recs: Records) => [...new Set(recs.complaints.map((c) => weekOf(c.receivedAt)))].sort();

const directWeekly = (recs: Records, dim: (typeof WEEKLY_DIMS)[number]) => {
  const counts = new Map<string, number>();
  for (const c of recs.complaints) {
    const p = POLICIES.find((x) => x.policyNo === c.policyNo);
    const value = { category: c.category, product: p?.productCode, channel: c.channel, salesChannel: p?.salesChannel, seller: p?.sellerId, policy: c.policyNo, member: c.memberId }[dim];
    if (!value) continue;
    const k = `${weekOf(c.receivedAt)}|${value}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
};

describe('dashboard figures from the rollups equal direct counts over the records', () => {
  for (const seed of [11, 2026, 90210]) {
    it(`seed ${seed}: 40 random periods and filter combinations, every area; weekly counts per dimension; a replay changes nothing`, async () => {
      const recs = makeRecords(seed, { complaints: 300, consultations: 80, claims: 80, bookings: 80 });
      const db = open();
      const deps = consumerDeps(db, recs);
      const r = rng(seed * 7 + 1);
      // Batches of several records per transaction (the bulk build) count the same as one per transaction.
      const first = await runRollupConsumer(deps, 100_000, { batch: r.pick([1, 7, 50]), pageSize: r.pick([13, 100, 1000]) });
      expect(first).toMatchObject({ complaints: 300, consultations: 80, claims: 80, bookings: 80, skipped: 0 });

      const queries = Array.from({ length: 40 }, () => randomQuery(r));
      // The whole range with no filter, too, so the test cannot pass on empty slices alone.
      queries.push({ from: MONTHS[0], to: MONTHS[MONTHS.length - 1] });
      const before = [];
      for (const q of queries) before.push(await expectEqualToDirect(deps, recs, q));
      expect(before[before.length - 1].complaints.received.count).toBe(300);

      const weeks = allWeeks(recs);
      for (const dim of WEEKLY_DIMS) {
        const got = await weeklyReceived(deps.rollups, dim, weeks);
        expect(new Map(got.map((g) => [`${g.week}|${g.value}`, g.count]))).toEqual(directWeekly(recs, dim));
      }

      // Replay every feed from the start: every event is skipped, every figure stays.
      db.prepare('DELETE FROM rollup_cursors').run();
      const again = await runRollupConsumer(deps, 100_000);
      expect(again.applied).toBe(0);
      expect(again.skipped).toBe(first.applied);
      for (const [i, q] of queries.entries()) expect(await figuresOf(deps)(q)).toEqual(before[i]);
      db.close();
    });
  }

  it('builds the same figures on the CloudBase store (strict fake), one record per transaction as the timer does', async () => {
    const recs = makeRecords(7, { complaints: 120, consultations: 30, claims: 30, bookings: 30 });
    const db = open();
    const onSqlite = consumerDeps(db, recs);
    const onCloudbase = { ...consumerDeps(db, recs), rollups: cloudbaseRollupStore(new CloudbaseDatabaseFake()) };
    await runRollupConsumer(onSqlite, 100_000, { batch: 50 });
    const report = await runRollupConsumer(onCloudbase, 100_000);
    expect(report).toMatchObject({ complaints: 120, consultations: 30, claims: 30, bookings: 30, skipped: 0 });
    const r = rng(77);
    for (let i = 0; i < 15; i++) {
      const q = randomQuery(r);
      expect(await figuresOf(onCloudbase)(q)).toEqual(await expectEqualToDirect(onSqlite, recs, q));
    }
    for (const dim of WEEKLY_DIMS) expect(await weeklyReceived(onCloudbase.rollups, dim, allWeeks(recs))).toEqual(await weeklyReceived(onSqlite.rollups, dim, allWeeks(recs)));
    db.close();
  });
});
