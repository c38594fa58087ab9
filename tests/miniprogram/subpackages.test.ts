import fs from 'node:fs';
import path from 'node:path';
import { complaintNotifications } from '../../core/complaints/notifications';
import { ROUTES, currentRoute } from '../../miniprogram/utils/routes';
import { ROOT, appPages, loadPage } from './pageHarness';

/**
 * WeChat's subpackage rules (developers.weixin.qq.com …/framework/subpackages/basic): the main package
 * may not require a subpackage's code, a subpackage may require only its own and the main package's,
 * so code two subpackages share lives in the main package. miniprogram-ci's compile checks app.json
 * (nested roots, preloadRule names) but not these requires: this test does.
 */
const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as {
  pages: string[];
  subpackages: { root: string; name?: string; pages: string[] }[];
  preloadRule?: Record<string, { packages: string[] }>;
};
const roots = app.subpackages.map((s) => s.root);
const packageOf = (file: string) => {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  return roots.find((r) => rel.startsWith(`${r}/`)) ?? 'main';
};
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'miniprogram_npm' || e.name === 'node_modules' ? [] : sources(full);
    return /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
/** Relative imports that survive compilation (`import type` is erased). */
const runtimeImports = (file: string): string[] =>
  [...fs.readFileSync(file, 'utf8').matchAll(/^\s*(?:import(?!\s+type\b)[^'"]*from\s*|import\s*|.*require\()['"](\.[^'"]+)['"]/gm)].map((m) =>
    path.resolve(path.dirname(file), m[1]),
  );

describe('subpackages', () => {
  it('keeps home and messages in the main package and one subpackage per area', () => {
    expect(app.pages).toEqual(['pages/home/home', 'pages/messages/messages']);
    expect(roots).toEqual(expect.arrayContaining(['packages/complaints', 'packages/members']));
    expect(new Set(appPages()).size).toBe(appPages().length);
  });

  it('has the four files of every page app.json lists', () => {
    for (const page of appPages())
      for (const ext of ['ts', 'wxml', 'wxss', 'json']) expect([page, fs.existsSync(path.join(ROOT, `${page}.${ext}`))]).toEqual([page, true]);
  });

  it('never requires a subpackage from the main package, nor one subpackage from another', () => {
    const crossings = sources(ROOT).flatMap((file) =>
      runtimeImports(file)
        .filter((target) => packageOf(target) !== 'main' && packageOf(target) !== packageOf(file))
        .map((target) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`),
    );
    expect(crossings).toEqual([]);
  });

  it('preloads the complaints package from the home page', () => {
    expect(app.preloadRule?.['pages/home/home']?.packages).toContain('complaints');
  });

  it('navigates only to pages app.json lists, the home’s service entries included', () => {
    for (const url of Object.values(ROUTES)) expect(appPages()).toContain(url.slice(1));
    const services = loadPage('home').data.services as { url: string }[];
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) expect(appPages()).toContain(s.url.slice(1));
  });

  it('opens the complaint a push names, and still opens it from a push sent before the move', () => {
    const page = complaintNotifications.page({ subject: { id: 'c1', number: 'TS20261102-0001' } } as never);
    expect(appPages()).toContain(page.split('?')[0]);
    expect(currentRoute('pages/complaint-detail/complaint-detail?id=c1')).toBe(`/${page}`);
    expect(currentRoute('pages/messages/messages')).toBe('/pages/messages/messages');
  });
});
