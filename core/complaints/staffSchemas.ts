import { z } from 'zod';
import { plainText } from '../shared/validation';
import { COMPLAINT_CATEGORIES, GRADES, STATUSES } from './model';
import { fileId, idempotencyKey } from '../shared/ids';
import { COMPLAINT_LIMITS, complaintId } from './schemas';

const keys = <T extends object>(o: T) => Object.keys(o) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]];
const text = plainText;
const version = z.number().int().min(1);
const staffId = z.string().min(3).max(64).regex(/^[\w-]+$/);

export const queueSchema = z.strictObject({
  status: z.enum(keys(STATUSES)).optional(),
  grade: z.enum(keys(GRADES)).optional(),
  category: z.enum(keys(COMPLAINT_CATEGORIES)).optional(),
  channel: z.enum(['miniprogram', 'phone', 'web', 'app', 'letter']).optional(),
  ownerId: staffId.optional(),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
});

export const searchSchema = z.strictObject({ q: text(3, 40) });
export const staffByIdSchema = z.strictObject({ id: complaintId });
const write = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ id: complaintId, version, ...shape });

export const staffSchemas = {
  acknowledge: write({}),
  reply: write({ text: text(1, COMPLAINT_LIMITS.textMax) }),
  note: write({ text: text(1, COMPLAINT_LIMITS.textMax) }),
  requestInformation: write({ text: text(5, COMPLAINT_LIMITS.textMax) }),
  recordMemberContact: write({ text: text(1, COMPLAINT_LIMITS.textMax) }),
  assign: write({ toStaffId: staffId }),
  takeOver: write({ reason: text(4, 200) }),
  grade: write({ grade: z.enum(keys(GRADES)), urgent: z.boolean().default(false), reason: text(2, 200) }),
  escalate: write({ reason: text(2, 200) }),
  extend: write({ toDays: z.union([z.literal(30), z.literal(60)]), reason: text(5, 500) }),
  restartRegulatory: write({ newMaterialAt: z.iso.datetime(), reason: text(5, 500) }),
  startAppraisal: write({ reason: text(5, 500) }),
  endAppraisal: write({}),
  resolve: write({
    findings: text(5, 2000),
    basis: text(2, 500),
    remedies: z.array(text(1, 20)).min(1).max(6),
  }),
  close: write({ reason: text(2, 200) }),
  startReview: write({}),
  merge: write({ duplicateId: complaintId, duplicateVersion: version }),
};

export const logComplaintSchema = z.strictObject({
  idempotencyKey,
  channel: z.enum(['phone', 'web', 'app', 'letter']),
  receivedAt: z.iso.datetime(),
  memberId: z.string().min(3).max(64).regex(/^[\w-]+$/).optional(),
  contactName: text(1, 30).optional(),
  phone: z.string().regex(/^1\d{10}$/),
  category: z.enum(keys(COMPLAINT_CATEGORIES)),
  description: text(COMPLAINT_LIMITS.descriptionMin, COMPLAINT_LIMITS.descriptionMax),
  policyNo: z.string().trim().min(6).max(30).regex(/^[A-Za-z0-9-]+$/).optional(),
  amountAtStake: z.number().min(0).max(1e10).optional(),
  attachments: z.array(fileId).max(COMPLAINT_LIMITS.attachmentsMax).default([]),
  vulnerableMember: z.boolean().default(false),
  mediaInvolved: z.boolean().default(false),
  regulatorInvolved: z.boolean().default(false),
  repeatComplaint: z.boolean().default(false),
  urgent: z.boolean().default(false),
});

export const STAFF_FIELD_LABELS: Record<string, string> = {
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
