import { config } from '../../miniprogram/config';
import { benefit, seedBenefit, seedMember, seedSlot } from '../support/benefitFixtures';
import { all, loadPage, standIn, startBackend, text, until } from './pageHarness';

/** The benefits subpackage against the real gateway: the tier card and list, booking with the slot picker, my bookings with the code. */
describe('会员权益 pages', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeEach(async () => {
    // Wednesday 2026-11-25, 10:00 in Shanghai.
    backend = await startBackend('2026-11-25T02:00:00Z');
    config.devOpenid = 'demo-member-alice';
    await seedMember(backend.system, 'demo-member-alice', [300_000], '张*敏');
    await seedBenefit(backend.system, benefit());
    await seedBenefit(backend.system, benefit({ id: 'legal', name: '法律咨询', kind: 'legalTax', redemption: 'code', partner: undefined, eligibleTiers: ['gold'], place: '电话咨询' }));
    await seedSlot(backend.system, 'checkup', '2026-11-27T01:00:00.000Z', 2, 2);
    await seedSlot(backend.system, 'checkup', '2026-11-27T06:00:00.000Z', 3);
  });
  afterEach(async () => {
    config.devOpenid = 'demo-member-alice';
    await backend.stop();
  });

  it('shows the tier card with the next tier and every benefit with what is left', async () => {
    const page = loadPage('benefits');
    page.instance.onShow();
    await until(() => page.data.items.length > 0);
    expect(text(page, '.tier-label')).toBe('普通会员');
    expect(text(page, '.next-tier')).toContain('升级银卡会员');
    expect(all(page, '.benefit .name').map((e) => e.textContent)).toEqual(['年度体检', '法律咨询']);
    expect(text(page, '.benefit .usage')).toContain('剩余 1/1 次');
    expect(all(page, '.benefit.locked')).toHaveLength(1);
  });

  it('shows a visitor the bind prompt, not an error', async () => {
    config.devOpenid = 'demo-member-visitor';
    const page = loadPage('benefits');
    page.instance.onShow();
    await until(() => page.data.needsBinding === true);
    expect(all(page, '.bind-prompt')).toHaveLength(1);
    expect(all(page, '.failure')).toHaveLength(0);
  });

  it('books a slot only with a time picked and the consent ticked, then shows the code in my bookings', async () => {
    const page = loadPage('benefit-detail');
    page.instance.onLoad({ id: 'checkup' });
    await until(() => Boolean(page.data.detail) && page.data.days.length > 0);
    expect(all(page, '.day').map((e) => e.textContent)).toEqual(['11/27 周五']);
    expect(all(page, '.slot .seats').map((e) => e.textContent)).toEqual(['已约满', '余3']);
    page.instance.onBook();
    await until(() => page.data.formError !== '');
    expect(text(page, '.error')).toBe('请先选择预约时段');
    // The full slot cannot be picked.
    page.instance.onSlot({ currentTarget: { dataset: { id: 'x', open: false } } } as never);
    expect(page.data.slotId).toBe('');
    const open = page.data.days[0].slots[1].id;
    page.instance.onSlot({ currentTarget: { dataset: { id: open, open: true } } } as never);
    page.instance.onBook();
    await until(() => page.data.formError.includes('康体检中心'));
    page.instance.onConsent();
    await page.instance.onBook();
    await until(() => Boolean(page.data.booked));
    expect(text(page, '.booked .title')).toBe('预约成功');
    expect(standIn.calls('requestSubscribeMessage')).toHaveLength(1);

    const mine = loadPage('my-bookings');
    mine.instance.onLoad({});
    mine.instance.onShow();
    await until(() => mine.data.items.length === 1);
    expect(text(mine, '.booking .when')).toBe('2026-11-27 14:00–15:00');
    await mine.instance.onShowCode({ currentTarget: { dataset: { id: mine.data.items[0].id } } } as never);
    await until(() => Boolean(mine.data.code));
    expect(text(mine, '.digits')).toMatch(/^\d{4} \d{4}$/);
    expect(all(mine, '.qr')).toHaveLength(1);
    expect(mine.data.code!.qr).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('cancels after the member confirms, and the booking shows as cancelled', async () => {
    const page = loadPage('benefit-detail');
    page.instance.onLoad({ id: 'checkup' });
    await until(() => page.data.days.length > 0);
    page.instance.onSlot({ currentTarget: { dataset: { id: page.data.days[0].slots[1].id, open: true } } } as never);
    page.instance.onConsent();
    await page.instance.onBook();
    await until(() => Boolean(page.data.booked));
    const mine = loadPage('my-bookings');
    mine.instance.onLoad({});
    mine.instance.onShow();
    await until(() => mine.data.items.length === 1);
    standIn.confirmDialogs = true;
    await mine.instance.onCancel({ currentTarget: { dataset: { id: mine.data.items[0].id } } } as never);
    await until(() => mine.data.items[0]?.status === 'cancelled');
    expect(text(mine, '.booking .tag')).toBe('已取消');
    expect(all(mine, '.show-code')).toHaveLength(0);
  });
});
