import { myProfile } from '../../core/members/profile';
import { runDeadlineWatches } from '../../core/deadlines/watch';
import { dispatchOutbox } from '../../core/notifications/dispatcher';
import type { Caller } from '../../server/runtime/functionRuntime';
import { harness } from '../support/localHarness';
import { benefit, policyOf, seedBenefit, seedMember, seedSlot, setPolicies } from '../support/benefitFixtures';

const alice: Caller = { kind: 'member', openid: 'openid-alice' };
const bob: Caller = { kind: 'member', openid: 'openid-bob' };
const visitor: Caller = { kind: 'member', openid: 'openid-visitor' };
type H = ReturnType<typeof harness>;

const call = (h: H, who: Caller, action: string, data?: unknown) => h.call('benefits', who, data === undefined ? { action } : { action, data }) as Promise<any>;
const ok = async (p: Promise<any>) => {
  const res = await p;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
const key = (n: number) => `bk-key-${String(n).padStart(12, '0')}`;
const consent = { partner: '康体检中心', agree: true };
const TABLES = ['benefits', 'benefit_standings', 'benefit_grants', 'benefit_slots', 'benefit_bookings', 'benefit_changes', 'benefit_notices', 'outbox'];
const snapshot = (h: H) => JSON.stringify(TABLES.map((t) => h.system.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
const topics = (h: H) => (h.system.db.prepare('SELECT topic FROM outbox ORDER BY created_at, rowid').all() as { topic: string }[]).map((r) => r.topic);
const scan = (h: H) => runDeadlineWatches(h.system.deadlineWatches.filter((w) => w.area === 'benefits'), h.clock.now());

describe('the benefits function (会员权益) for members', () => {
  let h: H;
  beforeEach(async () => {
    // Wednesday 2026-11-25, 10:00 in Shanghai.
    h = harness('2026-11-25T02:00:00Z');
    await seedMember(h.system, 'openid-alice', [300_000], '张*敏');
    await seedMember(h.system, 'openid-bob', [300_000, 300_000], '李*国');
    await h.system.members.members.ensure({ id: 'openid-visitor', kind: 'visitor', policyNos: [], tier: 'visitor', version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    await seedBenefit(h.system, benefit());
    await seedBenefit(h.system, benefit({ id: 'legal', name: '法律咨询', kind: 'legalTax', redemption: 'code', partner: undefined, quota: { count: 2, period: 'quarter' }, validityDays: 90, place: '电话咨询', basis: { kind: 'contract', ref: '条款第12条' }, outsideContract: false }));
    await seedBenefit(h.system, benefit({ id: 'gold-lounge', name: '贵宾活动', kind: 'event', redemption: 'code', partner: undefined, eligibleTiers: ['gold'], place: '上海中心' }));
  });
  afterEach(() => h.close());

  it('refuses visitors and unknown callers with a coded Chinese message, for every action', async () => {
    for (const action of ['myTier', 'list', 'detail', 'slots', 'book', 'cancel', 'myBookings', 'redemptionCode']) {
      const data = action === 'myTier' || action === 'list' || action === 'myBookings' ? {} : action === 'book' ? { benefitId: 'legal', idempotencyKey: key(1) } : action === 'detail' || action === 'slots' ? { benefitId: 'checkup' } : { bookingId: 'bk0000000000' };
      const res = await call(h, visitor, action, data);
      expect(res).toMatchObject({ ok: false, error: { code: 'BENEFITS.BINDING_REQUIRED', message: expect.stringContaining('绑定保单') } });
      expect(await call(h, { kind: 'member', openid: 'openid-nobody' }, action, data)).toMatchObject({ ok: false, error: { code: 'BENEFITS.BINDING_REQUIRED' } });
    }
    expect(await call(h, { kind: 'timer' }, 'myTier', {})).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  it('shows the tier, what the next one needs and the review date; lists benefits with what the member holds', async () => {
    const tier = await ok(call(h, alice, 'myTier', {}));
    expect(tier).toMatchObject({ tier: 'standard', tierLabel: '普通会员', nextTier: { tier: 'silver', needs: expect.stringContaining('2份有效保单') }, reviewedAtText: '2026-11-25', nextReviewText: '2027-01-01' });
    const list = await ok(call(h, alice, 'list', {}));
    const byId = Object.fromEntries(list.items.map((i: any) => [i.id, i]));
    expect(byId.checkup).toMatchObject({ eligible: true, granted: 1, used: 0, remaining: 1, quotaText: '每年1次', expiresText: '2026-12-31到期' });
    expect(byId.legal).toMatchObject({ eligible: true, remaining: 2, quotaText: '每季度2次', expiresText: '2026-12-31到期' });
    expect(byId['gold-lounge']).toMatchObject({ eligible: false, remaining: 0 });
    const detail = await ok(call(h, alice, 'detail', { benefitId: 'checkup' }));
    expect(detail).toMatchObject({ basisText: expect.stringContaining('增值服务'), consentNeeded: { partner: '康体检中心' }, needsSlot: true });
  });

  it('books a slot with the separate consent naming the partner, confirms it, and shows a single-use QR code', async () => {
    const slot = await seedSlot(h.system, 'checkup', '2026-12-02T01:00:00.000Z', 3);
    const slots = await ok(call(h, alice, 'slots', { benefitId: 'checkup' }));
    expect(slots.items).toEqual([expect.objectContaining({ id: slot.id, left: 3, open: true, timeText: '2026-12-02 09:00–10:00' })]);
    const booking = await ok(call(h, alice, 'book', { benefitId: 'checkup', slotId: slot.id, idempotencyKey: key(1), partnerConsent: consent }));
    expect(booking).toMatchObject({ status: 'booked', statusLabel: '已预约', name: '年度体检', canCancel: true, number: expect.stringMatching(/^QY20261125-/) });
    // A retry with the same key is the same booking; nothing more is taken.
    expect((await ok(call(h, alice, 'book', { benefitId: 'checkup', slotId: slot.id, idempotencyKey: key(1), partnerConsent: consent }))).id).toBe(booking.id);
    const stored = h.system.db.prepare('SELECT doc FROM benefit_bookings').all() as { doc: string }[];
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0].doc)).toMatchObject({ partnerConsent: { partner: '康体检中心', at: '2026-11-25T02:00:00.000Z' }, memberNameMasked: '张*敏' });
    expect(topics(h)).toEqual(['benefits.booked']);
    const mine = await ok(call(h, alice, 'myBookings', {}));
    expect(mine.items).toEqual([expect.objectContaining({ id: booking.id, timeText: '2026-12-02 09:00–10:00', canShowCode: true })]);
    const code = await ok(call(h, alice, 'redemptionCode', { bookingId: booking.id }));
    expect(code).toMatchObject({ code: expect.stringMatching(/^\d{8}$/), qr: expect.stringMatching(/^data:image\/svg\+xml;base64,/), ttlSeconds: 600 });
    expect(Buffer.from(code.qr.split(',')[1], 'base64').toString()).toContain('<svg');
    // Only the hash is kept.
    expect(JSON.stringify(h.system.db.prepare('SELECT doc FROM benefit_bookings').all())).not.toContain(code.code);
  });

  it('refuses every bad input with its own code and Chinese message, and changes nothing', async () => {
    const past = await seedSlot(h.system, 'checkup', '2026-11-25T01:00:00.000Z', 3);
    const full = await seedSlot(h.system, 'checkup', '2026-12-03T01:00:00.000Z', 2, 2);
    const open = await seedSlot(h.system, 'checkup', '2026-12-04T01:00:00.000Z', 2);
    const far = await seedSlot(h.system, 'checkup', '2027-03-01T01:00:00.000Z', 2);
    // Bob's booking, and Alice's legal uses spent (2 a quarter).
    const bobs = await ok(call(h, bob, 'book', { benefitId: 'checkup', slotId: open.id, idempotencyKey: key(50), partnerConsent: consent }));
    await ok(call(h, alice, 'book', { benefitId: 'legal', idempotencyKey: key(60) }));
    await ok(call(h, alice, 'book', { benefitId: 'legal', idempotencyKey: key(61) }));
    // An expired grant: a once-only benefit valid 1 day, granted yesterday.
    await seedBenefit(h.system, benefit({ id: 'flash', name: '限时咨询', redemption: 'code', partner: undefined, quota: { count: 1, period: 'once' }, validityDays: 1 }));
    h.clock.set('2026-11-24T02:00:00Z');
    await ok(call(h, alice, 'list', {}));
    h.clock.set('2026-11-25T02:00:00Z');

    const cases: [string, Caller, string, unknown, string][] = [
      ['slot in the past', alice, 'book', { benefitId: 'checkup', slotId: past.id, idempotencyKey: key(2), partnerConsent: consent }, 'BENEFITS.SLOT_PAST'],
      ['slot full', alice, 'book', { benefitId: 'checkup', slotId: full.id, idempotencyKey: key(3), partnerConsent: consent }, 'BENEFITS.SLOT_FULL'],
      ['slot beyond the horizon', alice, 'book', { benefitId: 'checkup', slotId: far.id, idempotencyKey: key(4), partnerConsent: consent }, 'BENEFITS.SLOT_TOO_FAR'],
      ['slot of another benefit', alice, 'book', { benefitId: 'legal', slotId: open.id, idempotencyKey: key(5) }, 'BENEFITS.SLOT_NOT_APPLICABLE'],
      ['no slot for a booked benefit', alice, 'book', { benefitId: 'checkup', idempotencyKey: key(6), partnerConsent: consent }, 'BENEFITS.SLOT_REQUIRED'],
      ['unknown slot', alice, 'book', { benefitId: 'checkup', slotId: 'checkup-nope', idempotencyKey: key(7), partnerConsent: consent }, 'BENEFITS.SLOT_NOT_FOUND'],
      ['quota used up', alice, 'book', { benefitId: 'legal', idempotencyKey: key(8) }, 'BENEFITS.QUOTA_USED'],
      ['expired benefit', alice, 'book', { benefitId: 'flash', idempotencyKey: key(9) }, 'BENEFITS.EXPIRED'],
      ['not eligible', alice, 'book', { benefitId: 'gold-lounge', idempotencyKey: key(10) }, 'BENEFITS.NOT_ELIGIBLE'],
      ['no consent naming the partner', alice, 'book', { benefitId: 'checkup', slotId: open.id, idempotencyKey: key(11) }, 'BENEFITS.PARTNER_CONSENT_REQUIRED'],
      ['consent naming another partner', alice, 'book', { benefitId: 'checkup', slotId: open.id, idempotencyKey: key(12), partnerConsent: { partner: '别家', agree: true } }, 'BENEFITS.PARTNER_CONSENT_MISMATCH'],
      ['consent not given', alice, 'book', { benefitId: 'checkup', slotId: open.id, idempotencyKey: key(13), partnerConsent: { partner: '康体检中心', agree: false } }, 'REQUEST.INVALID'],
      ['key reused for another booking', bob, 'book', { benefitId: 'legal', idempotencyKey: key(50) }, 'BENEFITS.IDEMPOTENCY_KEY_REUSED'],
      ['unknown benefit', alice, 'detail', { benefitId: 'nope' }, 'BENEFITS.NOT_FOUND'],
      ["someone else's booking: cancel", alice, 'cancel', { bookingId: bobs.id }, 'BENEFITS.BOOKING_NOT_FOUND'],
      ["someone else's booking: code", alice, 'redemptionCode', { bookingId: bobs.id }, 'BENEFITS.BOOKING_NOT_FOUND'],
      ['oversized key', alice, 'book', { benefitId: 'legal', idempotencyKey: 'k'.repeat(65) }, 'REQUEST.INVALID'],
      ['oversized partner text', alice, 'book', { benefitId: 'checkup', slotId: open.id, idempotencyKey: key(14), partnerConsent: { partner: '瑞'.repeat(41), agree: true } }, 'REQUEST.INVALID'],
      ['unknown field', alice, 'book', { benefitId: 'legal', idempotencyKey: key(15), note: 'x' }, 'REQUEST.INVALID'],
      ['wrong type', alice, 'slots', { benefitId: 42 }, 'REQUEST.INVALID'],
      ['input on a no-input action', alice, 'myTier', { x: 1 }, 'REQUEST.INVALID'],
      ['control characters in an id', alice, 'detail', { benefitId: 'check\u202eup' }, 'REQUEST.INVALID'],
    ];
    for (const [what, who, action, data, code] of cases) {
      const before = snapshot(h);
      const res = await call(h, who, action, data);
      expect([what, res.ok, res.error?.code]).toEqual([what, false, code]);
      expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/);
      expect([what, snapshot(h)]).toEqual([what, before]);
    }
  });

  it('cancels up to the cut-off only, giving back the place and the use, and the member is told', async () => {
    const soon = await seedSlot(h.system, 'checkup', '2026-11-26T01:00:00.000Z', 1);
    const later = await seedSlot(h.system, 'checkup', '2026-12-05T01:00:00.000Z', 1);
    const b1 = await ok(call(h, alice, 'book', { benefitId: 'checkup', slotId: soon.id, idempotencyKey: key(1), partnerConsent: consent }));
    expect(b1.canCancel).toBe(false);
    const before = snapshot(h);
    expect(await call(h, alice, 'cancel', { bookingId: b1.id })).toMatchObject({ ok: false, error: { code: 'BENEFITS.CANCEL_TOO_LATE', message: expect.stringContaining('24小时') } });
    expect(snapshot(h)).toBe(before);
    const b2 = await ok(call(h, bob, 'book', { benefitId: 'checkup', slotId: later.id, idempotencyKey: key(2), partnerConsent: consent }));
    expect(await ok(call(h, bob, 'cancel', { bookingId: b2.id }))).toMatchObject({ status: 'cancelled', canCancel: false, canShowCode: false });
    expect(await call(h, bob, 'cancel', { bookingId: b2.id })).toMatchObject({ ok: false, error: { code: 'BENEFITS.NOT_CANCELLABLE' } });
    expect(await call(h, bob, 'redemptionCode', { bookingId: b2.id })).toMatchObject({ ok: false, error: { code: 'BENEFITS.BOOKING_CLOSED' } });
    expect((await ok(call(h, bob, 'slots', { benefitId: 'checkup' }))).items.find((s: any) => s.id === later.id)).toMatchObject({ left: 1 });
    expect((await ok(call(h, bob, 'list', {}))).items.find((i: any) => i.id === 'checkup')).toMatchObject({ used: 0, remaining: 1 });
    expect(topics(h)).toEqual(['benefits.booked', 'benefits.booked', 'benefits.cancelled']);
  });

  it('upgrades the tier at once, and schedules a downgrade for the yearly review with notice, applied by the timer', async () => {
    await ok(call(h, alice, 'myTier', {}));
    // A second policy: silver at once, announced.
    await setPolicies(h.system, 'openid-alice', [policyOf('P-openid-alice-0', 300_000, 'inForce', 'openid-alice'), policyOf('P-openid-alice-9', 100_000, 'inForce', 'openid-alice')]);
    expect(await ok(call(h, alice, 'myTier', {}))).toMatchObject({ tier: 'silver', sinceText: '2026-11-25' });
    expect(topics(h)).toEqual(['benefits.tierChanged']);
    // It lapses on 2026-12-10: the review of 2027-01-01 is under 30 days away, so the downgrade waits for 2028-01-01.
    h.clock.set('2026-12-10T02:00:00Z');
    await setPolicies(h.system, 'openid-alice', [policyOf('P-openid-alice-0', 300_000, 'inForce', 'openid-alice'), policyOf('P-openid-alice-9', 100_000, 'lapsed', 'openid-alice')]);
    expect(await ok(call(h, alice, 'myTier', {}))).toMatchObject({ tier: 'silver', downgrade: { to: 'standard', effectiveText: '2028-01-01' } });
    expect(await ok(call(h, alice, 'myTier', {}))).toMatchObject({ tier: 'silver' });
    expect(topics(h)).toEqual(['benefits.tierChanged', 'benefits.tierDowngradeNotice']);
    // The member record follows the policies at once (binding.ts); the home shows the tier the benefits keep, and why.
    const m = (await h.system.members.members.get('openid-alice'))!;
    await h.system.members.members.saveBindings({ ...m, tier: 'standard', version: m.version + 1 }, m.version, []);
    // (The fixture's names are not really sealed: the profile opens them with a stand-in.)
    expect(await myProfile({ ...h.system.members, box: { ...h.system.members.box, open: () => '张敏' } }, 'openid-alice')).toMatchObject({
      tier: 'silver',
      tierNotice: '根据年度评定，您的会员等级将于2028-01-01调整为普通会员，此前权益不变',
    });
    // The 2027 review keeps silver (the notice period had not run); the 2028 review applies it.
    h.clock.set('2027-01-01T00:00:00Z');
    await scan(h);
    expect((await h.system.benefits.benefits.getStanding('openid-alice'))!).toMatchObject({ tier: 'silver', nextReviewAt: '2027-12-31T16:00:00.000Z' });
    h.clock.set('2028-01-01T00:00:00Z');
    const [run] = await scan(h);
    expect(run.report?.extra).toMatchObject({ tierReviews: 1 });
    expect(await ok(call(h, alice, 'myTier', {}))).toMatchObject({ tier: 'standard', downgrade: undefined });
    expect(topics(h)).toEqual(['benefits.tierChanged', 'benefits.tierDowngradeNotice', 'benefits.tierChanged']);
  });

  it('tells a member who never opens the page of a coming downgrade 45 days before the review, then applies it', async () => {
    await ok(call(h, bob, 'myTier', {})); // silver, reviewed 2026-11-25; next look at the 2027-01-01 review
    h.clock.set('2027-01-01T00:00:00Z');
    await scan(h); // the review: nothing changes; the next look is 45 days before the 2028 review
    expect(await h.system.benefits.benefits.getStanding('openid-bob')).toMatchObject({ tier: 'silver', nextCheckAt: '2027-11-16T16:00:00.000Z' });
    // One of his policies lapses in the register in October; he does not open the benefits.
    h.clock.set('2027-10-01T02:00:00Z');
    await setPolicies(h.system, 'openid-bob', [policyOf('P-openid-bob-0', 300_000, 'inForce', 'openid-bob'), policyOf('P-openid-bob-1', 300_000, 'lapsed', 'openid-bob')]);
    h.clock.set('2027-11-16T16:00:00Z');
    await scan(h);
    await scan(h);
    expect(topics(h).filter((t) => t.startsWith('benefits.tier'))).toEqual(['benefits.tierDowngradeNotice']);
    expect(await h.system.benefits.benefits.getStanding('openid-bob')).toMatchObject({ tier: 'silver', downgrade: { to: 'standard', effectiveAt: '2027-12-31T16:00:00.000Z' } });
    h.clock.set('2027-12-31T16:00:00Z');
    await scan(h);
    expect(await h.system.benefits.benefits.getStanding('openid-bob')).toMatchObject({ tier: 'standard' });
    expect(topics(h).filter((t) => t.startsWith('benefits.tier'))).toEqual(['benefits.tierDowngradeNotice', 'benefits.tierChanged']);
  });

  it('reminds the day before at 09:00 and tells of unused uses before they expire, each once', async () => {
    const slot = await seedSlot(h.system, 'checkup', '2026-11-28T06:00:00.000Z', 3);
    await ok(call(h, alice, 'book', { benefitId: 'checkup', slotId: slot.id, idempotencyKey: key(1), partnerConsent: consent }));
    await ok(call(h, bob, 'list', {}));
    h.clock.set('2026-11-27T00:59:00Z');
    await scan(h);
    expect(topics(h)).toEqual(['benefits.booked']);
    h.clock.set('2026-11-27T01:00:00Z');
    await scan(h);
    await scan(h);
    expect(topics(h)).toEqual(['benefits.booked', 'benefits.reminder']);
    // Bob's unused uses (check-up; legal, 2 this quarter) expire at the end of the year: told 7 days before, once.
    // Alice's check-up is booked (no use left to lose): nothing to tell her.
    h.clock.set('2026-12-24T16:00:00Z');
    await scan(h);
    await scan(h);
    const expiring = h.system.db.prepare("SELECT member_id, payload FROM outbox WHERE topic = 'benefits.expiring' ORDER BY member_id").all() as { member_id: string; payload: string }[];
    expect(expiring.map((r) => r.member_id)).toEqual(['openid-bob', 'openid-bob']);
    expect(expiring.map((r) => JSON.parse(r.payload).detail.name).sort()).toEqual(['年度体检', '法律咨询']);
    // The push is fitted to its template, filed in the message centre.
    await dispatchOutbox(h.system.notify);
    const titles = (h.system.db.prepare("SELECT title FROM member_messages WHERE member_id = 'openid-bob'").all() as { title: string }[]).map((r) => r.title);
    expect(titles).toContain('权益即将到期');
  });
});
