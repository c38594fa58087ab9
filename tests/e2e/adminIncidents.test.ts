import type { Page } from 'playwright-core';
import { seedDemoIncidents } from '../../server/local/demoData';
import { openAdminInChromium, PHONE, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * 安全事件 in real headless Chromium through the real gateway: the list with the quarter line, a derived
 * incident with its masked audit evidence, a handling note and the closure, and recording one by hand.
 * Screenshots at 1366 and 390 px go to artifacts/screenshots/incidents-*.png.
 */
describe('incident screens in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  const DESK = { width: 1366, height: 900 };
  const shots = async (name: string) => {
    await page.setViewportSize(DESK);
    await ui.shot(`${name}-1366`);
    await page.setViewportSize(PHONE);
    await ui.shot(`${name}-390`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESK);
  };

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'incidents-',
      seed: async (h) => {
        await seedDemo(h);
        await seedDemoIncidents(h.system.admin.incidents!, h.system.admin.audit as never);
        // The slaMonitor's incident watch finds the demo burst of failed sign-ins.
        await h.system.deadlineWatches.find((w) => w.area === 'incidents')!.scan(new Date(), 400);
      },
    });
    ({ page } = ui);
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('lists incidents and opens a derived one with its masked evidence', async () => {
    await ui.signIn('comp01', { landing: '.side' });
    await page.click('.side >> text=安全事件');
    await page.waitForSelector('.incidents-list tr:has-text("登录失败激增")');
    const list = await page.textContent('.incidents-list');
    expect(list).toContain('信息误发');
    expect(list).toContain('设备或介质丢失');
    expect(await page.textContent('.incidents-quarter')).toContain('去年同期');
    await shots('list');
    await page.click('.incidents-list tr:has-text("登录失败激增")');
    await page.waitForSelector('.incidents-detail >> text=审计证据');
    const detail = await page.textContent('.incidents-detail');
    expect(detail).toContain('198.51.*.*');
    expect(detail).not.toContain('198.51.100.23');
    await shots('detail');
  }, 90_000);

  it('adds a handling note, closes with a conclusion, and records one by hand', async () => {
    await page.fill('.incidents-actions textarea >> nth=0', '确认为外部撞库尝试，已封禁来源地址段。');
    await page.click('.incidents-actions button:has-text("添加处理记录")');
    await page.waitForSelector('.incidents-detail >> text=处理中');
    await page.fill('.incidents-actions textarea >> nth=1', '来源地址已加入黑名单，未发现成功登录，事件关闭。');
    await page.click('.incidents-actions button:has-text("关闭事件")');
    await page.waitForSelector('.incidents-detail >> text=已关闭');
    expect(ui.auditActions().filter((a) => a.startsWith('incident.'))).toEqual(expect.arrayContaining(['incident.note', 'incident.close']));
    await shots('closed');

    await page.click('.incidents-filters button:has-text("登记事件")');
    await page.waitForSelector('.incidents-form');
    const when = new Date(Date.now() + 8 * 3600_000 - 3600_000).toISOString().slice(0, 16);
    await page.fill('.incidents-form input[placeholder^="YYYY"]', when);
    await page.fill('.incidents-form textarea', '客服工作电脑感染恶意程序，已断网隔离并送检。');
    await shots('record');
    await page.click('.t-dialog button:has-text("登记")');
    await page.waitForSelector('.incidents-detail >> text=客服工作电脑感染恶意程序');
  }, 90_000);
});
