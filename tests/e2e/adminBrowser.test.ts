import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { dispatchOutbox } from '../../core/notifications/dispatcher';
import { getMyComplaint, submitComplaint } from '../../core/complaints/memberUseCases';
import { listMyMessages } from '../../core/notifications/memberMessages';
import { openAdminInChromium, PHONE, type AdminHarness, type AdminInChromium } from './browserHarness';

/**
 * The admin page in real headless Chromium (Debian's), through the real gateway, on a SQLite file.
 * Screenshots go to artifacts/screenshots (CI keeps that folder).
 */
const DESKTOP = { width: 1440, height: 900 };

describe('admin page in Chromium', () => {
  let ui: AdminInChromium;
  let h: AdminHarness;
  let page: Page;
  let base: string;
  const shot = (name: string) => ui.shot(name);
  const signIn = (username: string) => ui.signIn(username, { shotAtCode: '02-totp' });

  beforeAll(async () => {
    ui = await openAdminInChromium({ viewport: DESKTOP });
    ({ h, page, base } = ui);
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('refuses a wrong password with a clear message', async () => {
    await page.goto(`${base}/admin/`);
    await page.waitForSelector('.login-card');
    await shot('01-login');
    await page.fill('input[name=username]', 'agent01');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('.login-submit');
    await page.waitForSelector('.login-error');
    expect(await page.textContent('.login-error')).toBe('用户名或密码错误');
  }, 30_000);

  it('signs in with TOTP, answers a complaint, and the member sees the reply and a message', async () => {
    const { complaint } = await submitComplaint(h.system.complaints, 'openid-alice', {
      idempotencyKey: 'e2e-key-000000000001',
      category: 'claims',
      description: '住院理赔提交材料已经二十天，没有任何进展，电话也无人接听。',
      policyNo: 'P2026000123',
    });
    await submitComplaint(h.system.complaints, 'openid-bob', {
      idempotencyKey: 'e2e-key-000000000002',
      category: 'sales',
      description: '销售人员承诺的收益与合同不符，涉及金额较大，请尽快处理。',
      amountAtStake: 600000,
      urgent: true,
    });
    await signIn('agent01');
    await page.waitForSelector('.badge-green');
    await shot('03-queue');
    const numbers = await page.$$eval('.queue-number', (els) => els.map((e) => e.textContent));
    expect(numbers).toHaveLength(2);

    await page.click(`text=${complaint.number}`);
    await page.waitForSelector('.detail-number');
    await page.click('.act-acknowledge');
    await page.waitForFunction(() => document.querySelector('.detail-status')?.textContent === '已受理');
    await page.fill('.reply-text textarea', '您好，您的理赔材料已转交理赔部加急审核，预计3个工作日内给您答复。');
    await page.click('.act-reply');
    await page.waitForFunction(() => document.querySelector('.detail-status')?.textContent === '处理中');
    expect(await page.$('.detail-error')).toBeNull();
    await shot('04-detail-after-reply');

    const memberView = await getMyComplaint(h.system.complaints, 'openid-alice', { id: complaint.id });
    expect(memberView.timeline.map((t) => t.label)).toEqual(['提交投诉', '已受理', '客服回复']);
    expect(memberView.timeline[2].text).toContain('加急审核');
    await dispatchOutbox(h.system.notify);
    const inbox = await listMyMessages(h.system.subscriptions, 'openid-alice', {});
    // The event is the title; a body that would only repeat it is left out (core/notifications/memberMessages.ts).
    expect(inbox.items.map((m) => m.title.split(' · ')[0]).sort()).toEqual(['客服回复了您的投诉', '投诉已受理', '投诉已提交'].sort());
    expect(inbox.items.filter((m) => m.body !== '').map((m) => m.body)).toEqual(['我们已收到您的投诉']);
    expect(inbox.unread).toBe(3);
  }, 60_000);

  it('shows the other staff member a conflict instead of overwriting', async () => {
    const { complaint } = await submitComplaint(h.system.complaints, 'openid-carol', {
      idempotencyKey: 'e2e-key-000000000003',
      category: 'service',
      description: '客服在电话中态度恶劣，多次打断我的陈述。',
    });
    await page.goto(`${base}/admin/`);
    await page.waitForSelector('.queue-row');
    await page.click(`text=${complaint.number}`);
    await page.waitForSelector('.act-reply');
    // Meanwhile a colleague saves first.
    const other = await h.as('agent02');
    await other('complaints/reply', { id: complaint.id, version: 1, text: '同事先回复了' });
    await page.fill('.reply-text textarea', '这是一条迟到的回复');
    await page.click('.act-reply');
    await page.waitForSelector('.detail-error');
    expect(await page.textContent('.detail-error')).toBe('内容已被他人更新，请刷新后重试');
    await shot('05-conflict');
  }, 60_000);

  it('shows staff a content-safety note on a flagged complaint, which is accepted as usual', async () => {
    const { complaint } = await submitComplaint(h.system.complaints, 'openid-dave', {
      idempotencyKey: 'e2e-key-000000000004',
      category: 'service',
      description: '你们的业务员说话极其难听【测试复核】，我要求道歉并给出处理结果。',
    });
    await page.goto(`${base}/admin/`);
    await page.waitForSelector('.queue-row');
    await page.click(`text=${complaint.number}`);
    await page.waitForSelector('.content-flag');
    expect(await page.textContent('.content-flag')).toMatch(/^内容安全提示 · 投诉内容：疑似敏感，建议人工复核（.+）。原文照常受理，请按内容审慎回复。$/);
    expect(await page.textContent('.detail-description')).toContain('我要求道歉');
    await shot('10-content-flag');
  }, 60_000);

  it('lets compliance verify the audit chain', async () => {
    await signIn('comp01');
    await page.click('text=审计日志');
    await page.click('.audit-verify');
    await page.waitForSelector('.audit-verdict');
    expect(await page.textContent('.audit-verdict')).toMatch(/^校验通过：共 \d+ 条记录、\d+ 条对象链、\d+ 个检查点，哈希链完整/);
    await shot('06-audit');
  }, 60_000);

  it('lets compliance check and import a year\'s holiday notice, then shows it in force', async () => {
    const example = fs.readFileSync(path.resolve(__dirname, '../../scripts/samples/holiday-notice-example.csv'), 'utf8');
    await page.click('text=节假日日历');
    await page.waitForSelector('.calendar-import');
    await page.fill('.calendar-import .t-input-number input', '2027');
    await page.fill('.calendar-import input[placeholder^="通知文号"]', '国办发明电〔2026〕示例号');
    // A make-up day on a weekday is refused with the line that is wrong, and nothing is imported.
    await page.fill('.calendar-csv textarea', example.replace('2027-02-20', '2027-02-22'));
    await page.click('.calendar-check');
    await page.waitForSelector('.calendar-error');
    expect(await page.textContent('.calendar-error')).toContain('调休上班日 2027-02-22：调休上班日应为周六或周日');
    await page.fill('.calendar-csv textarea', example);
    await page.click('.calendar-check');
    await page.waitForSelector('text=校验通过');
    await shot('07-calendar-preview');
    await page.click('.calendar-import-confirm');
    await page.waitForSelector('.calendar-done');
    expect(await page.textContent('.calendar-done')).toMatch(/^已导入2027年第1版：重算 \d+ 件投诉的时限/);
    await page.waitForSelector('text=生效中');
    await shot('08-calendar-imported');
    await page.setViewportSize(PHONE);
    await shot('09-calendar-phone');
    await page.setViewportSize(DESKTOP);
  }, 60_000);
});
