/** Benefit rules as data (CLARIFICATIONS "Benefits and consultations"); the core reads only this. */
export const BENEFIT_POLICY = {
  /** An unfavourable change is effective no sooner than this after it is scheduled. */
  unfavourableNoticeDays: 30,
  /** A booking may be cancelled until this long before its slot starts. */
  cancelCutoffHours: 24,
  /** A redemption code works once, for this long after it is shown. */
  codeTtlMinutes: 10,
  /** The day-before reminder: at this hour (Shanghai) the day before the slot. */
  reminderHour: 9,
  /** Unused uses are announced this many days before they expire. */
  expiryNoticeDays: 7,
  /** Slots open for booking this far ahead. */
  bookAheadDays: 60,
  /** The timer re-reads every member's policies this long before the yearly review, so a downgrade is announced with its notice. */
  tierCheckBeforeReviewDays: 45,
  /** A member's bookings list, newest first. */
  myBookingsLimit: 50,
} as const;

export type BenefitPolicy = typeof BENEFIT_POLICY;
