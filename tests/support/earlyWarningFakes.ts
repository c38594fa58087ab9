import type { WarningDim } from '../../core/earlyWarning/model';
import type { ComplaintDrill, DrilledComplaint, WeeklyCounts } from '../../core/earlyWarning/ports';
import { isoWeekOf, type IsoWeek } from '../../core/earlyWarning/weeks';

/**
 * The WeeklyCounts port over made series (the test implementation beside the rollups adapter): counts
 * per dimension, value and week, as weeklyReceived answers them (zero weeks absent).
 */
export const madeWeeklyCounts = (series: Partial<Record<WarningDim, Record<string, Record<IsoWeek, number>>>>): WeeklyCounts & { reads: number } => {
  const port = {
    reads: 0,
    received: async (dim: WarningDim, weeks: readonly IsoWeek[]) => {
      port.reads += 1;
      const out: { week: IsoWeek; value: string; count: number }[] = [];
      for (const [value, byWeek] of Object.entries(series[dim] ?? {})) for (const w of weeks) if (byWeek[w]) out.push({ week: w, value, count: byWeek[w] });
      return out;
    },
  };
  return port;
};

/** Complaints as the drill sees them, with the register's fields for product, sales channel and seller. */
export type MadeComplaint = DrilledComplaint & { product?: string; salesChannel?: string; seller?: string };

export const madeDrill = (complaints: readonly MadeComplaint[]): ComplaintDrill => ({
  received: async ({ dim, value, from, to, limit }) => {
    const field = (c: MadeComplaint): string | undefined =>
      dim === 'member' ? c.memberId : dim === 'policy' ? c.policyNo : dim === 'category' ? c.category : dim === 'channel' ? c.channel : c[dim];
    const rows = complaints.filter((c) => c.receivedAt >= from && c.receivedAt < to && field(c) === value).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    return { items: rows.slice(0, limit).map(({ product: _p, salesChannel: _s, seller: _e, ...c }) => c), total: rows.length };
  },
});

/** Weekly counts derived from made complaints, so counts and drill agree. */
export const countsOf = (complaints: readonly MadeComplaint[], dims: readonly WarningDim[]) => {
  const out: Partial<Record<WarningDim, Record<string, Record<IsoWeek, number>>>> = {};
  for (const dim of dims) {
    const by: Record<string, Record<IsoWeek, number>> = {};
    for (const c of complaints) {
      const v = dim === 'member' ? c.memberId : dim === 'policy' ? c.policyNo : dim === 'category' ? c.category : dim === 'channel' ? c.channel : c[dim];
      if (!v) continue;
      const w = isoWeekOf(new Date(c.receivedAt));
      by[v] ??= {};
      by[v][w] = (by[v][w] ?? 0) + 1;
    }
    out[dim] = by;
  }
  return out;
};
