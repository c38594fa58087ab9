import * as z from 'zod/mini';
import { CALL_LABELS, callFields } from '../shared/callSchema';
import { plainText } from '../shared/validation';
import { COMPLAINT_CATEGORIES, GRADES, STATUSES } from './model';
import { fileId, idempotencyKey } from '../shared/ids';
import { COMPLAINT_LIMITS, complaintId } from './schemas';

const keys = <T extends object>(o: T) => Object.keys(o) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]];
const text = plainText;
const version = z.int().check(z.gte(1));
const staffId = z.string().check(z.minLength(3), z.maxLength(64), z.regex(/^[\w-]+$/));

export const queueSchema = z.strictObject({
  status: z.optional(z.enum(keys(STATUSES))),
  grade: z.optional(z.enum(keys(GRADES))),
  category: z.optional(z.enum(keys(COMPLAINT_CATEGORIES))),
  channel: z.optional(z.enum(['miniprogram', 'phone', 'web', 'app', 'letter'])),
  ownerId: z.optional(staffId),
  limit: z._default(z.int().check(z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.maxLength(300))),
});

export const searchSchema = z.strictObject({ q: text(3, 40) });
export const staffByIdSchema = z.strictObject({ id: complaintId });
const write = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject({ id: complaintId, version, ...shape });

export const staffSchemas = {
  acknowledge: write({}),
  reply: write({ text: text(1, COMPLAINT_LIMITS.textMax) }),
  note: write({ text: text(1, COMPLAINT_LIMITS.textMax) }),
  /** 通话记录: a call with the member (core/shared/callLog.ts). */
  logCall: write(callFields),
  requestInformation: write({ text: text(5, COMPLAINT_LIMITS.textMax) }),
  recordMemberContact: write({ text: text(1, COMPLAINT_LIMITS.textMax) }),
  assign: write({ toStaffId: staffId }),
  takeOver: write({ reason: text(4, 200) }),
  grade: write({ grade: z.enum(keys(GRADES)), urgent: z._default(z.boolean(), false), reason: text(2, 200) }),
  escalate: write({ reason: text(2, 200) }),
  extend: write({ toDays: z.union([z.literal(30), z.literal(60)]), reason: text(5, 500) }),
  restartRegulatory: write({ newMaterialAt: z.iso.datetime(), reason: text(5, 500) }),
  startAppraisal: write({ reason: text(5, 500) }),
  endAppraisal: write({}),
  resolve: write({
    findings: text(5, 2000),
    basis: text(2, 500),
    remedies: z.array(text(1, 20)).check(z.minLength(1), z.maxLength(6)),
  }),
  close: write({ reason: text(2, 200) }),
  startReview: write({}),
  merge: write({ duplicateId: complaintId, duplicateVersion: version }),
};

export const logComplaintSchema = z.strictObject({
  idempotencyKey,
  channel: z.enum(['phone', 'web', 'app', 'letter']),
  receivedAt: z.iso.datetime(),
  memberId: z.optional(z.string().check(z.minLength(3), z.maxLength(64), z.regex(/^[\w-]+$/))),
  contactName: z.optional(text(1, 30)),
  phone: z.string().check(z.regex(/^1\d{10}$/)),
  category: z.enum(keys(COMPLAINT_CATEGORIES)),
  description: text(COMPLAINT_LIMITS.descriptionMin, COMPLAINT_LIMITS.descriptionMax),
  policyNo: z.optional(z.string().check(z.trim(), z.minLength(6), z.maxLength(30), z.regex(/^[A-Za-z0-9-]+$/))),
  amountAtStake: z.optional(z.number().check(z.gte(0), z.lte(1e10))),
  attachments: z._default(z.array(fileId).check(z.maxLength(COMPLAINT_LIMITS.attachmentsMax)), []),
  vulnerableMember: z._default(z.boolean(), false),
  mediaInvolved: z._default(z.boolean(), false),
  regulatorInvolved: z._default(z.boolean(), false),
  repeatComplaint: z._default(z.boolean(), false),
  urgent: z._default(z.boolean(), false),
});

export const STAFF_FIELD_LABELS: Record<string, string> = {
  ...CALL_LABELS,
  id: '投诉编号',
  version: '版本号',
  text: '内容',
  toStaffId: '处理人',
  grade: '等级',
  urgent: '紧急',
  reason: '原因',
  toDays: '延长天数',
  newMaterialAt: '新材料到达时间',
  findings: '调查结论',
  basis: '处理依据',
  remedies: '救济途径',
  duplicateId: '重复投诉',
  duplicateVersion: '重复投诉版本号',
  q: '搜索内容',
  channel: '渠道',
  receivedAt: '收到时间',
  memberId: '会员标识',
  contactName: '联系人',
  phone: '手机号',
  category: '投诉类型',
  description: '投诉内容',
  policyNo: '保单号',
  amountAtStake: '涉及金额',
  status: '状态',
  ownerId: '处理人',
  limit: '每页条数',
  cursor: '分页标记',
  idempotencyKey: '请求编号',
};
