import type { Page } from 'playwright-core';
import { sqliteOutboxWriter } from '../../adapters/sqlite/outboxStore';
import { runDeadlineWatches } from '../../core/deadlines/watch';
import { ledgerDeadlineOutbox } from '../../core/ledger/notifications';
import type { LedgerItem } from '../../core/ledger/model';
import { dispatchOutbox } from '../../core/notifications/dispatcher';
import { seedDemoLedger } from '../../server/local/demoData';
import { openAdminInChromium, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * The admin page's alert feed in real headless Chromium: a manager who reads only alerts addressed to
 * them (alerts/mine) is told of an escalated 整改事项 and jumps from the alert to the item. The page
 * polls every 15 s from the moment it opened, so the alert is filed after sign-in.
 * Screenshot: artifacts/screenshots/alerts-ledger-jump.png.
 */
describe('alert feed in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  let item: LedgerItem;

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'alerts-',
      seed: async (h) => {
        await seedDemo(h);
        await seedDemoLedger(h.system.admin.ledger!, h.system.complaints);
        await runDeadlineWatches(h.system.deadlineWatches, new Date());
      },
    });
    ({ page } = ui);
    item = (await ui.h.system.admin.ledger!.store.listItems({ ownerId: 'staff-super-01' }, { limit: 5 })).items.find((i) => i.escalatedTo)!;
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('shows the escalation with a link that opens the ledger item', async () => {
    expect(item.escalatedTo?.id).toBe('staff-manager-01');
    await ui.signIn('manager01');
    // As the timer writes it, stamped now (after the page started polling), then filed by the dispatcher.
    const at = new Date().toISOString();
    sqliteOutboxWriter(ui.h.system.db)(ledgerDeadlineOutbox(item, at, { warned: 0, breached: 0, escalated: 1 }, () => `e2e-alert-${Date.now()}`));
    await dispatchOutbox(ui.h.system.notify);
    const toast = await page.waitForSelector(`.t-notification:has-text("整改事项逾期升级：${item.number}")`, { timeout: 25_000 });
    await page.waitForTimeout(800); // the toast slides in
    await ui.shot('ledger-jump');
    await (await toast.$('a.alert-jump'))!.click();
    await page.waitForSelector(`.lg-detail:has-text("${item.number}")`);
    expect(await page.textContent('.lg-detail')).toContain(item.title);
  }, 60_000);
});
