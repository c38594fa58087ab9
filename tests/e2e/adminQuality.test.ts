import type { Page } from 'playwright-core';
import { seedDemoQuality } from '../../server/local/demoData';
import { DESKTOP, PHONE, openAdminInChromium, type AdminInChromium } from './browserHarness';

/**
 * 服务质检 in real headless Chromium on the demo's quality data (last month's resolved complaints, a sample
 * with a failed score and a pending appeal): the inspector draws a sample, reads a case beside its scorecard
 * and scores it below the bar (the ledger item's number shown); the handler appeals from 我的质检; the
 * supervisor decides; the manager is told the weights do not sum to 100. Every screen at 390 and 1366 px.
 * Screenshots: artifacts/screenshots/quality-*.png.
 */
describe('quality inspection screens in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  const noSidewaysScroll = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1');
  /** Both widths: the screenshots, and nothing wider than the phone. */
  const bothWidths = async (name: string) => {
    await ui.shots(name);
    await page.setViewportSize(PHONE);
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize(DESKTOP);
  };
  const openQuality = async (username: string) => {
    await ui.signIn(username, { landing: '.topbar' });
    await page.click('.side .t-menu__item >> text="服务质检"');
    await page.waitForSelector('.qa-panel');
  };
  const tab = (label: string) => page.click(`.qa-tabs >> text="${label}"`);

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'quality-',
      viewport: DESKTOP,
      seed: async (h) => {
        expect(await seedDemoQuality(h.system.complaints, h.deps)).toBe(true);
        // Idempotent: a second start changes nothing.
        expect(await seedDemoQuality(h.system.complaints, h.deps)).toBe(false);
      },
    });
    ({ page } = ui);
  }, 120_000);
  afterAll(() => ui?.close());

  it('lets the inspector draw a sample, read a case beside its scorecard and score it below the bar', async () => {
    await openQuality('qa01');
    await page.waitForSelector('.qa-samples tbody tr');
    await bothWidths('samples');

    await page.click('.qa-draw-button');
    await page.waitForSelector('.qa-cases tbody tr');
    expect(await page.$$eval('.qa-samples tbody tr', (rows) => rows.length)).toBe(2);
    await page.click('.qa-cases tbody tr >> nth=0');
    await page.waitForSelector('.qa-record .qa-timeline');
    expect(await page.textContent('.qa-record')).toContain('处理结果');
    expect(ui.auditActions()).toContain('quality.caseRead');

    // Points over the weight are clamped; the total and the verdict follow what is typed.
    const inputs = page.locator('.qa-item .qa-points input');
    const n = await inputs.count();
    expect(n).toBeGreaterThan(3);
    for (let i = 0; i < n; i++) await inputs.nth(i).fill('5');
    await page.click('.qa-form-head');
    expect(await page.textContent('.qa-live-total')).toBe(String(5 * n));
    expect(await page.textContent('.qa-live-verdict')).toContain('不合格');
    // A failing score without a comment is refused, with the server's words beside the button.
    await page.click('.qa-submit');
    await page.waitForSelector('.qa-form .qa-error');
    expect(await page.textContent('.qa-form .qa-error')).toBe('不合格或有致命差错时须写明评语');
    await page.fill('.qa-comment textarea', '未按时限告知处理进度，调查记录不完整。');
    await bothWidths('case');
    await page.click('.qa-submit');
    await page.waitForSelector('.qa-result.qa-fail .qa-result-ledger strong');
    expect(await page.textContent('.qa-result-total')).toBe(`${5 * n} 分 · 不合格`);
    expect(await page.textContent('.qa-result-ledger strong')).toMatch(/\S+/);
    await page.waitForSelector('.qa-cases .t-tag >> text=不合格');
    await bothWidths('scored');

    // The demo's sample: a case scored earlier shows its score, comment and the improvement item it opened.
    await page.click('.qa-samples tbody tr >> nth=1');
    await page.waitForSelector('.qa-cases tbody tr:has-text("72分")');
    await page.click('.qa-cases tbody tr:has-text("72分")');
    await page.waitForSelector('.qa-workspace .qa-result .qa-result-ledger strong');
    expect(await page.textContent('.qa-workspace .qa-result')).toContain('已评分：72 分 · 不合格');
    expect(await page.textContent('.qa-workspace .qa-result')).toContain('受理后未按承诺回电');
  }, 90_000);

  it('shows the handler their own result and takes one appeal', async () => {
    await openQuality('agent01');
    await page.waitForSelector('.qa-score');
    const before = await page.$$eval('.qa-score', (xs) => xs.length);
    expect(before).toBeGreaterThan(0);
    // Only 王小丽's own cases.
    expect(await page.$$eval('.qa-score-head .muted', (xs) => xs.every((x) => (x.textContent ?? '').includes('经办人 王小丽')))).toBe(true);
    await bothWidths('mine');
    await page.click('.qa-appeal-button >> nth=0');
    await page.fill('.reason-text textarea', '受理当日已电话告知处理时限，通话记录可查。');
    await page.click('.reason-dialog .t-dialog__confirm');
    await page.waitForSelector('.qa-score .t-tag >> text=申诉待处理');
    expect(ui.auditActions()).toContain('quality.appeal');
  }, 60_000);

  it('lets the supervisor uphold or change a score under appeal', async () => {
    await openQuality('super01');
    // The handler's appeal and the demo's: both wait for a supervisor (the list may paint in two steps).
    await page.waitForFunction(() => document.querySelectorAll('.qa-decide').length === 2, undefined, { timeout: 10_000 });
    await bothWidths('appeals');
    const first = page.locator('.qa-score').first();
    await first.locator('.t-radio >> text=改判').click();
    await first.locator('.qa-decision textarea').fill('改判需要分数');
    await first.locator('.qa-decide-button').click();
    await first.locator('.qa-error').waitFor();
    expect(await first.locator('.qa-error').textContent()).toBe('改判须给出0至100之间的整数分数');
    await first.locator('.qa-revised input').fill('85');
    await first.locator('.qa-decide-button').click();
    await page.waitForSelector('.t-alert >> text=的申诉');
    expect(await page.$$eval('.qa-decide', (xs) => xs.length)).toBe(1);
    expect(ui.auditActions()).toContain('quality.appeal.decide');
  }, 60_000);

  it('tells the manager a scorecard whose weights do not sum to 100, and shows the figures', async () => {
    await openQuality('manager01');
    await tab('评分表');
    await page.waitForSelector('.qa-card-item');
    expect(await page.textContent('.qa-sum')).toBe('权重合计 100 分');
    await page.locator('.qa-weight input').first().fill('20');
    await page.click('.qa-cards h5 >> nth=0');
    expect(await page.textContent('.qa-sum')).toContain('权重合计 105 分');
    await page.click('.qa-save');
    await page.waitForSelector('.qa-cards .qa-error');
    expect(await page.textContent('.qa-cards .qa-error')).toBe('评分项权重合计须为100分（当前105分）');
    await bothWidths('scorecards');

    await tab('质检汇总');
    await page.waitForSelector('.qa-overall');
    expect(await page.textContent('.qa-overall')).toMatch(/评分 [1-9]\d* 件/);
    await bothWidths('summary');

    // The screen is for those who read scores or appeal their own: a benefits administrator handles no cases.
    await ui.signIn('benefits01', { landing: '.topbar' });
    expect(await page.$$eval('.side .t-menu__item', (els) => els.map((e) => (e.textContent ?? '').trim()))).not.toContain('服务质检');
  }, 60_000);
});
