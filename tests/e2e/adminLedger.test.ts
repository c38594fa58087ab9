import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { runDeadlineWatches } from '../../core/deadlines/watch';
import { seedDemoLedger } from '../../server/local/demoData';
import { openAdminInChromium, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * 整改台账 in real headless Chromium through the real gateway: the ledger list with its filters and the
 * timer's escalation, an item's detail and timeline, the inspections with their findings, opening an
 * item, the owner's evidence upload and submit, and verification by someone else; nothing wider than the
 * phone. Screenshots at 1366 and 390 px go to artifacts/screenshots/ledger-*.png.
 */
describe('ledger screen in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  const noSidewaysScroll = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1');
  const atPhone = async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const ok = await noSidewaysScroll();
    await page.setViewportSize({ width: 1366, height: 900 });
    return ok;
  };
  const toLedger = async () => {
    await page.click('.side >> text=整改台账');
    await page.waitForSelector('.lg-panel tbody tr');
  };

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'ledger-',
      viewport: { width: 1366, height: 900 },
      seed: async (h) => {
        await seedDemo(h);
        await seedDemoLedger(h.system.admin.ledger!, h.system.complaints);
        await runDeadlineWatches(h.system.deadlineWatches, new Date());
      },
    });
    ({ page } = ui);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('shows a manager the ledger with the overdue, escalated item, the detail, the inspections, and opens an item', async () => {
    await ui.signIn('manager01');
    await toLedger();
    const list = await page.textContent('.lg-panel');
    expect(list).toContain('电话投诉登记须告知处理时限');
    expect(list).toContain('已逾期');
    expect(list).toContain('已升级');
    await ui.shots('list');
    expect(await atPhone()).toBe(true);

    await page.click('.lg-panel label:has-text("仅看逾期")');
    await page.waitForFunction(() => document.querySelectorAll('.lg-panel tbody tr').length === 1);
    expect(await page.textContent('.lg-panel tbody')).toContain('电话投诉登记须告知处理时限');
    await page.click('.lg-panel tbody tr');
    await page.waitForSelector('.lg-detail');
    const detail = await page.textContent('.lg-detail');
    expect(detail).toContain('逾期已升级至');
    expect(detail).toContain('投诉处理专项检查');
    await ui.shots('detail-overdue');
    expect(await atPhone()).toBe(true);
    await page.click('.lg-detail button:has-text("关闭")');

    await page.click('.lg-panel label:has-text("专项检查")');
    await page.waitForSelector('.lg-panel tbody tr >> text=信息披露专项检查');
    await page.click('.lg-panel tbody tr >> text=投诉处理专项检查');
    await page.waitForSelector('.lg-finding');
    expect(await page.textContent('.lg-inspection')).toContain('问题2');
    await ui.shots('inspections');
    expect(await atPhone()).toBe(true);

    await page.click('.lg-finding >> nth=0 >> button:has-text("登记整改事项")');
    await page.waitForSelector('.lg-dialog .t-select');
    await page.click('.lg-dialog .t-select >> nth=1');
    await page.click('.t-select-option >> text=赵强');
    await ui.shots('open-dialog');
    await page.click('.lg-dialog button:has-text("登记")');
    await page.waitForSelector('.lg-detail >> text=赵强');
    expect(await page.textContent('.lg-detail')).toContain('检查发现');
    expect(ui.auditActions()).toEqual(expect.arrayContaining(['ledger.item.open', 'ledger.item.read']));
  }, 90_000);

  it('opens an item from a complaint detail, linked to the complaint by number', async () => {
    await ui.signIn('manager01');
    await page.click('.queue-row >> nth=0');
    await page.waitForSelector('.detail-open-ledger');
    const number = (await page.textContent('.detail-number'))!.trim();
    await page.click('.detail-open-ledger');
    await page.waitForSelector('.lg-dialog >> text=关联案件');
    expect(await page.textContent('.lg-dialog')).toContain(number);
    await page.fill('.lg-dialog input[placeholder^="整改事项标题"]', '投诉根因：答复未说明复核途径');
    await page.fill('.lg-dialog textarea', '修订答复模板，写明申请核查、调解、仲裁、诉讼的途径。');
    await page.click('.lg-dialog .t-select >> nth=1');
    await page.click('.t-select-option >> text=王小丽');
    await ui.shots('from-complaint');
    await page.click('.lg-dialog button:has-text("登记")');
    await page.waitForSelector('.t-message >> text=已登记整改事项');
    const item = (await ui.h.system.admin.ledger!.store.listItems({ sourceKind: 'complaintRootCause' }, { limit: 10 })).items.find((i) => i.title.startsWith('投诉根因：答复'));
    expect(item?.links).toEqual([expect.objectContaining({ area: 'complaints', number })]);
  }, 60_000);

  it('lets the owner upload evidence and submit, and an inspector verify; the owner cannot verify', async () => {
    await ui.signIn('agent01');
    await toLedger();
    // An agent sees only the items they own.
    const rows = await page.$$eval('.lg-panel tbody tr', (trs) => trs.map((t) => t.textContent ?? ''));
    expect(rows.every((r) => r.includes('王小丽'))).toBe(true);
    await page.click('.lg-panel tbody tr >> text=建立投诉办结回访提醒');
    await page.waitForSelector('.lg-detail button:has-text("上传证明材料")');
    expect(await page.$('.lg-detail button:has-text("验证通过")')).toBeNull();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-')), '回访记录.pdf');
    fs.writeFileSync(file, '%PDF-1.4\n% callback records\n');
    await page.setInputFiles('.lg-detail input[type=file]', file);
    await page.waitForSelector('.lg-detail >> text=已上传证明材料');
    await page.fill('.lg-detail textarea', '九月未回访案件已全部补做回访，工作台已加提醒。');
    await page.click('.lg-detail button:has-text("提交验证")');
    await page.waitForSelector('.lg-detail >> text=已提交验证');
    await ui.shots('owner-submitted');
    expect(await atPhone()).toBe(true);

    await ui.signIn('qa01');
    await toLedger();
    await page.click('.lg-panel tbody tr >> text=建立投诉办结回访提醒');
    await page.waitForSelector('.lg-detail button:has-text("验证通过")');
    await page.fill('.lg-detail textarea', '抽查5件回访记录，完整。');
    await page.click('.lg-detail button:has-text("验证通过")');
    await page.waitForSelector('.lg-detail >> text=验证通过，已关闭');
    expect(await page.textContent('.lg-detail')).toContain('已关闭');
    await ui.shots('verified');
    expect(ui.auditActions()).toEqual(expect.arrayContaining(['ledger.item.evidence', 'ledger.item.submit', 'ledger.item.verify']));
  }, 90_000);
});
