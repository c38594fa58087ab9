/**
 * Cloud function cold starts: for each built function, the time a fresh Node process takes to require
 * its bundle against the time to require @cloudbase/node-sdk alone (which every bundle requires too),
 * median of COLD_START_RUNS fresh processes (default 7), functions interleaved so machine noise falls on
 * all alike. Goal (CLARIFICATIONS, Performance): bundle ≤ 1.2 × the SDK alone and ≤ 150 KB for member-facing
 * and timer functions; the admin function states its own (≤ 1.5 ×, and its size in scripts/buildFunctions.ts).
 * A section of `npm run bench`, or alone: `npx tsx scripts/bench/coldStart.ts`.
 *
 * The functions load as in the cloud: the real SDK (from this checkout's node_modules, linked beside
 * the bundles), a stand-in environment (scripts/functionStandIns.ts), no network reached by the require
 * itself. What Tencent Cloud adds (fetching the code package, starting the container) is not measured here.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLE_BUDGET_KB, bundleBudgetKb, buildFunctions } from '../buildFunctions';
import { standInFunctionEnv } from '../functionStandIns';

const ROOT = path.resolve(__dirname, '..', '..');
export const COLD_START_GOAL = 1.2;
/** The admin function's own: it loads every staff area for staff, who wait for a cold start rarely (scripts/buildFunctions.ts). */
export const OWN_COLD_START_GOAL: Readonly<Record<string, number>> = { admin: 1.5 };
const goalOf = (name: string) => OWN_COLD_START_GOAL[name] ?? COLD_START_GOAL;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Run {
  /** Requiring the SDK alone, then the bundle's own part (its require of the SDK is then a cache hit). */
  sdkMs: number;
  ownMs: number;
  sdkCpuMs: number;
  ownCpuMs: number;
}

/**
 * One fresh process: the SDK's require timed alone, then the bundle's. Both halves run under the same
 * load, so their ratio holds on a busy machine where separate processes' times swing by 2×; CPU time
 * beside wall time shows what waiting for a core added. It exits at once (the SDK may leave sockets open).
 */
const timeRequires = (file: string, env: NodeJS.ProcessEnv): Run => {
  const code = `const now = () => Number(process.hrtime.bigint()) / 1e6, cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
const t0 = now(), c0 = cpu(); require('@cloudbase/node-sdk'); const t1 = now(), c1 = cpu(); require(${JSON.stringify(file)}); const t2 = now(), c2 = cpu();
process.stdout.write(JSON.stringify({ sdkMs: t1 - t0, ownMs: t2 - t1, sdkCpuMs: c1 - c0, ownCpuMs: c2 - c1 })); process.exit(0);`;
  const r = spawnSync(process.execPath, ['-e', code], { cwd: path.dirname(file), env, encoding: 'utf8', timeout: 60_000 });
  try {
    return JSON.parse(r.stdout) as Run;
  } catch {
    throw new Error(`requiring ${file} failed: ${(r.stderr || r.stdout).split('\n').find((l) => /Error/.test(l)) ?? r.status}`);
  }
};

export interface ColdStart {
  name: string;
  bytes: number;
  budgetKb: number;
  /** Medians over the runs: the SDK alone, the bundle (SDK included) and the bundle's own part. */
  sdkMs: number;
  bundleMs: number;
  ownMs: number;
  /** Median of the per-process ratios bundle / SDK alone, by wall time and by CPU time. */
  ratio: number;
  cpuRatio: number;
}

export const measureColdStarts = async (runs = Number(process.env.COLD_START_RUNS ?? 7)): Promise<ColdStart[]> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-coldstart-'));
  try {
    const built = await buildFunctions(path.join(dir, 'functions'));
    // Resolved as from a deployed package: node_modules beside the bundles (a link to this checkout's).
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...standInFunctionEnv() };
    const files = built.map((b) => path.join(b.dir, 'index.js'));
    timeRequires(files[0], env); // warms the file cache: every measured run then reads from memory
    const runsOf = new Map<string, Run[]>(files.map((f) => [f, []]));
    for (let i = 0; i < runs; i++) for (const f of files) runsOf.get(f)!.push(timeRequires(f, env));
    return built.map((b, i) => {
      const rs = runsOf.get(files[i])!;
      return {
        name: b.name,
        bytes: b.bytes,
        budgetKb: bundleBudgetKb(b.name),
        sdkMs: median(rs.map((r) => r.sdkMs)),
        bundleMs: median(rs.map((r) => r.sdkMs + r.ownMs)),
        ownMs: median(rs.map((r) => r.ownMs)),
        ratio: median(rs.map((r) => (r.sdkMs + r.ownMs) / r.sdkMs)),
        cpuRatio: median(rs.map((r) => (r.sdkCpuMs + r.ownCpuMs) / r.sdkCpuMs)),
      };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

export async function coldStartSection(out: (s: string) => void): Promise<void> {
  const runs = Number(process.env.COLD_START_RUNS ?? 7);
  const functions = await measureColdStarts(runs);
  out(`\nCloud function cold starts: require of each bundle vs @cloudbase/node-sdk alone, fresh processes, median of ${runs}`);
  out(`   (goals: ratio ≤ ${COLD_START_GOAL} and bundle ≤ ${BUNDLE_BUDGET_KB} KB unless stated; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
  out(`   ${'function'.padEnd(14)} ${'SDK alone'.padStart(10)} ${'bundle'.padStart(10)} ${'own'.padStart(9)}  ratio (CPU)  size`);
  for (const f of functions) {
    const goal = goalOf(f.name);
    const own = f.budgetKb !== BUNDLE_BUDGET_KB || goal !== COLD_START_GOAL ? `  (own budgets: ≤ ${goal}, ≤ ${f.budgetKb} KB)` : '';
    const misses = [f.ratio > goal && 'cold start', f.bytes > f.budgetKb * 1024 && 'size'].filter(Boolean);
    out(
      `   ${f.name.padEnd(14)} ${f.sdkMs.toFixed(1).padStart(7)} ms ${f.bundleMs.toFixed(1).padStart(7)} ms ${f.ownMs.toFixed(1).padStart(6)} ms  ${f.ratio.toFixed(2)} (${f.cpuRatio.toFixed(2)})  ${(f.bytes / 1024).toFixed(1).padStart(5)} KB${own}${misses.length ? ` — MISSED ${misses.join(', ')}` : ''}`,
    );
  }
}

if (require.main === module) {
  coldStartSection((s) => process.stdout.write(`${s}\n`)).catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
