import * as z from 'zod/mini';
import { plainText } from '../shared/validation';
import { fileId, idempotencyKey, recordId } from '../shared/ids';
import { CHANNELS, COMPLAINT_CATEGORIES, GRADES } from './model';

/** Limits shared with the mini-program form (tests/miniprogram checks that the form uses the same numbers). */
export const COMPLAINT_LIMITS = {
  descriptionMin: 10,
  descriptionMax: 2000,
  attachmentsMax: 9,
  textMax: 1000,
  commentMax: 500,
  pageSizeMax: 20,
} as const;

const categories = Object.keys(COMPLAINT_CATEGORIES) as [keyof typeof COMPLAINT_CATEGORIES, ...(keyof typeof COMPLAINT_CATEGORIES)[]];
const channels = Object.keys(CHANNELS) as [keyof typeof CHANNELS, ...(keyof typeof CHANNELS)[]];
const grades = Object.keys(GRADES) as [keyof typeof GRADES, ...(keyof typeof GRADES)[]];

export const complaintId = recordId;
const policyNo = z.string().check(z.trim(), z.minLength(6), z.maxLength(30), z.regex(/^[A-Za-z0-9-]+$/));
const text = plainText;

export const submitComplaintSchema = z.strictObject({
  idempotencyKey,
  category: z.enum(categories),
  description: text(COMPLAINT_LIMITS.descriptionMin, COMPLAINT_LIMITS.descriptionMax),
  policyNo: z.optional(policyNo),
  claimNo: z.optional(policyNo),
  amountAtStake: z.optional(z.number().check(z.gte(0), z.lte(1e10))),
  attachments: z._default(z.array(fileId).check(z.maxLength(COMPLAINT_LIMITS.attachmentsMax)), []),
  urgent: z._default(z.boolean(), false),
});

export const listMineSchema = z.strictObject({
  limit: z._default(z.int().check(z.gte(1), z.lte(COMPLAINT_LIMITS.pageSizeMax)), 10),
  cursor: z.optional(z.string().check(z.maxLength(200))),
});

export const byIdSchema = z.strictObject({ id: complaintId });

export const rateSchema = z.strictObject({
  id: complaintId,
  score: z.int().check(z.gte(1), z.lte(5)),
  comment: z.optional(text(0, COMPLAINT_LIMITS.commentMax)),
});

export const requestReviewSchema = z.strictObject({ id: complaintId, reason: text(5, COMPLAINT_LIMITS.textMax) });
export const addInformationSchema = z.strictObject({
  id: complaintId,
  text: text(1, COMPLAINT_LIMITS.textMax),
  attachments: z._default(z.array(fileId).check(z.maxLength(COMPLAINT_LIMITS.attachmentsMax)), []),
});
export const withdrawSchema = z.strictObject({ id: complaintId, reason: text(1, COMPLAINT_LIMITS.commentMax) });

export { channels as CHANNEL_KEYS, grades as GRADE_KEYS };

/** Field names as the member sees them, for error messages. */
export const COMPLAINT_FIELD_LABELS: Record<string, string> = {
  idempotencyKey: '请求编号',
  category: '投诉类型',
  description: '投诉内容',
  policyNo: '保单号',
  claimNo: '理赔案号',
  amountAtStake: '涉及金额',
  attachments: '图片',
  urgent: '紧急标记',
  limit: '每页条数',
  cursor: '分页标记',
  id: '投诉编号',
  score: '评分',
  comment: '评价内容',
  reason: '原因',
  text: '补充内容',
};
