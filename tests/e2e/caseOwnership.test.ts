import type { Page } from 'playwright-core';
import type { StaffQueueItem } from '../../typings/api';
import { openAdminInChromium, seedDemo, type AdminHarness, type AdminInChromium } from './browserHarness';

/**
 * Case ownership on the detail page, in real headless Chromium on the demo data: an agent looking at
 * a case another agent holds sees why every button is disabled; a case nobody holds is taken over
 * (接手) with a reason. Screenshots at 1366 and 390 widths: artifacts/screenshots/ownership-*.png.
 */
describe('case ownership on the detail page in Chromium', () => {
  let ui: AdminInChromium;
  let h: AdminHarness;
  let page: Page;
  let queue: StaffQueueItem[];

  beforeAll(async () => {
    ui = await openAdminInChromium({ shotPrefix: 'ownership-', seed: seedDemo });
    ({ h, page } = ui);
    queue = (await (await h.as('super01'))('complaints/queue', {})).items;
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
  });

  it("shows agent02 why he cannot work 王小丽's case: buttons disabled, the reason in a line and on hover", async () => {
    // The demo's renewal complaint: 王小丽 replied, then asked the member for a screenshot.
    const hers = queue.find((i) => i.ownerId === 'staff-agent-01' && i.status === 'waitingForMember')!;
    expect(hers).toBeDefined();
    await ui.signIn('agent02');
    await page.click(`text=${hers.number}`);
    await page.waitForSelector('.ownership-note');
    expect(await page.textContent('.ownership-note')).toBe('该案件由王小丽负责，仅负责人及其上级可以处理；如需处理，请由主管分派给您');
    expect(await page.textContent('.detail-owner')).toBe('王小丽');
    // TDesign draws a disabled button as a div marked t-is-disabled.
    for (const button of ['.act-reply', '.act-note', '.act-resolve', '.act-escalate', '.act-take-over'])
      expect([button, await page.$eval(button, (b) => b.classList.contains('t-is-disabled'))]).toEqual([button, true]);
    expect(await page.locator('.reply-text textarea').isDisabled()).toBe(true);
    await ui.shots('01-case-of-another-agent');
    await page.hover('.blocked-action:has(.act-take-over)');
    await page.waitForSelector('.t-popup >> text=接手须由其上级办理，或由主管分派');
    await ui.shot('01-case-of-another-agent-hover-desktop');
    await page.mouse.move(0, 0);
    // Opening the case is audited (complaint.read); nothing was done to it.
    expect(ui.auditActions().filter((a) => a.startsWith('complaint.') && a !== 'complaint.log' && a !== 'complaint.read')).toEqual([]);
  }, 60_000);

  it('lets agent02 take over (接手) a case nobody holds, with a reason that lands in the record and the audit log', async () => {
    const open = queue.find((i) => !i.ownerId && i.status === 'submitted')!;
    expect(open).toBeDefined();
    await page.click('text=← 返回');
    await page.waitForSelector('.queue-row');
    await page.click(`text=${open.number}`);
    await page.waitForSelector('.act-take-over');
    expect(await page.$('.ownership-note')).toBeNull();
    expect(await page.textContent('.detail-owner')).toBe('未分派');
    await page.click('.act-take-over');
    await page.fill('.reason-dialog textarea', '该会员此前由我接待，熟悉情况');
    await page.locator('.t-dialog__confirm:visible').click();
    await page.waitForFunction(() => document.querySelector('.detail-owner')?.textContent === '赵强（我）');
    await page.locator('.reason-dialog').waitFor({ state: 'hidden' });
    expect(await page.$('.act-take-over')).toBeNull();
    expect(await page.textContent('.timeline')).toContain('接手');
    expect(await page.textContent('.timeline')).toContain('该会员此前由我接待，熟悉情况');
    expect(ui.auditActions()).toContain('complaint.takeOver');
    await ui.shots('02-taken-over');
  }, 60_000);
});
