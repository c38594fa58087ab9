import type { WeeklySeries, WarningDim } from '../../core/earlyWarning/model';
import { weeksBefore, type IsoWeek } from '../../core/earlyWarning/weeks';

/** Seeded random numbers (mulberry32): every simulated series can be replayed from its seed. */
export const seeded = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Poisson(λ) by inversion (exact; λ up to a few hundred). */
export const poisson = (rand: () => number, lambda: number): number => {
  const u = rand();
  let p = Math.exp(-lambda);
  let f = p;
  let k = 0;
  while (u > f && k < 10_000) {
    k += 1;
    p *= lambda / k;
    f += p;
  }
  return k;
};

/** Negative binomial as a gamma–Poisson mixture: mean `mean`, variance mean + mean²/size. */
export const negativeBinomial = (rand: () => number, mean: number, size: number): number => {
  // Marsaglia–Tsang gamma(size, 1), size ≥ 1.
  const d = size - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  let g = 0;
  for (;;) {
    let x: number;
    let v: number;
    do {
      const u1 = rand();
      const u2 = rand();
      x = Math.sqrt(-2 * Math.log(u1 || 1e-12)) * Math.cos(2 * Math.PI * u2);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (Math.log(u || 1e-12) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
      g = d * v;
      break;
    }
  }
  return poisson(rand, (g / size) * mean);
};

/** A series from counts, oldest first, the last being `week`. */
export const seriesOf = (dim: WarningDim, value: string, week: IsoWeek, counts: readonly number[]): WeeklySeries => {
  const weeks = [...weeksBefore(week, counts.length - 1), week];
  return { dim, value, weeks: counts.map((count, i) => ({ week: weeks[i], count })).filter((w) => w.count > 0) };
};
