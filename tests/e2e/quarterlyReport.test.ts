import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { quarterMonths, lastEndedQuarter, previousQuarter, sameQuarterLastYear } from '../../core/reports/quarter';
import { encodeTuple, FACTS } from '../../core/rollups/facts';
import type { RollupEvent } from '../../core/rollups/model';
import { prng } from '../reports/seededComplaints';
import { DESKTOP, PHONE, openAdminInChromium, type AdminHarness, type AdminInChromium } from './browserHarness';

/**
 * 季度报告 in Chromium: the last ended quarter (on the wall clock), the one before and the same one a
 * year earlier, seeded as rollup events (the consumer's own input); the report frozen, then a late
 * rating recorded as a correction; the panel at 1366 and 390 px, the XLSX job followed across a
 * reload, and the print page rendered to PDF and PNG. Files: artifacts/screenshots/qr-*.
 */
const SHOTS = path.resolve(__dirname, '../../artifacts/screenshots');
const QUARTER = lastEndedQuarter(new Date());
const CATEGORIES = ['service', 'claims', 'premium', 'sales'];

const events = (quarter: string, n: number, seed: number, prefix: string): RollupEvent[] => {
  const r = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    const month = quarterMonths(quarter)[Math.floor(r() * 3)];
    const category = CATEGORIES[Math.floor(r() * CATEGORIES.length)];
    const value = encodeTuple({ category, grade: 'ordinary', channel: 'miniprogram', product: '', handler: 'staff-agent-01' });
    const rated = r() < 0.7;
    return {
      id: `${prefix}-${quarter}-${i}`,
      deltas: [{ key: { month, dim: FACTS.complaint, value }, add: { received: 1, resolved: 1, rated: rated ? 1 : 0, satisfied: rated && r() < 0.85 ? 1 : 0 }, minutes: { resolve: 60 + Math.floor(r() * 4000) } }],
    };
  });
};

const seedQuarters = async (h: AdminHarness) => {
  const all = [...events(QUARTER, 40, 1, 'e2e'), ...events(previousQuarter(QUARTER), 35, 2, 'e2e'), ...events(sameQuarterLastYear(QUARTER), 30, 3, 'e2e')];
  await h.system.rollupDeps.rollups.consume({ feed: 'e2e-seed', cursor: { at: new Date().toISOString(), id: 'seed' }, events: all });
  const manager = await h.as('manager01');
  // First report: the quarter's figures are frozen now.
  await manager('reports/quarterly', { quarter: QUARTER });
  // A late rating after the freeze: shown as a correction, never a silent change.
  const late = encodeTuple({ category: 'claims', grade: 'ordinary', channel: 'miniprogram', product: '', handler: 'staff-agent-01' });
  await h.system.rollupDeps.rollups.consume({
    feed: 'e2e-seed',
    cursor: { at: new Date().toISOString(), id: 'late' },
    events: [{ id: 'e2e-late-rating', deltas: [{ key: { month: quarterMonths(QUARTER)[2], dim: FACTS.complaint, value: late }, add: { rated: 1, satisfied: 1 } }] }],
  });
  await manager('reports/comment', {
    quarter: QUARTER,
    text: '本季度投诉处理时长中位数较上年同期明显缩短，理赔争议类投诉占比最高。下季度重点：理赔进度主动告知，评价回访率提升至六成以上。',
    expectedVersion: 0,
  });
};

describe('quarterly report in the admin page', () => {
  let ui: AdminInChromium;
  let page: Page;
  beforeAll(async () => {
    ui = await openAdminInChromium({ shotPrefix: 'qr-', seed: seedQuarters });
    ({ page } = ui);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
  });

  const openPanel = async () => {
    await page.click('.side .t-menu__item >> text="季度报告"');
    await page.waitForSelector('.qr-metrics tbody tr');
  };

  it('shows the manager the frozen metrics with targets, the correction and the commentary, at 1366 and 390 px', async () => {
    await ui.signIn('manager01', { landing: '.topbar' });
    await openPanel();
    const text = (await page.textContent('.qr-panel')) ?? '';
    for (const s of ['投诉受理数', '处理时长（中位数）', '满意度指数', '信息安全事件', '权益宣传覆盖率', '客户投诉处理效率提高30%以上', '已冻结', '已更正为', '更正记录', '管理层评述', '第 1 版'])
      expect(text).toContain(s);
    await ui.shots('panel');
    await page.setViewportSize(PHONE);
    expect(await page.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
  }, 60_000);

  it('lets the manager revise the commentary: a new version, the earlier ones kept and audited', async () => {
    await page.fill('.qr-comment-input textarea', '修订：理赔争议类投诉处理时长仍偏长，已列入整改台账。');
    await page.click('.qr-comment-actions button');
    await page.waitForSelector('.qr-commentary >> text=第 2 版');
    await page.click('.qr-history-open');
    await page.waitForSelector('.qr-history li');
    expect(await page.$$eval('.qr-history li', (els) => els.length)).toBe(2);
    expect(ui.auditActions().filter((a) => a === 'reports.quarterly.comment')).toHaveLength(2);
  }, 30_000);

  it('exports the XLSX as a job: a progress bar that survives a reload, then a download link', async () => {
    await page.click('.qr-export-start');
    await page.waitForSelector('.qr-progress');
    await page.reload();
    await page.waitForSelector('.topbar');
    await openPanel();
    // After the reload the page finds the same job and keeps showing its progress.
    await page.waitForSelector('.qr-progress');
    await ui.shot('export-progress-desktop');
    await ui.h.system.jobsTick();
    await page.waitForSelector('.qr-download', { timeout: 10_000 });
    expect(await page.textContent('.qr-download')).toContain(`季度报告-${QUARTER}.xlsx`);
    // The file comes through the page's signed file route, as attachments do: an XLSX (a zip) with its name.
    const got = await page.evaluate(async (quarter) => {
      const call = async (route: string, body: unknown) => (await (await fetch(`/admin/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()).data;
      const job = await call('reports/exportStatus', { quarter });
      const link = await call('reports/exportLink', { jobId: job.id });
      const res = await fetch(link.url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), magic: String.fromCharCode(bytes[0], bytes[1]), size: bytes.length };
    }, QUARTER);
    expect(got).toMatchObject({ status: 200, magic: 'PK' });
    expect(got.type).toContain('spreadsheetml');
    expect(decodeURIComponent(got.disposition ?? '')).toContain(`季度报告-${QUARTER}.xlsx`);
    expect(got.size).toBeGreaterThan(5000);
  }, 60_000);

  it('renders the print page (A4, header with the quarter and 生成时间, frozen and correction marks) to PDF and PNG', async () => {
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.click('.qr-print-open');
    await page.waitForSelector('.qr-print .qr-print-table');
    const header = (await page.textContent('.qr-print-header')) ?? '';
    expect(header).toMatch(/第\d季度/);
    expect(header).toContain('生成时间');
    expect(await page.textContent('.qr-print')).toContain('已冻结');
    expect(await page.$$('.qr-print .qr-corrected-mark')).not.toHaveLength(0);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ path: path.join(SHOTS, 'qr-print.pdf'), format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The break before 三、时效与满意度 makes at least two pages.
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(2);
    // What the sheet looks like in print, at A4 width (210 mm ≈ 794 px).
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: path.join(SHOTS, 'qr-print-a4.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(DESKTOP);
    expect(fs.statSync(path.join(SHOTS, 'qr-print-a4.png')).size).toBeGreaterThan(10_000);
  }, 60_000);

  it('offers the screen to compliance but not to an agent', async () => {
    await ui.signIn('comp01', { landing: '.topbar' });
    await openPanel();
    expect(await page.$('.qr-comment-input')).toBeNull();
    await ui.signIn('agent01', { landing: '.topbar' });
    const items = await page.$$eval('.side .t-menu__item', (els) => els.map((e) => (e.textContent ?? '').trim()));
    expect(items).not.toContain('季度报告');
  }, 60_000);
});
