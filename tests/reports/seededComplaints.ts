import type { ComplaintCategory } from '../../core/complaints/model';
import { localDateOf } from '../../core/shared/shanghaiTime';
import { quarterOf } from '../../core/reports/quarter';

/** mulberry32: the same seed gives the same sequence on every run. */
export const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export interface SeedCase {
  i: number;
  receivedAt: string;
  category: ComplaintCategory;
  handler: 'staff-agent-01' | 'staff-agent-02';
  minutes: number;
  score?: number;
}

const CATEGORIES: ComplaintCategory[] = ['service', 'claims', 'premium', 'sales'];

/** Random complaints between two instants, in time order: receipt, resolve time (minutes) and maybe a rating. */
export const seedCases = (seed: number, n: number, from: string, to: string): SeedCase[] => {
  const r = prng(seed);
  const a = Date.parse(from);
  const span = Date.parse(to) - a;
  return Array.from({ length: n }, () => Math.floor(a + r() * span))
    .sort((x, y) => x - y)
    .map((t, i) => {
      const score = r() < 0.7 ? 1 + Math.floor(r() * 5) : undefined;
      return {
        i,
        // Whole minutes, so minute resolution is exact.
        receivedAt: new Date(Math.floor(t / 60_000) * 60_000).toISOString(),
        category: CATEGORIES[Math.floor(r() * CATEGORIES.length)],
        handler: r() < 0.5 ? 'staff-agent-01' : 'staff-agent-02',
        minutes: 30 + Math.floor(r() * 6000),
        ...(score ? { score } : {}),
      };
    });
};

export const resolvedAt = (c: SeedCase) => new Date(Date.parse(c.receivedAt) + c.minutes * 60_000).toISOString();
export const receivedQuarter = (c: SeedCase) => quarterOf(new Date(c.receivedAt));
export const resolvedQuarter = (c: SeedCase) => quarterOf(new Date(resolvedAt(c)));
export const shanghaiDay = (iso: string) => localDateOf(new Date(iso));

/** Nearest rank, as the rollups' histograms give it. */
export const nearestRank = (xs: number[], p: number): number | null => (xs.length ? [...xs].sort((x, y) => x - y)[Math.max(1, Math.ceil(p * xs.length)) - 1] : null);

/** The figures of a quarter counted directly over the seed records. */
export const directFigures = (cases: SeedCase[], q: string, rated: (c: SeedCase) => boolean = (c) => c.score !== undefined) => {
  const received = cases.filter((c) => receivedQuarter(c) === q);
  const resolved = cases.filter((c) => resolvedQuarter(c) === q);
  const r = resolved.filter(rated);
  const satisfied = r.filter((c) => (c.score ?? 0) >= 4);
  const byCategory: Record<string, { received: number; resolved: number; median: number | null }> = {};
  for (const c of [...received, ...resolved]) byCategory[c.category] ??= { received: 0, resolved: 0, median: null };
  for (const [cat, line] of Object.entries(byCategory)) {
    line.received = received.filter((c) => c.category === cat).length;
    const mine = resolved.filter((c) => c.category === cat);
    line.resolved = mine.length;
    line.median = nearestRank(mine.map((c) => c.minutes), 0.5);
  }
  return {
    received: received.length,
    resolved: resolved.length,
    rated: r.length,
    satisfied: satisfied.length,
    median: nearestRank(resolved.map((c) => c.minutes), 0.5),
    p90: nearestRank(resolved.map((c) => c.minutes), 0.9),
    byCategory,
  };
};
