import { TIERS, type Tier } from '../members/model';
import { TIER_RULES } from '../members/tiers';
import { formatShanghai } from '../shared/shanghaiTime';
import { remaining } from './grants';
import { BENEFIT_KINDS, BOOKING_STATUSES, QUOTA_PERIODS, REDEMPTIONS, type Benefit, type BenefitChange, type BenefitTerms, type Booking, type Grant, type Slot } from './model';

export const dayText = (iso: string) => formatShanghai(new Date(iso)).slice(0, 10);
export const timeText = (iso: string) => formatShanghai(new Date(iso));

const yuan = (fen: number) => `${(fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}元`;

/** What each tier asks for, in words (the tier card and the admin page read this). */
export const tierRuleTexts = () =>
  [...TIER_RULES].reverse().map((r) => ({
    tier: r.tier,
    label: TIERS[r.tier],
    rule: r.orMinPremiumFen > 0 ? `持有${r.minPolicies}份有效保单，或年缴保费达到${yuan(r.orMinPremiumFen)}` : `持有${r.minPolicies}份有效保单`,
  }));

export const quotaText = (q: BenefitTerms['quota']) => `${QUOTA_PERIODS[q.period]}${q.count}次`;

/** A change in the words members read: what changes, from what to what. */
export const describePatch = (b: BenefitTerms, patch: BenefitChange['patch']): string => {
  const parts: string[] = [];
  if (patch.retire) parts.push('停止提供该权益');
  if (patch.name && patch.name !== b.name) parts.push(`名称改为「${patch.name}」`);
  if (patch.quota && (patch.quota.count !== b.quota.count || patch.quota.period !== b.quota.period))
    parts.push(`次数由${quotaText(b.quota)}调整为${quotaText(patch.quota)}`);
  if (patch.eligibleTiers && patch.eligibleTiers.join() !== b.eligibleTiers.join())
    parts.push(`适用等级调整为${patch.eligibleTiers.map((t) => TIERS[t]).join('、')}`);
  if (patch.validityDays !== undefined && patch.validityDays !== b.validityDays) parts.push(`有效期由${b.validityDays}天调整为${patch.validityDays}天`);
  if (patch.description !== undefined && patch.description !== b.description) parts.push('服务说明更新');
  return parts.join('；');
};

export const upcomingChangeText = (c: BenefitChange) => `${dayText(c.effectiveAt)}起：${c.summary}`;

export const benefitCard = (b: Benefit, tier: Tier, grant: Grant | undefined, at: string, upcoming: BenefitChange[]) => {
  const eligible = b.eligibleTiers.includes(tier);
  const g = grant && grant.expiresAt > at ? grant : undefined;
  return {
    id: b.id,
    name: b.name,
    kind: b.kind,
    kindLabel: BENEFIT_KINDS[b.kind],
    description: b.description,
    quotaText: quotaText(b.quota),
    redemption: b.redemption,
    redemptionText: REDEMPTIONS[b.redemption],
    needsSlot: b.redemption === 'booking',
    place: b.place,
    partner: b.partner?.name,
    eligible,
    eligibleTiersText: b.eligibleTiers.map((t) => TIERS[t]).join('、'),
    granted: g ? g.granted : eligible ? b.quota.count : 0,
    used: g ? g.used : 0,
    remaining: g ? remaining(g) : eligible ? b.quota.count : 0,
    expiresAt: g?.expiresAt,
    expiresText: g ? `${dayText(new Date(Date.parse(g.expiresAt) - 1).toISOString())}到期` : undefined,
    upcomingChanges: upcoming.map(upcomingChangeText),
  };
};

export const slotView = (s: Slot, now: string) => ({
  id: s.id,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  timeText: `${timeText(s.startsAt)}–${timeText(s.endsAt).slice(11)}`,
  capacity: s.capacity,
  left: Math.max(0, s.capacity - s.booked),
  open: s.startsAt > now && s.booked < s.capacity,
});

export const memberBookingView = (b: Booking, now: string, cutoffHours: number) => ({
  id: b.id,
  number: b.number,
  benefitId: b.benefitId,
  name: b.terms.name,
  place: b.terms.place,
  partner: b.terms.partner,
  status: b.status,
  statusLabel: BOOKING_STATUSES[b.status],
  timeText: b.startsAt && b.endsAt ? `${timeText(b.startsAt)}–${timeText(b.endsAt).slice(11)}` : undefined,
  bookedAtText: timeText(b.bookedAt),
  canCancel: b.status === 'booked' && (!b.startsAt || Date.parse(b.startsAt) - cutoffHours * 3600_000 > Date.parse(now)),
  canShowCode: b.status === 'booked',
});

/** What staff and partners see of a booking: the member's masked name, never their identity. */
export const staffBookingView = (b: Booking) => ({
  id: b.id,
  number: b.number,
  memberNameMasked: b.memberNameMasked,
  status: b.status,
  statusLabel: BOOKING_STATUSES[b.status],
  timeText: b.startsAt && b.endsAt ? `${timeText(b.startsAt)}–${timeText(b.endsAt).slice(11)}` : undefined,
  name: b.terms.name,
  partnerConsent: b.partnerConsent ? `已同意向${b.partnerConsent.partner}提供信息（${timeText(b.partnerConsent.at)}）` : undefined,
  usedAtText: b.usedAt ? timeText(b.usedAt) : undefined,
});
