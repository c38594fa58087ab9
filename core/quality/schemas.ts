import * as z from 'zod/mini';
import { idempotencyKey, recordId } from '../shared/ids';
import { plainText } from '../shared/validation';

const area = z.enum(['complaints', 'consultations', 'claims']);
const month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'));
const key = z.string().check(z.minLength(1), z.maxLength(40), z.regex(/^[A-Za-z][A-Za-z0-9_]*$/));
const page = { limit: z._default(z.int().check(z.gte(1), z.lte(50)), 20), cursor: z.optional(z.string().check(z.maxLength(300))) };

export const drawSchema = z.strictObject({
  idempotencyKey,
  area,
  period: month,
  stratum: z.enum(['handler', 'grade', 'type']),
  perStratum: z.int().check(z.gte(1), z.lte(20)),
  /** Given to redraw a recorded sample; drawn fresh otherwise. */
  seed: z.optional(z.int().check(z.gte(0), z.lte(4294967295))),
});
export const listSamplesSchema = z.strictObject({ area: z.optional(area), period: z.optional(month), ...page });
export const byIdSchema = z.strictObject({ id: recordId });
export const caseSchema = z.strictObject({ sampleId: recordId, caseId: recordId });
export const scoreSchema = z.strictObject({
  sampleId: recordId,
  caseId: recordId,
  items: z.array(z.strictObject({ key, points: z.number(), note: z.optional(plainText(0, 300)) })).check(z.minLength(1), z.maxLength(30)),
  fatal: z._default(z.array(key).check(z.maxLength(10)), []),
  comment: z._default(plainText(0, 1000), ''),
});
export const listScoresSchema = z.strictObject({
  period: z.optional(month),
  area: z.optional(area),
  handlerId: z.optional(z.string().check(z.maxLength(64))),
  sampleId: z.optional(recordId),
  appealPending: z.optional(z.boolean()),
  ...page,
});
export const appealSchema = z.strictObject({ id: recordId, version: z.int().check(z.gte(1)), reason: plainText(5, 500) });
export const decideAppealSchema = z.strictObject({
  id: recordId,
  version: z.int().check(z.gte(1)),
  outcome: z.enum(['upheld', 'changed']),
  revisedTotal: z.optional(z.int()),
  decision: plainText(5, 500),
});
export const scorecardSchema = z.strictObject({
  area,
  version: z.int().check(z.gte(0)),
  items: z
    .array(z.strictObject({ key, label: plainText(2, 30), weight: z.int().check(z.gte(1), z.lte(100)), guide: z._default(plainText(0, 200), '') }))
    .check(z.minLength(1), z.maxLength(20)),
  fatalErrors: z.array(z.strictObject({ key, label: plainText(2, 60) })).check(z.maxLength(20)),
  passMark: z.int(),
});
export const noInputSchema = z.strictObject({});
export const summarySchema = z.strictObject({ from: month, to: month, area: z.optional(area) });

export const QUALITY_LABELS: Record<string, string> = {
  idempotencyKey: '请求编号',
  area: '业务领域',
  period: '抽样月份',
  stratum: '分层方式',
  perStratum: '每层抽取数',
  seed: '随机种子',
  id: '质检记录',
  sampleId: '抽样',
  caseId: '案件',
  items: '评分项',
  fatal: '致命差错',
  comment: '评语',
  handlerId: '经办人',
  appealPending: '待处理申诉',
  version: '版本',
  reason: '申诉理由',
  outcome: '申诉结论',
  revisedTotal: '改判分数',
  decision: '处理意见',
  fatalErrors: '致命差错',
  passMark: '合格线',
  from: '开始月份',
  to: '结束月份',
  limit: '每页条数',
  cursor: '分页标记',
};
