import * as z from 'zod/mini';

/** Member-side inputs (zod/mini keeps the function bundle small). */
const id = z.string().check(z.minLength(2), z.maxLength(64), z.regex(/^[\w-]+$/));
export const benefitRef = z.strictObject({ benefitId: id });
export const slotsQuery = z.strictObject({ benefitId: id, from: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))) });
export const bookInput = z.strictObject({
  benefitId: id,
  slotId: z.optional(id),
  idempotencyKey: z.string().check(z.minLength(16), z.maxLength(64), z.regex(/^[\w-]+$/)),
  /** The separate consent naming the partner, when the booking shares the member's details with one. */
  partnerConsent: z.optional(z.strictObject({ partner: z.string().check(z.minLength(1), z.maxLength(40)), agree: z.literal(true) })),
});
export const bookingRef = z.strictObject({ bookingId: id });
export const listQuery = z.strictObject({});

export const MEMBER_LABELS = { benefitId: '权益', slotId: '预约时段', idempotencyKey: '请求编号', partnerConsent: '信息共享同意', bookingId: '预约', from: '开始日期' };
