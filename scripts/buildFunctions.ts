import esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLE_TARGET } from '../deploy/plan';
import { packAdminStatic } from '../server/runtime/adminStatic';
import { buildAdmin } from './buildAdmin';

const ROOT = path.resolve(__dirname, '..');
/** Left to CloudBase's dependency install ("云端安装依赖"): the SDK loads parts of itself dynamically. */
const EXTERNAL = ['@cloudbase/node-sdk'];

/**
 * zod's namespace object re-exports every message locale (about 40 languages, a third of a bundle)
 * and so defeats tree-shaking. Our messages are our own Chinese ones and zod's default is English,
 * so the bundles get the English locale only. z.locales.<other>() would be undefined in a function;
 * nothing calls it (tests/build/functionBundles.test.ts runs a bundle).
 */
const zodEnglishOnly: esbuild.Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

export interface BuiltFunction {
  name: string;
  bytes: number;
  dir: string;
}

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
    await esbuild.build({
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
      plugins: [zodEnglishOnly],
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
    built.push({ name, dir, bytes: fs.statSync(path.join(dir, 'index.js')).size });
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
