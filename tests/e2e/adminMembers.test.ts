import type { Page } from 'playwright-core';
import { runImportJobs } from '../../core/members/importJobs';
import { jobDeps } from '../../core/members/staffMembers';
import { DEMO_MEMBERS } from '../../server/local/demoData';
import { DEMO_REGISTER as REGISTER, openAdminInChromium, seedDemo, type AdminHarness, type AdminInChromium } from './browserHarness';

/**
 * The member screens in real headless Chromium through the real gateway, on the demo data: lookup,
 * the member page, audited unmasking, assisted unbinding, the register import and the SMS sandbox.
 * Screenshots at desktop (1366) and phone (390) widths go to artifacts/screenshots/members-*.png.
 */
describe('member screens in Chromium', () => {
  let ui: AdminInChromium;
  let h: AdminHarness;
  let page: Page;
  const shot = (name: string) => ui.shot(name);
  const shots = (name: string) => ui.shots(name);
  const signIn = (username: string) => ui.signIn(username);
  const auditActions = () => ui.auditActions();

  beforeAll(async () => {
    ui = await openAdminInChromium({ shotPrefix: 'members-', seed: seedDemo });
    ({ h, page } = ui);
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
  });

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
    await page.waitForFunction(() => document.querySelector('.member-phone')?.textContent?.includes('13800138000'));
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
    await page.waitForFunction(() => document.querySelector('.member-title')?.textContent === '访客');
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

  it('lets compliance upload a register file with a bad row, see it by line and field, import only the valid rows, and watch the job', async () => {
    await signIn('comp01');
    await page.click('.side >> text=保单导入');
    await page.waitForSelector('.register-import');
    const [header, ...rows] = REGISTER.trim().split('\n');
    const csv = [header, rows[2].replace('P2026000456', 'P2026000999'), rows[3].replace('2024-09-01', '2024-02-30'), ''].join('\n');
    await page.setInputFiles('.import-file input', { name: 'register-2026-11.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('.import-issues');
    expect(await page.textContent('.import-issues')).toContain('第 3 行 · P2024001789 · 生效日期');
    expect(await page.textContent('.import-summary')).toContain('共 2 行：正确 1 行，有错误 1 行');
    // TDesign marks a disabled button with a class (it renders a div while disabled).
    expect(await page.$('.import-confirm.t-is-disabled')).not.toBeNull();
    await shots('10-import-report');
    await page.click('.import-valid-only');
    await page.waitForSelector('.import-progress');
    expect(await h.system.members.policies.get('P2026000999')).toBeNull();
    await shots('11-import-applying');
    // The deadline timer's run (npm start runs it every minute; slaMonitor in the cloud).
    await runImportJobs(jobDeps(h.system.admin));
    await page.waitForSelector('.import-done', { timeout: 10_000 });
    expect(await page.textContent('.import-done')).toMatch(/^已导入批次 PB\d{8}-\w+：新增 1 张，更新 0 张，标记失效 0 张，跳过错误行 1 行。$/);
    expect(await h.system.members.policies.get('P2026000999')).toBeTruthy();
    await shots('12-import-done');

    await page.reload();
    await page.click('.side >> text=保单导入');
    await page.waitForSelector('.import-job-row');
    expect(await page.textContent('.import-jobs')).toContain('已完成');
    await page.click('.import-job-open');
    await page.waitForSelector('.import-done');
    await page.mouse.move(0, 0);
    await shots('13-import-jobs');

    await page.setInputFiles('.import-file input', { name: 'too-big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(20 * 1024 * 1024 + 1, 'a') });
    await page.waitForSelector('.import-error');
    expect(await page.textContent('.import-error')).toContain('文件超过 20MB');
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
