import type { Page } from 'playwright-core';
import { bookBenefit, redemptionCode } from '../../core/benefits/memberUseCases';
import { DEMO_MEMBERS, seedDemoBenefits } from '../../server/local/demoData';
import { openAdminInChromium, PHONE, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * 会员权益 in real headless Chromium through the real gateway: the catalogue with basis and compliance
 * flag, a change scheduled and who was told, the booking calendar, and a partner's check-in by code.
 * Screenshots at 1280 and 390 px go to artifacts/screenshots/benefits-*.png.
 */
describe('benefits screens in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  let code = '';
  const DESK = { width: 1280, height: 900 };
  const shots = async (name: string) => {
    await page.setViewportSize(DESK);
    await ui.shot(`${name}-1280`);
    await page.setViewportSize(PHONE);
    await ui.shot(`${name}-390`);
    // Nothing wider than the phone: no sideways scrolling at 390 px.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESK);
  };

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'benefits-',
      seed: async (h) => {
        await seedDemo(h);
        await seedDemoBenefits(h.system.benefits);
        const slot = (await h.system.benefits.benefits.slotsOf('checkup', new Date().toISOString(), '2100-01-01', 10))[1];
        const booking = await bookBenefit(h.system.benefits, DEMO_MEMBERS[0].openid, {
          benefitId: 'checkup',
          slotId: slot.id,
          idempotencyKey: 'e2e-benefit-booking-01',
          partnerConsent: { partner: '康体检中心', agree: true },
        });
        code = (await redemptionCode(h.system.benefits, DEMO_MEMBERS[0].openid, { bookingId: booking.id })).code;
      },
    });
    ({ page } = ui);
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('shows the benefits admin the catalogue with basis and compliance flag, and schedules a change that is held to the notice period', async () => {
    await ui.signIn('benefits01', { landing: '.side' });
    await page.click('.side >> text=会员权益');
    await page.waitForSelector('.bn-entry');
    expect(await page.textContent('.bn-panel')).toContain('保险法第116条');
    expect(await page.textContent('.bn-panel')).toContain('审批：增值服务审批〔2026〕12号');
    await shots('catalogue');

    await page.click('.bn-entry:has-text("健康咨询") .bn-schedule');
    const soon = new Date(Date.now() + 8 * 3600_000 + 10 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('.bn-change-form .bn-date input', soon);
    await page.fill('.bn-change-form .bn-count input >> nth=0', '1');
    await page.click('.bn-submit-change');
    await page.waitForSelector('.bn-error');
    expect(await page.textContent('.bn-error')).toContain('至少提前30天');
    const later = new Date(Date.now() + 8 * 3600_000 + 40 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('.bn-change-form .bn-date input', later);
    await page.click('.bn-submit-change');
    await page.waitForSelector('.bn-change:has-text("次数由每季度2次调整为每季度1次")');
    await shots('change-scheduled');

    // The timer announces it; the list shows who was told (masked) and when.
    await ui.h.system.deadlineWatches.find((w) => w.area === 'benefits')!.scan(new Date(), 400);
    await page.click('.side >> text=权益核销');
    await page.click('.side >> text=会员权益');
    await page.click('.bn-change:has-text("每季度1次") .bn-told');
    await page.waitForSelector('.bn-told-list >> text=张*敏');
    await shots('who-was-told');
    expect(ui.auditActions().filter((a) => a.startsWith('benefits.change'))).toEqual(['benefits.change.schedule']);
  }, 90_000);

  it('shows the booking calendar with capacity and masked names', async () => {
    await page.click('.bn-panel >> text=预约日历');
    await page.waitForSelector('.bn-slot');
    expect(await page.textContent('.bn-calendar')).toContain('张*敏');
    expect(await page.textContent('.bn-calendar')).toContain('已约 5 / 6');
    await shots('calendar');
  }, 60_000);

  it('lets a partner only check in, by code, once', async () => {
    await ui.signIn('partner01', { landing: '.bn-checkin' });
    expect(await page.locator('.side >> text=会员权益').count()).toBe(0);
    await page.fill('.bn-code input', `${code.slice(0, 4)} ${code.slice(4)}`);
    await page.click('.bn-checkin-submit');
    await page.waitForSelector('.bn-done');
    expect(await page.textContent('.bn-done')).toContain('张*敏');
    expect(await page.textContent('.bn-done')).not.toContain('张晓敏');
    await shots('checked-in');
    await page.fill('.bn-code input', code);
    await page.click('.bn-checkin-submit');
    await page.waitForSelector('.bn-error');
    expect(await page.textContent('.bn-error')).toContain('已使用');
    expect(ui.auditActions().filter((a) => a === 'benefits.checkIn')).toHaveLength(1);
  }, 60_000);
});
