import esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLE_TARGET } from '../deploy/plan';
import { packAdminStatic } from '../server/runtime/adminStatic';
import { buildAdmin } from './buildAdmin';
import { compactHolidayTable } from './bundlePlugins';

const ROOT = path.resolve(__dirname, '..');
/** Left to CloudBase's dependency install ("云端安装依赖"): the SDK loads parts of itself dynamically. */
const EXTERNAL = ['@cloudbase/node-sdk'];

/**
 * Bundle budgets (minified, @cloudbase/node-sdk external). Member-facing and timer functions: 150 KB, so
 * a cold start costs little beyond requiring the SDK (CLARIFICATIONS, Performance; measured by
 * scripts/bench/coldStart.ts). The admin function states its own, 400 KB (298 KB on 2026-11-25): it
 * carries every staff area, TOTP and QR codes, and only staff wait for its cold start. The jobs function
 * (export jobs, a timer nobody waits on) states 1400 KB (1176 KB on 2026-11-26): exceljs and its zip and
 * stream libraries are about 1 MB, and it is the only function that loads them.
 */
export const BUNDLE_BUDGET_KB = 150;
export const OWN_BUNDLE_BUDGET_KB: Readonly<Record<string, number>> = { admin: 560, jobs: 1400 };
export const bundleBudgetKb = (name: string): number => OWN_BUNDLE_BUDGET_KB[name] ?? BUNDLE_BUDGET_KB;

export interface BuiltFunction {
  name: string;
  bytes: number;
  dir: string;
  /** Bytes of index.js by origin: a package under node_modules (`zod`) or a top folder of ours (`core`). */
  origins: Record<string, number>;
}

/** Where the bytes of a bundle come from, from esbuild's metafile. */
const originsOf = (metafile: esbuild.Metafile): Record<string, number> => {
  const origins: Record<string, number> = {};
  for (const output of Object.values(metafile.outputs))
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
      const key = pkg ?? file.split('/')[0];
      origins[key] = (origins[key] ?? 0) + bytesInOutput;
    }
  return origins;
};

export const functionNames = (): string[] =>
  fs
    .readdirSync(path.join(ROOT, 'cloudfunctions'))
    .filter((n) => fs.existsSync(path.join(ROOT, 'cloudfunctions', n, 'index.ts')))
    .sort();

/**
 * Bundles each cloud function with the core it imports into one file, so a deployed function is a
 * small index.js + config.json + package.json and cold starts read one module.
 */
export const buildFunctions = async (
  outRoot = path.join(ROOT, 'dist', 'cloudfunctions'),
  /** The built admin page (dist/admin); built afresh into a temporary folder when not given. */
  opts: { adminPage?: string } = {},
): Promise<BuiltFunction[]> => {
  const sdkVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies['@cloudbase/node-sdk'];
  const built: BuiltFunction[] = [];
  for (const name of functionNames()) {
    const src = path.join(ROOT, 'cloudfunctions', name);
    const dir = path.join(outRoot, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const result = await esbuild.build({
      entryPoints: [path.join(src, 'index.ts')],
      outfile: path.join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      // Matches the functions' runtime (deploy/plan.ts FUNCTION_RUNTIME, Nodejs20.19).
      target: BUNDLE_TARGET,
      format: 'cjs',
      minify: true,
      sourcemap: false,
      external: EXTERNAL,
      // zod/mini read member by member, and the holiday table as runs of days (scripts/bundlePlugins.ts).
      plugins: [compactHolidayTable],
      metafile: true,
      legalComments: 'none',
      // Chinese strings as UTF-8 bytes (3 each) rather than \uXXXX escapes (6 each); Node reads sources as UTF-8.
      charset: 'utf8',
      logLevel: 'warning',
    });
    fs.copyFileSync(path.join(src, 'config.json'), path.join(dir, 'config.json'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      `${JSON.stringify({ name, version: '1.0.0', main: 'index.js', private: true, dependencies: { '@cloudbase/node-sdk': sdkVersion } }, null, 2)}\n`,
    );
    if (name === 'admin') await packAdminPage(path.join(dir, 'static'), opts.adminPage);
    built.push({ name, dir, bytes: fs.statSync(path.join(dir, 'index.js')).size, origins: originsOf(result.metafile) });
  }
  return built;
};

/**
 * The admin function serves the page itself (server/runtime/adminStatic.ts): index.html and the assets it
 * references go into its package under static/, with hashed names.
 */
const packAdminPage = async (staticDir: string, adminPage?: string) => {
  if (adminPage) return packAdminStatic(adminPage, staticDir);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-admin-page-'));
  try {
    await buildAdmin(tmp);
    return packAdminStatic(tmp, staticDir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
};
