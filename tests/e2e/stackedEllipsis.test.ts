import type { Page } from 'playwright-core';
import { seedDemoIncidents } from '../../server/local/demoData';
import { DESKTOP, openAdminInChromium, PHONE, seedDemo, type AdminInChromium } from './browserHarness';

/** A description far longer than a card line: the 摘要 cell of the incidents list has to cut it. */
const LONG =
  '客服中心共享打印机的扫描件自动转发规则配置错误，连续三天将会员理赔申请书、病历首页和银行卡复印件的扫描件发送到已离职员工的外部邮箱，' +
  '邮箱服务商已协助冻结账户，正在逐份核对受影响的会员名单并准备通知函，同时排查其他打印机是否存在同样的转发规则。';

/**
 * A list cell that cuts its text says so with "…" (the incident title, core/incidents/counts.ts, and the
 * ellipsis column of admin/src/StackedTable.tsx): the incidents list with a long description at 390 and
 * 1366 px, screenshots
 * artifacts/screenshots/ellipsis-incidents-{390,1366}.png.
 */
describe('cut text in a list ends with an ellipsis', () => {
  let ui: AdminInChromium;
  let page: Page;

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'ellipsis-',
      seed: async (h) => {
        await seedDemo(h);
        await seedDemoIncidents(h.system.admin.incidents!, h.system.admin.audit as never);
        const { incidentActions } = await import('../../core/incidents/staffActions');
        const { performStaffAction } = await import('../../core/staff/actions');
        const at = new Date(Date.now() + 8 * 3600_000 - 2 * 3600_000).toISOString().slice(0, 16);
        await performStaffAction(incidentActions.record, { incidents: h.system.admin.incidents! }, { id: 'staff-comp-01', role: 'compliance', name: '合规 陈静' }, {
          idempotencyKey: 'e2e-long-incident-000001',
          kind: 'misdelivery',
          occurredAt: at,
          description: LONG,
          affectedMembers: 12,
          severity: 'high',
        });
      },
    });
    ({ page } = ui);
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
  });

  /** How the 摘要 cell of the long incident is drawn: its text, and whether the element that cuts it shows "…". */
  const summaryCell = () =>
    page.evaluate(() => {
      const row = Array.from(document.querySelectorAll('.incidents-list tbody tr')).find((tr) => tr.textContent?.includes('扫描件自动转发'))!;
      const td = row.querySelector('td[data-label="摘要"]')!;
      const cut = (td.querySelector('.t-text-ellipsis') ?? td) as HTMLElement;
      const style = getComputedStyle(cut);
      return { text: cut.textContent ?? '', textOverflow: style.textOverflow, fits: cut.getBoundingClientRect().right <= td.getBoundingClientRect().right + 1 };
    });

  it('at 390 and 1366 px the long description is cut with "…"', async () => {
    await ui.signIn('comp01', { landing: '.side' });
    await page.click('.side >> text=安全事件');
    await page.waitForSelector('.incidents-list tr:has-text("扫描件自动转发")');
    for (const [name, viewport] of [['390', PHONE], ['1366', DESKTOP]] as const) {
      await page.setViewportSize(viewport);
      await ui.shot(`incidents-${name}`);
      const cell = await summaryCell();
      // The title carries the start of the description: cut there, it says so; cut again by the cell, "…" too.
      expect({ name, ends: cell.text.slice(-1), textOverflow: cell.textOverflow, fits: cell.fits }).toEqual({ name, ends: '…', textOverflow: 'ellipsis', fits: true });
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
    }
  }, 90_000);
});
