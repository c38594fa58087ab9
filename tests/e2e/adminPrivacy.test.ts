import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildAdmin } from '../../scripts/buildAdmin';
import { adminHttp } from '../../server/runtime/adminHttp';
import { createGateway } from '../../server/local/gateway/gateway';
import { silentLogger } from '../../server/runtime/log';
import { DEMO_MEMBERS, seedDemoData, seedDemoMembers } from '../../server/local/demoData';
import { DEMO_PASSWORD } from '../../server/local/demoStaff';
import { currentTotp } from '../../adapters/crypto/totp';
import { requestCorrection, requestDeletion } from '../../core/privacy/memberUseCases';
import { adminHarness } from '../support/adminHarness';

/**
 * 个人信息申请 in real headless Chromium through the real gateway: the queue with due dates, a request
 * opened (audited), a deletion carried out, a correction recorded. Screenshots at desktop (1366) and
 * phone (390) widths go to artifacts/screenshots/privacy-*.png.
 */
const SHOTS = path.resolve(__dirname, '../../artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REGISTER = fs.readFileSync(path.resolve(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('privacy requests screen in Chromium', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `privacy-${name}.png`), fullPage: true });
  const shots = async (name: string) => {
    await page.setViewportSize(DESKTOP);
    await shot(`${name}-desktop`);
    await page.setViewportSize(PHONE);
    await shot(`${name}-phone`);
    await page.setViewportSize(DESKTOP);
  };
  const auditActions = () => (h.system.db.prepare('SELECT action FROM audit_log ORDER BY rowid').all() as { action: string }[]).map((r) => r.action);

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs Debian's chromium`);
    fs.mkdirSync(SHOTS, { recursive: true });
    h = await adminHarness(new Date().toISOString(), { realClock: true });
    await seedDemoData(h.system.complaints);
    await seedDemoMembers(h.system.members, REGISTER);
    await requestDeletion(h.system.privacy, DEMO_MEMBERS[0].openid, { reason: '不再使用会员服务' });
    await requestCorrection(h.system.privacy, DEMO_MEMBERS[1].openid, { field: 'name', detail: '姓名登记为李建图，应为李建国' });
    const { outDir } = await buildAdmin(path.join(h.dataDir, 'admin'));
    server = createGateway({
      system: h.system,
      devSecret: 'e2e',
      log: silentLogger,
      extraRoutes: adminHttp({ deps: h.deps, staticDir: outDir, secureCookies: false, log: silentLogger }),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: DESKTOP, locale: 'zh-CN' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    h?.close();
  });

  const signIn = async (username: string) => {
    await page.context().clearCookies();
    await page.goto(`${base}/admin/`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('.login-submit');
    await page.waitForSelector('input[name=code]');
    await page.fill('input[name=code]', currentTotp(h.SECRET));
    await page.click('.totp-submit');
    await page.waitForSelector('.queue-row');
  };

  it('shows compliance the queue with answer-by dates, carries out a deletion and records a correction', async () => {
    await signIn('comp01');
    await page.click('text=个人信息申请');
    await page.waitForSelector('.privacy-row >> text=删除申请');
    expect(await page.textContent('.privacy-queue')).toContain('剩余');
    await shots('queue');

    await page.click('.privacy-row >> text=删除申请');
    await page.waitForSelector('.privacy-plan');
    expect(await page.textContent('.privacy-plan')).toContain('《保险法》第八十七条');
    await shots('deletion-detail');
    await page.click('.privacy-complete');
    await page.waitForSelector('.privacy-done');
    expect(await page.textContent('.privacy-detail')).toContain('已办结');
    await shots('deletion-done');

    await page.click('.privacy-row >> text=更正申请');
    await page.waitForSelector('.privacy-note');
    await page.fill('.privacy-note textarea', '已在核心系统中更正被保险人姓名');
    await page.click('.privacy-record-correction');
    await page.waitForSelector('.privacy-done');
    // Every opened request and every decision is in the audit chain. 张晓敏 consented before she bound (the
    // demo seed), so completing her deletion ends that consent; 李建国 never consented: no withdrawal for him.
    expect(auditActions().filter((a) => a.startsWith('privacy.') && !a.startsWith('privacy.request'))).toEqual([
      'privacy.consent.general.given',
      'privacy.view',
      'privacy.consent.withdrawnAll',
      'privacy.complete',
      'privacy.view',
      'privacy.recordCorrection',
    ]);
  }, 60_000);

  it('keeps the screen from agents', async () => {
    await signIn('agent01');
    expect(await page.locator('text=个人信息申请').count()).toBe(0);
  }, 30_000);
});
