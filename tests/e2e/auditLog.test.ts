import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { openAdminInChromium, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * 审计日志 in real headless Chromium as compliance reads it (issue 10): Shanghai times, Chinese
 * action names, staff names and complaint numbers, the filters and 导出CSV.
 * Screenshots at 1366 and 390 widths: artifacts/screenshots/audit-*.png.
 */
/** Polls the page until `ok` holds (10 s at most). */
const until = async (ok: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting for the audit list');
};

describe('audit log screen in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  let caseNumber = '';

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'audit-',
      seed: async (h) => {
        await seedDemo(h);
        const agent = await h.as('agent01', '198.51.100.23');
        const queue = await agent('complaints/queue', {});
        const first = queue.items[0];
        caseNumber = first.number;
        await agent('complaints/detail', { id: first.id });
        await agent('complaints/search', { q: caseNumber });
      },
    });
    ({ page } = ui);
  }, 90_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('shows Shanghai times, Chinese actions, staff names and complaint numbers', async () => {
    await ui.signIn('comp01');
    await page.click('.side >> text=审计日志');
    await page.waitForSelector('.audit-row[data-action="complaint.read"]');
    const read = page.locator('.audit-row[data-action="complaint.read"]').first();
    expect(await read.locator('.audit-action').textContent()).toBe('查看投诉');
    expect(await read.locator('.audit-actor').textContent()).toContain('王小丽');
    expect(await read.locator('.audit-subject').textContent()).toBe(`投诉 ${caseNumber}`);
    expect(await read.locator('.audit-at').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const text = (await page.textContent('.audit-list')) ?? '';
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(text).not.toContain('staff-agent-01');
    await ui.shots('01-list');
  }, 60_000);

  it('filters by complaint number and exports the filter as CSV', async () => {
    await page.fill('.audit-filter-number input', caseNumber);
    await page.click('.audit-search');
    await until(async () => {
      const subjects = await page.locator('.audit-row:not(.audit-head) .audit-subject').allTextContents();
      return subjects.length > 0 && subjects.every((s) => s === `投诉 ${caseNumber}`);
    });
    await ui.shots('02-filtered');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.audit-export')]);
    expect(download.suggestedFilename()).toMatch(/^审计日志-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')[0]).toBe('时间,操作,操作人,角色,对象,详情摘要,来源地址');
    expect(csv).toContain(`"投诉 ${caseNumber}"`);
    await page.waitForSelector('.audit-notice');
    expect(ui.auditActions()).toContain('audit.export');
  }, 60_000);

  it('filters by action group and shows the rows as cards at 390 px', async () => {
    await page.click('text=重置');
    await page.click('.audit-filter-action');
    await page.click('.t-select-option >> text=全部员工账号与登录');
    await page.click('.audit-search');
    await until(async () => {
      // One atomic read of the list: reading row by row races the re-render after the filter applies.
      const actions = await page.$$eval('.audit-row:not(.audit-head)', (els) => els.map((e) => e.getAttribute('data-action')));
      return actions.length > 0 && actions.every((a) => a!.startsWith('staff.'));
    });
    await ui.shots('03-staff-actions');
  }, 60_000);
});
