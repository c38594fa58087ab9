import * as z from 'zod/mini';
import { CALL_LABELS, callFields } from '../shared/callSchema';
import { fileId, idempotencyKey, recordId } from '../shared/ids';
import { plainText } from '../shared/validation';
import { SECOND_NOTICE_REASONS } from './policy';

const keys = <T extends object>(o: T) => Object.keys(o) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]];
const policyNo = z.string().check(z.trim(), z.minLength(6), z.maxLength(30), z.regex(/^[A-Za-z0-9-]+$/));
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/), z.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)));
const typeKey = z.string().check(z.minLength(1), z.maxLength(40), z.regex(/^\w+$/));
/** Money in integer 分; the sign is checked by the use case so a negative amount gets its own code. */
const fen = z.int().check(z.gte(-1_000_000_000_000), z.lte(1_000_000_000_000));
const page = { limit: z._default(z.int().check(z.gte(1), z.lte(50)), 20), cursor: z.optional(z.string().check(z.maxLength(300))) };

export const saveDraftSchema = z.strictObject({
  /** Creating a draft: a retry with the key finds the same draft. */
  idempotencyKey,
  id: z.optional(recordId),
  policyNo,
  insuredIndex: z.int().check(z.gte(0), z.lte(20)),
  claimType: typeKey,
  incidentDate: day,
  place: z._default(plainText(0, 100), ''),
  description: z._default(plainText(0, 1000), ''),
  claimedFen: z.optional(fen),
});
export const submitSchema = z.strictObject({ id: recordId, idempotencyKey });
export const listMineSchema = z.strictObject({ ...page, limit: z._default(z.int().check(z.gte(1), z.lte(20)), 10) });
export const byIdSchema = z.strictObject({ id: recordId });
export const attachSchema = z.strictObject({ id: recordId, item: typeKey, fileIds: z.array(fileId).check(z.minLength(1), z.maxLength(9)) });
export const acceptSchema = z.strictObject({ id: recordId });
export const withdrawSchema = z.strictObject({ id: recordId, reason: z.optional(plainText(0, 200)) });
export const messageSchema = z.strictObject({ id: recordId, idempotencyKey, text: plainText(2, 500) });
export const fileUrlSchema = z.strictObject({ id: recordId, fileId });
export const noInputSchema = z.strictObject({});

export const MEMBER_LABELS: Record<string, string> = {
  idempotencyKey: '请求编号',
  id: '案件编号',
  policyNo: '保单号',
  insuredIndex: '被保险人',
  claimType: '理赔类型',
  incidentDate: '出险日期',
  place: '出险地点',
  description: '事故经过',
  claimedFen: '申请金额',
  item: '材料项',
  fileIds: '文件',
  reason: '原因',
  text: '留言',
  fileId: '文件',
  limit: '每页条数',
  cursor: '分页标记',
};

// ——— Staff ———
const version = z.int().check(z.gte(1));
const write = <T extends z.core.$ZodShape>(shape: T) => z.strictObject({ id: recordId, version, ...shape });

export const staffQueueSchema = z.strictObject({
  status: z.optional(z.enum(['reported', 'documentsPending', 'underReview', 'decided'])),
  ...page,
});
export const staffSearchSchema = z.strictObject({ number: z.string().check(z.trim(), z.minLength(6), z.maxLength(30)) });
export const staffByIdSchema = z.strictObject({ id: recordId });
/** Staff open the personal numbers in a claim's texts only with a reason (audited). */
export const unmaskTextSchema = z.strictObject({ id: recordId, reason: plainText(4, 200) });
export const staffFileSchema = z.strictObject({ id: recordId, fileId });
export const requestDocumentsSchema = write({
  items: z.array(typeKey).check(z.minLength(1), z.maxLength(20)),
  note: z.optional(plainText(0, 300)),
  reasonCode: z.optional(z.enum(keys(SECOND_NOTICE_REASONS))),
  reasonText: z.optional(plainText(0, 300)),
});
export const waiveSchema = write({ item: typeKey, reason: plainText(2, 200) });
export const assessmentSchema = write({ text: plainText(5, 2000) });
const calculationLine = z.strictObject({
  item: plainText(2, 40),
  claimedFen: fen,
  excludedFen: z._default(fen, 0),
  exclusionReason: z.optional(plainText(0, 200)),
});
export const decideSchema = write({
  outcome: z.enum(['pay', 'refuse']),
  amountFen: z.optional(fen),
  /** 理算 line by line; the amount is worked out from it (core/claims/calculation.ts). */
  calculation: z.optional(
    z.strictObject({
      lines: z.array(calculationLine).check(z.minLength(1), z.maxLength(20)),
      deductibleFen: z._default(fen, 0),
      ratioPct: z.int().check(z.gte(1), z.lte(100)),
    }),
  ),
  basis: z.optional(plainText(2, 500)),
  reasons: z.optional(plainText(5, 1000)),
});
export const approveSchema = write({});
/** 通话记录 (core/shared/callLog.ts). */
export const logCallSchema = write(callFields);
export const acceptanceSchema = write({ evidence: plainText(5, 500) });
export const paymentSchema = write({ kind: z.enum(['advance', 'final']), paidOn: day, amountFen: fen, reference: plainText(3, 60) });
export const convertSchema = write({ entryId: z.string().check(z.minLength(4), z.maxLength(64)), reason: plainText(5, 300) });

export const STAFF_LABELS: Record<string, string> = {
  ...CALL_LABELS,
  id: '案件',
  version: '版本',
  status: '状态',
  number: '案件号',
  items: '缺少的材料',
  note: '说明',
  reasonCode: '再次通知原因',
  reasonText: '原因说明',
  item: '材料项',
  reason: '原因',
  text: '审核意见',
  outcome: '决定',
  amountFen: '金额',
  basis: '核定依据',
  calculation: '理算明细',
  // The editor's field names (admin/src/ClaimCalculationEditor.tsx): a refusal says which line and box.
  'calculation.lines.*.item': '费用项目',
  'calculation.lines.*.claimedFen': '申请金额',
  'calculation.lines.*.excludedFen': '扣除金额',
  'calculation.lines.*.exclusionReason': '扣除原因',
  'calculation.deductibleFen': '免赔额',
  'calculation.ratioPct': '赔付比例',
  reasons: '拒赔理由',
  evidence: '确认凭证',
  kind: '付款类型',
  paidOn: '付款日期',
  reference: '付款流水号',
  entryId: '会员留言',
  fileId: '文件',
  limit: '每页条数',
  cursor: '分页标记',
};
