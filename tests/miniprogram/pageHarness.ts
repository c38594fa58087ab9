import fs from 'node:fs';
import path from 'node:path';
import simulate from 'miniprogram-simulate';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { createGateway } from '../../server/local/gateway/gateway';
import { silentLogger } from '../../server/runtime/log';
import { harness } from '../support/localHarness';
import { standIn } from './wechatStandIn';
import { config } from '../../miniprogram/config';
import { setImmediate as nodeSetImmediate } from 'node:timers';

// jsdom has no setImmediate; the SQLite store behind the gateway schedules its group commit with it.
if (typeof globalThis.setImmediate !== 'function') (globalThis as { setImmediate: unknown }).setImmediate = nodeSetImmediate;

export const BACKEND_SECRET = 'test';
export const ROOT = path.resolve(__dirname, '../../miniprogram');

const loaded = new Map<string, string>();

/** Every page app.json registers, main package and subpackages, as paths from the mini-program root. */
export const appPages = (): string[] => {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as {
    pages: string[];
    subpackages?: { root: string; pages: string[] }[];
  };
  return [...app.pages, ...(app.subpackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
};

/** A page by its name (`complaint-form`) or its path, found in app.json: a page app.json does not list cannot load. */
export const pageRoute = (name: string): string => {
  const route = appPages().find((p) => p === name || p.endsWith(`/${name}/${name}`));
  if (!route) throw new Error(`page ${name} is not in app.json`);
  return route;
};

/**
 * Compiles a page with the official WeChat compiler (a broken WXML fails here as it would in WeChat)
 * and renders a fresh instance. Each page is compiled once per test file: its module, like WeChat's,
 * runs `Component()` once; every render after that is a new page instance.
 */
export const loadPage = (name: string) => {
  if (!loaded.has(name))
    loaded.set(name, simulate.load(path.join(ROOT, pageRoute(name)), { compiler: 'official', rootPath: ROOT } as never));
  const page = simulate.render(loaded.get(name)!);
  page.attach(document.createElement('parent-wrapper'));
  return page;
};

/** The real local gateway on a fresh SQLite file, with the mini-program's config pointed at it. */
export const startBackend = async (at = '2026-11-02T06:00:00Z') => {
  const h = harness(at);
  const server: http.Server = createGateway({ system: h.system, devSecret: BACKEND_SECRET, log: silentLogger });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  config.mode = 'local';
  config.gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.reset();
  return {
    ...h,
    stop: async () => {
      await new Promise((r) => server.close(r));
      h.close();
    },
  };
};

/** Wait until the page's async work has settled (real HTTP round trips to the gateway). */
export const until = async (check: () => boolean, ms = 4000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await simulate.sleep(10);
  }
  await simulate.sleep(10); // the view renders a tick after setData
};

/** Elements in the rendered DOM (classes carry the component's `main--` prefix there). */
export const all = (page: ReturnType<typeof simulate.render>, selector: string): Element[] =>
  Array.from(page.dom!.querySelectorAll(selector.replace(/\.([\w-]+)/g, '.main--$1')));


export const text = (page: ReturnType<typeof simulate.render>, selector: string) => (all(page, selector)[0]?.textContent ?? '').trim();

export { simulate, standIn };
