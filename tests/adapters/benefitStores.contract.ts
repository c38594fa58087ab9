import type { AuditLog } from '../../core/audit/chain';
import type { BenefitDeps } from '../../core/benefits/deps';
import { bookBenefit, cancelBooking, redemptionCode } from '../../core/benefits/memberUseCases';
import type { Benefit, BenefitChange } from '../../core/benefits/model';
import { BENEFIT_POLICY } from '../../core/benefits/policy';
import type { BenefitStore } from '../../core/benefits/ports';
import type { Member, Policy } from '../../core/members/model';
import type { MemberStore } from '../../core/members/ports';
import type { OutboxStore } from '../../core/notifications/ports';
import { fixedClock } from '../../core/shared/ports';
import { checkIn } from '../../core/benefits/staffUseCases';
import { performStaffAction } from '../../core/staff/actions';
import type { StaffPrincipal } from '../../core/staff/model';
import type { SignInGuard } from '../../core/staff/ports';
import { auditEntries, codeOf, retryWhileBusy } from './contractSupport';

export interface BenefitStoreUnderTest {
  benefits: BenefitStore;
  members: MemberStore;
  outbox: OutboxStore;
  audit: AuditLog;
  /** The sign-in guard of the same database: check-in throttling counts wrong codes on it. */
  signIn: SignInGuard;
  close?(): void;
}

const NOW = '2026-11-25T02:00:00.000Z'; // Wednesday 10:00 in Shanghai
const staff = { actorId: 'benefits01', actorRole: 'benefitsAdmin', action: 'benefits.create', subjectType: 'benefit', subjectId: 'x' };

export const checkup = (over: Partial<Benefit> = {}): Benefit => ({
  id: 'checkup',
  name: '年度体检',
  description: '合作体检中心基础套餐',
  kind: 'checkup',
  eligibleTiers: ['standard', 'silver', 'gold'],
  quota: { count: 1, period: 'year' },
  validityDays: 365,
  redemption: 'booking',
  basis: { kind: 'approval', ref: '增值服务审批〔2026〕12号' },
  outsideContract: true,
  place: '康体检中心（徐汇店）',
  status: 'active',
  termsVersion: 1,
  version: 1,
  createdAt: NOW,
  updatedAt: NOW,
  ...over,
});

const bound = (id: string, tier: Member['tier'] = 'standard'): Member => ({
  id,
  kind: 'bound',
  name: { sealed: 's', masked: `${id.slice(-2)}*` },
  policyNos: [`P-${id}`],
  tier,
  version: 1,
  createdAt: NOW,
  updatedAt: NOW,
});
const policy = (memberId: string): Policy =>
  ({ policyNo: `P-${memberId}`, status: 'inForce', premiumFen: 100_000, boundTo: memberId } as unknown as Policy);

/** The core's booking rules on the store under test; members are read from a map (the member store is another suite's). */
const depsOn = (s: BenefitStoreUnderTest, members: Map<string, Member>, clock = fixedClock(NOW)): BenefitDeps => {
  let n = 0;
  return {
    benefits: s.benefits,
    members: { get: async (id) => members.get(id) ?? null },
    policies: { listByNos: async (nos) => nos.map((no) => policy(no.slice(2))) },
    qr: { dataUrl: async (t) => `qr:${t}` },
    clock,
    ids: { newId: () => `id-${String(++n).padStart(6, '0')}-${Math.random().toString(36).slice(2, 8)}` },
    hash: (t) => require('node:crypto').createHash('sha256').update(t).digest('hex'),
    newCode: () => String(Math.floor(Math.random() * 1e6)).padStart(6, '0'),
    policy: BENEFIT_POLICY,
  };
};

const slotAt = (id: string, startsAt: string, capacity: number, booked = 0) => ({
  id,
  benefitId: 'checkup',
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + 3600_000).toISOString(),
  capacity,
  booked,
  version: 1,
});
const key = (i: number, tag = 'k') => `${tag}-key-${String(i).padStart(12, '0')}`;

/** What every BenefitStore does, whatever database is behind it. */
export const benefitStoreContract = (make: () => Promise<BenefitStoreUnderTest>) => {
  let s: BenefitStoreUnderTest;
  let members: Map<string, Member>;
  beforeEach(async () => {
    s = await make();
    members = new Map();
    for (let i = 0; i < 50; i++) members.set(`openid-m${String(i).padStart(2, '0')}`, bound(`openid-m${String(i).padStart(2, '0')}`));
    await s.benefits.saveBenefit(checkup(), null, staff);
  });
  afterEach(() => s.close?.());

  it('keeps the catalogue: a duplicate id and a stale version are refused, with the audit entry written alongside', async () => {
    await expect(s.benefits.saveBenefit(checkup(), null, staff)).rejects.toMatchObject({ code: 'BENEFITS.DUPLICATE' });
    await s.benefits.saveBenefit(checkup({ place: '新地址', version: 2 }), 1, staff);
    await expect(s.benefits.saveBenefit(checkup({ version: 3 }), 1, staff)).rejects.toMatchObject({ code: 'BENEFITS.VERSION_CONFLICT' });
    expect(await s.benefits.getBenefit('checkup')).toMatchObject({ place: '新地址', version: 2 });
    expect((await auditEntries(s.audit)).map((e) => e.action)).toEqual(['benefits.create', 'benefits.create']);
  });

  it('gives the last 3 places to exactly 3 of 50 members booking at once; the rest are told the slot is full', async () => {
    await s.benefits.putSlot(slotAt('checkup-s1', '2026-12-01T01:00:00.000Z', 10, 7), null, staff);
    // A second slot of one benefit at one time is refused as such, not as a duplicate benefit.
    await expect(s.benefits.putSlot(slotAt('checkup-s1', '2026-12-01T01:00:00.000Z', 3), null, staff)).rejects.toMatchObject({ code: 'BENEFITS.SLOT_EXISTS' });
    const deps = depsOn(s, members);
    const ids = [...members.keys()];
    const answers = await retryWhileBusy(ids.length, (i) =>
      bookBenefit(deps, ids[i], { benefitId: 'checkup', slotId: 'checkup-s1', idempotencyKey: key(i) }).then(
        (b) => ({ ok: true as const, id: b.id }),
        (e) => {
          if (codeOf(e) === 'STORE.BUSY') throw e;
          return { ok: false as const, code: codeOf(e) };
        },
      ),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(3);
    expect(new Set(answers.filter((a) => !a.ok).map((a) => (a as { code?: string }).code))).toEqual(new Set(['BENEFITS.SLOT_FULL']));
    expect(await s.benefits.getSlot('checkup-s1')).toMatchObject({ booked: 10, capacity: 10 });
    expect(await s.benefits.bookingsOfSlot('checkup-s1')).toHaveLength(3);
    expect(await s.outbox.due(new Date('2100-01-01'), 1000)).toHaveLength(3);
  });

  it('numbers bookings by day in sequence (QY20261125-0001), unique however many book at once', async () => {
    await s.benefits.putSlot(slotAt('checkup-s2', '2026-12-01T01:00:00.000Z', 100), null, staff);
    const deps = depsOn(s, members);
    const ids = [...members.keys()].slice(0, 20);
    const numbers = await retryWhileBusy(ids.length, (i) => bookBenefit(deps, ids[i], { benefitId: 'checkup', slotId: 'checkup-s2', idempotencyKey: key(i, 'num') }).then((b) => b.number as string));
    expect(new Set(numbers).size).toBe(20);
    for (const n of numbers) expect(n).toMatch(/^QY20261125-\d{4}$/);
    expect((await s.benefits.bookingsOfSlot('checkup-s2')).map((b) => b.number).sort()).toEqual([...numbers].sort());
    expect(await s.benefits.bookingByNumber(numbers[7])).toMatchObject({ number: numbers[7], memberId: ids[7] });
    expect(await s.benefits.bookingByNumber('QY20261125-9999')).toBeNull();
    // The next day starts again from its own counter.
    const tomorrow = depsOn(s, members, fixedClock('2026-11-25T16:30:00.000Z'));
    expect((await bookBenefit(tomorrow, 'openid-m40', { benefitId: 'checkup', slotId: 'checkup-s2', idempotencyKey: key(1, 'next') })).number).toMatch(/^QY20261126-000[1-8]$/);
  });

  it('throttles wrong check-in codes per account on its guard: exactly the free budget answered under 30 parallel guesses', async () => {
    const deps = depsOn(s, members);
    const who = { id: 'staff-partner-01', role: 'partner', name: '康体检中心' } as StaffPrincipal;
    const guess = (i: number) =>
      performStaffAction(checkIn, { memberBenefits: deps, audit: s.audit, signIn: s.signIn }, who, { code: String(10_000_000 + i) }).then(
        () => 'ran',
        (e) => {
          if (codeOf(e) === 'STORE.BUSY') throw e;
          return codeOf(e);
        },
      );
    const answers = await retryWhileBusy(30, guess);
    expect(answers.filter((a) => a === 'BENEFITS.CODE_NOT_FOUND')).toHaveLength(10);
    expect(answers.filter((a) => a === 'RATE.LIMITED')).toHaveLength(20);
  });

  it('never lets one member hold one slot twice, nor pass their quota, however many requests arrive at once', async () => {
    await s.benefits.saveBenefit(checkup({ id: 'lecture', quota: { count: 2, period: 'year' } }), null, staff);
    for (let i = 0; i < 10; i++) await s.benefits.putSlot({ ...slotAt(`lecture-s${i}`, `2026-12-0${1 + (i % 9)}T0${i % 9}:00:00.000Z`, 20), benefitId: 'lecture' }, null, staff);
    const deps = depsOn(s, members);
    const who = 'openid-m07';
    const settle = (p: Promise<unknown>) => p.then(() => 'ok', (e) => { if (codeOf(e) === 'STORE.BUSY') throw e; return codeOf(e); });
    const sameSlot = await retryWhileBusy(6, (i) => settle(bookBenefit(deps, who, { benefitId: 'lecture', slotId: 'lecture-s0', idempotencyKey: key(i, 'same') })));
    expect(sameSlot.filter((a) => a === 'ok')).toHaveLength(1);
    expect(new Set(sameSlot.filter((a) => a !== 'ok'))).toEqual(new Set(['BENEFITS.ALREADY_BOOKED']));
    const quota = await retryWhileBusy(9, (i) => settle(bookBenefit(deps, who, { benefitId: 'lecture', slotId: `lecture-s${i + 1}`, idempotencyKey: key(i, 'quota') })));
    expect(quota.filter((a) => a === 'ok')).toHaveLength(1);
    expect(new Set(quota.filter((a) => a !== 'ok'))).toEqual(new Set(['BENEFITS.QUOTA_USED']));
    const [grant] = await s.benefits.grantsOf(who);
    expect(grant).toMatchObject({ granted: 2, used: 2, benefitId: 'lecture', periodKey: '2026' });
    expect((await s.benefits.bookingsOf(who, 50)).filter((b) => b.status === 'booked')).toHaveLength(2);
  });

  it('answers a repeated booking request with the first booking, and frees the place and the use on cancel', async () => {
    await s.benefits.putSlot(slotAt('checkup-s2', '2026-12-03T01:00:00.000Z', 1), null, staff);
    const deps = depsOn(s, members);
    const first = await bookBenefit(deps, 'openid-m01', { benefitId: 'checkup', slotId: 'checkup-s2', idempotencyKey: key(1) });
    const again = await bookBenefit(deps, 'openid-m01', { benefitId: 'checkup', slotId: 'checkup-s2', idempotencyKey: key(1) });
    expect(again.id).toBe(first.id);
    await expect(bookBenefit(deps, 'openid-m02', { benefitId: 'checkup', slotId: 'checkup-s2', idempotencyKey: key(2) })).rejects.toMatchObject({ code: 'BENEFITS.SLOT_FULL' });
    await cancelBooking(deps, 'openid-m01', { bookingId: first.id });
    expect(await s.benefits.getSlot('checkup-s2')).toMatchObject({ booked: 0 });
    expect((await s.benefits.grantsOf('openid-m01'))[0]).toMatchObject({ used: 0 });
    // The hold is gone with the booking: the member may book the same slot again.
    const rebook = await bookBenefit(deps, 'openid-m01', { benefitId: 'checkup', slotId: 'checkup-s2', idempotencyKey: key(3) });
    expect(rebook.status).toBe('booked');
  });

  it('finds a booking by the hash of its current code only, and lists reminders due', async () => {
    await s.benefits.putSlot(slotAt('checkup-s3', '2026-11-27T02:00:00.000Z', 5), null, staff);
    const deps = depsOn(s, members);
    const b = await bookBenefit(deps, 'openid-m03', { benefitId: 'checkup', slotId: 'checkup-s3', idempotencyKey: key(3) });
    const c1 = await redemptionCode(deps, 'openid-m03', { bookingId: b.id });
    const c2 = await redemptionCode(deps, 'openid-m03', { bookingId: b.id });
    expect(await s.benefits.bookingIdByCode(deps.hash(c2.code))).toBe(b.id);
    if (c1.code !== c2.code) expect(await s.benefits.bookingIdByCode(deps.hash(c1.code))).toBeNull();
    // Reminder at 09:00 Shanghai the day before the slot (2026-11-26T01:00Z).
    expect(await s.benefits.remindersDue('2026-11-26T00:59:00.000Z', 10)).toEqual([]);
    expect((await s.benefits.remindersDue('2026-11-26T01:00:00.000Z', 10)).map((r) => r.id)).toEqual([b.id]);
  });

  it('sends an expiry notice once per grant, and keeps standings version-checked', async () => {
    const deps = depsOn(s, members);
    await s.benefits.saveBenefit(checkup({ id: 'legal', redemption: 'code', quota: { count: 2, period: 'month' }, validityDays: 30 }), null, staff);
    await bookBenefit(deps, 'openid-m04', { benefitId: 'legal', idempotencyKey: key(4) });
    const due = await s.benefits.grantsToNotice('2026-11-30T00:00:00.000Z', 10);
    expect(due.map((g) => g.id)).toEqual(['legal_2026-11_openid-m04']);
    const [a, b] = await Promise.all([s.benefits.markGrantNoticed(due[0].id, NOW, []), s.benefits.markGrantNoticed(due[0].id, NOW, [])].map((p) => p.catch((e) => codeOf(e))));
    expect([a, b].filter((x) => x === true)).toHaveLength(1);
    expect(await s.benefits.grantsToNotice('2026-11-30T00:00:00.000Z', 10)).toEqual([]);

    const standing = { memberId: 'openid-x9', tier: 'silver' as const, computedTier: 'silver' as const, since: NOW, reviewedAt: NOW, nextReviewAt: '2026-12-31T16:00:00.000Z', nextCheckAt: '2026-12-31T16:00:00.000Z', version: 1 };
    await s.benefits.saveStanding(standing, null);
    await expect(s.benefits.saveStanding(standing, null)).rejects.toMatchObject({ code: 'BENEFITS.VERSION_CONFLICT' });
    await s.benefits.saveStanding({ ...standing, version: 2 }, 1);
    expect(await s.benefits.standingsDue('2026-12-31T15:59:00.000Z', 10)).toEqual([]);
    expect(await s.benefits.standingsDue('2026-12-31T16:00:00.000Z', 10)).toEqual(expect.arrayContaining([expect.objectContaining({ memberId: 'openid-x9', version: 2 })]));
  });

  it('records who was told of a change page by page, then applies it with the entry', async () => {
    for (const id of ['openid-a1', 'openid-a2', 'openid-a3']) await s.members.ensure(bound(id));
    await s.members.ensure({ ...bound('openid-v1'), kind: 'visitor', tier: 'visitor' });
    expect((await s.benefits.roster(undefined, 10)).map((r) => r.memberId)).toEqual(['openid-a1', 'openid-a2', 'openid-a3']);
    expect((await s.benefits.roster('openid-a1', 1)).map((r) => r.memberId)).toEqual(['openid-a2']);
    const change: BenefitChange = {
      id: 'chg-0001',
      benefitId: 'checkup',
      patch: { quota: { count: 1, period: 'once' } },
      unfavourable: false,
      summary: '次数调整',
      effectiveAt: '2027-01-01T16:00:00.000Z',
      status: 'scheduled',
      announce: { done: false, told: 0 },
      createdBy: { id: 'benefits01', role: 'benefitsAdmin' },
      createdAt: NOW,
      version: 1,
    };
    await s.benefits.putChange(change, null, staff);
    const notice = (memberId: string) => ({ changeId: change.id, memberId, nameMasked: 'x*', tier: 'standard' as const, at: NOW, outboxId: `o-${memberId}` });
    await s.benefits.recordAnnouncement({ ...change, announce: { done: false, after: 'openid-a2', told: 2 }, version: 2 }, 1, [notice('openid-a1'), notice('openid-a2')], []);
    await expect(s.benefits.recordAnnouncement({ ...change, version: 2 }, 1, [notice('openid-a3')], [])).rejects.toMatchObject({ code: 'BENEFITS.VERSION_CONFLICT' });
    expect((await s.benefits.noticesOf(change.id, { limit: 10 })).map((n) => n.memberId)).toEqual(['openid-a1', 'openid-a2']);
    expect((await s.benefits.noticesOf(change.id, { after: 'openid-a1', limit: 10 })).map((n) => n.memberId)).toEqual(['openid-a2']);
    expect((await s.benefits.openChanges(10)).map((c) => c.id)).toEqual(['chg-0001']);
    await s.benefits.applyChange({ ...change, status: 'applied', version: 3 }, 2, checkup({ termsVersion: 2, version: 2, quota: { count: 1, period: 'once' } }), 1, staff);
    expect(await s.benefits.openChanges(10)).toEqual([]);
    expect(await s.benefits.getBenefit('checkup')).toMatchObject({ termsVersion: 2, quota: { period: 'once' } });
  });
};
