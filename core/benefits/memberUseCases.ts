import { TIERS } from '../members/model';
import { TIER_RULES, tierRank } from '../members/tiers';
import { DAY_MS, startOfLocalDay, addLocalDays, localDateOf } from '../shared/shanghaiTime';
import { parseInput } from '../shared/validation';
import type { BenefitDeps } from './deps';
import { benefitErrors } from './errors';
import { benefitEvent, owed } from './events';
import { grantIdOf, newGrant, periodOf } from './grants';
import type { Benefit, Booking, Grant, Slot } from './model';
import type { BookVerdict, BookingVerdict } from './ports';
import { bookInput, bookingRef, benefitRef, listQuery, MEMBER_LABELS, slotsQuery } from './schemas';
import { currentStanding } from './standing';
import { benefitCard, dayText, memberBookingView, slotView, tierRuleTexts, timeText } from './views';

const parse = <T>(schema: Parameters<typeof parseInput>[0], data: unknown) => parseInput(schema, data ?? {}, MEMBER_LABELS) as T;

const upcomingOf = async (deps: BenefitDeps, benefitId: string) =>
  (await deps.benefits.changesOf(benefitId)).filter((c) => c.status === 'scheduled' && c.announce.told >= 0).sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt));

const currentGrantOf = (grants: Grant[], b: Benefit, memberId: string, now: Date) => {
  const id = grantIdOf(b.id, periodOf(b.quota.period, now).key, memberId);
  return grants.find((g) => g.id === id);
};

/** 会员中心: the tier card — tier, what the next tier needs, when it was last reviewed, a scheduled downgrade. */
export const myTier = async (deps: BenefitDeps, memberId: string, data: unknown) => {
  parse(listQuery, data);
  const { standing } = await currentStanding(deps, memberId);
  const next = [...TIER_RULES].reverse().find((r) => tierRank(r.tier) > tierRank(standing.tier));
  return {
    tier: standing.tier,
    tierLabel: TIERS[standing.tier],
    sinceText: dayText(standing.since),
    reviewedAtText: dayText(standing.reviewedAt),
    nextReviewText: dayText(standing.nextReviewAt),
    nextTier: next ? { tier: next.tier, label: TIERS[next.tier], needs: tierRuleTexts().find((t) => t.tier === next.tier)!.rule } : undefined,
    downgrade: standing.downgrade
      ? { to: standing.downgrade.to, label: TIERS[standing.downgrade.to], effectiveText: dayText(standing.downgrade.effectiveAt) }
      : undefined,
    rules: tierRuleTexts(),
  };
};

/**
 * The benefit list: every active entry with what the member holds of it this period. Opening it issues
 * the member's grants for the period (so an unused one can be announced before it expires).
 */
export const listBenefits = async (deps: BenefitDeps, memberId: string, data: unknown) => {
  parse(listQuery, data);
  const { standing } = await currentStanding(deps, memberId);
  const now = deps.clock.now();
  const all = (await deps.benefits.listBenefits()).filter((b) => b.status === 'active');
  const held = await deps.benefits.grantsOf(memberId);
  const missing = all.filter((b) => b.eligibleTiers.includes(standing.tier) && !currentGrantOf(held, b, memberId, now)).map((b) => newGrant(b, memberId, now, deps.policy));
  if (missing.length) await deps.benefits.issueGrants(missing);
  const grants = [...held, ...missing];
  const at = now.toISOString();
  const cards = await Promise.all(all.map(async (b) => benefitCard(b, standing.tier, currentGrantOf(grants, b, memberId, now), at, await upcomingOf(deps, b.id))));
  return { tier: standing.tier, tierLabel: TIERS[standing.tier], items: cards.sort((a, b) => Number(b.eligible) - Number(a.eligible)) };
};

const activeBenefit = async (deps: BenefitDeps, id: string) => {
  const b = await deps.benefits.getBenefit(id);
  if (!b) throw benefitErrors.notFound(id);
  return b;
};

export const benefitDetail = async (deps: BenefitDeps, memberId: string, data: unknown) => {
  const input = parse<{ benefitId: string }>(benefitRef, data);
  const { standing } = await currentStanding(deps, memberId);
  const b = await activeBenefit(deps, input.benefitId);
  const now = deps.clock.now();
  const grant = currentGrantOf(await deps.benefits.grantsOf(memberId), b, memberId, now);
  return {
    ...benefitCard(b, standing.tier, grant, now.toISOString(), await upcomingOf(deps, b.id)),
    status: b.status,
    basisText: b.basis.kind === 'contract' ? `保险合同约定：${b.basis.ref}` : `增值服务（批准文号：${b.basis.ref}）`,
    consentNeeded: b.partner ? { partner: b.partner.name, text: `我同意将我的姓名和手机号提供给「${b.partner.name}」，仅用于安排本次服务（单独同意，可不预约）` } : undefined,
    cancelRule: `开始前${deps.policy.cancelCutoffHours}小时以前可在线取消，取消后次数退回`,
  };
};

/** Open slots of a benefit from a day (default today) for 14 days. */
export const benefitSlots = async (deps: BenefitDeps, memberId: string, data: unknown) => {
  const input = parse<{ benefitId: string; from?: string }>(slotsQuery, data);
  await currentStanding(deps, memberId);
  const b = await activeBenefit(deps, input.benefitId);
  if (b.redemption !== 'booking') throw benefitErrors.slotNotApplicable();
  const now = deps.clock.now();
  const today = localDateOf(now);
  const fromDay = input.from && input.from > today ? input.from : today;
  const from = startOfLocalDay(fromDay).toISOString();
  const to = startOfLocalDay(addLocalDays(fromDay, 14)).toISOString();
  const slots = await deps.benefits.slotsOf(b.id, from, to, 200);
  const at = now.toISOString();
  return { benefitId: b.id, name: b.name, items: slots.filter((s) => s.startsAt > at).map((s) => slotView(s, at)) };
};

/** 09:00 Shanghai the day before the slot, if that is still ahead. */
const reminderFor = (startsAt: string, now: Date, hour: number): string | undefined => {
  const day = localDateOf(new Date(startsAt));
  const at = new Date(startOfLocalDay(addLocalDays(day, -1)).getTime() + hour * 3600_000);
  return at.getTime() > now.getTime() ? at.toISOString() : undefined;
};

/** QY + the day in Shanghai + a per-day sequence of at least four digits (QY20261126-0001), like ZX…/LP…/TS… numbers. */
export const formatBookingNumber = (day: string, seq: number) => `QY${day}-${String(seq).padStart(4, '0')}`;

/** A number as staff type it (case, spaces and leading zeros do not matter), or undefined. */
export const canonicalBookingNumber = (q: string): string | undefined => {
  const m = /^QY(\d{8})-?(\d{1,9})$/i.exec(q.replace(/\s+/g, ''));
  return m ? formatBookingNumber(m[1], Number(m[2])) : undefined;
};

const allocateBookingNumber = async (deps: BenefitDeps, at: Date) => {
  const day = localDateOf(at).replace(/-/g, '');
  return formatBookingNumber(day, await deps.benefits.nextSequence(`benefitBooking:${day}`));
};


/**
 * Books a use: one transaction checks the slot (open, in the future, not full, not already held by the
 * member) and the grant (not expired, uses left), then takes a place and a use together, with the
 * confirmation owed. A retry with the same key returns the first booking.
 */
export const bookBenefit = async (deps: BenefitDeps, memberId: string, data: unknown) => {
  const input = parse<{ benefitId: string; slotId?: string; idempotencyKey: string; partnerConsent?: { partner: string; agree: true } }>(bookInput, data);
  const { member, standing } = await currentStanding(deps, memberId);
  const b = await activeBenefit(deps, input.benefitId);
  const bookingId = `bk${deps.hash(`${memberId}\u0000${input.idempotencyKey}`).slice(0, 30)}`;
  const replayOf = await deps.benefits.getBooking(bookingId);
  if (replayOf && replayOf.memberId === memberId) {
    if (replayOf.benefitId !== input.benefitId || (replayOf.slotId ?? '') !== (input.slotId ?? '')) throw benefitErrors.keyReused();
    return memberBookingView(replayOf, deps.clock.now().toISOString(), deps.policy.cancelCutoffHours);
  }
  if (b.status !== 'active') throw benefitErrors.retired();
  if (!b.eligibleTiers.includes(standing.tier)) throw benefitErrors.notEligible(TIERS[standing.tier]);
  if (b.redemption === 'booking' && !input.slotId) throw benefitErrors.slotRequired();
  if (b.redemption !== 'booking' && input.slotId) throw benefitErrors.slotNotApplicable();
  if (b.partner) {
    if (!input.partnerConsent) throw benefitErrors.consentRequired(b.partner.name);
    if (input.partnerConsent.partner !== b.partner.name) throw benefitErrors.consentWrongPartner(b.partner.name);
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const grantId = grantIdOf(b.id, periodOf(b.quota.period, now).key, memberId);
  // Allocated before the transaction (a counter is not part of it): a refused booking leaves a gap, never a duplicate.
  const number = await allocateBookingNumber(deps, now);
  const decide = (c: { existing: Booking | null; slot: Slot | null; grant: Grant | null; heldOnSlot: boolean }): BookVerdict => {
    const refuse = (error: Error): BookVerdict => ({ kind: 'refuse', error });
    if (c.existing) return c.existing.memberId === memberId ? { kind: 'replay', booking: c.existing } : refuse(benefitErrors.keyReused());
    let slot: Slot | undefined;
    if (input.slotId) {
      if (!c.slot || c.slot.benefitId !== b.id) return refuse(benefitErrors.slotNotFound());
      if (c.slot.startsAt <= at) return refuse(benefitErrors.slotPast());
      if (Date.parse(c.slot.startsAt) > now.getTime() + deps.policy.bookAheadDays * DAY_MS) return refuse(benefitErrors.slotTooFar(deps.policy.bookAheadDays));
      if (c.heldOnSlot) return refuse(benefitErrors.alreadyBooked());
      if (c.slot.booked >= c.slot.capacity) return refuse(benefitErrors.slotFull());
      slot = { ...c.slot, booked: c.slot.booked + 1, version: c.slot.version + 1 };
    }
    const grant = c.grant ?? newGrant(b, memberId, now, deps.policy);
    if (grant.expiresAt <= at || (slot && slot.startsAt >= grant.expiresAt)) return refuse(benefitErrors.expired());
    if (grant.used >= grant.granted) return refuse(benefitErrors.quotaUsed());
    const booking: Booking = {
      id: bookingId,
      number,
      memberId,
      benefitId: b.id,
      grantId: grant.id,
      ...(slot ? { slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt } : {}),
      status: 'booked',
      terms: { name: b.name, place: b.place, termsVersion: grant.termsVersion, ...(b.partner ? { partner: b.partner.name } : {}) },
      memberNameMasked: member.name?.masked ?? '会员',
      ...(b.partner ? { partnerConsent: { partner: b.partner.name, at } } : {}),
      bookedAt: at,
      ...(slot && reminderFor(slot.startsAt, now, deps.policy.reminderHour) ? { remindAt: reminderFor(slot.startsAt, now, deps.policy.reminderHour) } : {}),
      idempotencyKey: input.idempotencyKey,
      version: 1,
      updatedAt: at,
    };
    const when = slot ? `，时间${timeText(slot.startsAt)}` : '';
    const outbox = owed(
      [benefitEvent('booked', memberId, { id: booking.id, number: booking.number }, at, `您已预约${b.name}${when}`, { name: b.name, place: b.place, ...(slot ? { startsAt: slot.startsAt } : {}) })],
      () => deps.ids.newId(),
      now,
    );
    return { kind: 'book', booking, grant: { ...grant, used: grant.used + 1 }, slot, outbox };
  };
  const verdict = await deps.benefits.book({ bookingId, memberId, slotId: input.slotId, grantId }, decide);
  if (verdict.kind === 'refuse') throw verdict.error;
  return memberBookingView(verdict.booking, at, deps.policy.cancelCutoffHours);
};

const ownBooking = (b: Booking | null, memberId: string): b is Booking => Boolean(b && b.memberId === memberId);

/** Cancels up to the cut-off: the place and the use go back, and the member is told. */
export const cancelBooking = async (deps: BenefitDeps, memberId: string, data: unknown) => {
  const input = parse<{ bookingId: string }>(bookingRef, data);
  await currentStanding(deps, memberId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const verdict = await deps.benefits.settleBooking(input.bookingId, (b, slot, grant): BookingVerdict => {
    if (!ownBooking(b, memberId)) return { kind: 'refuse', error: benefitErrors.bookingNotFound() };
    if (b.status !== 'booked') return { kind: 'refuse', error: benefitErrors.notCancellable(b.status === 'used' ? '已使用' : '已取消') };
    if (b.startsAt && Date.parse(b.startsAt) - deps.policy.cancelCutoffHours * 3600_000 <= now.getTime())
      return { kind: 'refuse', error: benefitErrors.cancelTooLate(deps.policy.cancelCutoffHours) };
    const { remindAt: _r, code: _c, ...rest } = b;
    const booking: Booking = { ...rest, status: 'cancelled', cancelledAt: at, version: b.version + 1, updatedAt: at };
    const outbox = owed(
      [benefitEvent('cancelled', memberId, { id: b.id, number: b.number }, at, `您已取消${b.terms.name}的预约，次数已退回`, { name: b.terms.name, ...(b.startsAt ? { startsAt: b.startsAt } : {}) })],
      () => deps.ids.newId(),
      now,
    );
    return {
      kind: 'write',
      booking,
      slot: slot ? { ...slot, booked: Math.max(0, slot.booked - 1), version: slot.version + 1 } : undefined,
      // A use given back only while the grant lives: an expired grant stays as it ended.
      grant: grant && grant.expiresAt > at ? { ...grant, used: Math.max(0, grant.used - 1) } : undefined,
      outbox,
    };
  });
  if (verdict.kind === 'refuse') throw verdict.error;
  return memberBookingView(verdict.booking, at, deps.policy.cancelCutoffHours);
};

export const myBookings = async (deps: BenefitDeps, memberId: string, data: unknown) => {
  parse(listQuery, data);
  await currentStanding(deps, memberId);
  const at = deps.clock.now().toISOString();
  return { items: (await deps.benefits.bookingsOf(memberId, deps.policy.myBookingsLimit)).map((b) => memberBookingView(b, at, deps.policy.cancelCutoffHours)) };
};

/**
 * A fresh single-use code for a live booking, valid a few minutes: only its hash is kept, and showing a
 * new one retires the previous one. The QR image is drawn on the server.
 */
export const redemptionCode = async (deps: BenefitDeps, memberId: string, data: unknown) => {
  const input = parse<{ bookingId: string }>(bookingRef, data);
  await currentStanding(deps, memberId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const code = `${deps.newCode()}${deps.newCode()}`.slice(0, 8);
  const expiresAt = new Date(now.getTime() + deps.policy.codeTtlMinutes * 60_000).toISOString();
  const verdict = await deps.benefits.settleBooking(input.bookingId, (b, _slot, grant): BookingVerdict => {
    if (!ownBooking(b, memberId)) return { kind: 'refuse', error: benefitErrors.bookingNotFound() };
    if (b.status === 'used') return { kind: 'refuse', error: benefitErrors.alreadyUsed() };
    if (b.status !== 'booked') return { kind: 'refuse', error: benefitErrors.bookingClosed('已取消') };
    if (grant && grant.expiresAt <= at) return { kind: 'refuse', error: benefitErrors.expired() };
    if (b.endsAt && b.endsAt <= at) return { kind: 'refuse', error: benefitErrors.slotPast() };
    return { kind: 'write', booking: { ...b, code: { hash: deps.hash(code), expiresAt }, version: b.version + 1, updatedAt: at } };
  });
  if (verdict.kind === 'refuse') throw verdict.error;
  return { bookingId: input.bookingId, code, qr: await deps.qr.dataUrl(code), expiresAt, expiresText: timeText(expiresAt), ttlSeconds: deps.policy.codeTtlMinutes * 60 };
};

