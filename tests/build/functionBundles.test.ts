import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleBudgetKb, buildFunctions, functionNames, OWN_BUNDLE_BUDGET_KB } from '../../scripts/buildFunctions';
import { installFakeSdk, standInFunctionEnv } from '../../scripts/functionStandIns';

type Reply = { ok: boolean; error?: { code: string; message: string; issues?: { path: string; reason: string }[] } };
type FunctionModule = { main: (event: unknown, context: unknown) => Promise<Reply> };

describe('cloud function bundles', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-build-'));
  let built: Awaited<ReturnType<typeof buildFunctions>>;
  beforeAll(async () => {
    // A one-line admin page: the real one takes seconds to build and tests/build/adminFunction.test.ts packs it.
    const page = path.join(out, 'admin-page');
    fs.mkdirSync(page, { recursive: true });
    fs.writeFileSync(path.join(page, 'index.html'), '<!doctype html><title>stand-in</title>');
    built = await buildFunctions(path.join(out, 'functions'), { adminPage: page });
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
    }
  });

  it('holds every member-facing and timer function to 150 KB (the admin function to its own budget), naming what is heavy', () => {
    // A new function (benefits, consultations …) gets the 150 KB budget unless it states its own.
    const over = built
      .filter((b) => b.bytes > bundleBudgetKb(b.name) * 1024)
      .map((b) => ({ name: b.name, kb: Math.round(b.bytes / 1024), budgetKb: bundleBudgetKb(b.name), heaviest: Object.entries(b.origins).sort((x, y) => y[1] - x[1]).slice(0, 4) }));
    expect(over).toEqual([]);
    expect(bundleBudgetKb('complaints')).toBe(150);
    expect(Object.keys(OWN_BUNDLE_BUDGET_KB)).toEqual(['admin', 'jobs']);
    // exceljs (about 1 MB with its zip libraries) is loaded by the jobs function only.
    for (const b of built) expect({ name: b.name, exceljs: (b.origins.exceljs ?? 0) > 0 }).toEqual({ name: b.name, exceljs: b.name === 'jobs' });
  });

  it('keeps of zod only the schemas the code uses (zod/mini read member by member) and the holiday table compact', () => {
    for (const b of built) {
      // The whole zod namespace (classic API, JSON Schema, 40 locales) is about 350 KB; what a function uses is under 40.
      expect({ name: b.name, zod: (b.origins.zod ?? 0) < 40 * 1024 }).toEqual({ name: b.name, zod: true });
      // chinese-days' 37 KB JSON arrives as runs of days (scripts/bundlePlugins.ts).
      expect({ name: b.name, holidays: (b.origins['chinese-days'] ?? 0) < 8 * 1024 }).toEqual({ name: b.name, holidays: true });
      // The register's CSV is read by core/shared/csv.ts (2 KB), not csv-parse (27 KB).
      expect({ name: b.name, csvParse: b.origins['csv-parse'] ?? 0 }).toEqual({ name: b.name, csvParse: 0 });
    }
    // The timer shows no redemption codes: no QR encoder (22 KB) in it (adapters/qr/refusingQr.ts).
    expect(built.find((b) => b.name === 'slaMonitor')!.origins.qrcode ?? 0).toBe(0);
  });

  describe('loaded as the platform loads them (a stand-in SDK, a stand-in environment)', () => {
    const saved = { ...process.env };
    const load = (name: string) => {
      const dir = built.find((b) => b.name === name)!.dir;
      installFakeSdk(dir);
      return require(path.join(dir, 'index.js')) as FunctionModule;
    };
    beforeAll(() => Object.assign(process.env, standInFunctionEnv()));
    afterAll(() => {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    });

    it('loads every function and exposes main', () => {
      for (const name of functionNames()) expect({ name, main: typeof load(name).main }).toEqual({ name, main: 'function' });
    });

    it('complaints: bad input is refused with the coded Chinese issues zod/mini produced', async () => {
      const reply = await load('complaints').main({ action: 'submit', data: { category: 'nonsense', description: '短', attachments: 'x' } }, {});
      expect(reply.ok).toBe(false);
      expect(reply.error?.code).toBe('REQUEST.INVALID');
      expect(reply.error?.message).toMatch(/[\u4e00-\u9fa5]/);
      const reasons = Object.fromEntries((reply.error?.issues ?? []).map((i) => [i.path, i.reason]));
      expect(reasons).toMatchObject({ idempotencyKey: 'required', category: 'not_allowed', description: 'too_short', attachments: 'wrong_type' });
    });

    it('members: a trimmed pattern and a strict object work at run time', async () => {
      const reply = await load('members').main({ action: 'startBinding', data: { policyNo: 'P1 ', phone: '123', extra: 1 } }, {});
      expect(reply.error?.code).toBe('REQUEST.INVALID');
      const reasons = Object.fromEntries((reply.error?.issues ?? []).map((i) => [i.path, i.reason]));
      expect(reasons).toMatchObject({ phone: 'bad_format', '': 'unknown_field' });
      expect(reasons).not.toHaveProperty('policyNo');
    });
  });
});
