/**
 * Response targets for consultations (data; compliance may change them): working days on the same
 * calendar as complaints, counted from the day after the question (or hand-off, or follow-up) and
 * ending 24:00 of the last working day.
 */
export const CONSULTATION_POLICY = {
  /** Customer service's first answer to a new question. */
  firstReplyWorkingDays: 1,
  /** Customer service's answer to a follow-up. */
  replyWorkingDays: 1,
  /** The advisor's answer after a hand-off or a follow-up they hold. */
  advisorReplyWorkingDays: 2,
  /** Staff are warned this long before a reply falls due. */
  warnBeforeMs: 4 * 3600_000,
  /** Member quotas: questions per hour and per day, follow-ups per day. */
  asksPerHour: 5,
  asksPerDay: 20,
  followUpsPerDay: 30,
} as const;

export type ConsultationPolicy = {
  readonly [K in keyof typeof CONSULTATION_POLICY]: number;
};

export const CONSULTATION_LIMITS = {
  questionMin: 5,
  questionMax: 1000,
  textMax: 1000,
  attachmentsMax: 6,
  commentMax: 300,
  productsMax: 5,
  reasonsMax: 5,
  /** 1,000,000 元 a year is past any personal plan the advisor proposes. */
  premiumMaxFen: 100_000_000,
} as const;
