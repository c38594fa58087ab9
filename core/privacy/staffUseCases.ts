import * as z from 'zod/mini';
import { sourceAddress } from '../audit/reads';
import { plainText } from '../shared/validation';
import type { AuditDraft, AuditLog } from '../audit/chain';
import { visitor } from '../members/binding';
import { commonErrors } from '../shared/errors';
import { recordId } from '../shared/ids';
import { defineStaffAction } from '../staff/actions';
import type { StaffPrincipal } from '../staff/model';
import { withdrawAllConsents } from './consent';
import type { PrivacyDeps } from './deps';
import { privacyErrors } from './errors';
import { owed, privacyEvent } from './events';
import type { DeletionOutcome, PrivacyRequest, PrivacyRequestKind, RecordType } from './model';
import { toStaffRequestView, type StaffRequestView } from './views';

/** Staff act on privacy requests through these records; the admin area lists them (server/runtime/admin/areas/privacy.ts). */
export interface PrivacyStaffDeps {
  /** Absent where the member stores are not deployed yet (the CloudBase admin function): actions answer PRIVACY.UNAVAILABLE. */
  privacy?: PrivacyDeps;
  audit: AuditLog;
}

/** What a staff decision meant for the member; the member is told through the outbox written with it. */
export interface PrivacyRequestDecided {
  kind: 'privacyRequestCompleted' | 'privacyRequestRefused';
  memberId: string;
  requestId: string;
  number: string;
  requestKind: PrivacyRequestKind;
}

const LABELS = { id: '申请编号', version: '版本', status: '状态', limit: '每页条数', cursor: '分页位置', note: '处理说明', reason: '拒绝理由' };
const byId = z.strictObject({ id: recordId });
const write = { id: recordId, version: z.int().check(z.gte(1)) };
const queueSchema = z.strictObject({
  status: z._default(z.enum(['received', 'completed', 'refused']), 'received'),
  limit: z._default(z.int().check(z.gte(1), z.lte(100)), 20),
  cursor: z.optional(z.string().check(z.maxLength(200))),
});
const completeSchema = z.strictObject({ ...write, note: z.optional(plainText(0, 500)) });
const correctionSchema = z.strictObject({ ...write, note: plainText(5, 500) });
/** PIPL art 50: a refusal states its reason, which the member reads. */
const refuseSchema = z.strictObject({ ...write, reason: plainText(5, 300) });

const need = (deps: PrivacyStaffDeps): PrivacyDeps => {
  if (!deps.privacy) throw privacyErrors.unavailable();
  return deps.privacy;
};

const auditOf = (who: StaffPrincipal, action: string, r: PrivacyRequest, detail?: Record<string, unknown>): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action: `privacy.${action}`,
  subjectType: 'privacyRequest',
  subjectId: r.id,
  detail: { number: r.number, kind: r.kind, memberId: r.memberId, ...detail },
});

/** The request as staff saw it: gone, closed or changed since means no write. */
const loadOpen = async (p: PrivacyDeps, id: string, version: number, kind?: PrivacyRequestKind, action = '') => {
  const r = await p.records.getRequest(id);
  if (!r) throw privacyErrors.notFound(id);
  if (r.version !== version) throw commonErrors.versionConflict('PRIVACY', id);
  if (r.status !== 'received') throw privacyErrors.notOpen(r.status);
  if (kind && r.kind !== kind) throw privacyErrors.wrongKind(r.kind, action);
  return r;
};

const closed = (p: PrivacyDeps, who: StaffPrincipal, r: PrivacyRequest, patch: Partial<PrivacyRequest>): PrivacyRequest => {
  const at = p.clock.now().toISOString();
  return { ...r, ...patch, handledBy: { id: who.id, name: who.name, role: who.role }, completedAt: at, version: r.version + 1, updatedAt: at };
};

const decided = (r: PrivacyRequest, kind: PrivacyRequestDecided['kind']): PrivacyRequestDecided => ({
  kind,
  memberId: r.memberId,
  requestId: r.id,
  number: r.number,
  requestKind: r.kind,
});

/** The member's notice of a decision, owed in the same transaction as the decision. */
const tellMember = (p: PrivacyDeps, r: PrivacyRequest, type: 'requestCompleted' | 'requestRefused', summary: string) =>
  owed([privacyEvent(r, type, 'member', p.clock.now().toISOString(), summary, { requestKind: r.kind })], () => p.ids.newId(), p.clock.now());

const KIND_WORDS: Record<PrivacyRequestKind, string> = { export: '数据导出申请', correction: '更正申请', deletion: '删除申请' };

const labelOf = (p: PrivacyDeps, t: RecordType) => p.retention.find((r) => r.recordType === t)?.label ?? t;

/** What completing a deletion would do, from the retention table: shown to staff before they act. */
export const deletionPlan = (p: PrivacyDeps) => ({
  erase: p.retention.filter((r) => r.onDeletion === 'erase').map((r) => ({ recordType: r.recordType, label: r.label })),
  freeze: p.retention.filter((r) => r.onDeletion === 'freeze').map(({ recordType, label, basis, period, confirmed }) => ({ recordType, label, basis, period, confirmed })),
});

/**
 * Carries out a deletion: the member's policies are let go (the policy records stay, frozen), the member
 * record loses its name, phone and ID number, messages and subscription credits are erased, consents end,
 * and every record type the law keeps is listed with its rule. Each step is idempotent, and the request
 * closes last: a run cut short is simply completed again.
 */
const carryOutDeletion = async (p: PrivacyDeps, who: StaffPrincipal, r: PrivacyRequest): Promise<DeletionOutcome> => {
  const at = p.clock.now().toISOString();
  const member = await p.members.get(r.memberId);
  const hadProfile = Boolean(member && (member.name || member.phone || member.idNumber || member.policyNos.length));
  const unbound = member?.policyNos ?? [];
  if (member && hadProfile) {
    const released = (await p.policies.listByNos(unbound)).filter((x) => x.boundTo === r.memberId).map((x) => ({ ...x, boundTo: undefined, updatedAt: at }));
    await p.members.saveBindings({ ...visitor(member.id, member.createdAt), version: member.version + 1, updatedAt: at }, member.version, released, {
      actorId: who.id,
      actorRole: who.role,
      action: 'member.unbindAll',
      subjectType: 'member',
      subjectId: r.memberId,
      detail: { policyNos: unbound, because: 'privacyDeletion', requestId: r.id },
    });
  }
  const erased = await p.records.eraseMemberData(r.memberId);
  const withdrawals = withdrawAllConsents(p, r.memberId, await p.records.consentsOf(r.memberId));
  if (withdrawals.length)
    await p.records.appendConsents(withdrawals, {
      actorId: who.id,
      actorRole: who.role,
      action: 'privacy.consent.withdrawnAll',
      subjectType: 'member',
      subjectId: r.memberId,
      detail: { because: 'privacyDeletion', requestId: r.id },
    });
  const plan = deletionPlan(p);
  const counts: Partial<Record<RecordType, number>> = {
    memberProfile: hadProfile ? 1 : 0,
    messages: erased.messages,
    subscriptions: erased.subscriptions,
    bindingCodes: erased.bindingChallenges,
    rateLimits: erased.rateLimits,
  };
  // The local SMS sandbox (a development aid, not a production record) is reported where it exists.
  const sandbox = erased.smsSandbox === undefined ? [] : [{ recordType: 'smsSandbox' as const, label: '短信沙箱记录（本地开发环境）', count: erased.smsSandbox }];
  return {
    erased: [...plan.erase.map((e) => ({ recordType: e.recordType, label: labelOf(p, e.recordType), count: counts[e.recordType] ?? 0 })), ...sandbox],
    frozen: plan.freeze,
    unboundPolicies: unbound,
  };
};

export const privacyQueue = defineStaffAction({
  permission: 'privacy.read',
  input: queueSchema,
  labels: LABELS,
  run: async (deps: PrivacyStaffDeps, _who, { status, limit, cursor }) => {
    const p = need(deps);
    const page = await p.records.queue(status, { limit, cursor });
    const now = p.clock.now();
    return { items: page.items.map((r) => toStaffRequestView(r, now)), nextCursor: page.nextCursor };
  },
});

/** Opening a request shows a member's request about their personal data: the view is audited. */
export const privacyDetail = defineStaffAction({
  permission: 'privacy.read',
  input: byId,
  labels: LABELS,
  run: async (deps: PrivacyStaffDeps, who, { id }, request) => {
    const p = need(deps);
    const r = await p.records.getRequest(id);
    if (!r) throw privacyErrors.notFound(id);
    await deps.audit.append(auditOf(who, 'view', r, { source: sourceAddress(request) }));
    return { request: toStaffRequestView(r, p.clock.now()), plan: r.kind === 'deletion' && r.status === 'received' ? deletionPlan(p) : undefined };
  },
});

export const privacyRetention = defineStaffAction({
  permission: 'privacy.read',
  input: z.strictObject({}),
  run: async (deps: PrivacyStaffDeps) => ({ rules: need(deps).retention, answerWithinWorkingDays: need(deps).requestPolicy.answerWithinWorkingDays }),
});

type Decision = { request: StaffRequestView; happened: PrivacyRequestDecided };

/** Completes a deletion request: erase what may be erased, freeze what the law keeps, tell the member which rule keeps what. */
export const completeDeletion = defineStaffAction({
  permission: 'privacy.handle',
  input: completeSchema,
  labels: LABELS,
  run: async (deps: PrivacyStaffDeps, who, input): Promise<Decision> => {
    const p = need(deps);
    const r = await loadOpen(p, input.id, input.version, 'deletion', 'complete');
    const deletion = await carryOutDeletion(p, who, r);
    const next = closed(p, who, r, { status: 'completed', deletion, resolutionNote: input.note || undefined });
    await p.records.updateRequest(
      next,
      r.version,
      auditOf(who, 'complete', r, { erased: deletion.erased, frozen: deletion.frozen.map((f) => f.recordType), unbound: deletion.unboundPolicies }),
      tellMember(p, next, 'requestCompleted', deletion.frozen.length ? '删除已办结，依法须保存的记录已冻结，详见我的数据' : '删除已办结'),
    );
    return { request: toStaffRequestView(next, p.clock.now()), happened: decided(next, 'privacyRequestCompleted') };
  },
});

/** Records a correction made at the source (the register, the member record), in words the member reads. */
export const recordCorrection = defineStaffAction({
  permission: 'privacy.handle',
  input: correctionSchema,
  labels: LABELS,
  run: async (deps: PrivacyStaffDeps, who, input): Promise<Decision> => {
    const p = need(deps);
    const r = await loadOpen(p, input.id, input.version, 'correction', 'recordCorrection');
    const next = closed(p, who, r, { status: 'completed', resolutionNote: input.note });
    await p.records.updateRequest(next, r.version, auditOf(who, 'recordCorrection', r, { note: input.note }), tellMember(p, next, 'requestCompleted', `更正已办结：${input.note}`));
    return { request: toStaffRequestView(next, p.clock.now()), happened: decided(next, 'privacyRequestCompleted') };
  },
});

/** Refuses with a reason the member reads (PIPL art 50); nothing is erased or changed. */
export const refuseRequest = defineStaffAction({
  permission: 'privacy.handle',
  input: refuseSchema,
  labels: LABELS,
  run: async (deps: PrivacyStaffDeps, who, input): Promise<Decision> => {
    const p = need(deps);
    const r = await loadOpen(p, input.id, input.version);
    const next = closed(p, who, r, { status: 'refused', refusalReason: input.reason });
    await p.records.updateRequest(next, r.version, auditOf(who, 'refuse', r, { reason: input.reason }), tellMember(p, next, 'requestRefused', `${KIND_WORDS[r.kind]}未予办理：${input.reason}`));
    return { request: toStaffRequestView(next, p.clock.now()), happened: decided(next, 'privacyRequestRefused') };
  },
});
