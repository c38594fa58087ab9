import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { acknowledge, resolve } from '../../core/complaints/lifecycle';
import { rateComplaint, submitComplaint } from '../../core/complaints/memberUseCases';
import type { ComplaintCategory } from '../../core/complaints/model';
import { mutate } from '../../core/complaints/persist';
import { runRollupConsumer } from '../../core/rollups/consumer';
import { DESKTOP, PHONE, openAdminInChromium, type AdminHarness, type AdminInChromium } from './browserHarness';

/**
 * 满意度与时限 in Chromium at 1366 and 390 px: real complaints resolved and rated over the last three
 * months (each step on a past clock), the timer's consumer run once, then the supervisors' screen.
 * Screenshots: artifacts/screenshots/sat-*.png.
 */
const CASES: { daysAgo: number; handler: string; category: ComplaintCategory; hours: number; score?: number; ackHours?: number }[] = [
  { daysAgo: 80, handler: 'staff-agent-01', category: 'service', hours: 5, score: 5, ackHours: 1 },
  { daysAgo: 75, handler: 'staff-agent-02', category: 'claims', hours: 30, score: 4, ackHours: 2 },
  { daysAgo: 70, handler: 'staff-agent-02', category: 'premium', hours: 52, score: 2, ackHours: 50 },
  { daysAgo: 45, handler: 'staff-agent-01', category: 'claims', hours: 8, score: 5, ackHours: 1 },
  { daysAgo: 40, handler: 'staff-agent-01', category: 'service', hours: 3, score: 5, ackHours: 1 },
  { daysAgo: 35, handler: 'staff-agent-02', category: 'service', hours: 20, ackHours: 3 },
  { daysAgo: 20, handler: 'staff-agent-02', category: 'claims', hours: 26, score: 3, ackHours: 4 },
  { daysAgo: 15, handler: 'staff-agent-01', category: 'sales', hours: 12, score: 5, ackHours: 2 },
  { daysAgo: 10, handler: 'staff-agent-01', category: 'service', hours: 6, score: 4, ackHours: 1 },
  { daysAgo: 6, handler: 'staff-agent-02', category: 'premium', hours: 9, ackHours: 1 },
];

const seedFigures = async (h: AdminHarness) => {
  for (const u of await h.deps.staff.list())
    if (u.role === 'agent')
      await h.deps.staff.update({ ...u, team: u.id === 'staff-agent-01' ? '理赔服务组' : '综合服务组', version: (u.version ?? 0) + 1 }, u.version ?? 0, {
        actorId: 'seed',
        actorRole: 'staffAdmin',
        action: 'staff.update',
        subjectType: 'staff',
        subjectId: u.id,
      });
  const now = Date.now();
  for (const [i, k] of CASES.entries()) {
    const start = now - k.daysAgo * 86_400_000;
    const at = (hours: number) => ({ ...h.system.complaints, clock: { now: () => new Date(start + hours * 3_600_000) } });
    const sla = (hours: number) => ({ ...h.system.sla, clock: { now: () => new Date(start + hours * 3_600_000) } });
    const member = `openid-sat-e2e-${i}`;
    const { complaint } = await submitComplaint(at(0), member, { idempotencyKey: `sat-e2e-figures-${String(i).padStart(6, "0")}`, category: k.category, description: '理赔进度一直没有人告知，电话也打不通，希望尽快处理。' });
    const staff = { kind: 'staff' as const, id: k.handler, role: 'agent' as const };
    if (k.ackHours !== undefined) await mutate(sla(k.ackHours), complaint.id, (ctx, c) => acknowledge(ctx, c, staff));
    await mutate(sla(k.hours), complaint.id, (ctx, c) => resolve(ctx, c, staff, { findings: '已核实并处理，向您致歉。', basis: '服务规范', remedies: ['申请核查'] }));
    if (k.score !== undefined) await rateComplaint(at(k.hours + 2), member, { id: complaint.id, score: k.score });
  }
  await runRollupConsumer(h.system.rollupDeps, 1000);
};

describe('satisfaction and SLA figures in the admin page', () => {
  let ui: AdminInChromium;
  let page: Page;
  beforeAll(async () => {
    ui = await openAdminInChromium({ shotPrefix: 'sat-', seed: seedFigures });
    ({ page } = ui);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('shows a supervisor the rate against the 90% goal, the response rate, and SLA by handler and team, at both widths', async () => {
    await ui.signIn('super01', { landing: '.topbar' });
    await page.click('.side .t-menu__item >> text="满意度与时限"');
    await page.waitForSelector('.sat-period');
    const periods = await page.$$eval('.sat-period-label', (els) => els.map((e) => e.textContent));
    expect(periods).toHaveLength(6);
    await page.waitForSelector('.sat-by-handler tbody tr');
    const handlers = await page.$$eval('.sat-by-handler tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
    expect(handlers.join(' ')).toMatch(/王小丽|赵强/);
    expect(await page.textContent('.sat-panel')).toContain('目标 90.0%');
    await ui.shots('supervisor-month');

    // The period with the most cases: pick the one whose card shows a rate below goal, if any.
    const below = await page.$('.sat-period-rate.is-below');
    if (below) {
      await below.click();
      await page.waitForTimeout(100);
      expect(await page.textContent('.sat-cards')).toContain('未达标');
    }
    const teams = await page.$$eval('.sat-sla-team tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
    expect(teams.join(' ')).toMatch(/服务组|本期没有到期的时限/);
    await ui.shots('supervisor-period');

    await page.click('.sat-controls >> text="按季度"');
    await page.click('.sat-search');
    await page.waitForSelector('.sat-period-label:has-text("季度")');
    await ui.shots('supervisor-quarter');
  }, 60_000);

  it('exports the figures as a CSV with a BOM', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.sat-export')]);
    expect(download.suggestedFilename()).toMatch(/^满意度与时限达成-.*\.csv$/);
    const file = await download.path();
    const text = fs.readFileSync(file!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('"期间","维度","名称"');
    expect(ui.auditActions()).toContain('reports.satisfaction.export');
  }, 30_000);

  it('reads at a phone width without sideways scrolling', async () => {
    await page.setViewportSize(PHONE);
    const width = await page.$eval('html', (html) => html.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
  });

  it('offers the screen to no agent', async () => {
    await ui.signIn('agent01', { landing: '.topbar' });
    const items = await page.$$eval('.side .t-menu__item', (els) => els.map((e) => (e.textContent ?? '').trim()));
    expect(items).not.toContain('满意度与时限');
  }, 30_000);
});
