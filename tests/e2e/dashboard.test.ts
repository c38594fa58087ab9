import type { Page } from 'playwright-core';
import { acknowledge, resolve } from '../../core/complaints/lifecycle';
import { rateComplaint, submitComplaint } from '../../core/complaints/memberUseCases';
import type { ComplaintCategory } from '../../core/complaints/model';
import { mutate } from '../../core/complaints/persist';
import { runRollupConsumer } from '../../core/rollups/consumer';
import { DESKTOP, PHONE, openAdminInChromium, type AdminHarness, type AdminInChromium } from './browserHarness';

/**
 * 经营看板 in Chromium at 1366 and 390 px: complaints received, acknowledged, resolved and rated over the
 * last months (each step on a past clock), the timer's consumer run once, then a manager's dashboard:
 * the figures match the seed, a card and a chart bar each open the records behind them.
 * Screenshots: artifacts/screenshots/dash-*.png.
 */
const CASES: { daysAgo: number; handler: string; category: ComplaintCategory; hours: number; score?: number }[] = [
  { daysAgo: 70, handler: 'staff-agent-01', category: 'service', hours: 5, score: 5 },
  { daysAgo: 62, handler: 'staff-agent-02', category: 'claims', hours: 30, score: 4 },
  { daysAgo: 50, handler: 'staff-agent-02', category: 'claims', hours: 52, score: 2 },
  { daysAgo: 41, handler: 'staff-agent-01', category: 'claims', hours: 8, score: 5 },
  { daysAgo: 33, handler: 'staff-agent-01', category: 'service', hours: 3 },
  { daysAgo: 25, handler: 'staff-agent-02', category: 'claims', hours: 20, score: 5 },
  { daysAgo: 18, handler: 'staff-agent-02', category: 'premium', hours: 26, score: 3 },
  { daysAgo: 12, handler: 'staff-agent-01', category: 'claims', hours: 12, score: 5 },
  { daysAgo: 8, handler: 'staff-agent-01', category: 'sales', hours: 6 },
  { daysAgo: 4, handler: 'staff-agent-02', category: 'claims', hours: 9, score: 4 },
];

const seed = async (h: AdminHarness) => {
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
    const member = `openid-dash-e2e-${i}`;
    const { complaint } = await submitComplaint(at(0), member, { idempotencyKey: `dash-e2e-figures-${String(i).padStart(6, '0')}`, category: k.category, description: '理赔进度一直没有人告知，电话也打不通，希望尽快处理。' });
    const staff = { kind: 'staff' as const, id: k.handler, role: 'agent' as const };
    await mutate(sla(1), complaint.id, (ctx, c) => acknowledge(ctx, c, staff));
    await mutate(sla(k.hours), complaint.id, (ctx, c) => resolve(ctx, c, staff, { findings: '已核实并处理，向您致歉。', basis: '服务规范', remedies: ['申请核查'] }));
    if (k.score !== undefined) await rateComplaint(at(k.hours + 2), member, { id: complaint.id, score: k.score });
  }
  await runRollupConsumer(h.system.rollupDeps, 1000);
  // One security incident recorded by hand three days ago (Shanghai wall time).
  const compliance = await h.as('comp01');
  const occurredAt = new Date(now - 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
  await compliance('incidents/record', { idempotencyKey: 'dash-e2e-incident-000001', kind: 'misdelivery', occurredAt, description: '短信通知误发给了另一位会员，已联系撤回', affectedMembers: 1, severity: 'medium' });
};

const cardValue = (page: Page, figure: string) => page.textContent(`.db-card[data-figure=${figure}] .db-card-value`);

describe('management dashboard in the admin page', () => {
  let ui: AdminInChromium;
  let page: Page;
  beforeAll(async () => {
    ui = await openAdminInChromium({ shotPrefix: 'dash-', seed });
    ({ page } = ui);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('shows a manager the seeded figures for the last 12 months, at both widths', async () => {
    await ui.signIn('manager01', { landing: '.topbar' });
    await page.click('.side .t-menu__item >> text="经营看板"');
    await page.waitForSelector('.db-card[data-figure=received]');
    await page.click('.db-quick >> text="近12个月"');
    await page.waitForFunction((n) => document.querySelector('.db-card[data-figure=received] .db-card-value')?.textContent === String(n), CASES.length);
    expect(await cardValue(page, 'received')).toBe(String(CASES.length));
    const rated = CASES.filter((c) => c.score !== undefined);
    const satisfied = rated.filter((c) => c.score! >= 4);
    expect(await cardValue(page, 'satisfaction')).toBe(`${((satisfied.length / rated.length) * 100).toFixed(1)}%`);
    expect(await page.textContent('.db-card[data-figure=satisfaction]')).toContain(`（${rated.length}/${CASES.length}）`);
    // Every chart drew on a canvas no wider than its panel.
    const charts = await page.$$eval('.db-chart canvas', (cs) => cs.map((c) => (c as HTMLCanvasElement).getBoundingClientRect().width));
    expect(charts.length).toBeGreaterThanOrEqual(4);
    await page.waitForTimeout(300);
    await ui.shots('manager');
  }, 60_000);

  it('drills from a card into the records behind it', async () => {
    await page.click('.db-card[data-figure=received]');
    await page.waitForSelector('.db-drill-table tbody tr');
    expect(await page.textContent('.db-drill h3')).toContain(`共 ${CASES.length} 条`);
    const rows = await page.$$('.db-drill-table tbody tr');
    expect(rows).toHaveLength(CASES.length);
    expect(await page.textContent('.db-drill')).not.toMatch(/1\d{10}/);
    await ui.shots('drill-received');
  }, 30_000);

  it('drills from a chart bar: the largest category', async () => {
    const claims = CASES.filter((c) => c.category === 'claims').length;
    // Back up to the chart (opening the last list scrolled down to it): a click lands in the viewport only.
    const chart = (await page.$('.db-by-category .db-chart'))!;
    await chart.scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
    const box = (await chart.boundingBox())!;
    const n = new Set(CASES.map((c) => c.category)).size;
    // The first (largest) bar runs the whole plot: click a third of the way along it, in the middle of its band.
    await page.mouse.click(box.x + box.width * 0.45, box.y + 8 + (box.height - 16) / n / 2);
    await page.waitForFunction(() => document.querySelector('.db-drill h3')?.textContent?.includes('类别：'));
    await page.waitForFunction((k) => document.querySelectorAll('.db-drill-table tbody tr').length === k, claims);
    expect(await page.textContent('.db-drill h3')).toContain(`共 ${claims} 条`);
    await ui.shots('drill-category');
  }, 30_000);

  it('opens a complaint from the list and comes back to the same dashboard', async () => {
    const number = (await page.textContent('.db-drill-table tbody tr .db-open'))!.trim();
    await page.click('.db-drill-table tbody tr .db-open');
    await page.waitForSelector(`text=${number}`);
    await page.click('text=← 返回');
    await page.waitForSelector('.db-drill-table tbody tr');
    expect(await cardValue(page, 'received')).toBe(String(CASES.length));
  }, 30_000);

  it('lists the security incidents behind their figure', async () => {
    expect(await cardValue(page, 'incidents')).toBe('1');
    await page.click('.db-card[data-figure=incidents]');
    await page.waitForFunction(() => document.querySelector('.db-drill h3')?.textContent?.includes('信息安全事件'));
    await page.waitForFunction(() => document.querySelectorAll('.db-drill-table tbody tr').length === 1);
    expect(await page.textContent('.db-drill-table tbody')).toContain('信息误发');
  }, 30_000);

  it('reads at a phone width without sideways scrolling', async () => {
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    const width = await page.$eval('html', (html) => html.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    const canvases = await page.$$eval('.db-chart canvas', (cs) => cs.map((c) => c.getBoundingClientRect().right));
    for (const right of canvases) expect(right).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
  });

  it('offers the screen to no agent', async () => {
    await ui.signIn('agent01', { landing: '.topbar' });
    const items = await page.$$eval('.side .t-menu__item', (els) => els.map((e) => (e.textContent ?? '').trim()));
    expect(items).not.toContain('经营看板');
  }, 30_000);
});
