import { COMPLAINT_CATEGORIES } from '../complaints/model';
import { decodeTuple, FACTS, HISTS } from '../rollups/facts';
import { percentileMinutes } from '../rollups/figures';
import type { RollupRow } from '../rollups/model';
import type { RollupStore } from '../rollups/ports';
import type { ComplaintQuarterFigures } from './sources';

interface Sum {
  received: number;
  resolved: number;
  rated: number;
  satisfied: number;
  resolve: Record<string, number>;
}
const empty = (): Sum => ({ received: 0, resolved: 0, rated: 0, satisfied: 0, resolve: {} });
const add = (s: Sum, r: RollupRow) => {
  for (const k of ['received', 'resolved', 'rated', 'satisfied'] as const) s[k] += r.counters.counts[k] ?? 0;
  for (const [m, n] of Object.entries(r.counters.hists[HISTS.resolve] ?? {})) s.resolve[m] = (s.resolve[m] ?? 0) + n;
};

/**
 * The complaint figures of some months over today's rollup rows (core/rollups/facts.ts complaint
 * facts, one read per month): receipts by receipt month, resolutions and ratings by resolution
 * month, the resolve-time histogram summed, so the median is exact at minute resolution.
 */
export const rollupComplaintSource =
  (rollups: Pick<RollupStore, 'read'>) =>
  async (months: string[]): Promise<ComplaintQuarterFigures> => {
    const all = empty();
    const byCategory = new Map<string, Sum>();
    for (const r of await rollups.read(months)) {
      if (r.dim !== FACTS.complaint || !months.includes(r.month)) continue;
      const cat = decodeTuple(r.value).category;
      add(all, r);
      if (!byCategory.has(cat)) byCategory.set(cat, empty());
      add(byCategory.get(cat)!, r);
    }
    return {
      received: all.received,
      resolved: all.resolved,
      rated: all.rated,
      satisfied: all.satisfied,
      medianResolveMinutes: percentileMinutes(all.resolve, 0.5),
      p90ResolveMinutes: percentileMinutes(all.resolve, 0.9),
      byCategory: [...byCategory]
        .filter(([, s]) => s.received || s.resolved || s.rated)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([code, s]) => ({
          code,
          label: COMPLAINT_CATEGORIES[code as keyof typeof COMPLAINT_CATEGORIES] ?? code,
          received: s.received,
          resolved: s.resolved,
          rated: s.rated,
          satisfied: s.satisfied,
          medianResolveMinutes: percentileMinutes(s.resolve, 0.5),
        })),
    };
  };
