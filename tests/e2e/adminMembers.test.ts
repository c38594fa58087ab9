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
import { adminHarness } from '../support/adminHarness';

/**
 * The member screens in real headless Chromium through the real gateway, on the demo data: lookup,
 * the member page, audited unmasking, assisted unbinding, the register import and the SMS sandbox.
 * Screenshots at desktop (1366) and phone (390) widths go to artifacts/screenshots/members-*.png.
 */
const SHOTS = path.resolve(__dirname, '../../artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REGISTER = fs.readFileSync(path.resolve(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('member screens in Chromium', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `members-${name}.png`), fullPage: true });
  /** The same screen at both widths. */
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
  const confirmDialog = () => page.locator('.t-dialog__confirm:visible').click();

  it('shows who each case is from, masked, in the queue', async () => {
    await signIn('super01');
    await page.waitForSelector('text=张*敏');
    const members = await page.$$eval('.queue-member', (els) => els.map((e) => e.textContent));
    expect(members).toContain('张*敏138****8000');
    expect(members).toContain('访客');
    expect(await page.textContent('body')).not.toContain('张晓敏');
    await shots('01-queue');
  }, 60_000);

  it('finds a member by name, masked, and opens her page with policies and records', async () => {
    await page.click('.side >> text=会员查询');
    await page.click('.members-by');
    await page.click('.t-select-option >> text=姓名');
    await page.fill('.members-q input', '张晓敏');
    await page.click('.members-go');
    await page.waitForSelector('.member-row');
    expect(await page.textContent('.member-row')).toContain('张*敏');
    expect(await page.textContent('.members-search')).not.toContain('张晓敏');
    await shots('02-search');

    await page.click('.member-row');
    await page.waitForSelector('.member-card');
    expect(await page.textContent('.member-phone')).toContain('138****8000');
    expect(await page.$$eval('.policy-card', (cards) => cards.length)).toBe(2);
    expect(await page.$$eval('.record-row', (rows) => rows.length)).toBe(2);
    await shots('03-member-page');
  }, 60_000);

  it('unmasks the phone for this view only after a reason, and audits it', async () => {
    await page.click('.unmask-phone');
    await page.waitForSelector('.reason-text textarea');
    await shot('04-unmask-dialog-desktop');
    await confirmDialog();
    await page.waitForSelector('.reason-error');
    expect(await page.textContent('.reason-error')).toBe('请填写原因（至少4个字），将记入审计日志');
    await page.fill('.reason-text textarea', '会员来电要求回拨核实理赔进度');
    await confirmDialog();
    await page.waitForFunction(`document.querySelector('.member-phone')?.textContent.includes('13800138000')`);
    expect(auditActions()).toContain('member.unmask');
    await page.waitForTimeout(400); // the dialog's closing animation
    await shot('05-unmasked-desktop');
  }, 60_000);

  it('opens a record as the complaint, naming the member masked, and comes back', async () => {
    await page.click('.record-row');
    await page.waitForSelector('.detail-number');
    expect(await page.textContent('.detail-member')).toBe('张*敏');
    expect(await page.textContent('.detail-phone')).toBe('138****8000');
    await shots('06-complaint-detail');
    await page.click('text=← 返回');
    await page.waitForSelector('.member-card');
    // The full phone was for that view only.
    expect(await page.textContent('.member-phone')).not.toContain('13800138000');
  }, 60_000);

  it('releases a policy for rebinding with a cause and reason, audited', async () => {
    await page.click('.act-unbind');
    await page.waitForSelector('.unbind-cause');
    await page.click('.unbind-cause');
    await page.click('.t-select-option >> text=微信账号丢失或更换');
    await page.fill('.reason-dialog:visible .reason-text textarea', '会员原微信账号被盗，本人持身份证到柜面申请');
    await shot('07-unbind-dialog-desktop');
    await confirmDialog();
    await page.waitForSelector('text=已解绑，投保人可重新绑定');
    await page.waitForFunction(`document.querySelector('.member-title')?.textContent === '访客'`);
    expect(auditActions().at(-1)).toBe('member.unbind.assisted');
    expect((await h.system.members.policies.get('P2026000123'))!.boundTo).toBeUndefined();
    await page.waitForTimeout(400);
    await shots('08-after-unbind');
  }, 60_000);

  it('shows the SMS sandbox with the binding code, saying it is a sandbox', async () => {
    await page.click('.side >> text=短信沙箱');
    await page.waitForSelector('.sms-text');
    expect(await page.textContent('.sms-sandbox')).toContain('本地沙箱');
    expect(await page.textContent('.sms-text')).toContain('246810');
    await shots('09-sms-sandbox');
  }, 60_000);

  it('lets compliance preview a register file with a bad row, choose the valid rows, and import them', async () => {
    await signIn('comp01');
    await page.click('.side >> text=保单导入');
    await page.waitForSelector('.register-import');
    const [header, ...rows] = REGISTER.trim().split('\n');
    const csv = [header, rows[2].replace('P2026000456', 'P2026000999'), rows[3].replace('2024-09-01', '2024-02-30'), ''].join('\n');
    await page.setInputFiles('.import-file input', { name: 'register-2026-11.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('.import-check');
    await page.waitForSelector('.import-issues');
    expect(await page.textContent('.import-issues')).toContain('生效日期须为有效日期 YYYY-MM-DD');
    // TDesign marks a disabled button with a class (it renders a div while disabled).
    expect(await page.$('.import-confirm.t-is-disabled')).not.toBeNull();
    await page.click('.import-choice >> text=只导入正确的 1 行');
    await shots('10-import-preview');
    await page.click('.import-confirm');
    await page.waitForSelector('.import-done');
    expect(await page.textContent('.import-done')).toMatch(/^已导入批次 PB\d{8}-\w+：新增 1 张，更新 0 张，标记失效 0 张，跳过错误行 1 行。$/);
    expect(await h.system.members.policies.get('P2026000999')).toBeTruthy();
    await shots('11-import-done');

    await page.setInputFiles('.import-file input', { name: 'too-big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(1024 * 1024 + 1, 'a') });
    await page.click('.import-check');
    await page.waitForSelector('.import-error');
    expect(await page.textContent('.import-error')).toContain('文件超过 1MB');
  }, 60_000);

  it('keeps compliance from unmasking: no button on the member page', async () => {
    await page.click('.side >> text=会员查询');
    await page.fill('.members-q input', 'P2024');
    await page.click('.members-go');
    await page.waitForSelector('.member-row');
    await page.click('.member-row');
    await page.waitForSelector('.member-card');
    expect(await page.$('.unmask-phone')).toBeNull();
    expect(await page.textContent('.member-card')).toContain('尚未在小程序绑定');
    expect(DEMO_MEMBERS).toHaveLength(2);
  }, 60_000);
});
