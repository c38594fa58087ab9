import * as z from 'zod/mini';
import { CALL_LABELS, callFields } from '../shared/callSchema';
import { COMPLAINT_CATEGORIES } from '../complaints/model';
import { fileId, idempotencyKey, recordId } from '../shared/ids';
import { plainText } from '../shared/validation';
import { CONSULTATION_TOPICS } from './model';
import { CONSULTATION_LIMITS as LIM } from './policy';

const keys = <T extends object>(o: T) => Object.keys(o) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]];
const policyNo = z.string().check(z.trim(), z.minLength(6), z.maxLength(30), z.regex(/^[A-Za-z0-9-]+$/));
const attachments = z._default(z.array(fileId).check(z.maxLength(LIM.attachmentsMax)), []);
const page = {
  limit: z._default(z.int().check(z.gte(1), z.lte(50)), 20),
  cursor: z.optional(z.string().check(z.maxLength(300))),
};

export const askSchema = z.strictObject({
  idempotencyKey,
  topic: z.enum(keys(CONSULTATION_TOPICS)),
  question: plainText(LIM.questionMin, LIM.questionMax),
  policyNo: z.optional(policyNo),
  attachments,
});

export const listMineSchema = z.strictObject({ ...page, limit: z._default(z.int().check(z.gte(1), z.lte(20)), 10) });
export const byIdSchema = z.strictObject({ id: recordId });
export const followUpSchema = z.strictObject({ idempotencyKey, id: recordId, text: plainText(2, LIM.textMax), attachments });
export const rateSchema = z.strictObject({ idempotencyKey, id: recordId, score: z.int().check(z.gte(1), z.lte(5)), comment: z.optional(plainText(0, LIM.commentMax)) });
export const fileUrlSchema = z.strictObject({ id: recordId, fileId });

export const MEMBER_LABELS: Record<string, string> = {
  idempotencyKey: '请求编号',
  topic: '咨询类型',
  question: '咨询内容',
  policyNo: '保单号',
  attachments: '图片',
  id: '咨询编号',
  text: '追问内容',
  score: '评分',
  comment: '评价留言',
  fileId: '图片',
  limit: '每页条数',
  cursor: '分页标记',
};

// ——— Staff ———

const version = z.int().check(z.gte(1));
const staffId = z.string().check(z.minLength(3), z.maxLength(64), z.regex(/^[\w-]+$/));
const write = <T extends z.core.$ZodShape>(shape: T) => z.strictObject({ id: recordId, version, ...shape });

export const staffQueueSchema = z.strictObject({
  /** customerService: the customer-service queue; advisor: handed to advisors (an advisor sees only their own); mine: handed to me, all statuses. */
  view: z._default(z.enum(['customerService', 'advisor', 'all', 'mine']), 'customerService'),
  advisorId: z.optional(staffId),
  ...page,
});
export const staffSearchSchema = z.strictObject({ number: z.string().check(z.trim(), z.minLength(6), z.maxLength(30)) });
export const staffByIdSchema = z.strictObject({ id: recordId });
export const staffNoInputSchema = z.strictObject({});

export const staffWriteSchemas = {
  reply: write({ text: plainText(2, LIM.textMax) }),
  /** 通话记录 (core/shared/callLog.ts). */
  logCall: write(callFields),
  handToAdvisor: write({ advisorId: staffId, context: plainText(5, 500) }),
  advisorReply: write({ text: plainText(2, LIM.textMax) }),
  proposePlan: write({
    products: z
      .array(z.strictObject({ name: plainText(2, 40), code: z.optional(z.string().check(z.maxLength(20), z.regex(/^[A-Za-z0-9-]+$/))) }))
      .check(z.minLength(1), z.maxLength(LIM.productsMax)),
    premiumMinFen: z.int().check(z.gte(0), z.lte(LIM.premiumMaxFen)),
    premiumMaxFen: z.int().check(z.gte(1), z.lte(LIM.premiumMaxFen)),
    reasons: z.array(plainText(2, 200)).check(z.minLength(1), z.maxLength(LIM.reasonsMax)),
  }),
  recordEnrollmentHelp: write({ planId: z.optional(recordId), note: plainText(5, 500) }),
  takeOver: write({ reason: plainText(4, 200) }),
  convertToComplaint: write({ messageId: recordId, reason: plainText(4, 300), category: z.enum(keys(COMPLAINT_CATEGORIES)) }),
};

export const staffUnmaskSchema = z.strictObject({ id: recordId, field: z.enum(['name', 'phone']), reason: plainText(4, 200) });
export const staffUnmaskTextSchema = z.strictObject({ id: recordId, reason: plainText(4, 200) });
export const staffFileSchema = z.strictObject({ id: recordId, fileId, purpose: z._default(z.enum(['thumbnail', 'open']), 'open') });

export const STAFF_LABELS: Record<string, string> = {
  ...CALL_LABELS,
  id: '咨询编号',
  version: '版本号',
  text: '答复内容',
  advisorId: '顾问',
  context: '转交说明',
  products: '推荐产品',
  'products.name': '产品名称',
  premiumMinFen: '最低保费',
  premiumMaxFen: '最高保费',
  reasons: '推荐理由',
  planId: '保险方案',
  note: '协助内容',
  reason: '原因',
  messageId: '会员留言',
  category: '投诉类型',
  view: '队列',
  number: '咨询编号',
  field: '信息项',
  fileId: '图片',
  purpose: '用途',
  limit: '每页条数',
  cursor: '分页标记',
};
