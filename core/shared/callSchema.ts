/** The call-log input (core/shared/callLog.ts), apart from it so the lifecycles that write calls carry no zod. */
import * as z from 'zod/mini';
import { shanghaiInstant } from './callLog';
import { plainText } from './validation';

export const callFields = {
  // An instant with its offset, or a Shanghai wall time without one (2026-11-26T15:00 = 15:00 in Shanghai).
  calledAt: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/), z.refine((s) => !Number.isNaN(Date.parse(shanghaiInstant(s))))),
  durationSeconds: z.int().check(z.gte(1), z.lte(4 * 3600)),
  direction: z.enum(['inbound', 'outbound']),
  summary: plainText(5, 1000),
  recordingRef: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200), z.regex(/^[\x21-\x7e]+$/))),
};

export const CALL_LABELS: Record<string, string> = {
  calledAt: '通话时间',
  durationSeconds: '通话时长',
  direction: '呼叫方向',
  summary: '通话摘要',
  recordingRef: '录音编号',
};
