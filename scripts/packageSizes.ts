/**
 * Mini-program package sizes against WeChat's limits, for `npm run bench` (section 4) or alone:
 * `npx tsx scripts/packageSizes.ts`. Measures the official compiler's output (miniprogram-ci, the engine
 * of WeChat DevTools) when it can be loaded — from the project, NODE_PATH or the cache the tools README
 * installs it into (`$TMPDIR/mpci`) — else the source bytes under each root, and says which.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * developers.weixin.qq.com/miniprogram/dev/framework/subpackages (checked 2026-11-25): each package,
 * main or sub, at most 2 MB; all together at most 30 MB, or 20 MB for a mini-program a service provider
 * develops (服务商代开发). We hold the total to the stricter 20 MB.
 */
export const WECHAT_LIMITS = { packageBytes: 2 * 1024 * 1024, totalBytes: 20 * 1024 * 1024 } as const;

export interface PackageSize {
  root: string; // 'main' or the subpackage root
  bytes: number;
  files: number;
  overLimit: boolean;
}

export interface PackageReport {
  measured: 'compiled' | 'source';
  packages: PackageSize[];
  totalBytes: number;
  totalOverLimit: boolean;
}

interface AppJson {
  subpackages?: { root: string }[];
  subPackages?: { root: string }[];
}

export const subpackageRoots = (miniprogramDir: string): string[] => {
  const app = JSON.parse(fs.readFileSync(path.join(miniprogramDir, 'app.json'), 'utf8')) as AppJson;
  return (app.subpackages ?? app.subPackages ?? []).map((s) => s.root.replace(/^\/|\/$/g, ''));
};

/** Files (path from the mini-program root → bytes) summed per package: a file under a subpackage root is that package's, any other the main package's. */
export const packageReport = (files: Record<string, number>, roots: string[], measured: PackageReport['measured']): PackageReport => {
  const sizes = new Map<string, { bytes: number; files: number }>([['main', { bytes: 0, files: 0 }], ...roots.map((r) => [r, { bytes: 0, files: 0 }] as const)]);
  for (const [file, bytes] of Object.entries(files)) {
    const entry = sizes.get(roots.find((r) => file.startsWith(`${r}/`)) ?? 'main')!;
    entry.bytes += bytes;
    entry.files += 1;
  }
  const packages = [...sizes].map(([root, s]) => ({ root, ...s, overLimit: s.bytes > WECHAT_LIMITS.packageBytes }));
  const totalBytes = packages.reduce((n, p) => n + p.bytes, 0);
  return { measured, packages, totalBytes, totalOverLimit: totalBytes > WECHAT_LIMITS.totalBytes };
};

/** The official compiler's output per file, in a child process (it logs freely and keeps handles open), or undefined when it cannot be loaded. */
const compiledFiles = (projectDir: string): Record<string, number> | undefined => {
  const script = `
    const ci = require('miniprogram-ci');
    const log = console.log; console.log = console.info = console.warn = console.error = () => {};
    (async () => {
      const project = new ci.Project({ appid: 'touristappid', type: 'miniProgram', projectPath: ${JSON.stringify(projectDir)}, privateKey: 'offline',
        attr: async () => ({ platform: true, appType: 0, isSandbox: false, released: false, setting: {}, gameApp: false }) });
      const out = await ci.getCompiledResult({ project, setting: { es6: true, minify: false } });
      const sizes = {};
      for (const [f, v] of Object.entries(out)) sizes[f] = Buffer.byteLength(typeof v === 'string' ? v : JSON.stringify(v));
      process.stdout.write('\\nSIZES ' + JSON.stringify(sizes) + '\\n');
      process.exit(0);
    })().catch((e) => { process.stdout.write('\\nFAILED ' + String(e && e.message || e).split('\\n')[0] + '\\n'); process.exit(1); });`;
  const nodePath = [process.env.NODE_PATH, path.join(projectDir, 'node_modules'), path.join(process.env.TMPDIR ?? os.tmpdir(), 'mpci', 'node_modules')]
    .filter(Boolean)
    .join(path.delimiter);
  const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, NODE_PATH: nodePath }, encoding: 'utf8', timeout: 180_000 });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('SIZES '));
  return line ? (JSON.parse(line.slice(6)) as Record<string, number>) : undefined;
};

const sourceFiles = (dir: string, base = dir): Record<string, number> =>
  Object.assign(
    {},
    ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' ? {} : sourceFiles(full, base);
      return { [path.relative(base, full).split(path.sep).join('/')]: fs.statSync(full).size };
    }),
  );

export const measurePackages = (projectDir: string): PackageReport => {
  const project = JSON.parse(fs.readFileSync(path.join(projectDir, 'project.config.json'), 'utf8')) as { miniprogramRoot?: string };
  const mpDir = path.join(projectDir, project.miniprogramRoot ?? 'miniprogram');
  const roots = subpackageRoots(mpDir);
  const compiled = compiledFiles(projectDir);
  return compiled ? packageReport(compiled, roots, 'compiled') : packageReport(sourceFiles(mpDir), roots, 'source');
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export const formatPackageReport = (r: PackageReport): string[] => [
  r.measured === 'compiled'
    ? '   measured: output of the official compiler (miniprogram-ci getCompiledResult, not minified)'
    : '   measured: source bytes per root (miniprogram-ci not found: TypeScript as written, before compiling)',
  ...r.packages.map(
    (p) => `   ${(p.root === 'main' ? 'main package' : p.root).padEnd(22)} ${kb(p.bytes).padStart(10)}  ${String(p.files).padStart(3)} files  ${p.overLimit ? 'OVER the 2 MB limit' : 'within 2 MB'}`,
  ),
  `   ${'total'.padEnd(22)} ${kb(r.totalBytes).padStart(10)}            ${r.totalOverLimit ? 'OVER the 20 MB limit' : 'within 20 MB'}`,
];

if (require.main === module) {
  const report = measurePackages(path.resolve(__dirname, '..'));
  process.stdout.write(`${['Mini-program package sizes (WeChat: each package ≤ 2 MB, total ≤ 20 MB)', ...formatPackageReport(report)].join('\n')}\n`);
  if (report.totalOverLimit || report.packages.some((p) => p.overLimit)) process.exitCode = 1;
}
