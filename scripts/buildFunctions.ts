import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
/** Left to CloudBase's dependency install ("云端安装依赖"): the SDK loads parts of itself dynamically. */
const EXTERNAL = ['@cloudbase/node-sdk'];

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
export const buildFunctions = async (outRoot = path.join(ROOT, 'dist', 'cloudfunctions')): Promise<BuiltFunction[]> => {
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
      target: 'node16',
      format: 'cjs',
      minify: true,
      sourcemap: false,
      external: EXTERNAL,
      legalComments: 'none',
      logLevel: 'warning',
    });
    fs.copyFileSync(path.join(src, 'config.json'), path.join(dir, 'config.json'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      `${JSON.stringify({ name, version: '1.0.0', main: 'index.js', private: true, dependencies: { '@cloudbase/node-sdk': sdkVersion } }, null, 2)}\n`,
    );
    built.push({ name, dir, bytes: fs.statSync(path.join(dir, 'index.js')).size });
  }
  return built;
};
