import type { Page } from 'playwright-core';
import { DEMO_MEMBERS } from '../../server/local/demoData';
import { requestCorrection, requestDeletion } from '../../core/privacy/memberUseCases';
import { openAdminInChromium, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * 个人信息申请 in real headless Chromium through the real gateway: the queue with due dates, a request
 * opened (audited), a deletion carried out, a correction recorded. Screenshots at desktop (1366) and
 * phone (390) widths go to artifacts/screenshots/privacy-*.png.
 */
describe('privacy requests screen in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  const shots = (name: string) => ui.shots(name);
  const signIn = (username: string) => ui.signIn(username);
  const auditActions = () => ui.auditActions();

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'privacy-',
      seed: async (h) => {
        await seedDemo(h);
        await requestDeletion(h.system.privacy, DEMO_MEMBERS[0].openid, { reason: '不再使用会员服务' });
        await requestCorrection(h.system.privacy, DEMO_MEMBERS[1].openid, { field: 'name', detail: '姓名登记为李建图，应为李建国' });
      },
    });
    ({ page } = ui);
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
  });

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
