import type { StaffComplaintView, StaffPage } from '../../typings/api';
import { callRecordOf } from '../shared/callLog';
import type { AuditDraft, AuditLog } from '../audit/chain';
import { readAudit, searchAudit } from '../audit/reads';
import { outboxFromEvents } from '../notifications/outbox';
import { commonErrors, DomainError } from '../shared/errors';
import { maskPhone } from '../shared/masking';
import { defineStaffAction } from '../staff/actions';
import type { StaffPrincipal } from '../staff/model';
import type { Permission } from '../staff/permissions';
import type { SecretBox, StaffStore } from '../staff/ports';
import { lifecycleContext, type ComplaintDeps } from './deps';
import { complaintErrors } from './errors';
import * as life from './lifecycle';
import type { Change, LifecycleContext } from './lifecycle';
import type { Complaint } from './model';
import type { MemberDirectory } from '../members/directory';
import type { Member } from '../members/model';
import { allocateNumber, canonicalNumber } from './memberUseCases';
import { loadComplaint, saveChange } from './persist';
import { mayViewPersonalData, ownershipVerdict, type StaffCaseAction } from './ownership';
import { STAFF_FIELD_LABELS as L, logComplaintSchema, queueSchema, searchSchema, staffByIdSchema, staffSchemas } from './staffSchemas';
import { toQueueItem, toStaffView, type StaffNames } from './staffView';
import * as z from 'zod/mini';
import { plainText } from '../shared/validation';
import { maskPersonalText } from '../shared/personalText';
import { openComplaintTexts, sealComplaintTexts, textKeyLabel } from './personalTexts';

export interface StaffComplaintDeps extends ComplaintDeps {
  box: SecretBox;
  audit: AuditLog;
  staff: StaffStore;
  /** Who each case is from (name and phone, masked), read from the member register. */
  directory: MemberDirectory;
}

/** The member record behind each case, in one read for a whole page. */
const membersOf = async (deps: StaffComplaintDeps, cases: Complaint[]): Promise<Map<string, Member>> =>
  new Map((await deps.directory.members([...new Set(cases.map((c) => c.memberId))])).map((m) => [m.id, m]));

/** Staff display names by id, from one read of the staff list (a page of cases costs one read, not one per row). */
const staffNamesOf = async (deps: StaffComplaintDeps): Promise<StaffNames> => new Map((await deps.staff.list()).map((s) => [s.id, s.displayName]));

/** One case: its owner's name by id (one read), not the whole staff list. */
const ownerNameOf = async (deps: StaffComplaintDeps, c: Complaint): Promise<StaffNames> => {
  const owner = c.owner && (await deps.staff.getById(c.owner.id));
  return new Map(owner ? [[owner.id, owner.displayName]] : []);
};

/** The case as this staff member sees it: what they may do on it, and why not, is part of the view. */
const staffViewOf = async (deps: StaffComplaintDeps, ctx: LifecycleContext, c: Complaint, who: StaffPrincipal) =>
  toStaffView(ctx, c, (await membersOf(deps, [c])).get(c.memberId), await ownerNameOf(deps, c), who);

/**
 * Case ownership (core/complaints/ownership.ts), before anything is written: the owner's name is read
 * only for a refusal, which names who holds the case.
 */
const checkOwnership = async (deps: StaffComplaintDeps, who: StaffPrincipal, action: StaffCaseAction, c: Complaint) => {
  if (ownershipVerdict(action, who, c).may) return;
  const verdict = ownershipVerdict(action, who, c, c.owner && (await ownerNameOf(deps, c)).get(c.owner.id));
  if (!verdict.may) throw verdict.error;
};

const actorOf = (who: StaffPrincipal) => ({ kind: 'staff' as const, id: who.id, role: who.role, name: who.name });
const auditOf = (who: StaffPrincipal, action: string, c: Complaint, detail?: Record<string, unknown>): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action: `complaint.${action}`,
  subjectType: 'complaint',
  subjectId: c.id,
  detail: { number: c.number, ...detail },
});

const staffNotFound = (id: string) => new DomainError('STAFF.NOT_FOUND', '未找到该员工', `staff ${id} not found`);

/**
 * A staff write, once the router has checked the permission and parsed the input: the version the
 * staff member saw comes first (two people saving at once get VERSION_CONFLICT, never a silent
 * overwrite), then case ownership, then the transition; change, outbox and audit entry are written in
 * one transaction. A change of owner is recorded in the audit entry (from, to).
 */
const saveStaffWrite = async <I extends { id: string; version: number }>(
  deps: StaffComplaintDeps,
  who: StaffPrincipal,
  action: string,
  caseAction: StaffCaseAction,
  input: I,
  apply: (ctx: LifecycleContext, c: Complaint) => Change | Promise<Change>,
): Promise<StaffComplaintView> => {
  const before = await loadComplaint(deps, input.id);
  if (before.version !== input.version) throw commonErrors.versionConflict('COMPLAINT', before.id);
  await checkOwnership(deps, who, caseAction, before);
  const ctx = lifecycleContext(deps);
  const ch = await apply(ctx, before);
  const { id: _id, version: _v, ...typed } = input as Record<string, unknown>;
  // What was typed goes to the audit trail with personal numbers masked, like the record.
  const detail = Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, typeof v === 'string' ? maskPersonalText(v).text : v]));
  const owner = ch.complaint.owner?.id !== before.owner?.id ? { owner: { from: before.owner?.id ?? null, to: ch.complaint.owner?.id ?? null } } : {};
  const complaint = await saveChange(deps, before, ch, [auditOf(who, action, before, { ...detail, ...owner })]);
  return staffViewOf(deps, ctx, complaint, who);
};

const principalActor = async (deps: StaffComplaintDeps, staffId: string) => {
  const user = await deps.staff.getById(staffId);
  // A disabled account (员工管理) takes no new work.
  if (!user || user.disabledAt) throw staffNotFound(staffId);
  return { id: user.id, role: user.role };
};

export const staffQueue = defineStaffAction({
  permission: 'queue.read',
  input: queueSchema,
  labels: L,
  run: async (deps: StaffComplaintDeps, _who, { limit, cursor, ...filter }): Promise<StaffPage> => {
    const page = await deps.store.queue(filter, { limit, cursor });
    const ctx = lifecycleContext(deps);
    const [members, names] = await Promise.all([membersOf(deps, page.items), staffNamesOf(deps)]);
    return { items: page.items.map((c) => toQueueItem(ctx, c, members.get(c.memberId), names)), nextCursor: page.nextCursor };
  },
});

/** By readable number, 11-digit phone (through the blind index, never decrypting), or policy number. */
export const staffSearch = defineStaffAction({
  permission: 'queue.read',
  input: searchSchema,
  labels: L,
  run: async (deps: StaffComplaintDeps, who, { q }, request): Promise<StaffPage> => {
    // Numbers at any length (TS20261125-10000 past 9,999 a day; leading zeros optional): canonicalNumber.
    const number = canonicalNumber(q);
    const phone = !number && /^1\d{10}$/.test(q);
    const by = number ? { number } : phone ? { phoneIndex: deps.box.blindIndex(q) } : { policyNo: q };
    const found = await deps.store.search(by, 20);
    // Audited on the searcher's own chain, the query masked (core/audit/reads.ts).
    const kind = number ? 'number' : phone ? 'phone' : 'policyNo';
    const query = number ?? (phone ? maskPhone(q) : maskPersonalText(q).text);
    await deps.audit.append(searchAudit(who, 'complaint.search', { kind, query, results: found.length }, request));
    const ctx = lifecycleContext(deps);
    const [members, names] = await Promise.all([membersOf(deps, found), staffNamesOf(deps)]);
    return { items: found.map((c) => toQueueItem(ctx, c, members.get(c.memberId), names)) };
  },
});

export const staffDetail = defineStaffAction({
  permission: 'complaint.read',
  input: staffByIdSchema,
  labels: L,
  run: async (deps: StaffComplaintDeps, who, { id }, request) => {
    const c = await loadComplaint(deps, id);
    const view = await staffViewOf(deps, lifecycleContext(deps), c, who);
    // One entry per read, on the case's own chain, before the case leaves.
    await deps.audit.append(readAudit(who, 'complaint.read', { subjectType: 'complaint', subjectId: c.id }, { number: c.number }, request));
    return view;
  },
});

/**
 * The phone number (or the name) in clear, for calling the member back: the contact a phone case
 * left, else the member's own from the register. Every view is audited with the field and its source.
 */
export const viewPersonalData = defineStaffAction({
  permission: 'complaint.viewPersonalData',
  input: z.extend(staffByIdSchema, { field: z._default(z.enum(['phone', 'name']), 'phone'), reason: plainText(4, 200) }),
  labels: { ...L, field: '信息项', reason: '查看原因' },
  run: async (deps: StaffComplaintDeps, who, { id, field, reason }) => {
    const c = await loadComplaint(deps, id);
    // Need to know: an agent sees full details only on a case they may work (theirs, or one nobody
    // holds yet: CLARIFICATIONS "Staff and roles"); a senior role on any case.
    if (c.owner) {
      const verdict = mayViewPersonalData(who, c, (await ownerNameOf(deps, c)).get(c.owner.id));
      if (!verdict.may) throw verdict.error;
    }
    if (c.contact && (field === 'phone' || c.contact.name)) {
      await deps.audit.append(auditOf(who, 'viewPersonalData', c, { field, from: 'contact', reason }));
      return field === 'phone' ? { phone: deps.box.open(c.contact.phoneSealed), contactName: c.contact.name } : { name: c.contact.name };
    }
    const sealed = (await membersOf(deps, [c])).get(c.memberId)?.[field];
    if (!sealed) throw new DomainError('COMPLAINT.NO_PERSONAL_DATA', '该会员为访客，尚未登记姓名和手机号', `no ${field} on file for this case`);
    await deps.audit.append(auditOf(who, 'viewPersonalData', c, { field, from: 'member', reason }));
    return { [field]: deps.box.open(sealed.sealed) };
  },
});

/**
 * The case's free texts in full (phone, ID and card numbers a member or staff member typed are stored
 * masked: personalTexts.ts), for this view only, with a reason. Same need-to-know rule as
 * viewPersonalData; the audit entry (who, which texts, why) is written before any text leaves.
 */
export const unmaskText = defineStaffAction({
  permission: 'complaint.viewPersonalData',
  input: z.extend(staffByIdSchema, { reason: plainText(4, 200) }),
  labels: { ...L, reason: '查看原因' },
  run: async (deps: StaffComplaintDeps, who, { id, reason }): Promise<{ texts: Record<string, string> }> => {
    const c = await loadComplaint(deps, id);
    // The need-to-know rule of viewPersonalData above.
    if (c.owner) {
      const verdict = mayViewPersonalData(who, c, (await ownerNameOf(deps, c)).get(c.owner.id));
      if (!verdict.may) throw verdict.error;
    }
    const texts = openComplaintTexts(deps.box, c);
    const keys = Object.keys(texts);
    if (!keys.length) throw new DomainError('COMPLAINT.NO_MASKED_TEXT', '该投诉的文字中没有被遮盖的个人信息', `no sealed text on ${c.id}`);
    await deps.audit.append(auditOf(who, 'unmaskText', c, { keys, fields: [...new Set(keys.map(textKeyLabel))], reason }));
    return { texts };
  },
});

/** A complaint received by phone, web, app or letter, logged by staff with the time it arrived. */
const logOfflineComplaint = async (deps: StaffComplaintDeps, who: StaffPrincipal, input: z.output<typeof logComplaintSchema>): Promise<StaffComplaintView> => {
  const ctx = lifecycleContext(deps);
  const receivedAt = new Date(input.receivedAt);
  if (receivedAt > ctx.now) throw complaintErrors.receivedInFuture();
  const phoneIndex = deps.box.blindIndex(input.phone);
  const memberId = input.memberId ?? `offline-${phoneIndex.slice(0, 24)}`;
  const ch = life.openComplaint(ctx, {
    id: deps.ids.newId(),
    number: await allocateNumber(deps, receivedAt),
    memberId,
    channel: input.channel,
    receivedAt,
    category: input.category,
    description: input.description,
    policyNo: input.policyNo,
    attachments: input.attachments,
    // Named one by one: spreading the input here once stored the plaintext phone in the record.
    factors: {
      amountAtStake: input.amountAtStake,
      vulnerableMember: input.vulnerableMember,
      mediaInvolved: input.mediaInvolved,
      regulatorInvolved: input.regulatorInvolved,
      repeatComplaint: input.repeatComplaint,
      urgent: input.urgent,
    },
    recordedBy: actorOf(who),
  });
  const complaint: Complaint = {
    ...sealComplaintTexts(deps.box, ch.complaint),
    contact: {
      phoneSealed: deps.box.seal(input.phone),
      phoneMasked: maskPhone(input.phone),
      phoneIndex,
      name: input.contactName,
    },
  };
  const { idempotencyKey, phone: _phone, ...content } = input;
  const result = await deps.store.create({
    complaint,
    idempotencyKey: `staff:${who.id}:${idempotencyKey}`,
    requestHash: deps.hash(JSON.stringify({ ...content, phoneIndex })),
    outbox: outboxFromEvents(ch.events, () => deps.ids.newId(), ctx.now),
    // The receipt time is typed by a person: it is audited with what was typed.
    audit: [auditOf(who, 'log', complaint, { channel: input.channel, receivedAt: input.receivedAt })],
  });
  if (!result.sameRequest) throw complaintErrors.idempotencyKeyReused();
  return staffViewOf(deps, ctx, result.complaint, who);
};

export const logComplaint = defineStaffAction({ permission: 'complaint.log', input: logComplaintSchema, labels: L, run: logOfflineComplaint });

type WriteName = keyof typeof staffSchemas;
type WriteInput<K extends WriteName> = z.output<(typeof staffSchemas)[K]>;

/**
 * A staff write as its record: the permission is written here once, the router checks it; the
 * lifecycle action names the case-ownership rule it answers to (CASE_RULES), checked on every write.
 */
const w = <K extends WriteName>(
  name: K,
  permission: Permission,
  caseAction: StaffCaseAction,
  apply: (ctx: LifecycleContext, c: Complaint, input: WriteInput<K>, who: StaffPrincipal, deps: StaffComplaintDeps) => Change | Promise<Change>,
) =>
  defineStaffAction({
    permission,
    // A schema picked by a generic key is a union to TypeScript; K's own schema is the one picked.
    input: staffSchemas[name] as unknown as z.ZodMiniType<WriteInput<K>>,
    labels: L,
    // Every write schema carries id and version (staffSchemas' write()); a generic index cannot show it.
    run: (deps: StaffComplaintDeps, who: StaffPrincipal, input: WriteInput<K>) =>
      saveStaffWrite(deps, who, name, caseAction, input as WriteInput<K> & { id: string; version: number }, (ctx, c) => apply(ctx, c, input, who, deps)),
  });

/** Every staff write, named as the admin API names it. */
export const staffWrites = {
  /** 接手: the case becomes the caller's, with a reason, in the timeline and the audit log. */
  takeOver: w('takeOver', 'complaint.work', 'takeOver', (ctx, c, i, who) => life.takeOver(ctx, c, actorOf(who), i.reason)),
  acknowledge: w('acknowledge', 'complaint.work', 'acknowledge', (ctx, c, _i, who) => life.acknowledge(ctx, c, actorOf(who))),
  reply: w('reply', 'complaint.work', 'reply', (ctx, c, i, who) => life.reply(ctx, c, actorOf(who), i.text)),
  note: w('note', 'complaint.work', 'internalNote', (ctx, c, i, who) => life.addInternalNote(ctx, c, actorOf(who), i.text)),
  logCall: w('logCall', 'complaint.work', 'internalNote', (ctx, c, i, who) => life.logCall(ctx, c, actorOf(who), callRecordOf(i, ctx.now))),
  requestInformation: w('requestInformation', 'complaint.work', 'requestInformation', (ctx, c, i, who) => life.requestInformation(ctx, c, actorOf(who), i.text)),
  recordMemberContact: w('recordMemberContact', 'complaint.work', 'memberAddsInformation', (ctx, c, i, who) => life.memberAddsInformation(ctx, c, actorOf(who), i.text)),
  assign: w('assign', 'complaint.assign', 'assign', async (ctx, c, i, who, deps) => life.assign(ctx, c, actorOf(who), await principalActor(deps, i.toStaffId))),
  grade: w('grade', 'complaint.grade', 'confirmGrade', (ctx, c, i, who) => life.confirmGrade(ctx, c, actorOf(who), i.grade, i.urgent, i.reason)),
  escalate: w('escalate', 'complaint.escalate', 'escalate', async (ctx, c, i, who, deps) => {
    const supervisors = (await deps.staff.list()).filter((u) => u.role === 'supervisor' && u.id !== who.id);
    if (!supervisors.length) throw staffNotFound('supervisor');
    return life.escalate(ctx, c, actorOf(who), { id: supervisors[0].id, role: 'supervisor' }, i.reason);
  }),
  // The 60-day step is taken by the head-office approver themself: their action is the approval on record.
  extend: w('extend', 'complaint.extend', 'extendRegulatory', (ctx, c, i, who) =>
    life.extendRegulatory(ctx, c, actorOf(who), { toDays: i.toDays, reason: i.reason, approvedBy: who.role === 'headOffice' ? actorOf(who) : undefined }),
  ),
  restartRegulatory: w('restartRegulatory', 'complaint.extend', 'restartRegulatory', (ctx, c, i, who) =>
    life.restartRegulatory(ctx, c, actorOf(who), new Date(i.newMaterialAt), i.reason),
  ),
  startAppraisal: w('startAppraisal', 'complaint.work', 'appraisal', (ctx, c, i, who) => life.startAppraisal(ctx, c, actorOf(who), i.reason)),
  endAppraisal: w('endAppraisal', 'complaint.work', 'appraisal', (ctx, c, _i, who) => life.endAppraisal(ctx, c, actorOf(who))),
  resolve: w('resolve', 'complaint.work', 'resolve', (ctx, c, i, who) => life.resolve(ctx, c, actorOf(who), i)),
  close: w('close', 'complaint.close', 'close', (ctx, c, i, who) => life.close(ctx, c, actorOf(who), i.reason)),
  startReview: w('startReview', 'complaint.review', 'startReview', (ctx, c, _i, who) => life.startReview(ctx, c, actorOf(who))),
  /** The duplicate (duplicateId) is closed into this complaint (id). */
  merge: w('merge', 'complaint.merge', 'withdraw', async (ctx, primary, i, who, deps) => {
    const dup = await loadComplaint(deps, i.duplicateId);
    if (dup.version !== i.duplicateVersion) throw commonErrors.versionConflict('COMPLAINT', dup.id);
    await checkOwnership(deps, who, 'withdraw', dup);
    await saveChange(deps, dup, life.mergeInto(ctx, dup, primary, actorOf(who)), [auditOf(who, 'mergedInto', dup, { into: primary.number })]);
    return life.addInternalNote(ctx, primary, actorOf(who), `已合并重复投诉 ${dup.number}`);
  }),
};
