import type { Page } from 'playwright-core';
import { sqliteComplaintDrill } from '../../adapters/sqlite/complaintDrill';
import { sha256 } from '../../adapters/hash';
import { seedDemoEarlyWarning } from '../../server/local/demoData';
import { sqliteOutboxWriter } from '../../adapters/sqlite/outboxStore';
import { earlyWarningOutbox } from '../../core/earlyWarning/notifications';
import { dispatchOutbox } from '../../core/notifications/dispatcher';
import { openAdminInChromium, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * 风险预警 in real headless Chromium through the real gateway, on the demo's made spike: the week's list,
 * an alert's chart, test and masked evidence, 排除 with a reason, and 转入整改台账; nothing wider than a
 * phone. Screenshots at 1366 and 390 px: artifacts/screenshots/early-warning-*.png.
 */
describe('early-warning screen in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  const noSidewaysScroll = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1');
  const toPanel = async () => {
    await page.click('.side >> text=风险预警');
    await page.waitForSelector('.ew-panel tbody tr');
  };

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'early-warning-',
      seed: async (h) => {
        await seedDemo(h);
        await seedDemoEarlyWarning(h.system.complaints, h.system.admin.earlyWarning!.alerts, sqliteComplaintDrill(h.system.db), sha256);
      },
    });
    ({ page } = ui);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it("shows a manager the week's alert with its chart, test and masked evidence, and turns it into a ledger item", async () => {
    await ui.signIn('manager01');
    await toPanel();
    const list = (await page.textContent('.ew-panel tbody'))!;
    expect(list).toContain('保费扣缴');
    // Plain words for a manager; the p-value and the test's name are in the detail's 统计依据 only.
    expect(list).toMatch(/本周投诉 \d+ 件，过去 \d+ 周平均每周(不到)? ?[\d.]+ 件，.*明显偏高/);
    expect(list).not.toMatch(/p =|检验|泊松|Bonferroni/);
    expect(await page.textContent('.ew-summary')).not.toMatch(/序列|阈值|检验/);
    await ui.shots('list');
    await page.click('.ew-panel tbody tr >> text=查看');
    await page.waitForSelector('.ew-detail canvas');
    const detail = (await page.textContent('.ew-detail'))!;
    expect(detail).toContain('Bonferroni');
    // The statistics sit behind the 统计依据 toggle, closed until a reader opens it.
    expect(await page.isVisible('.ew-detail .ew-statement')).toBe(false);
    expect(await page.isVisible('.ew-detail .ew-plain')).toBe(true);
    expect(detail).toContain('会员 ****');
    expect(detail).not.toContain('demo-visitor');
    expect(await page.$$eval('.ew-detail tbody tr', (rows) => rows.length)).toBe(6);
    expect(detail).toContain('已查看');
    await ui.shots('detail');
    await page.click('.ew-evidence > summary');
    expect(await page.isVisible('.ew-detail .ew-statement')).toBe(true);
    await ui.shots('detail-evidence');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.click('.ew-buttons >> text=转入整改台账');
    await page.waitForSelector('.ew-dialog .t-select');
    await page.click('.ew-dialog .t-select');
    await page.click('.t-select-option >> nth=0');
    await ui.shot('to-ledger-dialog');
    await page.click('.ew-dialog .t-dialog__confirm');
    await page.waitForSelector('.ew-detail >> text=已转整改');
    expect(ui.auditActions()).toEqual(expect.arrayContaining(['earlyWarning.view', 'ledger.item.open', 'earlyWarning.toLedger']));
    const items = ui.h.system.db.prepare("SELECT doc FROM ledger_items").all() as { doc: string }[];
    const item = items.map((r) => JSON.parse(r.doc)).find((i) => i.source?.kind === 'earlyWarning');
    expect(item.links).toHaveLength(6);
  }, 90_000);

  it('lets a supervisor read but not handle, and compliance read the handled alert', async () => {
    await ui.signIn('super01');
    await toPanel();
    await page.click('.ew-panel tbody tr >> text=查看');
    await page.waitForSelector('.ew-detail');
    expect(await page.$('.ew-buttons')).toBeNull();
    // Compliance reads the week too: the alert the manager turned into a ledger item.
    await ui.signIn('comp01', { landing: '.side' });
    await toPanel();
    expect(await page.textContent('.ew-panel tbody')).toContain('已转整改');
  }, 60_000);

  it("opens the alert itself from the staff alert's 查看, not just the screen", async () => {
    await ui.signIn('comp01', { landing: '.side' });
    const [run] = await ui.h.system.admin.earlyWarning!.alerts.recentRuns(1);
    const alert = (await ui.h.system.admin.earlyWarning!.alerts.listWeek(run.week, { limit: 5 })).items[0];
    const comp = (await ui.h.system.admin.staff.list()).find((s) => s.username === 'comp01')!;
    // As the weekly run writes it, stamped now (after the page started polling), then filed by the dispatcher.
    const entries = earlyWarningOutbox([alert], [comp], () => `e2e-ew-${Date.now()}`, new Date()).get(alert.id)!;
    sqliteOutboxWriter(ui.h.system.db)(entries);
    await dispatchOutbox(ui.h.system.notify);
    const toast = await page.waitForSelector('.t-notification:has-text("新风险预警")', { timeout: 25_000 });
    await (await toast.$('a.alert-jump'))!.click();
    await page.waitForSelector('.ew-detail');
    expect(await page.textContent('.ew-detail')).toContain(alert.label);
  }, 60_000);
});
