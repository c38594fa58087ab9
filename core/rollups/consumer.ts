import type { ComplaintPolicy } from '../complaints/policy';
import type { Clock } from '../shared/ports';
import { complaintRollupEvents } from './complaintEvents';
import type { ComplaintChangeFeed, RollupStore } from './ports';

export const COMPLAINT_FEED = 'complaints';

/**
 * A save is read only once it is this old: a transaction that read the clock before the cursor moved
 * past its time has long committed by then. Anything read twice anyway is skipped by its event id.
 */
export const SETTLE_MS = 2 * 60_000;

export interface RollupConsumerDeps {
  feed: ComplaintChangeFeed;
  rollups: RollupStore;
  clock: Clock;
  policy: Pick<ComplaintPolicy, 'satisfaction'>;
}

export interface RollupConsumerReport {
  complaints: number;
  applied: number;
  skipped: number;
}

/**
 * The one rollup consumer: reads complaints saved since its cursor, derives their domain events
 * (complaintEvents.ts) and applies each complaint's events in one store transaction with the cursor.
 * A crash between two complaints resumes at the next; a second run over the same saves changes nothing.
 */
export const runRollupConsumer = async (deps: RollupConsumerDeps, budget = 200): Promise<RollupConsumerReport> => {
  const report: RollupConsumerReport = { complaints: 0, applied: 0, skipped: 0 };
  const until = new Date(deps.clock.now().getTime() - SETTLE_MS).toISOString();
  let cursor = await deps.rollups.cursor(COMPLAINT_FEED);
  while (report.complaints < budget) {
    const page = await deps.feed.changedAfter(cursor, until, Math.min(100, budget - report.complaints));
    if (!page.length) break;
    for (const c of page) {
      cursor = { at: c.updatedAt, id: c.id };
      const r = await deps.rollups.consume({ feed: COMPLAINT_FEED, cursor, events: complaintRollupEvents(c, deps.policy.satisfaction.reminderAfterDays) });
      report.complaints += 1;
      report.applied += r.applied;
      report.skipped += r.skipped;
    }
  }
  return report;
};
