import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildAdmin } from '../../scripts/buildAdmin';
import { adminHttp } from '../../server/runtime/adminHttp';
import { createGateway } from '../../server/local/gateway/gateway';
import { silentLogger } from '../../server/runtime/log';
import { seedDemoData, seedDemoMembers } from '../../server/local/demoData';
import { DEMO_PASSWORD } from '../../server/local/demoStaff';
import { currentTotp } from '../../adapters/crypto/totp';
import { adminHarness } from '../support/adminHarness';

/**
 * The admin page in real headless Chromium (Debian's), through the real gateway, on a SQLite file,
 * for the e2e tests. Screenshots go to artifacts/screenshots (CI keeps that folder).
 */
const SHOTS = path.resolve(__dirname, '../../artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };
/** The demo policy register `npm start` imports. */
export const DEMO_REGISTER = fs.readFileSync(path.resolve(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');

export type AdminHarness = Awaited<ReturnType<typeof adminHarness>>;

/** The demo complaints and the demo register, as `npm start` seeds them. */
export const seedDemo = async (h: AdminHarness) => {
  await seedDemoData(h.system.complaints);
  await seedDemoMembers(h.system.members, DEMO_REGISTER);
};

export interface AdminInChromium {
  h: AdminHarness;
  page: Page;
  /** http://127.0.0.1:<port> of the gateway. */
  base: string;
  /** A full-page screenshot, artifacts/screenshots/<shotPrefix><name>.png. */
  shot(name: string): Promise<Buffer>;
  /** The same screen at both widths: <name>-desktop and <name>-phone; ends at the desktop width. */
  shots(name: string): Promise<void>;
  /**
   * Fresh cookies, password, then the TOTP code; waits for the first screen (`landing`, the queue unless
   * told). `shotAtCode` names a screenshot of the code step.
   */
  signIn(username: string, opts?: { shotAtCode?: string; landing?: string }): Promise<void>;
  /** Every audit action so far, oldest first. */
  auditActions(): string[];
  close(): Promise<void>;
}

/**
 * Starts the whole thing on the wall clock (the browser, its countdowns and the TOTP codes all live
 * in real time): staff seeded, then `seed`, then the admin page built, served and opened in Chromium.
 */
export const openAdminInChromium = async (opts: {
  shotPrefix?: string;
  viewport?: { width: number; height: number };
  seed?: (h: AdminHarness) => Promise<void>;
} = {}): Promise<AdminInChromium> => {
  const { shotPrefix = '', viewport = DESKTOP } = opts;
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs Debian's chromium`);
  fs.mkdirSync(SHOTS, { recursive: true });
  const h = await adminHarness(new Date().toISOString(), { realClock: true });
  let server: http.Server | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    h.close();
  };
  try {
    await opts.seed?.(h);
    const { outDir } = await buildAdmin(path.join(h.dataDir, 'admin'));
    const gateway = createGateway({
      system: h.system,
      devSecret: 'e2e',
      log: silentLogger,
      extraRoutes: adminHttp({ deps: h.deps, staticDir: outDir, secureCookies: false, log: silentLogger }),
    });
    server = gateway;
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport, locale: 'zh-CN' });

    const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${shotPrefix}${name}.png`), fullPage: true });
    const shots = async (name: string) => {
      await page.setViewportSize(viewport);
      await shot(`${name}-desktop`);
      await page.setViewportSize(PHONE);
      await shot(`${name}-phone`);
      await page.setViewportSize(viewport);
    };
    /** Signs in and waits for the first screen: the queue, or `landing` for a role without one. */
    const signIn = async (username: string, { shotAtCode, landing = '.queue-row' }: { shotAtCode?: string; landing?: string } = {}) => {
      await page.context().clearCookies();
      await page.goto(`${base}/admin/`);
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await page.click('.login-submit');
      await page.waitForSelector('input[name=code]');
      if (shotAtCode) await shot(shotAtCode);
      h.forgetTotpSteps(); // several sign-ins of one account within 30 s; replay itself: tests/functions/signInHardening.test.ts
      await page.fill('input[name=code]', currentTotp(h.SECRET));
      await page.click('.totp-submit');
      // Failed attempts on the account since its last sign-in are shown once (core/staff/auth.ts), then the queue.
      await page.waitForSelector(`${landing}, .signin-notice`);
      if (await page.$('.signin-notice')) await page.click('.signin-notice button');
      await page.waitForSelector(landing);
    };
    const auditActions = () => (h.system.db.prepare('SELECT action FROM audit_log ORDER BY rowid').all() as { action: string }[]).map((r) => r.action);
    return { h, page, base, shot, shots, signIn, auditActions, close };
  } catch (e) {
    await close();
    throw e;
  }
};
