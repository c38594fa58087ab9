import { z } from 'zod';
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
const policyNo = z.string().trim().min(6).max(30).regex(/^[A-Za-z0-9-]+$/);
const text = plainText;

export const submitComplaintSchema = z.strictObject({
  idempotencyKey,
  category: z.enum(categories),
  description: text(COMPLAINT_LIMITS.descriptionMin, COMPLAINT_LIMITS.descriptionMax),
  policyNo: policyNo.optional(),
  claimNo: policyNo.optional(),
  amountAtStake: z.number().min(0).max(1e10).optional(),
  attachments: z.array(fileId).max(COMPLAINT_LIMITS.attachmentsMax).default([]),
  urgent: z.boolean().default(false),
});

export const listMineSchema = z.strictObject({
  limit: z.number().int().min(1).max(COMPLAINT_LIMITS.pageSizeMax).default(10),
  cursor: z.string().max(200).optional(),
});

export const byIdSchema = z.strictObject({ id: complaintId });

export const rateSchema = z.strictObject({
  id: complaintId,
  score: z.number().int().min(1).max(5),
  comment: text(0, COMPLAINT_LIMITS.commentMax).optional(),
});

export const requestReviewSchema = z.strictObject({ id: complaintId, reason: text(5, COMPLAINT_LIMITS.textMax) });
export const addInformationSchema = z.strictObject({
  id: complaintId,
  text: text(1, COMPLAINT_LIMITS.textMax),
  attachments: z.array(fileId).max(COMPLAINT_LIMITS.attachmentsMax).default([]),
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
