import { runFuzz } from '../tests/support/fuzzer';

/**
 * npm run fuzz -- [--cases 20000] [--seed N] [--only i,j,…]
 *
 * The long run of the hostile-request fuzzer (tests/support/fuzzer.ts) against the real gateway over
 * HTTP, member and admin API, on a fresh SQLite store in a temp folder. `npm test` runs 400 cases of one
 * seed; this runs as many as asked, of any seed (a random one when none is given, printed so a failure
 * can be replayed with `--seed N --only i`). Exits 1 when any case failed.
 */
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
};
const number = (name: string, fallback: number): number => {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} takes a whole number, not "${raw}"`);
    process.exit(2);
  }
  return n;
};

const main = async () => {
  const seed = number('seed', Math.floor(Math.random() * 2 ** 31));
  const cases = number('cases', 20_000);
  const only = arg('only')?.split(',').map(Number);
  console.log(`fuzz: seed ${seed}, ${only ? `cases ${only.join(', ')}` : `${cases} cases`}`);
  const report = await runFuzz({ seed, cases, only, onProgress: (done, failed) => console.log(`  ${done} cases, ${failed} failed`) });
  console.log(`\n${report.cases} cases in ${(report.ms / 1000).toFixed(1)} s; answers by code:`);
  for (const [code, n] of Object.entries(report.codes).sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(7)}  ${code}`);
  if (report.failures.length) {
    console.log(`\n${report.failures.length} FAILED (replay: npm run fuzz -- --seed ${seed} --only ${report.failures.map((f) => f.index).slice(0, 20).join(',')})`);
    for (const f of report.failures.slice(0, 50)) console.log(`\n#${f.index} ${f.name}: ${f.problem}\n  ${f.request}`);
    process.exit(1);
  }
  console.log('\nno failures');
};

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
