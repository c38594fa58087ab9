import type { Tier } from '../members/model';

/** 权益: the catalogue (what the company offers, to whom, how often) and what each member holds and books. */

export const BENEFIT_KINDS = { discount: '保险优惠', health: '健康咨询', checkup: '体检预约', legalTax: '法律/税务咨询', event: '会员活动' } as const;
export type BenefitKind = keyof typeof BENEFIT_KINDS;

export const QUOTA_PERIODS = { month: '每月', quarter: '每季度', year: '每年', once: '一次性' } as const;
export type QuotaPeriod = keyof typeof QUOTA_PERIODS;

/** How a use is redeemed: a time slot then a code at the venue, or a code alone (shown at the partner or counter). */
export const REDEMPTIONS = { booking: '预约时段，到场出示核销码', code: '出示核销码使用' } as const;
export type Redemption = keyof typeof REDEMPTIONS;

/**
 * Why the company may offer it. 保险法 art 116 forbids benefits outside the insurance contract: an entry
 * flagged `outsideContract` needs an approval (its reference) and compliance reads it as such.
 */
export type BenefitBasis = { kind: 'contract'; ref: string } | { kind: 'approval'; ref: string };

/** The terms a member's grant and booking keep once issued, whatever changes later. */
export interface BenefitTerms {
  name: string;
  description: string;
  eligibleTiers: Tier[];
  quota: { count: number; period: QuotaPeriod };
  /** A grant is usable for this many days from issue, and never past its period's end. */
  validityDays: number;
}

export interface Benefit extends BenefitTerms {
  id: string;
  kind: BenefitKind;
  redemption: Redemption;
  /** The partner who serves it (check-up centre, law firm), if any: booking details go to them only with the member's consent naming them. */
  partner?: { name: string };
  basis: BenefitBasis;
  /** 保险法 art 116: true when the benefit is outside the contract (a value-added service by approval). */
  outsideContract: boolean;
  /** Place shown on bookings (venue, or 线上/电话). */
  place: string;
  status: 'active' | 'retired';
  /** Bumped with each applied change; grants and bookings record the version they were issued under. */
  termsVersion: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A member's tier as the benefits know it: upgrades at once, downgrades at the yearly review with notice. */
export interface TierStanding {
  memberId: string;
  tier: Tier;
  /** What the rules make of the member record at the last look. */
  computedTier: Tier;
  since: string;
  reviewedAt: string;
  /** The next yearly review; the timer settles a scheduled downgrade then. */
  nextReviewAt: string;
  /**
   * When the timer next looks at this member (its index): some weeks before the review, to announce a
   * downgrade in time to members who do not open the benefits page; then at the review itself.
   */
  nextCheckAt: string;
  downgrade?: { to: Tier; effectiveAt: string; noticedAt: string };
  /** As staff may see it (the member record's mask), for the who-was-told list. */
  nameMasked?: string;
  version: number;
}

/** The uses of one benefit issued to one member for one period, with the terms they were issued under. */
export interface Grant {
  /** `<benefitId>_<periodKey>_<memberId>`: one grant per member, benefit and period, however many ask at once. */
  id: string;
  memberId: string;
  benefitId: string;
  periodKey: string;
  granted: number;
  used: number;
  grantedAt: string;
  expiresAt: string;
  termsVersion: number;
  terms: BenefitTerms;
  /** When the member is told the unused uses are about to expire (the timer's index). */
  expiryNoticeAt: string;
  expiryNoticedAt?: string;
}

export interface Slot {
  id: string;
  benefitId: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  version: number;
}

export const BOOKING_STATUSES = { booked: '已预约', used: '已使用', cancelled: '已取消' } as const;
export type BookingStatus = keyof typeof BOOKING_STATUSES;

export interface Booking {
  id: string;
  /** What members quote: QY + the day in Shanghai + a per-day sequence (QY20261126-0001), unique. */
  number: string;
  memberId: string;
  benefitId: string;
  grantId: string;
  slotId?: string;
  startsAt?: string;
  endsAt?: string;
  status: BookingStatus;
  /** The terms as booked: a later change does not touch them. */
  terms: { name: string; place: string; termsVersion: number; partner?: string };
  /** Staff and partners see this mask only. */
  memberNameMasked: string;
  /** The member's separate consent to share their details with the named partner (个人信息保护法 art 23). */
  partnerConsent?: { partner: string; at: string };
  /** A single-use, short-lived code: its hash only. */
  code?: { hash: string; expiresAt: string };
  bookedAt: string;
  cancelledAt?: string;
  usedAt?: string;
  checkedInBy?: { id: string; role: string };
  /** When the day-before reminder is due (the timer's index); cleared once sent or when cancelled. */
  remindAt?: string;
  idempotencyKey: string;
  version: number;
  updatedAt: string;
}

/** A change to a catalogue entry, effective on a date and announced beforehand. */
export interface BenefitChange {
  id: string;
  benefitId: string;
  /** The new terms (only what changes). `retire` ends new grants and bookings. */
  patch: Partial<BenefitTerms> & { retire?: boolean };
  /** Less for some member (fewer uses, fewer tiers, shorter validity, retired): needs the notice period. */
  unfavourable: boolean;
  summary: string;
  effectiveAt: string;
  status: 'scheduled' | 'applied' | 'cancelled';
  /** Announcing pages through the members; `after` is the last member told. */
  announce: { done: boolean; after?: string; told: number };
  createdBy: { id: string; role: string };
  createdAt: string;
  appliedAt?: string;
  version: number;
}

/** One member told of one change: the admin page's who-was-told list. */
export interface BenefitNotice {
  changeId: string;
  memberId: string;
  nameMasked: string;
  tier: Tier;
  at: string;
  outboxId: string;
}
