import * as z from 'zod/mini';
import { idempotencyKey, recordId } from '../shared/ids';
import { plainText } from '../shared/validation';
import { FINDING_SEVERITIES, INSPECTION_KINDS, LEDGER_RULES, LEDGER_STATUSES, LINK_AREAS, SOURCE_KINDS } from './model';

const keys = <T extends object>(o: T) => Object.keys(o) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]];

/**
 * Base64 checked by a loop, not a regex: a backtracking regex over a 4 MB string can exhaust the stack,
 * which would answer an uncoded error instead of REQUEST.INVALID.
 */
const isBase64 = (s: string): boolean => {
  const end = s.endsWith('==') ? s.length - 2 : s.endsWith('=') ? s.length - 1 : s.length;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return end > 0;
};
export const day = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/),
  z.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)),
);
const version = z.int().check(z.gte(1));
const page = { limit: z._default(z.int().check(z.gte(1), z.lte(50)), 20), cursor: z.optional(z.string().check(z.maxLength(300))) };

export const inspectionKind = z.enum(keys(INSPECTION_KINDS));
export const ledgerStatus = z.enum(keys(LEDGER_STATUSES));
export const sourceKind = z.enum(keys(SOURCE_KINDS));

export const deadlineSchema = z.union([
  z.strictObject({ workingDays: z.int().check(z.gte(1), z.lte(LEDGER_RULES.maxWorkingDays)) }),
  z.strictObject({ date: day }),
]);

export const linkSchema = z.strictObject({
  area: z.enum(keys(LINK_AREAS)),
  id: recordId,
  number: z.string().check(z.trim(), z.minLength(1), z.maxLength(40), z.regex(/^[\w-]+$/)),
});

/** openLedgerItem's input, from any area: a finding, an alert, a satisfaction line, a complaint's root cause … */
export const openItemSchema = z.strictObject({
  idempotencyKey,
  title: plainText(2, 80),
  description: plainText(2, 2000),
  kind: z.optional(inspectionKind),
  source: z.strictObject({
    kind: sourceKind,
    ref: z.string().check(z.trim(), z.minLength(1), z.maxLength(200), z.regex(/^[^\u0000-\u001f\u007f]+$/)),
    label: z.optional(plainText(0, 120)),
  }),
  links: z._default(z.array(linkSchema).check(z.maxLength(LEDGER_RULES.maxLinks)), []),
  ownerId: recordId,
  deadline: z._default(deadlineSchema, { workingDays: LEDGER_RULES.defaultWorkingDays }),
});

export const createInspectionSchema = z.strictObject({
  idempotencyKey,
  kind: inspectionKind,
  title: plainText(2, 80),
  period: plainText(2, 40),
  scope: plainText(2, 500),
  inspector: plainText(1, 40),
});

export const createFindingSchema = z.strictObject({
  idempotencyKey,
  inspectionId: recordId,
  description: plainText(2, 1000),
  severity: z._default(z.enum(keys(FINDING_SEVERITIES)), 'medium'),
});

export const byIdSchema = z.strictObject({ id: recordId });
export const listInspectionsSchema = z.strictObject({ ...page });
export const listItemsSchema = z.strictObject({
  ...page,
  status: z.optional(ledgerStatus),
  kind: z.optional(inspectionKind),
  ownerId: z.optional(recordId),
  overdue: z.optional(z.boolean()),
  inspectionId: z.optional(recordId),
  sourceKind: z.optional(sourceKind),
  /** Only the caller's own items (我负责的). */
  mine: z.optional(z.boolean()),
});

const write = <T extends z.core.$ZodShape>(shape: T) => z.strictObject({ id: recordId, version, ...shape });
export const progressSchema = write({ note: plainText(2, 1000) });
export const startSchema = write({ note: z.optional(plainText(0, 500)) });
export const submitSchema = write({ note: plainText(2, 1000) });
export const verifySchema = write({ note: plainText(2, 500) });
export const returnSchema = write({ reason: plainText(2, 500) });
export const reassignSchema = write({ ownerId: recordId, reason: plainText(2, 200) });
export const changeDeadlineSchema = write({ deadline: deadlineSchema, reason: plainText(2, 200) });
export const evidenceSchema = write({
  /** The file's bytes as base64 (staff upload through the admin API; sniffed, ≤ 3 MB: LEDGER_RULES). */
  contentBase64: z.string().check(z.minLength(4), z.maxLength(4_400_000), z.refine(isBase64, '文件内容须为 base64 编码')),
  name: z.optional(plainText(1, 80)),
  note: z.optional(plainText(0, 200)),
});
export const evidenceUrlSchema = z.strictObject({
  id: recordId,
  fileId: z.string().check(z.maxLength(300), z.regex(/^(cloud|local):\/\/[\w./@-]+$/)),
});

export const LEDGER_LABELS: Record<string, string> = {
  idempotencyKey: '请求编号',
  id: '编号',
  version: '版本',
  title: '标题',
  description: '问题描述',
  kind: '检查类别',
  source: '来源',
  'source.kind': '来源类别',
  'source.ref': '来源编号',
  'source.label': '来源说明',
  links: '关联案件',
  ownerId: '整改责任人',
  deadline: '整改期限',
  period: '检查期间',
  scope: '检查范围',
  inspector: '检查人',
  inspectionId: '专项检查',
  severity: '严重程度',
  note: '说明',
  reason: '原因',
  status: '状态',
  overdue: '是否逾期',
  contentBase64: '文件',
  name: '文件名',
  fileId: '文件',
  limit: '每页条数',
  cursor: '分页标记',
};
