/**
 * What the area benches that compare a store at two sizes share (scripts/bench/claims.ts,
 * consultationQueue.ts): the sizes from the command line, temporary stores removed on exit, a median
 * timing, and one report line per measure as the ratio large/small against ≤ 2.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const out = (s: string) => process.stdout.write(`${s}\n`);

/** `[small] [large]` from the command line; 10,000 and 100,000 by default, 1,000,000 with `--large` or `envLarge`. */
export const benchSizes = (envLarge: string | undefined) => {
  const [smallArg, largeArg] = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number);
  return { small: smallArg || 10_000, large: largeArg || Number(envLarge ?? (process.argv.includes('--large') ? 1_000_000 : 100_000)) };
};

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => process.exit(130));

/** A temporary folder for a seeded store, removed however the bench ends. */
export const benchDir = (prefix: string): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

/** The median of `n` timings of `f`, in milliseconds. */
export const median = async (n: number, f: () => Promise<unknown>) => {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    await f();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return t.sort((a, b) => a - b)[Math.floor(n / 2)];
};

/** Prints each measure at both sizes with its ratio; true when every ratio is within 2. */
export const reportRatios = <K extends string>(
  sizes: { small: number; large: number },
  small: Record<K, number>,
  large: Record<K, number>,
  rows: readonly (readonly [string, K])[],
): boolean => {
  let within = true;
  for (const [name, key] of rows) {
    const ratio = large[key] / small[key];
    within &&= ratio <= 2;
    out(`  ${name.padEnd(24)} ${sizes.small}: ${small[key].toFixed(3)} ms   ${sizes.large}: ${large[key].toFixed(3)} ms   ratio ${ratio.toFixed(2)}   (target ≤ 2)`);
  }
  return within;
};
