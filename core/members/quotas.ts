import { DomainError } from '../shared/errors';
import { HOUR_MS, DAY_MS, SHANGHAI_OFFSET_MS, formatShanghai, localDateOf } from '../shared/shanghaiTime';
import { BINDING_LIMITS } from './deps';
import type { LimitRule, MemberStore } from './ports';

/**
 * What one member may do, as data (issue 9 item 3). Every counter is a calendar bucket in Shanghai
 * time (this hour, today), so the refusal can say exactly when to try again. The counters are the
 * member store's `takeLimits`: one atomic check-and-count, the same machinery binding uses, so
 * parallel calls get no more than serial ones and a refusal counts nothing.
 */
export const MEMBER_QUOTAS = {
  /** Complaints submitted (a retry with the same idempotency key is not a new submit and is not counted). */
  submitsPerHour: 5,
  submitsPerDay: 20,
  /** Files uploaded (photos, PDFs): how many, and how many bytes in all. */
  uploadsPerDay: 30,
  uploadBytesPerDay: 60 * 1024 * 1024,
  /** Binding (policy number + phone + SMS code): the limits binding.ts enforces, listed here so the table is whole. */
  binding: BINDING_LIMITS,
} as const;

export type MemberQuotas = typeof MEMBER_QUOTAS;

/** The member store's atomic limit machinery is all a quota needs. */
export type LimitTaker = Pick<MemberStore, 'takeLimits'>;

type Bucket = 'hour' | 'day';

const bucketOf = (now: Date, bucket: Bucket) => {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  const label = bucket === 'hour' ? local.slice(0, 13) : localDateOf(now);
  const size = bucket === 'hour' ? HOUR_MS : DAY_MS;
  // Shanghai has no daylight saving: buckets are aligned on the fixed +08:00 offset.
  const end = new Date(Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / size) * size + size - SHANGHAI_OFFSET_MS);
  return { label, end, windowMs: size };
};

const whenText = (now: Date, end: Date, bucket: Bucket) =>
  bucket === 'hour' ? `${formatShanghai(end).slice(11)} 后` : localDateOf(end) === localDateOf(new Date(now.getTime() + DAY_MS)) ? '明天' : formatShanghai(end);

export const quotaErrors = {
  limited: (what: string, now: Date, end: Date, bucket: Bucket) =>
    new DomainError('RATE.LIMITED', `${what}，请${whenText(now, end, bucket)}再试`, `member quota reached (${bucket})`, {
      retryAt: end.toISOString(),
      retryAfterSeconds: Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000)),
    }),
};

interface QuotaRule {
  name: string;
  bucket: Bucket;
  max: number;
  cost?: number;
  /** What the member reads, before "please try again at …". */
  message: string;
}

/** Counts one use against every rule or, if any is spent, nothing, and refuses with RATE.LIMITED (HTTP 429). */
export const takeQuota = async (limits: LimitTaker, memberId: string, now: Date, rules: QuotaRule[]): Promise<void> => {
  const withKeys = rules.map((r) => {
    const b = bucketOf(now, r.bucket);
    const rule: LimitRule = { key: `quota:${r.name}:${memberId}:${b.label}`, max: r.max, windowMs: b.windowMs, memberId, ...(r.cost !== undefined ? { cost: r.cost } : {}) };
    return { r, b, rule };
  });
  const hit = await limits.takeLimits(
    withKeys.map((x) => x.rule),
    now,
  );
  if (!hit) return;
  const which = withKeys.find((x) => x.rule.key === hit) ?? withKeys[0];
  throw quotaErrors.limited(which.r.message, now, which.b.end, which.r.bucket);
};

/** One complaint submit: per hour and per day. */
export const takeSubmitQuota = (limits: LimitTaker, memberId: string, now: Date, q: MemberQuotas = MEMBER_QUOTAS) =>
  takeQuota(limits, memberId, now, [
    { name: 'submit:hour', bucket: 'hour', max: q.submitsPerHour, message: `提交过于频繁，每小时最多提交${q.submitsPerHour}件投诉` },
    { name: 'submit:day', bucket: 'day', max: q.submitsPerDay, message: `今日已提交${q.submitsPerDay}件投诉，已达每日上限` },
  ]);

/** The day's upload count: one rule, taken by the gateway's upload and by a cloud upload slot alike. */
const uploadCountRule = (q: MemberQuotas): QuotaRule => ({ name: 'upload:day', bucket: 'day', max: q.uploadsPerDay, message: `今日已上传${q.uploadsPerDay}个文件，已达每日上限` });

/**
 * One upload counted before its bytes exist (a cloud upload slot, core/shared/uploadSlots.ts): the bytes
 * are not known yet, so only the count; the size is checked when the file is attached (checkAttachments).
 */
export const takeUploadCountQuota = (limits: LimitTaker, memberId: string, now: Date, q: MemberQuotas = MEMBER_QUOTAS) =>
  takeQuota(limits, memberId, now, [uploadCountRule(q)]);

/** One upload of `bytes`: the day's count and the day's bytes move together. */
const uploadRules = (bytes: number, q: MemberQuotas, sign: 1 | -1): QuotaRule[] => [
  { ...uploadCountRule(q), cost: sign },
  {
    name: 'uploadBytes:day',
    bucket: 'day',
    max: q.uploadBytesPerDay,
    cost: sign * bytes,
    message: `今日上传的文件已达${Math.round(q.uploadBytesPerDay / 1024 / 1024)}MB上限`,
  },
];

export const takeUploadQuota = (limits: LimitTaker, memberId: string, bytes: number, now: Date, q: MemberQuotas = MEMBER_QUOTAS) =>
  takeQuota(limits, memberId, now, uploadRules(bytes, q, 1));

/** An upload the store could not take (a refused write) is given back: a refusal counts nothing. */
export const giveBackUploadQuota = (limits: LimitTaker, memberId: string, bytes: number, now: Date, q: MemberQuotas = MEMBER_QUOTAS) =>
  takeQuota(limits, memberId, now, uploadRules(bytes, q, -1));
