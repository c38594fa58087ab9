import fs from 'node:fs';
import path from 'node:path';
import { runRollupConsumer } from '../../core/rollups/consumer';
import { dashboardFigures } from '../../core/rollups/dashboardFigures';
import { weeklyReceived } from '../../core/rollups/weekly';
import { seedDemoBenefits, seedDemoClaims, seedDemoConsultations, seedDemoData, seedDemoMembers } from '../../server/local/demoData';
import { localDateOf } from '../../core/shared/shanghaiTime';
import { harness } from '../support/localHarness';

/**
 * The local system's one rollup consumer over real records of every area (the demo data, made through
 * the real use cases and saved by the real SQLite stores): each feed is read, the dashboard's figures
 * equal the records in the stores, and a second run adds nothing.
 */
jest.setTimeout(60_000);

describe('the rollup consumer over every area of the local system', () => {
  it('counts consultations, claims, bookings and complaints from their stores, with the policy register behind product and seller', async () => {
    const h = await harness('2026-11-20T02:00:00Z');
    const s = h.system;
    await seedDemoData(s.complaints);
    await seedDemoMembers(s.members, fs.readFileSync(path.resolve(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8'));
    await seedDemoBenefits(s.benefits);
    await seedDemoConsultations(s.consultations);
    await seedDemoClaims(s.claims, s.admin.claims!);
    h.clock.advance(10 * 60_000);

    const first = await runRollupConsumer(s.rollupDeps, 10_000);
    const count = (table: string) => (s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(first).toMatchObject({ complaints: count('complaints'), consultations: count('consultations'), claims: count('claims'), bookings: count('benefit_bookings'), skipped: 0 });
    expect(first.consultations).toBeGreaterThan(0);
    expect(first.claims).toBeGreaterThan(0);
    expect(first.bookings).toBeGreaterThan(0);

    const docs = <T>(table: string) => (s.db.prepare(`SELECT doc FROM ${table}`).all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
    const months = [...new Set(docs<{ receivedAt: string }>('complaints').map((c) => localDateOf(new Date(c.receivedAt)).slice(0, 7)))].sort();
    const from = months[0] < '2026-01' ? months[0] : '2026-01';
    const f = await dashboardFigures({ rollups: s.rollupDeps.rollups, staff: s.admin.staff, policy: s.complaints.policy }, { from, to: '2026-11' });
    expect(f.complaints.received.count).toBe(count('complaints'));
    expect(f.consultations.asked.count).toBe(count('consultations'));
    const submitted = docs<{ firstReceivedAt?: string }>('claims').filter((c) => c.firstReceivedAt).length;
    expect(f.claims.reported.count).toBe(submitted);
    expect(f.benefits.bookings.count).toBe(count('benefit_bookings'));
    expect(f.benefits.byBenefit.map((b) => b.label).every((l) => l.length > 0)).toBe(true);
    // A demo complaint naming a registered policy is counted under the policy's product and seller.
    const withPolicy = docs<{ policyNo?: string }>('complaints').filter((c) => c.policyNo);
    const known = await s.members.policies.listByNos(withPolicy.map((c) => c.policyNo!));
    const products = f.complaints.byProduct.filter((l) => l.key !== '');
    expect(products.reduce((n, l) => n + l.count, 0)).toBe(withPolicy.filter((c) => known.some((p) => p.policyNo === c.policyNo)).length);
    const allWeeks = [...new Set((s.db.prepare(`SELECT DISTINCT month FROM rollup_counters WHERE dim LIKE 'week:%'`).all() as { month: string }[]).map((r) => r.month))];
    const byMember = await weeklyReceived(s.rollupDeps.rollups, 'member', allWeeks);
    expect(byMember.reduce((n, r) => n + r.count, 0)).toBe(count('complaints'));
    if (known.length) expect((await weeklyReceived(s.rollupDeps.rollups, 'seller', allWeeks)).length).toBeGreaterThan(0);

    expect(await runRollupConsumer(s.rollupDeps, 10_000)).toMatchObject({ complaints: 0, consultations: 0, claims: 0, bookings: 0, applied: 0 });
    await h.close();
  });
});
