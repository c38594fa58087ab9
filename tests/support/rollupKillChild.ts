/**
 * The rollup consumer in a process of its own, for tests/functions/rollupKill.test.ts: run with
 * `node --import tsx`, it consumes the seeded records (rollupData.ts, ROLLUP_KILL_SEED) into the SQLite
 * store at ROLLUP_KILL_DB, a few records per run, one record per transaction, forever, reporting
 * progress over IPC until it is killed.
 */
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteRollupStore } from '../../adapters/sqlite/rollupStore';
import { defaultComplaintPolicy } from '../../core/complaints/policy';
import { runRollupConsumer } from '../../core/rollups/consumer';
import { fixedClock } from '../../core/shared/ports';
import { KILL_SIZE, NOW, makeRecords, memoryFeed, memoryPolicies } from './rollupData';

const recs = makeRecords(Number(process.env.ROLLUP_KILL_SEED), KILL_SIZE);
const db = openDatabase(process.env.ROLLUP_KILL_DB!);
const deps = {
  feed: memoryFeed(recs.complaints),
  rollups: sqliteRollupStore(db),
  clock: fixedClock(NOW.toISOString()),
  policy: defaultComplaintPolicy,
  policies: memoryPolicies,
  consultations: memoryFeed(recs.consultations),
  claims: memoryFeed(recs.claims),
  bookings: memoryFeed(recs.bookings),
};
process.on('disconnect', () => process.exit(0));
void (async () => {
  let done = 0;
  for (;;) {
    const r = await runRollupConsumer(deps, 3);
    done += r.complaints + r.consultations + r.claims + r.bookings;
    process.send?.({ done, idle: r.complaints + r.consultations + r.claims + r.bookings === 0 });
  }
})();
