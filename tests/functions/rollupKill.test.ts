import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteRollupStore } from '../../adapters/sqlite/rollupStore';
import { defaultComplaintPolicy } from '../../core/complaints/policy';
import { runRollupConsumer } from '../../core/rollups/consumer';
import { fixedClock } from '../../core/shared/ports';
import { KILL_SIZE, MONTHS, NOW, makeRecords, memoryFeed, memoryPolicies } from '../support/rollupData';

/**
 * Issue 13 item 8: the rollups survive kill -9. A consumer process is killed with SIGKILL while it
 * consumes (one record's events per transaction, thousands of them); the store, reopened and consumed
 * to the end, holds exactly the rows a consumer that was never interrupted builds: no event counted
 * twice, none lost.
 */
jest.setTimeout(90_000);

const SEED = 4242;

const consumeAll = async (dbPath: string) => {
  const recs = makeRecords(SEED, KILL_SIZE);
  const db = openDatabase(dbPath);
  const rollups = sqliteRollupStore(db);
  const deps = {
    feed: memoryFeed(recs.complaints),
    rollups,
    clock: fixedClock(NOW.toISOString()),
    policy: defaultComplaintPolicy,
    policies: memoryPolicies,
    consultations: memoryFeed(recs.consultations),
    claims: memoryFeed(recs.claims),
    bookings: memoryFeed(recs.bookings),
  };
  const report = await runRollupConsumer(deps, 100_000);
  const weeks = [...new Set((await db.prepare(`SELECT DISTINCT month FROM rollup_counters`).all()) as { month: string }[])].map((r) => r.month);
  const rows = (await rollups.read([...MONTHS, ...weeks])).map((r) => `${r.month}|${r.dim}|${r.value}|${JSON.stringify(r.counters)}`).sort();
  db.close();
  return { report, rows };
};

describe('rollups after kill -9 of the consumer', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-rollkill-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds every event exactly once after SIGKILL mid-consume and a resumed run', async () => {
    const dbPath = path.join(dir, 'store.db');
    openDatabase(dbPath).close(); // migrations run once, before the child
    const child = fork(path.join(__dirname, '../support/rollupKillChild.ts'), [], {
      execArgv: ['--import', 'tsx'],
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, ROLLUP_KILL_DB: dbPath, ROLLUP_KILL_SEED: String(SEED) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, signal) => r(signal)));
    // Kill once a good part is consumed, while the consumer is busy (mid-transaction or between two).
    const done = await new Promise<number>((resolve, reject) => {
      child.on('message', (m: { done: number; idle: boolean }) => {
        if (m.idle) reject(new Error('the consumer finished before the kill'));
        if (m.done >= 120) resolve(m.done);
      });
      child.once('exit', (code) => reject(new Error(`consumer exited early (${code})`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(done).toBeLessThan(KILL_SIZE.complaints);

    const resumed = await consumeAll(dbPath);
    // Something was left for the resumed run, and something had been consumed before the kill.
    expect(resumed.report.complaints).toBeGreaterThan(0);
    expect(resumed.report.complaints).toBeLessThan(KILL_SIZE.complaints);
    const clean = await consumeAll(path.join(dir, 'clean.db'));
    expect(clean.report.complaints).toBe(KILL_SIZE.complaints);
    expect(resumed.rows).toEqual(clean.rows);
    expect(resumed.rows.length).toBeGreaterThan(100);
  });
});
