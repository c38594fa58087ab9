import fs from 'node:fs';
import path from 'node:path';
import { seedDemoBenefits, seedDemoMembers } from '../../server/local/demoData';
import { runDeadlineWatches } from '../../core/deadlines/watch';
import { dispatchOutbox } from '../../core/notifications/dispatcher';
import { STAFF_AREAS } from '../../server/runtime/admin/areas';
import { mayCall } from '../../core/staff/actions';
import { ROLE_RANK, type StaffRole } from '../../core/shared/actors';
import { dispatch, httpStatusFor, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';
import { benefit, seedBenefit, seedMember, seedSlot } from '../support/benefitFixtures';

type H = Awaited<ReturnType<typeof adminHarness>>;
const alice: Caller = { kind: 'member', openid: 'openid-alice' };
const member = (h: H, who: Caller, action: string, data: unknown) =>
  dispatch(h.system.functions.benefits.table, h.system.functions.benefits.deps as never, who, { action, data }, silentLogger) as Promise<any>;
const ok = async (p: Promise<any>) => {
  const res = await p;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code: string }) => e.code);
const auditActions = (h: H) => (h.system.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'benefits.%' ORDER BY rowid").all() as { action: string }[]).map((r) => r.action);
const scan = (h: H) => runDeadlineWatches(h.system.deadlineWatches.filter((w) => w.area === 'benefits'), h.clock.now());
const ROLES = Object.keys(ROLE_RANK) as StaffRole[];
const newEntry = {
  id: 'tax-advice',
  name: '个税咨询',
  description: '专业税务顾问电话解答',
  kind: 'legalTax',
  eligibleTiers: ['silver', 'gold'],
  quota: { count: 2, period: 'year' },
  validityDays: 365,
  redemption: 'code',
  basis: { kind: 'approval', ref: '增值服务审批〔2026〕15号' },
  outsideContract: true,
  place: '电话咨询',
};

describe('the benefits staff area (会员权益)', () => {
  let h: H;
  beforeEach(async () => {
    // Wednesday 2026-11-25, 10:00 in Shanghai.
    h = await adminHarness('2026-11-25T02:00:00Z');
    await seedMember(h.system, 'openid-alice', [300_000], '张*敏');
    await seedMember(h.system, 'openid-bob', [300_000, 300_000], '李*国');
    await seedMember(h.system, 'openid-carol', [300_000, 300_000, 300_000], '王*');
    await seedBenefit(h.system, benefit());
  });
  afterEach(() => h.close());

  it('gives each role what the table says: read for oversight, manage for the benefits admin, check-in for partners too', () => {
    const who = (route: string) => ROLES.filter((role) => mayCall(role, STAFF_AREAS.benefits[route.split('/')[1]]));
    const readers = ['benefitsAdmin', 'supervisor', 'manager', 'headOffice', 'compliance'];
    for (const r of ['benefits/catalogue', 'benefits/calendar', 'benefits/notices']) expect(who(r)).toEqual(readers);
    for (const r of ['benefits/create', 'benefits/update', 'benefits/scheduleChange', 'benefits/cancelChange', 'benefits/addSlot', 'benefits/setCapacity']) expect(who(r)).toEqual(['benefitsAdmin']);
    expect(who('benefits/checkIn').sort()).toEqual(['benefitsAdmin', 'partner']);
  });

  it('creates an entry with its basis and compliance flag, refusing an outside-contract benefit without an approval', async () => {
    const admin = await h.as('benefits01');
    expect(await codeOf(admin('benefits/create', { ...newEntry, basis: { kind: 'contract', ref: '条款第3条' } }))).toBe('BENEFITS.BASIS_REQUIRED');
    expect(await admin('benefits/create', newEntry)).toMatchObject({ id: 'tax-advice', complianceText: expect.stringContaining('保险法第116条'), basisText: '审批：增值服务审批〔2026〕15号' });
    expect(await codeOf(admin('benefits/create', newEntry))).toBe('BENEFITS.DUPLICATE');
    expect(await codeOf(admin('benefits/create', { ...newEntry, id: 'x-1', name: '个税\u202e咨询' }))).toBe('REQUEST.INVALID');
    const catalogue = await (await h.as('comp01'))('benefits/catalogue');
    expect(catalogue.items.map((i: any) => i.id)).toEqual(['checkup', 'tax-advice']);
    expect(catalogue.tiers.map((t: any) => t.label)).toEqual(['普通会员', '银卡会员', '金卡会员']);
    expect(auditActions(h)).toEqual(['benefits.create']);
  });

  it('holds an unfavourable change to 30 days of notice, tells every affected member, applies it on its date; bookings keep their terms', async () => {
    const admin = await h.as('benefits01');
    const slot = await seedSlot(h.system, 'checkup', '2026-12-02T01:00:00.000Z', 3);
    const booked = await ok(member(h, alice, 'book', { benefitId: 'checkup', slotId: slot.id, idempotencyKey: 'bk-key-000000000001', partnerConsent: { partner: '康体检中心', agree: true } }));
    const retireGold = { benefitId: 'checkup', patch: { eligibleTiers: ['silver', 'gold'] } };
    expect(await codeOf(admin('benefits/scheduleChange', { ...retireGold, effectiveDate: '2026-12-20' }))).toBe('BENEFITS.NOTICE_TOO_SHORT');
    expect(await codeOf(admin('benefits/scheduleChange', { ...retireGold, effectiveDate: '2026-11-25' }))).toBe('BENEFITS.EFFECTIVE_IN_PAST');
    expect(await codeOf(admin('benefits/scheduleChange', { benefitId: 'checkup', effectiveDate: '2027-01-01', patch: { validityDays: 365 } }))).toBe('BENEFITS.EMPTY_CHANGE');
    // A favourable change needs no notice period.
    expect(await admin('benefits/scheduleChange', { benefitId: 'checkup', effectiveDate: '2026-11-27', patch: { quota: { count: 2, period: 'year' } } })).toMatchObject({ unfavourable: false });
    const change = await admin('benefits/scheduleChange', { ...retireGold, effectiveDate: '2026-12-25', note: '普通会员改享体检折扣' });
    expect(change).toMatchObject({ unfavourable: true, effectiveText: '2026-12-25', statusLabel: '公告中', summary: '适用等级调整为银卡会员、金卡会员。普通会员改享体检折扣' });

    await scan(h);
    const told = await (await h.as('super01'))('benefits/notices', { changeId: change.id });
    expect(told.items.map((n: any) => [n.nameMasked, n.tierLabel])).toEqual([['张*敏', '普通会员'], ['李*国', '银卡会员'], ['王*', '金卡会员']]);
    expect(told.items[0]).toMatchObject({ atText: '2026-11-25 10:00' });
    expect(told.change).toMatchObject({ told: 3, statusLabel: '已公告，待生效' });
    // Message centre for all; the push only where a credit for the change template is held.
    // Bob holds two credits for the change template (one per announcement); the others none.
    for (let i = 0; i < 2; i++) await h.system.subscriptions.subscriptions.grant('openid-bob', h.system.notify.templateIds['benefits.change'], h.clock.now());
    const sent = await dispatchOutbox(h.system.notify);
    expect(sent).toMatchObject({ sent: 2 });
    const messages = h.system.db.prepare("SELECT member_id FROM member_messages WHERE subject_id = ? ORDER BY member_id").all(change.id) as { member_id: string }[];
    expect(messages.map((m) => m.member_id)).toEqual(['openid-alice', 'openid-bob', 'openid-carol']);
    const pushes = await (await h.as('super01'))('benefits/notices', { changeId: change.id });
    expect(pushes.items.map((n: any) => n.pushText)).toEqual(['仅消息中心（未订阅该通知）', '已推送订阅消息', '仅消息中心（未订阅该通知）']);
    // The member sees what changes and when.
    expect((await ok(member(h, alice, 'detail', { benefitId: 'checkup' }))).upcomingChanges).toContain('2026-12-25起：适用等级调整为银卡会员、金卡会员。普通会员改享体检折扣');

    h.clock.set('2026-12-24T16:00:00Z');
    await scan(h);
    const after = await (await h.as('benefits01'))('benefits/catalogue');
    expect(after.items[0]).toMatchObject({ eligibleTiers: ['silver', 'gold'], termsVersion: 3 });
    // Alice's booking keeps its terms; she can no longer book anew.
    expect((await ok(member(h, alice, 'myBookings', {}))).items[0]).toMatchObject({ id: booked.id, status: 'booked' });
    expect((await ok(member(h, alice, 'list', {}))).items.find((i: any) => i.id === 'checkup')).toMatchObject({ eligible: false });
    expect(auditActions(h)).toEqual(['benefits.change.schedule', 'benefits.change.schedule', 'benefits.change.apply', 'benefits.change.apply']);
  });

  it('runs the booking calendar with capacity, and checks in by code once, partners seeing masked names only', async () => {
    const admin = await h.as('benefits01');
    const slot = await admin('benefits/addSlot', { benefitId: 'checkup', startsAt: '2026-11-26T09:00:00+08:00', endsAt: '2026-11-26T10:00:00+08:00', capacity: 2 });
    expect(slot).toMatchObject({ capacity: 2, left: 2, timeText: '2026-11-26 09:00–10:00' });
    expect(await codeOf(admin('benefits/addSlot', { benefitId: 'checkup', startsAt: '2026-11-20T09:00:00+08:00', endsAt: '2026-11-20T10:00:00+08:00', capacity: 2 }))).toBe('BENEFITS.SLOT_PAST');
    const booking = await ok(member(h, alice, 'book', { benefitId: 'checkup', slotId: slot.id, idempotencyKey: 'bk-key-000000000002', partnerConsent: { partner: '康体检中心', agree: true } }));
    const cal = await admin('benefits/calendar', { benefitId: 'checkup' });
    expect(cal.items).toEqual([expect.objectContaining({ id: slot.id, capacity: 2, booked: 1, bookings: [expect.objectContaining({ memberNameMasked: '张*敏', partnerConsent: expect.stringContaining('康体检中心') })] })]);
    expect(await codeOf(admin('benefits/setCapacity', { slotId: slot.id, version: cal.items[0].version, capacity: 0 }))).toBe('BENEFITS.SLOT_HAS_BOOKINGS');
    // Readable per-day numbers, found as a member would quote them (case, spaces and leading zeros do not matter).
    expect(booking.number).toBe('QY20261125-0001');
    expect((await admin('benefits/findBooking', { number: 'qy20261125 1' })).items).toEqual([expect.objectContaining({ id: booking.id, memberNameMasked: '张*敏', benefitId: 'checkup' })]);
    expect((await admin('benefits/findBooking', { number: 'QY20261125-0002' })).items).toEqual([]);

    let partner = await h.as('partner01', '203.0.113.7');
    expect(await codeOf(partner('benefits/calendar', { benefitId: 'checkup' }))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(partner('benefits/checkIn', { code: '00000000' }))).toBe('BENEFITS.CODE_NOT_FOUND');
    expect(await codeOf(partner('benefits/checkIn', { code: '1234' }))).toBe('REQUEST.INVALID');
    expect(await codeOf(partner('benefits/checkIn', { code: '1234 56789' }))).toBe('REQUEST.INVALID');
    // The day before the slot: refused, nothing changed, the member may still cancel.
    const early = await ok(member(h, alice, 'redemptionCode', { bookingId: booking.id }));
    expect(await codeOf(partner('benefits/checkIn', { code: early.code }))).toBe('BENEFITS.CHECKIN_NOT_DUE');
    await partner('benefits/checkIn', { code: early.code }).catch((e: { memberMessage: string }) => expect(e.memberMessage).toBe('该预约在2026-11-26，只能在预约当天核销'));
    expect((await ok(member(h, alice, 'myBookings', {}))).items[0]).toMatchObject({ id: booking.id, status: 'booked' });
    // On the day, 08:00 in Shanghai (an hour before the start).
    h.clock.set('2026-11-26T00:00:00Z');
    partner = await h.as('partner01', '203.0.113.7'); // the session of yesterday has ended
    const shown = await ok(member(h, alice, 'redemptionCode', { bookingId: booking.id }));
    // An expired code is refused; a fresh one works once, typed as the page shows it ("1234 5678").
    h.clock.advance(11 * 60_000);
    expect(await codeOf(partner('benefits/checkIn', { code: shown.code }))).toBe('BENEFITS.CODE_EXPIRED');
    const fresh = await ok(member(h, alice, 'redemptionCode', { bookingId: booking.id }));
    const done = await partner('benefits/checkIn', { code: `${fresh.code.slice(0, 4)} ${fresh.code.slice(4)}` });
    expect(done).toMatchObject({ status: 'used', memberNameMasked: '张*敏' });
    expect(JSON.stringify(done)).not.toMatch(/openid|13800138000/);
    expect(await codeOf(partner('benefits/checkIn', { code: `${fresh.code.slice(0, 4)}-${fresh.code.slice(4)}` }))).toBe('BENEFITS.CODE_USED');
    // The member is told in a member's words.
    expect((await member(h, alice, 'redemptionCode', { bookingId: booking.id })).error).toEqual({ code: 'BENEFITS.ALREADY_USED', message: '该预约已核销，无需再出示核销码' });
    // Every staff write names the address it came from.
    const details = (h.system.db.prepare("SELECT detail FROM audit_log WHERE action LIKE 'benefits.%' ORDER BY rowid").all() as { detail: string }[]).map((r) => JSON.parse(r.detail));
    expect(details.map((d) => d.source)).toEqual(['unknown', 'unknown', 'unknown', '203.0.113.7']);
    expect(auditActions(h)).toEqual(['benefits.slot.add', 'benefits.bookingSearch', 'benefits.bookingSearch', 'benefits.checkIn']);
  });

  it("keeps a partner to its own organisation's bookings", async () => {
    await seedBenefit(h.system, benefit({ id: 'dental', name: '口腔检查', partner: { name: '别家口腔' }, place: '别家口腔（静安店）' }));
    const slot = await seedSlot(h.system, 'dental', '2026-11-30T01:00:00.000Z', 2);
    const booking = await ok(member(h, alice, 'book', { benefitId: 'dental', slotId: slot.id, idempotencyKey: 'bk-key-000000000003', partnerConsent: { partner: '别家口腔', agree: true } }));
    h.clock.set('2026-11-30T00:30:00Z');
    const shown = await ok(member(h, alice, 'redemptionCode', { bookingId: booking.id }));
    // Another organisation's live code answers exactly as no code at all.
    const partner = await h.as('partner01');
    const refusal = (code: string) => partner('benefits/checkIn', { code }).then(() => undefined, (e: { code: string; memberMessage: string }) => [e.code, e.memberMessage]);
    const none = await refusal(shown.code === '00000000' ? '00000001' : '00000000');
    expect(none).toEqual(['BENEFITS.CODE_NOT_FOUND', '核销码无效，请会员刷新后重新出示']);
    expect(await refusal(shown.code)).toEqual(none);
    // The benefits admin checks in any booking.
    expect(await (await h.as('benefits01'))('benefits/checkIn', { code: shown.code })).toMatchObject({ status: 'used' });
  });

  it('refuses a check-in after the slot\'s day has ended (Shanghai midnight), changing nothing', async () => {
    const slot = await seedSlot(h.system, 'checkup', '2026-11-26T15:00:00.000Z', 2); // 23:00–24:00 on the 26th in Shanghai
    const booking = await ok(member(h, alice, 'book', { benefitId: 'checkup', slotId: slot.id, idempotencyKey: 'bk-key-000000000004', partnerConsent: { partner: '康体检中心', agree: true } }));
    h.clock.set('2026-11-26T15:55:00Z');
    const shown = await ok(member(h, alice, 'redemptionCode', { bookingId: booking.id }));
    h.clock.set('2026-11-26T16:01:00Z'); // 00:01 on the 27th, the code still fresh
    const admin = await h.as('benefits01');
    expect(await codeOf(admin('benefits/checkIn', { code: shown.code }))).toBe('BENEFITS.CHECKIN_TOO_LATE');
    expect((await ok(member(h, alice, 'myBookings', {}))).items[0]).toMatchObject({ id: booking.id, status: 'booked' });
    expect(auditActions(h)).toEqual([]);
  });

  it('throttles wrong codes per account with growing waits, counted exactly under parallel guesses (HTTP 429)', async () => {
    const slot = await seedSlot(h.system, 'checkup', '2026-11-25T08:00:00.000Z', 2); // 16:00 today in Shanghai
    const booking = await ok(member(h, alice, 'book', { benefitId: 'checkup', slotId: slot.id, idempotencyKey: 'bk-key-000000000005', partnerConsent: { partner: '康体检中心', agree: true } }));
    const shown = await ok(member(h, alice, 'redemptionCode', { bookingId: booking.id }));
    const wrong = (i: number) => String((Number(shown.code) + 1 + i) % 100_000_000).padStart(8, '0');
    const partner = await h.as('partner01');
    const refusals = await Promise.all(Array.from({ length: 40 }, (_, i) => codeOf(partner('benefits/checkIn', { code: wrong(i) }))));
    const tally = refusals.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});
    expect(tally).toEqual({ 'BENEFITS.CODE_NOT_FOUND': 10, 'RATE.LIMITED': 30 });
    expect(httpStatusFor('RATE.LIMITED')).toBe(429);
    // While closed even the right code waits; the message says how long, in Chinese.
    const closed = await partner('benefits/checkIn', { code: shown.code }).catch((e: { code: string; memberMessage: string; details: { retryAfterSeconds: number } }) => e);
    expect(closed).toMatchObject({ code: 'RATE.LIMITED', memberMessage: '核销码输错次数过多，请30秒后再试', details: { retryAfterSeconds: 30 } });
    // Another account is not held up by this one's guesses.
    expect(await codeOf((await h.as('benefits01'))('benefits/checkIn', { code: wrong(99) }))).toBe('BENEFITS.CODE_NOT_FOUND');
    // After the wait one more try, then a longer wait (doubling).
    h.clock.advance(30_000);
    expect(await codeOf(partner('benefits/checkIn', { code: wrong(50) }))).toBe('BENEFITS.CODE_NOT_FOUND');
    const longer = await partner('benefits/checkIn', { code: shown.code }).catch((e: { details: { retryAfterSeconds: number } }) => e.details.retryAfterSeconds);
    expect(longer).toBe(60);
    h.clock.advance(60_000);
    const fresh = await ok(member(h, alice, 'redemptionCode', { bookingId: booking.id }));
    expect(await partner('benefits/checkIn', { code: fresh.code })).toMatchObject({ status: 'used' });
  });

  it('states the yearly review date the Chinese way', async () => {
    const catalogue = await (await h.as('benefits01'))('benefits/catalogue');
    expect(catalogue.tierReview).toContain('降级在每年1月1日年度评定时生效');
  });

  it('seeds demo slots whose booked counts are real bookings staff can see', async () => {
    const fresh = await adminHarness('2026-11-25T02:00:00Z');
    try {
      await seedDemoMembers(fresh.system.members, fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8'));
      await seedDemoBenefits(fresh.system.benefits);
      const cal = await (await fresh.as('benefits01'))('benefits/calendar', { benefitId: 'checkup', days: 14 });
      expect(cal.items.length).toBeGreaterThan(5);
      for (const slot of cal.items) expect(slot.booked).toBe(slot.bookings.length);
      expect(cal.items[0].bookings.map((b: any) => b.memberNameMasked)).toEqual(['张*敏']);
    } finally {
      fresh.close();
    }
  });
});
