import { runRollupConsumer, type RollupConsumerDeps, type RollupConsumerReport } from './consumer';
import type { FeedCursor } from './model';
import type { ChangeFeed } from './ports';

/**
 * Builds the rollups for data loaded in bulk (the bench's 10k and 1M complaints, a first deployment
 * over existing records): the same consumer, the same events and markers, in large pages with many
 * records per store transaction, run until every feed is drained. What it builds equals what the
 * timer builds one record at a time (tests/core/rollupProperty.test.ts runs several batch sizes), and
 * the timer's later runs carry on from its cursors. Large batches matter on SQLite: each transaction
 * rewrites every counter row it touches once.
 */
export const buildRollups = async (
  deps: RollupConsumerDeps,
  opts: { pageSize?: number; batch?: number } = {},
): Promise<RollupConsumerReport & { runs: number }> => {
  const total: RollupConsumerReport & { runs: number } = { complaints: 0, consultations: 0, claims: 0, bookings: 0, applied: 0, skipped: 0, runs: 0 };
  const pageSize = opts.pageSize ?? 20_000;
  for (;;) {
    const r = await runRollupConsumer(deps, pageSize * 10, { pageSize, batch: opts.batch ?? pageSize });
    total.runs += 1;
    for (const k of ['complaints', 'consultations', 'claims', 'bookings', 'applied', 'skipped'] as const) total[k] += r[k];
    if (r.complaints + r.consultations + r.claims + r.bookings === 0) return total;
  }
};

const before = (a: { updatedAt: string; id: string }, c: FeedCursor) => a.updatedAt < c.at || (a.updatedAt === c.at && a.id <= c.id);

/**
 * A change feed over records already in memory (a bench that generated them need not read them back):
 * sorted once by (updatedAt, id), each page found by binary search. Give it the records as saved.
 */
export const recordsFeed = <T extends { id: string; updatedAt: string }>(records: readonly T[]): ChangeFeed<T> => {
  const sorted = [...records].sort((a, b) => (a.updatedAt === b.updatedAt ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.updatedAt < b.updatedAt ? -1 : 1));
  return {
    changedAfter: async (cursor, until, limit) => {
      let lo = 0;
      let hi = sorted.length;
      if (cursor)
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (before(sorted[mid], cursor)) lo = mid + 1;
          else hi = mid;
        }
      const out: T[] = [];
      for (let i = lo; i < sorted.length && out.length < limit && sorted[i].updatedAt <= until; i++) out.push(sorted[i]);
      return out;
    },
  };
};
