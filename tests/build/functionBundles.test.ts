import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions, functionNames } from '../../scripts/buildFunctions';

describe('cloud function bundles', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-build-'));
  let built: Awaited<ReturnType<typeof buildFunctions>>;
  beforeAll(async () => {
    built = await buildFunctions(out);
  }, 60_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('builds every function with its config and a package.json for the cloud install', () => {
    expect(built.map((b) => b.name)).toEqual(functionNames());
    for (const b of built) {
      expect(fs.existsSync(path.join(b.dir, 'config.json'))).toBe(true);
      expect(JSON.parse(fs.readFileSync(path.join(b.dir, 'package.json'), 'utf8')).dependencies).toHaveProperty('@cloudbase/node-sdk');
    }
  });

  it('bundles the core and nothing local-only: no SQLite, no gateway, no project-relative requires', () => {
    for (const b of built) {
      const code = fs.readFileSync(path.join(b.dir, 'index.js'), 'utf8');
      expect(code).not.toMatch(/better-sqlite3|devTokens|\.\.\/\.\.\/core/);
      const requires = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      expect(requires.every((r) => r === '@cloudbase/node-sdk' || /^(node:)?[a-z_]+$/.test(r))).toBe(true);
      expect(b.bytes).toBeLessThan(600 * 1024);
    }
  });
});
