import type { RollupStore } from '../rollups/ports';
import { weeklyReceived } from '../rollups/weekly';
import type { WeeklyCounts } from './ports';

/**
 * The weekly counts from the rollups' week counters (core/rollups/weekly.ts, written by the one rollup
 * consumer): the early-warning run reads figures, never the complaints themselves, except for the
 * complaints behind an alert (ComplaintDrill).
 */
export const rollupWeeklyCounts = (store: Pick<RollupStore, 'read'>): WeeklyCounts => ({
  received: (dim, weeks) => weeklyReceived(store, dim, [...weeks]),
});
