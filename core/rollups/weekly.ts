import { weeklyTable, type WeeklyDim } from './facts';
import type { RollupStore } from './ports';

export { WEEKLY_DIMS, type WeeklyDim } from './facts';

/**
 * Complaints received per ISO week (YYYY-Www, Asia/Shanghai, by receipt) per value of one dimension:
 * category, product (policy product code), channel, salesChannel and seller (of the policy named),
 * policy (policy number), member. A complaint without a value for the dimension (no policy, a policy
 * the register does not know) is not in that dimension's counts. Reads the rollups only: one read per week.
 */
export const weeklyReceived = async (store: Pick<RollupStore, 'read'>, dim: WeeklyDim, weeks: string[]): Promise<{ week: string; value: string; count: number }[]> =>
  (await store.read(weeks, [weeklyTable(dim)]))
    .map((r) => ({ week: r.month, value: r.value, count: r.counters.counts.received ?? 0 }))
    .filter((r) => r.count > 0)
    .sort((a, b) => a.week.localeCompare(b.week) || a.value.localeCompare(b.value));
