import * as z from 'zod/mini';
import type { AuditDraft, AuditLog } from '../audit/chain';
import { TIERS } from '../members/model';
import { TIER_REVIEW } from '../members/tiers';
import { commonErrors } from '../shared/errors';
import { addLocalDays, localDateOf, startOfLocalDay } from '../shared/shanghaiTime';
import { plainText } from '../shared/validation';
import { searchAudit, sourceAddress } from '../audit/reads';
import { maskPersonalText } from '../shared/personalText';
import { canonicalBookingNumber } from './memberUseCases';
import { defineStaffAction, type StaffRequestContext } from '../staff/actions';
import type { StaffPrincipal } from '../staff/model';
import type { SignInGuard } from '../staff/ports';
import type { ThrottleRule } from '../staff/throttle';
import { changeSummary, isUnfavourable } from './changes';
import type { BenefitDeps } from './deps';
import { benefitErrors } from './errors';
import { BENEFIT_KINDS, QUOTA_PERIODS, REDEMPTIONS, type Benefit, type BenefitChange, type Booking, type Slot } from './model';
import type { BookingVerdict } from './ports';
import { dayText, quotaText, slotView, staffBookingView, tierRuleTexts, timeText } from './views';

/** The staff side of benefits: the admin area lists these records (server/runtime/admin/areas/benefits.ts). */
export interface BenefitStaffDeps {
  /** Absent where the benefit stores are not deployed: actions answer BENEFITS.UNAVAILABLE. */
  memberBenefits?: BenefitDeps;
  audit: AuditLog;
  /** The sign-in guard's counters, reused to throttle wrong check-in codes per account (core/staff/throttle.ts). */
  signIn?: SignInGuard;
}

const need = (deps: BenefitStaffDeps): BenefitDeps => {
  if (!deps.memberBenefits) throw benefitErrors.unavailable();
  return deps.memberBenefits;
};

const LABELS = {
  id: '编号', benefitId: '权益', name: '名称', description: '说明', kind: '类别', eligibleTiers: '适用等级', quota: '次数', validityDays: '有效天数',
  redemption: '使用方式', partner: '合作机构', basis: '依据', outsideContract: '合同外增值服务', place: '服务地点', version: '版本',
  effectiveDate: '生效日期', patch: '调整内容', note: '说明', changeId: '调整', slotId: '时段', startsAt: '开始时间', endsAt: '结束时间',
  capacity: '名额', from: '开始日期', days: '天数', code: '核销码', after: '分页位置', limit: '每页条数',
};

/** "01-01" → "1月1日" (no leading zeros in Chinese dates). */
const reviewDayText = (monthDay: string) => {
  const [m, dd] = monthDay.split('-').map(Number);
  return `${m}月${dd}日`;
};

const tierEnum = z.enum(['standard', 'silver', 'gold']);
const idField = z.string().check(z.minLength(3), z.maxLength(40), z.regex(/^[a-z][a-z0-9-]+$/));
const recId = z.string().check(z.minLength(2), z.maxLength(120), z.regex(/^[\w-]+$/));
const version = z.number().check(z.int(), z.minimum(1));
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const iso = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{3})?)?(Z|[+-]\d{2}:\d{2})$/));
const quota = z.strictObject({ count: z.number().check(z.int(), z.minimum(1), z.maximum(100)), period: z.enum(['month', 'quarter', 'year', 'once']) });
const tiers = z.array(tierEnum).check(z.minLength(1), z.maxLength(3));
const basis = z.strictObject({ kind: z.enum(['contract', 'approval']), ref: plainText(2, 100) });

const createSchema = z.strictObject({
  id: idField,
  name: plainText(2, 30),
  description: plainText(0, 300),
  kind: z.enum(['discount', 'health', 'checkup', 'legalTax', 'event']),
  eligibleTiers: tiers,
  quota,
  validityDays: z.number().check(z.int(), z.minimum(1), z.maximum(730)),
  redemption: z.enum(['booking', 'code']),
  partner: z.optional(plainText(2, 40)),
  basis,
  outsideContract: z.boolean(),
  place: plainText(2, 60),
});
const updateSchema = z.strictObject({ id: idField, version, place: z.optional(plainText(2, 60)), partner: z.optional(z.nullable(plainText(2, 40))), basis: z.optional(basis), outsideContract: z.optional(z.boolean()) });
const changeSchema = z.strictObject({
  benefitId: idField,
  effectiveDate: day,
  patch: z.strictObject({
    name: z.optional(plainText(2, 30)),
    description: z.optional(plainText(0, 300)),
    eligibleTiers: z.optional(tiers),
    quota: z.optional(quota),
    validityDays: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(730))),
    retire: z.optional(z.literal(true)),
  }),
  note: z.optional(plainText(0, 200)),
});
const changeRef = z.strictObject({ changeId: recId, version });
const noticesSchema = z.strictObject({ changeId: recId, after: z.optional(recId), limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(200))) });
const slotSchema = z.strictObject({ benefitId: idField, startsAt: iso, endsAt: iso, capacity: z.number().check(z.int(), z.minimum(1), z.maximum(500)) });
const capacitySchema = z.strictObject({ slotId: recId, version, capacity: z.number().check(z.int(), z.minimum(0), z.maximum(500)) });
const calendarSchema = z.strictObject({ benefitId: idField, from: z.optional(day), days: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(31))) });
// The page shows the code as "1234 5678": spaces and hyphens typed or pasted with it are dropped, then exactly 8 digits.
const checkInSchema = z.strictObject({ code: z.pipe(z.string().check(z.maxLength(40)), z.transform((s: string) => s.replace(/[\s\-\u2010-\u2015\u3000]/g, ''))).check(z.regex(/^\d{8}$/)) });

/** What became of the subscribe message beside the message-centre notice (CLARIFICATIONS: the page shows who got which). */
const PUSH_TEXT: Record<string, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已推送订阅消息',
  skipped: '仅消息中心（未订阅该通知）',
  failed: '推送失败，仅消息中心',
};

/** Every staff write carries the source address, as audited reads do (core/audit/reads.ts). */
const audit = (who: StaffPrincipal, request: StaffRequestContext | undefined, action: string, subjectType: string, subjectId: string, detail?: Record<string, unknown>): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action: `benefits.${action}`,
  subjectType,
  subjectId,
  detail: { ...detail, source: sourceAddress(request) },
});

const staffBenefitView = (b: Benefit, changes: BenefitChange[]) => ({
  ...b,
  kindLabel: BENEFIT_KINDS[b.kind],
  quotaText: quotaText(b.quota),
  periodLabel: QUOTA_PERIODS[b.quota.period],
  redemptionText: REDEMPTIONS[b.redemption],
  eligibleTiersText: b.eligibleTiers.map((t) => TIERS[t]).join('、'),
  basisText: `${b.basis.kind === 'contract' ? '合同条款' : '审批'}：${b.basis.ref}`,
  complianceText: b.outsideContract ? '合同外增值服务（保险法第116条：须有审批依据）' : '合同约定权益',
  statusLabel: b.status === 'active' ? '提供中' : '已停止',
  changes: changes.map(changeView),
});

const changeView = (c: BenefitChange) => ({
  id: c.id,
  benefitId: c.benefitId,
  summary: c.summary,
  unfavourable: c.unfavourable,
  effectiveText: dayText(c.effectiveAt),
  status: c.status,
  statusLabel: c.status === 'scheduled' ? (c.announce.done ? '已公告，待生效' : '公告中') : c.status === 'applied' ? '已生效' : '已撤销',
  told: c.announce.told,
  version: c.version,
});

const loadBenefit = async (d: BenefitDeps, id: string) => {
  const b = await d.benefits.getBenefit(id);
  if (!b) throw benefitErrors.notFound(id);
  return b;
};

/** Catalogue and tier rules with the scheduled changes of each entry. */
export const benefitCatalogue = defineStaffAction<BenefitStaffDeps, Record<string, never>, unknown>({
  permission: 'benefits.read',
  input: z.strictObject({}),
  run: async (deps) => {
    const d = need(deps);
    const all = await d.benefits.listBenefits();
    return {
      items: await Promise.all(all.map(async (b) => staffBenefitView(b, await d.benefits.changesOf(b.id)))),
      tiers: tierRuleTexts(),
      tierReview: `升级即时生效；降级在每年${reviewDayText(TIER_REVIEW.reviewMonthDay)}年度评定时生效，至少提前${TIER_REVIEW.downgradeNoticeDays}天通知`,
      noticeRule: `对会员不利的调整须至少提前${d.policy.unfavourableNoticeDays}天公告`,
    };
  },
});

export const createBenefit = defineStaffAction({
  permission: 'benefits.manage',
  input: createSchema,
  labels: LABELS,
  run: async (deps: BenefitStaffDeps, who, input, request) => {
    const d = need(deps);
    if (input.outsideContract && input.basis.kind !== 'approval') throw benefitErrors.basisRequired();
    const at = d.clock.now().toISOString();
    const { partner, ...rest } = input;
    const b: Benefit = { ...rest, ...(partner ? { partner: { name: partner } } : {}), status: 'active', termsVersion: 1, version: 1, createdAt: at, updatedAt: at };
    await d.benefits.saveBenefit(b, null, audit(who, request, 'create', 'benefit', b.id, { name: b.name, outsideContract: b.outsideContract, basis: b.basis }));
    return staffBenefitView(b, []);
  },
});

/** What is not a term the member holds (place, partner, basis, compliance flag) changes at once; terms change by schedule. */
export const updateBenefit = defineStaffAction({
  permission: 'benefits.manage',
  input: updateSchema,
  labels: LABELS,
  run: async (deps: BenefitStaffDeps, who, input, request) => {
    const d = need(deps);
    const b = await loadBenefit(d, input.id);
    if (b.version !== input.version) throw commonErrors.versionConflict('BENEFITS', b.id);
    const { partner: _p, ...kept } = b;
    const partner = input.partner === undefined ? b.partner : input.partner === null ? undefined : { name: input.partner };
    const next: Benefit = {
      ...kept,
      ...(partner ? { partner } : {}),
      place: input.place ?? b.place,
      basis: input.basis ?? b.basis,
      outsideContract: input.outsideContract ?? b.outsideContract,
      version: b.version + 1,
      updatedAt: d.clock.now().toISOString(),
    };
    if (next.outsideContract && next.basis.kind !== 'approval') throw benefitErrors.basisRequired();
    await d.benefits.saveBenefit(next, b.version, audit(who, request, 'update', 'benefit', b.id, { place: next.place, partner: next.partner?.name, basis: next.basis, outsideContract: next.outsideContract }));
    return staffBenefitView(next, await d.benefits.changesOf(b.id));
  },
});

/** Schedules a change of terms: effective at 00:00 of its date; an unfavourable one no sooner than the notice period. */
export const scheduleChange = defineStaffAction({
  permission: 'benefits.manage',
  input: changeSchema,
  labels: LABELS,
  run: async (deps: BenefitStaffDeps, who, input, request) => {
    const d = need(deps);
    const b = await loadBenefit(d, input.benefitId);
    const now = d.clock.now();
    const effectiveAt = startOfLocalDay(input.effectiveDate);
    if (effectiveAt.getTime() <= now.getTime()) throw benefitErrors.effectiveInPast();
    const summary = changeSummary(b, input.patch, input.note);
    if (!summary) throw benefitErrors.emptyChange();
    const unfavourable = isUnfavourable(b, input.patch);
    if (unfavourable && effectiveAt.getTime() < startOfLocalDay(addLocalDays(localDateOf(now), d.policy.unfavourableNoticeDays)).getTime())
      throw benefitErrors.noticeTooShort(d.policy.unfavourableNoticeDays);
    const at = now.toISOString();
    const c: BenefitChange = {
      id: `chg${d.ids.newId()}`.slice(0, 60),
      benefitId: b.id,
      patch: input.patch,
      unfavourable,
      summary,
      effectiveAt: effectiveAt.toISOString(),
      status: 'scheduled',
      announce: { done: false, told: 0 },
      createdBy: { id: who.id, role: who.role },
      createdAt: at,
      version: 1,
    };
    await d.benefits.putChange(c, null, audit(who, request, 'change.schedule', 'benefitChange', c.id, { benefitId: b.id, summary, effectiveAt: c.effectiveAt, unfavourable }));
    return changeView(c);
  },
});

/** Withdraws a scheduled change before it applies (members already told are told of the withdrawal by the next announcement, if any). */
export const cancelChange = defineStaffAction({
  permission: 'benefits.manage',
  input: changeRef,
  labels: LABELS,
  run: async (deps: BenefitStaffDeps, who, input, request) => {
    const d = need(deps);
    const c = await d.benefits.getChange(input.changeId);
    if (!c) throw benefitErrors.notFound(input.changeId);
    if (c.version !== input.version) throw commonErrors.versionConflict('BENEFITS', c.id);
    if (c.status !== 'scheduled') throw benefitErrors.changeNotOpen();
    const next: BenefitChange = { ...c, status: 'cancelled', version: c.version + 1 };
    await d.benefits.putChange(next, c.version, audit(who, request, 'change.cancel', 'benefitChange', c.id, { benefitId: c.benefitId }));
    return changeView(next);
  },
});

/** Who was told of a change, and when (message centre; the push went where the member held a credit). */
export const changeNotices = defineStaffAction({
  permission: 'benefits.read',
  input: noticesSchema,
  labels: LABELS,
  run: async (deps: BenefitStaffDeps, _who, input) => {
    const d = need(deps);
    const c = await d.benefits.getChange(input.changeId);
    if (!c) throw benefitErrors.notFound(input.changeId);
    const limit = input.limit ?? 50;
    const rows = await d.benefits.noticesOf(c.id, { after: input.after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    return {
      change: changeView(c),
      items: page.map((n) => ({ memberId: n.memberId, nameMasked: n.nameMasked, tierLabel: TIERS[n.tier], atText: timeText(n.at), at: n.at, pushText: PUSH_TEXT[n.delivery ?? 'pending'] })),
      nextAfter: rows.length > limit ? page[page.length - 1].memberId : undefined,
    };
  },
});

export const addSlot = defineStaffAction({
  permission: 'benefits.manage',
  input: slotSchema,
  labels: LABELS,
  run: async (deps: BenefitStaffDeps, who, input, request) => {
    const d = need(deps);
    const b = await loadBenefit(d, input.benefitId);
    if (b.redemption !== 'booking') throw benefitErrors.slotNotApplicable();
    const startsAt = new Date(input.startsAt).toISOString();
    const endsAt = new Date(input.endsAt).toISOString();
    if (startsAt <= d.clock.now().toISOString()) throw benefitErrors.slotPast();
    if (endsAt <= startsAt) throw commonErrors.invalidInput([{ path: 'endsAt', message: '结束时间须晚于开始时间', reason: 'invalid' }]);
    const slot: Slot = { id: `${b.id}-${startsAt.replace(/\D/g, '').slice(0, 12)}`, benefitId: b.id, startsAt, endsAt, capacity: input.capacity, booked: 0, version: 1 };
    await d.benefits.putSlot(slot, null, audit(who, request, 'slot.add', 'benefitSlot', slot.id, { capacity: slot.capacity }));
    return slotView(slot, d.clock.now().toISOString());
  },
});

export const setSlotCapacity = defineStaffAction({
  permission: 'benefits.manage',
  input: capacitySchema,
  labels: LABELS,
  run: async (deps: BenefitStaffDeps, who, input, request) => {
    const d = need(deps);
    const s = await d.benefits.getSlot(input.slotId);
    if (!s) throw benefitErrors.slotNotFound();
    if (s.version !== input.version) throw commonErrors.versionConflict('BENEFITS', s.id);
    if (input.capacity < s.booked) throw benefitErrors.slotConflict();
    const next = { ...s, capacity: input.capacity, version: s.version + 1 };
    await d.benefits.putSlot(next, s.version, audit(who, request, 'slot.capacity', 'benefitSlot', s.id, { from: s.capacity, to: input.capacity }));
    return { ...slotView(next, d.clock.now().toISOString()), version: next.version };
  },
});

/** The booking calendar of one benefit: slots by day with capacity, and who booked (masked names). */
export const bookingCalendar = defineStaffAction({
  permission: 'benefits.read',
  input: calendarSchema,
  labels: LABELS,
  run: async (deps: BenefitStaffDeps, _who, input) => {
    const d = need(deps);
    const b = await loadBenefit(d, input.benefitId);
    const now = d.clock.now();
    const fromDay = input.from ?? localDateOf(now);
    const slots = await d.benefits.slotsOf(b.id, startOfLocalDay(fromDay).toISOString(), startOfLocalDay(addLocalDays(fromDay, input.days ?? 7)).toISOString(), 500);
    const at = now.toISOString();
    const items = await Promise.all(
      slots.map(async (s) => ({ ...slotView(s, at), booked: s.booked, version: s.version, day: dayText(s.startsAt), bookings: (await d.benefits.bookingsOfSlot(s.id)).map(staffBookingView) })),
    );
    return { benefit: { id: b.id, name: b.name, place: b.place }, from: fromDay, items };
  },
});

/** A booking by its number (what a member quotes on the phone): masked name, slot, status. The search is audited. */
export const findBooking = defineStaffAction({
  permission: 'benefits.read',
  input: z.strictObject({ number: z.string().check(z.minLength(3), z.maxLength(40)) }),
  labels: { number: '预约编号' },
  run: async (deps: BenefitStaffDeps, who, input, request) => {
    const d = need(deps);
    const canonical = canonicalBookingNumber(input.number);
    const found = canonical ? await d.benefits.bookingByNumber(canonical) : null;
    await deps.audit.append(searchAudit(who, 'benefits.bookingSearch', { kind: 'number', query: canonical ?? maskPersonalText(input.number).text, results: found ? 1 : 0 }, request));
    return { items: found ? [{ ...staffBookingView(found), benefitId: found.benefitId }] : [] };
  },
});

/**
 * Wrong codes per staff account: 10 free, then 30 s doubling up to 15 minutes, one forgiven per quiet
 * 15 minutes. An 8-digit code lives 10 minutes, so a guesser gets a few dozen tries per hour instead of
 * thousands a second. Counted through the sign-in guard's store (one transaction per attempt on both
 * stores), so parallel guesses are counted like serial ones.
 */
export const CHECKIN_THROTTLE = { free: 10, baseMs: 30_000, maxMs: 15 * 60_000, decayMs: 15 * 60_000 };
const checkInRule = (who: StaffPrincipal): ThrottleRule => ({ key: `checkin:${who.id}`, ...CHECKIN_THROTTLE });

/**
 * When a booking with a slot may be checked in: on the slot's own day in Shanghai, any time of it. A
 * whole day rather than a window round the start, because members arrive early or late and the venue
 * decides; but never days before (the booking would turn 已使用 and could no longer be cancelled).
 */
const checkInDayRefusal = (b: Booking, now: Date): Error | undefined => {
  if (!b.startsAt) return undefined;
  const day = localDateOf(new Date(b.startsAt));
  const today = localDateOf(now);
  if (today < day) return benefitErrors.checkInNotDue(dayText(b.startsAt));
  if (today > day) return benefitErrors.checkInTooLate(dayText(b.startsAt));
  return undefined;
};

/**
 * Marks a booking used by its code (scanned or typed). The code works once and only while fresh; staff and
 * partners see the member's masked name only. Audited. "No such code" and "another organisation's code"
 * answer alike (a guesser learns nothing), and each account's wrong codes are throttled.
 */
export const checkIn = defineStaffAction({
  permission: 'benefits.checkIn',
  input: checkInSchema,
  labels: LABELS,
  run: async (deps: BenefitStaffDeps, who, input, request) => {
    const d = need(deps);
    const rule = checkInRule(who);
    const now = d.clock.now();
    // Counted before the lookup, given back when the code turns out to exist for this account: only wrong codes add up.
    if (deps.signIn) {
      const verdict = await deps.signIn.take([rule], now);
      if (!verdict.allowed) throw benefitErrors.checkInThrottled(verdict.retryAfterMs);
    }
    const refund = async () => {
      if (deps.signIn) await deps.signIn.settle({ clear: [], refund: [rule], remember: [] }, now);
    };
    const hash = d.hash(input.code);
    const id = await d.benefits.bookingIdByCode(hash);
    if (!id) throw benefitErrors.codeNotFound();
    const at = now.toISOString();
    let known = false;
    const v = await d.benefits.settleBooking(id, (b, _slot, grant): BookingVerdict => {
      known = false;
      const refuse = (error: Error): BookingVerdict => ({ kind: 'refuse', error });
      if (!b || b.code?.hash !== hash) return refuse(benefitErrors.codeNotFound());
      // A partner checks in its own service only: the account's name is the organisation the booking names.
      // Another organisation's code answers as no code at all, before anything else about it is told.
      if (who.role === 'partner' && b.terms.partner !== who.name) return refuse(benefitErrors.codeNotFound());
      known = true;
      if (b.status === 'used') return refuse(benefitErrors.codeUsed());
      if (b.status === 'cancelled') return refuse(benefitErrors.codeCancelled());
      if (b.code.expiresAt <= at) return refuse(benefitErrors.codeExpired());
      const early = checkInDayRefusal(b, now);
      if (early) return refuse(early);
      if (grant && grant.expiresAt <= at) return refuse(benefitErrors.expired());
      const booking: Booking = { ...b, status: 'used', usedAt: at, checkedInBy: { id: who.id, role: who.role }, version: b.version + 1, updatedAt: at };
      return { kind: 'write', booking, audit: audit(who, request, 'checkIn', 'benefitBooking', b.id, { number: b.number, benefitId: b.benefitId }) };
    });
    if (known) await refund();
    if (v.kind === 'refuse') throw v.error;
    return staffBookingView(v.booking);
  },
});
