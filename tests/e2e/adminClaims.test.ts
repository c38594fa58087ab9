import type { Page } from 'playwright-core';
import { recordAssessment, requestDocuments } from '../../core/claims/lifecycle';
import { attachDocuments, saveDraft, submitClaim } from '../../core/claims/memberUseCases';
import { contextOf, saveChange } from '../../core/claims/persist';
import { claimPolicy, PDF, seedClaimant } from '../support/claimFixtures';
import { openAdminInChromium, type AdminInChromium } from './browserHarness';

const handler = { id: 'staff-claims-01', name: '钱理赔', role: 'claimsHandler' };

/**
 * 理赔工作台 in real headless Chromium through the real gateway: the queue by due time, a claim with its
 * clocks, checklist and timeline, a decision; nothing wider than the phone. Screenshots at 1366 and
 * 390 px go to artifacts/screenshots/claims-*.png.
 */
describe('claims screen in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  const noSidewaysScroll = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1');

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'claims-',
      viewport: { width: 1366, height: 900 },
      seed: async (h) => {
        await seedClaimant(h.system, 'openid-alice', [claimPolicy(h.system, 'P2026000123', 'openid-alice')]);
        const d = h.system.claims;
        const report = async (key: string, description: string) => {
          const draft = await saveDraft(d, 'openid-alice', { idempotencyKey: `e2e-claim-draft-${key}`, policyNo: 'P2026000123', insuredIndex: 1, claimType: 'hospital', incidentDate: '2026-11-20', place: '上海市儿童医院', description });
          return (await submitClaim(d, 'openid-alice', { id: draft.claim.id, idempotencyKey: `e2e-claim-submit-${key}` })).claim.id;
        };
        const staff = h.system.admin.claims!;
        const a = await report('0001', '孩子肺炎住院五天，已出院，发票齐全');
        let c = (await staff.store.get(a))!;
        await saveChange(staff, c, recordAssessment(contextOf(staff), c, handler, '住院费用在保障范围内，材料齐全'));
        const b = await report('0002', '孩子支气管炎住院三天，出院小结还没拿到');
        c = (await staff.store.get(b))!;
        await saveChange(staff, c, requestDocuments(contextOf(staff), c, handler, { items: ['discharge', 'diagnosis'], note: '请上传出院小结和诊断证明' }));
        // Reported with the claim form only: the handler has yet to send the one art-22 notice.
        const fresh = await report('0003', '孩子手足口病住院四天，已出院');
        await attachDocuments(d, 'openid-alice', { id: fresh, item: 'claimForm', fileIds: [h.system.files.save('openid-alice', PDF, '申请书.pdf')] });
      },
    });
    ({ page } = ui);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('shows the claims handler the queue by due time, a claim with its clocks, and records a decision', async () => {
    await ui.signIn('claims01', { landing: '.claims-queue' });
    await page.waitForSelector('.claims-queue tbody tr');
    expect(await page.textContent('.claims-queue')).toContain('审核中');
    expect(await page.textContent('.claims-queue')).toContain('待补充材料');
    await ui.shots('queue');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.click('.claims-queue tbody tr >> text=审核中');
    await page.waitForSelector('.claims-detail .lp-decide');
    expect(await page.textContent('.claims-detail')).toContain('法定核定时限（保险法第二十三条）');
    // 理算 line by line: the page works the amount out with the same function the server uses.
    await page.fill('.lp-decide input[placeholder^="费用项目"]', '住院医疗费');
    await page.fill('.lp-decide input[placeholder^="申请金额"]', '8600.50');
    await page.fill('.lp-decide input[placeholder^="扣除金额"]', '300');
    expect(await page.textContent('.lp-calc-result')).toBe('请写明“住院医疗费”扣除费用的原因');
    await page.fill('.lp-decide input[placeholder^="扣除原因"]', '自费药品');
    await page.fill('.lp-decide input[placeholder^="免赔额"]', '100');
    expect(await page.textContent('.lp-calc-result')).toBe('(8,600.50 − 300.00 − 100.00) × 100% = 8,200.50 元 → 核定 8,200.50 元');
    await page.fill('.lp-decide textarea', '条款第三条 住院医疗保险金');
    await ui.shots('detail');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 900 });
    // An amount that is not one: the refusal names the line and the box, beside the button and under the box.
    await page.fill('.lp-decide input[placeholder^="申请金额"]', '8600元');
    await page.click('.lp-decide button:has-text("作出决定")');
    await page.waitForSelector('.lp-decide .lp-action-error');
    expect(await page.textContent('.lp-decide .lp-action-error')).toBe('理算明细第1项 · 申请金额格式不正确');
    expect(await page.textContent('.lp-calc-line:first-child .t-input__tips')).toBe('理算明细第1项 · 申请金额格式不正确');
    await ui.shots('calculation-error');
    await page.fill('.lp-decide input[placeholder^="申请金额"]', '8600.50');
    await page.click('.lp-decide button:has-text("作出决定")');
    await page.waitForSelector('.claims-done');
    expect(await page.textContent('.claims-detail')).toContain('已决定');
    expect(ui.auditActions()).toEqual(expect.arrayContaining(['claim.read', 'claim.decide']));
  }, 60_000);

  it('shows each checklist item’s state in the notice, keeps 发送 disabled until one is ticked, and says what is wrong beside the button', async () => {
    await ui.signIn('claims01', { landing: '.claims-queue' });
    await page.waitForSelector('.claims-queue tbody tr');
    await page.click('.claims-queue tbody tr >> text=已报案');
    await page.waitForSelector('.claims-detail .lp-request');
    const request = '.claims-detail .lp-request';
    expect(await page.textContent(request)).toContain('理赔申请书（已上传）');
    expect(await page.textContent(request)).toContain('收款银行卡（未提交）');
    // TDesign renders a disabled Button as a div with t-is-disabled.
    const send = `${request} > .t-button`;
    const disabled = async () => ((await page.getAttribute(send, 'class')) ?? '').includes('t-is-disabled');
    expect(await disabled()).toBe(true);
    await page.click(`${request} .t-checkbox:has-text("收款银行卡")`);
    expect(await disabled()).toBe(false);
    // A note over 300 characters: the field's own message appears beside the button, not a page away.
    await page.fill(`${request} input[placeholder^="给会员的说明"]`, '请'.repeat(301));
    await page.click(send);
    await page.waitForSelector(`${request} .lp-action-error`);
    expect(await page.textContent(`${request} .lp-action-error`)).toContain('说明');
    expect(await page.$('.claims-error')).toBeNull();
    await ui.shots('request-error');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 60_000);
});
