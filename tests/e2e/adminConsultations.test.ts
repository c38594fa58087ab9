import type { Page } from 'playwright-core';
import { seedDemoConsultations } from '../../server/local/demoData';
import { openAdminInChromium, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * 咨询工作台 in real headless Chromium through the real gateway: customer service's queue by reply-by time,
 * a reply; the advisor's own list with the plan; nothing wider than the phone. Screenshots at 1280 and
 * 390 px go to artifacts/screenshots/consultations-*.png.
 */
describe('consultations screen in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  // An expression string: the test's TypeScript has no DOM library.
  const noSidewaysScroll = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1');

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'consultations-',
      viewport: { width: 1280, height: 900 },
      seed: async (h) => {
        await seedDemo(h);
        await seedDemoConsultations(h.system.consultations);
      },
    });
    ({ page } = ui);
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('shows customer service the questions waiting for them by due time, and records a reply', async () => {
    await ui.signIn('agent01');
    await page.click('text=咨询工作台');
    await page.waitForSelector('.cs-row');
    expect(await page.textContent('.cs-queue')).toContain('意外险和医疗险有什么区别');
    expect(await page.textContent('.cs-queue')).toContain('剩余');
    await ui.shots('queue');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.click('.cs-row >> text=意外险和医疗险');
    await page.waitForSelector('.cs-reply textarea');
    await page.fill('.cs-reply textarea', '您好，意外险保障意外伤害导致的身故、伤残和医疗；医疗险报销疾病和意外产生的医疗费用。');
    await ui.shots('detail');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click('.cs-reply button');
    await page.waitForSelector('.cs-done');
    expect(await page.textContent('.cs-detail')).toContain('已答复');
    expect(ui.auditActions()).toContain('consultation.reply');
  }, 60_000);

  it('shows the advisor only what was handed to them, with the plan, and no complaint queue', async () => {
    await ui.signIn('advisor01', { landing: '.cs-queue' });
    expect(await page.locator('.side >> text=投诉工作台').count()).toBe(0);
    await page.click('text=转交给我的');
    await page.waitForSelector('.cs-row');
    expect(await page.locator('.cs-row').count()).toBe(1);
    await page.click('.cs-row');
    await page.waitForSelector('.cs-plan');
    expect(await page.textContent('.cs-plan')).toContain('惠民医疗保险');
    await ui.shots('advisor');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);
});
