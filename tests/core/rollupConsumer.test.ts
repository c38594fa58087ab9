import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteRollupStore } from '../../adapters/sqlite/rollupStore';
import { defaultComplaintPolicy } from '../../core/complaints/policy';
import { runRollupConsumer, SETTLE_MS } from '../../core/rollups/consumer';
import { fixedClock } from '../../core/shared/ports';
import { NOW, makeRecords, memoryFeed, memoryPolicies } from '../support/rollupData';

/** The one consumer's budget over its feeds, and the settle delay. */
describe('rollup consumer', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-rollcons-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const setup = (size: { complaints: number; consultations: number; claims: number; bookings: number }, now = NOW.toISOString()) => {
    const recs = makeRecords(5, size);
    const db = openDatabase(path.join(dir, `s${n++}.db`));
    const clock = fixedClock(now);
    const deps = {
      feed: memoryFeed(recs.complaints),
      rollups: sqliteRollupStore(db),
      clock,
      policy: defaultComplaintPolicy,
      policies: memoryPolicies,
      consultations: memoryFeed(recs.consultations),
      claims: memoryFeed(recs.claims),
      bookings: memoryFeed(recs.bookings),
    };
    return { recs, deps, clock };
  };

  it('shares a run between its feeds: an equal share each, what one leaves goes to the busy ones', async () => {
    const busy = setup({ complaints: 100, consultations: 100, claims: 100, bookings: 100 });
    expect(await runRollupConsumer(busy.deps, 40)).toMatchObject({ complaints: 10, consultations: 10, claims: 10, bookings: 10 });
    const lopsided = setup({ complaints: 100, consultations: 3, claims: 0, bookings: 2 });
    expect(await runRollupConsumer(lopsided.deps, 40)).toMatchObject({ complaints: 35, consultations: 3, claims: 0, bookings: 2 });
    expect(await runRollupConsumer(lopsided.deps, 1000)).toMatchObject({ complaints: 65, consultations: 0, claims: 0, bookings: 0 });
  });

  it('reads only saves older than the settle delay', async () => {
    const s = setup({ complaints: 30, consultations: 0, claims: 0, bookings: 0 });
    const saves = s.recs.complaints.map((c) => c.updatedAt).sort();
    // The clock just after the 10th save: nothing yet settled past it; the settle delay later, the first 10.
    s.clock.set(new Date(Date.parse(saves[9]) + 1000).toISOString());
    const early = await runRollupConsumer(s.deps, 1000);
    expect(early.complaints).toBe(saves.filter((x) => x <= new Date(Date.parse(saves[9]) + 1000 - SETTLE_MS).toISOString()).length);
    s.clock.set(new Date(Date.parse(saves[9]) + SETTLE_MS).toISOString());
    expect(early.complaints + (await runRollupConsumer(s.deps, 1000)).complaints).toBe(10);
  });
});
