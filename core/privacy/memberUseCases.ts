import * as z from 'zod/mini';
import type { AuditDraft } from '../audit/chain';
import { visitor } from '../members/binding';
import { memberErrors } from '../members/errors';
import type { Member } from '../members/model';
import { constantTimeEqual } from '../members/sealing';
import { maskPhone } from '../shared/masking';
import { localDateOf } from '../shared/shanghaiTime';
import { parseInput, parseNoInput, plainText } from '../shared/validation';
import { privacyStatus, withdrawAllConsents } from './consent';
import { privacyDueAt } from './deadlines';
import type { PrivacyDeps } from './deps';
import { privacyErrors } from './errors';
import { buildMemberData } from './memberData';
import { CORRECTION_FIELDS, type ExportVerification, type PrivacyRequest, type PrivacyRequestKind, type VerificationVerdict } from './model';
import { toMemberRequestView } from './views';

const DAY = 24 * 3600_000;
const SEND_GAP_MS = 60_000;
/** Member text: no control or direction-override characters (the same rule as the register's text). */
const LABELS = { field: '更正项目', detail: '更正内容', reason: '原因', confirm: '确认注销', code: '验证码' };

const correctionSchema = z.strictObject({
  field: z.enum(Object.keys(CORRECTION_FIELDS) as [keyof typeof CORRECTION_FIELDS]),
  detail: plainText(5, 500),
});
const deletionSchema = z.strictObject({ reason: z.optional(plainText(0, 200)) });
const closeSchema = z.strictObject({ confirm: z.literal(true), reason: z.optional(plainText(0, 200)) });
const exportSchema = z.strictObject({ code: z.string().check(z.regex(/^\d{6}$/)) });
const listSchema = z.strictObject({ limit: z._default(z.int().check(z.gte(1), z.lte(50)), 20) });

const auditOf = (memberId: string, action: string, subjectId: string, detail?: Record<string, unknown>): AuditDraft => ({
  actorId: memberId,
  actorRole: 'member',
  action: `privacy.${action}`,
  subjectType: 'privacyRequest',
  subjectId,
  detail,
});

/** The member's own record, created as a visitor on first contact (as the home page does). */
const memberOf = async (deps: PrivacyDeps, memberId: string): Promise<Member> =>
  (await deps.members.get(memberId)) ?? (await deps.members.ensure(visitor(memberId, deps.clock.now().toISOString())));

const newRequest = (deps: PrivacyDeps, member: Member, kind: PrivacyRequestKind, extra: Partial<PrivacyRequest>): PrivacyRequest => {
  const now = deps.clock.now();
  const id = deps.ids.newId();
  return {
    id,
    number: `YS${localDateOf(now).replace(/-/g, '')}-${id.replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toUpperCase()}`,
    memberId: member.id,
    kind,
    status: 'received',
    receivedAt: now.toISOString(),
    ...privacyDueAt(deps.calendar, now, deps.requestPolicy.answerWithinWorkingDays),
    memberMasked: { kind: member.kind, name: member.name?.masked, phone: member.phone?.masked },
    version: 1,
    updatedAt: now.toISOString(),
    ...extra,
  };
};

const refuseIfOpen = async (deps: PrivacyDeps, memberId: string, kind: PrivacyRequestKind) => {
  const open = (await deps.records.requestsOf(memberId, 100)).find((r) => r.kind === kind && r.status === 'received');
  if (open) throw privacyErrors.requestOpen(kind);
};

/** 我的数据: everything held about the member, in full to themselves (CLARIFICATIONS "Members"). */
export const myData = async (deps: PrivacyDeps, memberId: string, raw: unknown) => {
  parseNoInput(raw);
  await memberOf(deps, memberId);
  const [data, status] = await Promise.all([buildMemberData(deps, memberId), privacyStatus(deps, memberId)]);
  return { ...data, consentStatus: { general: status.general, sensitive: status.sensitive, needsConsent: status.needsConsent }, canExport: data.member.kind === 'bound' };
};

export const myPrivacyRequests = async (deps: PrivacyDeps, memberId: string, raw: unknown) => {
  const { limit } = parseInput(listSchema, raw ?? {}, { limit: '条数' });
  return { items: (await deps.records.requestsOf(memberId, limit)).map(toMemberRequestView) };
};

/** 更正 (PIPL art 46): what is wrong and what it should be; staff correct it at the source and record what they did. */
export const requestCorrection = async (deps: PrivacyDeps, memberId: string, raw: unknown) => {
  const input = parseInput(correctionSchema, raw, LABELS);
  await refuseIfOpen(deps, memberId, 'correction');
  const r = newRequest(deps, await memberOf(deps, memberId), 'correction', { correction: { field: input.field, detail: input.detail } });
  await deps.records.createRequest(r, auditOf(memberId, 'request.correction', r.id, { number: r.number, field: input.field }));
  return toMemberRequestView(r);
};

/** 删除 (PIPL art 47): staff carry it out within the deadline; what the law keeps is frozen and the member told why. */
export const requestDeletion = async (deps: PrivacyDeps, memberId: string, raw: unknown) => {
  const input = parseInput(deletionSchema, raw ?? {}, LABELS);
  await refuseIfOpen(deps, memberId, 'deletion');
  const r = newRequest(deps, await memberOf(deps, memberId), 'deletion', { deletionReason: input.reason || undefined });
  await deps.records.createRequest(r, auditOf(memberId, 'request.deletion', r.id, { number: r.number }));
  return toMemberRequestView(r);
};

/**
 * 注销 = unbind every policy now + a deletion request (CLARIFICATIONS "Members"). Consents end with
 * the account. Refused before anything changes if a deletion request is already open.
 */
export const closeAccount = async (deps: PrivacyDeps, memberId: string, raw: unknown) => {
  const input = parseInput(closeSchema, raw ?? {}, LABELS);
  await refuseIfOpen(deps, memberId, 'deletion');
  const member = await memberOf(deps, memberId);
  const request = newRequest(deps, member, 'deletion', { closeAccount: true, deletionReason: input.reason || undefined });
  const at = deps.clock.now().toISOString();
  const unbound = member.policyNos;
  if (unbound.length) {
    const policies = await deps.policies.listByNos(unbound);
    const released = policies.filter((p) => p.boundTo === memberId).map((p) => ({ ...p, boundTo: undefined, updatedAt: at }));
    await deps.members.saveBindings({ ...visitor(member.id, member.createdAt), version: member.version + 1, updatedAt: at }, member.version, released, {
      actorId: memberId,
      actorRole: 'member',
      action: 'member.unbindAll',
      subjectType: 'member',
      subjectId: memberId,
      detail: { policyNos: unbound, because: 'closeAccount' },
    });
  }
  const withdrawals = withdrawAllConsents(deps, memberId, await deps.records.consentsOf(memberId));
  if (withdrawals.length)
    await deps.records.appendConsents(withdrawals, {
      actorId: memberId,
      actorRole: 'member',
      action: 'privacy.consent.withdrawnAll',
      subjectType: 'member',
      subjectId: memberId,
      detail: { because: 'closeAccount' },
    });
  await deps.records.createRequest(request, auditOf(memberId, 'request.closeAccount', request.id, { number: request.number, unbound }));
  return { ...toMemberRequestView(request), unbound };
};

/** Step 1 of an export: a fresh code to the member's bound phone (binding is required for the export). */
export const startExportVerification = async (deps: PrivacyDeps, memberId: string, raw: unknown) => {
  parseNoInput(raw);
  const member = await deps.members.get(memberId);
  if (!member || member.kind !== 'bound' || !member.phone) throw privacyErrors.exportNeedsBinding();
  const phone = deps.box.open(member.phone.sealed);
  const phoneIndex = deps.box.blindIndex(phone);
  const day = localDateOf(deps.clock.now());
  const hit = await deps.members.takeLimits(
    [
      // The same one-a-minute key as binding codes: one phone, one gap, whatever the code is for.
      { key: `sms:gap:${phoneIndex}`, max: 1, windowMs: SEND_GAP_MS },
      { key: `privacy:export:${memberId}:${day}`, max: deps.requestPolicy.exportSendsPerMemberPerDay, windowMs: DAY, memberId },
    ],
    deps.clock.now(),
  );
  if (hit) throw memberErrors.rateLimited(hit.includes(':gap:') ? '发送过于频繁，请60秒后再试' : '今日导出验证码发送次数已达上限，请明天再试');
  const now = deps.clock.now();
  const code = deps.newCode();
  const id = deps.ids.newId();
  const v: ExportVerification = {
    id,
    memberId,
    phoneIndex,
    codeHash: deps.hash(`${id}:${code}`),
    expiresAt: new Date(now.getTime() + deps.requestPolicy.exportCodeTtlMs).toISOString(),
    wrongAttempts: 0,
    createdAt: now.toISOString(),
  };
  await deps.records.putVerification(v);
  await deps.sms.sendCode(phone, code, now, 'export');
  return { sentTo: maskPhone(phone), expiresInSeconds: deps.requestPolicy.exportCodeTtlMs / 1000, resendAfterSeconds: SEND_GAP_MS / 1000 };
};

/** The rule for one export code, pure: decided inside the store's transaction so the wrong-attempt count moves with it. */
export const judgeExportCode = (deps: Pick<PrivacyDeps, 'hash' | 'requestPolicy'>, now: Date, code: string, v: ExportVerification | null): VerificationVerdict => {
  if (!v || v.usedAt) return { pass: false, error: privacyErrors.codeNotSent() };
  if (now.toISOString() >= v.expiresAt) return { pass: false, error: privacyErrors.codeExpired() };
  const max = deps.requestPolicy.exportWrongCodesPerCode;
  if (v.wrongAttempts >= max) return { pass: false, error: privacyErrors.codeLocked() };
  if (!constantTimeEqual(deps.hash(`${v.id}:${code}`), v.codeHash)) {
    const wrongAttempts = v.wrongAttempts + 1;
    return { pass: false, verification: { ...v, wrongAttempts }, error: privacyErrors.wrongCode(max - wrongAttempts) };
  }
  return { pass: true, verification: { ...v, usedAt: now.toISOString() } };
};

/**
 * Step 2: the code, then the full export (PIPL art 45: a copy). Each export is recorded as a completed
 * export request and audited; the code is spent, so one code gives one export.
 */
export const exportMyData = async (deps: PrivacyDeps, memberId: string, raw: unknown) => {
  const { code } = parseInput(exportSchema, raw, LABELS);
  const member = await deps.members.get(memberId);
  if (!member || member.kind !== 'bound') throw privacyErrors.exportNeedsBinding();
  const now = deps.clock.now();
  const verdict = await deps.records.settleVerification(memberId, (v) => judgeExportCode(deps, now, code, v));
  if (!verdict.pass) throw verdict.error;
  const data = await buildMemberData(deps, memberId);
  const request = newRequest(deps, member, 'export', { status: 'completed', completedAt: now.toISOString() });
  await deps.records.createRequest(
    request,
    auditOf(memberId, 'export', request.id, {
      number: request.number,
      verificationId: verdict.verification.id,
      counts: { policies: data.policies.length, complaints: data.complaints.length, messages: data.messages.length, consents: data.consents.length },
    }),
  );
  const fileName = `我的数据-${localDateOf(now).replace(/-/g, '')}.json`;
  return { fileName, number: request.number, data: { ...data, requests: [toMemberRequestView(request), ...data.requests] } };
};
