import type { Page } from 'playwright-core';
import { bookBenefit, redemptionCode } from '../../core/benefits/memberUseCases';
import { DEMO_MEMBERS, seedDemoBenefits } from '../../server/local/demoData';
import { openAdminInChromium, PHONE, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * 会员权益 in real headless Chromium through the real gateway: the catalogue with basis and compliance
 * flag, a change scheduled and who was told, the booking calendar, and a partner's check-in by code.
 * Screenshots at 1366 and 390 px go to artifacts/screenshots/benefits-*.png.
 */
describe('benefits screens in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  let code = '';
  let earlyCode = '';
  const DESK = { width: 1366, height: 900 };
  const shots = async (name: string) => {
    await page.setViewportSize(DESK);
    await ui.shot(`${name}-1366`);
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
        // 张晓敏's demo booking (seedDemoBenefits) is days ahead: its code is refused until the day.
        const [ahead] = await h.system.benefits.benefits.bookingsOf(DEMO_MEMBERS[0].openid, 5);
        earlyCode = (await redemptionCode(h.system.benefits, DEMO_MEMBERS[0].openid, { bookingId: ahead.id })).code;
        // A visit of the same partner starting in a few minutes today, for the check-in that works.
        const at = new Date().toISOString();
        await h.system.benefits.benefits.saveBenefit(
          { ...(await h.system.benefits.benefits.getBenefit('checkup'))!, id: 'e2e-visit', name: '复查', quota: { count: 2, period: 'year' }, version: 1, createdAt: at, updatedAt: at },
          null,
          { actorId: 'e2e', actorRole: 'system', action: 'benefits.demoSeed', subjectType: 'benefit', subjectId: 'e2e-visit' },
        );
        const startsAt = new Date(Date.now() + 3 * 60_000).toISOString();
        const slot = { id: 'e2e-visit-today', benefitId: 'e2e-visit', startsAt, endsAt: new Date(Date.now() + 63 * 60_000).toISOString(), capacity: 2, booked: 0, version: 1 };
        await h.system.benefits.benefits.putSlot(slot, null, { actorId: 'e2e', actorRole: 'system', action: 'benefits.demoSeed', subjectType: 'benefitSlot', subjectId: slot.id });
        const booking = await bookBenefit(h.system.benefits, DEMO_MEMBERS[0].openid, {
          benefitId: 'e2e-visit',
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

  it('lets the benefits admin add a catalogue entry with its basis and compliance flag', async () => {
    await page.click('.bn-panel >> text=权益目录');
    await page.click('.bn-create');
    await page.waitForSelector('.bn-create-form');
    await page.fill('.bn-new-id input', 'tax-advice');
    await page.fill('.bn-new-name input', '个税咨询');
    await page.fill('.bn-new-description input', '专业税务顾问电话解答个税问题');
    await page.fill('.bn-new-place input', '电话咨询');
    await page.click('.bn-new-redemption');
    await page.click('.t-select-option >> text=出示核销码使用');
    await page.click('.bn-new-outside');
    await page.waitForSelector('.bn-new-outside.t-is-checked');
    await page.fill('.bn-new-basis-ref input', '条款第3条');
    await shots('create-form');
    // Outside the contract with a contract clause as basis: refused by the server, in words.
    await page.click('.bn-submit-create');
    await page.waitForSelector('.bn-create-form .bn-error');
    expect(await page.textContent('.bn-create-form .bn-error')).toContain('审批依据');
    await page.click('.bn-new-basis-kind >> text=审批');
    await page.fill('.bn-new-basis-ref input', '增值服务审批〔2026〕20号');
    await page.click('.bn-submit-create');
    await page.waitForSelector('.bn-entry:has-text("个税咨询")');
    expect(await page.locator('.bn-create-form').count()).toBe(0);
    const entry = await page.textContent('.bn-entry:has-text("个税咨询")');
    expect(entry).toContain('审批：增值服务审批〔2026〕20号');
    expect(entry).toContain('合同外增值服务');
    await shots('created');
    expect(ui.auditActions().filter((a) => a === 'benefits.create')).toHaveLength(1);
  }, 60_000);

  it('shows the booking calendar with capacity and masked names', async () => {
    await page.click('.bn-panel >> text=预约日历');
    await page.waitForSelector('.bn-slot');
    expect(await page.textContent('.bn-calendar')).toContain('张*敏');
    // Every count is the bookings listed under it (no places without a name behind them).
    for (const slot of await page.locator('.bn-slot').all()) {
      const booked = Number(/已约 (\d+) \//.exec((await slot.locator('.bn-slot-head').textContent()) ?? '')![1]);
      expect(await slot.locator('.bn-booking').count()).toBe(booked);
    }
    const number = /QY\d{8}-0001/.exec((await page.textContent('.bn-calendar')) ?? '')![0];
    // Found by the number a member quotes, typed loosely.
    await page.fill('.bn-find-number input', number.toLowerCase().replace('-000', ' '));
    await page.click('.bn-find-submit');
    await page.waitForSelector('.bn-found .bn-booking');
    expect(await page.textContent('.bn-found')).toContain('张*敏');
    expect(await page.textContent('.bn-found')).toContain(number);
    await shots('calendar');
  }, 60_000);

  it('lets a partner only check in, by code, once', async () => {
    await ui.signIn('partner01', { landing: '.bn-checkin' });
    expect(await page.locator('.side >> text=会员权益').count()).toBe(0);
    // Days before the appointment: refused with the reason, nothing changed.
    await page.fill('.bn-code input', `${earlyCode.slice(0, 4)} ${earlyCode.slice(4)}`);
    await page.click('.bn-checkin-submit');
    await page.waitForSelector('.bn-error');
    expect(await page.textContent('.bn-error')).toContain('只能在预约当天核销');
    await shots('checkin-not-due');
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
