import type { Page } from 'playwright-core';
import { acknowledge } from '../../core/complaints/lifecycle';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { mutate } from '../../core/complaints/persist';
import { runSlaMonitor } from '../../core/complaints/slaMonitor';
import { openAdminInChromium, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * Issue 10 item 3 in Chromium: the demo queue as `npm start` opens it (no overdue case, one grade
 * marker), and a detail whose 受理 deadline was met late, still listed as 已超时 with its times.
 */
describe('deadlines on the admin page', () => {
  let ui: AdminInChromium;
  let page: Page;
  let lateNumber = '';

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'deadlines-',
      seed: async (h) => {
        await seedDemo(h);
        // A case submitted 3 days ago, breached at 48 hours, acknowledged by the supervisor 2 hours later.
        const now = Date.now();
        const at = (hoursAgo: number) => ({ ...h.system.sla, clock: { now: () => new Date(now - hoursAgo * 3600_000) } });
        const { complaint } = await submitComplaint(at(72), 'openid-late-e2e', {
          idempotencyKey: 'e2e-late-ack-0000001',
          category: 'service',
          description: '客服多次承诺回电但没有任何人联系我，已经等了好几天。',
        });
        lateNumber = complaint.number;
        await runSlaMonitor(at(23));
        const sup = { kind: 'staff' as const, id: 'staff-super-01', role: 'supervisor' as const, name: '陈主管' };
        await mutate(at(22), complaint.id, (ctx, c) => acknowledge(ctx, c, sup));
      },
    });
    ({ page } = ui);
  }, 90_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('opens the demo queue with no overdue case and one provisional-grade marker', async () => {
    await ui.signIn('super01');
    await page.waitForSelector('.queue-grade');
    expect(await page.$$('.badge-overdue')).toHaveLength(0);
    const grades = await page.locator('.queue-grade').allTextContents();
    expect(grades).toContain('重大（待确认）');
    expect(grades.join()).not.toContain('(暂)');
    await ui.shots('01-queue');
  }, 60_000);

  it('keeps the late-met 受理 deadline on the detail: 已超时, when it was due, met and recorded', async () => {
    await page.click(`text=${lateNumber}`);
    await page.waitForSelector('.deadline-acknowledge');
    const ack = page.locator('.deadline-acknowledge');
    expect(await ack.locator('.deadline-breached').textContent()).toBe('已超时');
    expect(await ack.locator('.deadline-met').textContent()).toMatch(/^超时完成：\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await ack.locator('.deadline-breach-at').textContent()).toMatch(/^超时记录：\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await page.$$('.deadline-resolve .deadline-breached')).toHaveLength(0);
    await ui.shots('02-detail-late-ack');
  }, 60_000);
});
