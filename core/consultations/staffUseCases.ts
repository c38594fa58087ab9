import type * as z from 'zod/mini';
import { callRecordOf } from '../shared/callLog';
import type { AuditDraft } from '../audit/chain';
import { readAudit, searchAudit, sourceAddress } from '../audit/reads';
import { POLICY_STATUSES, RELATIONS, TIERS, type Member } from '../members/model';
import { commonErrors } from '../shared/errors';
import { fileErrors, fileLink } from '../shared/files';
import { maskPersonalText } from '../shared/personalText';
import { defineStaffAction, type StaffRequestContext } from '../staff/actions';
import type { StaffPrincipal } from '../staff/model';
import { can, type Permission } from '../staff/permissions';
import { convertToComplaint } from './conversion';
import type { StaffConsultationDeps } from './deps';
import { consultationErrors } from './errors';
import * as life from './lifecycle';
import type { Consultation } from './model';
import { canonicalConsultationNumber, contextOf, loadConsultation, saveChange } from './persist';
import { openConsultationTexts } from './personalTexts';
import {
  STAFF_LABELS as L,
  staffByIdSchema,
  staffFileSchema,
  staffNoInputSchema,
  staffQueueSchema,
  staffSearchSchema,
  staffUnmaskSchema,
  staffUnmaskTextSchema,
  staffWriteSchemas,
} from './schemas';
import { toStaffQueueItem, toStaffView } from './views';

/** The admin API's one field for consultations; absent where the store is not deployed: actions answer CONSULTATION.UNAVAILABLE. */
export interface ConsultationAdminDeps {
  consultations?: StaffConsultationDeps;
}

const need = (deps: ConsultationAdminDeps): StaffConsultationDeps => {
  if (!deps.consultations) throw consultationErrors.unavailable();
  return deps.consultations;
};

/**
 * Need to know (issue 11 item 8): an advisor sees only consultations handed to them; any other answer
 * is the same as for a consultation that does not exist. Every other role holding consultations.read sees all.
 */
const visibleTo = (who: StaffPrincipal, c: Consultation) => who.role !== 'advisor' || c.advisor?.id === who.id;

const loadVisible = async (d: StaffConsultationDeps, who: StaffPrincipal, id: string) => {
  const c = await loadConsultation(d, id);
  if (!visibleTo(who, c)) throw consultationErrors.notFound(id);
  return c;
};

const namesOf = async (d: StaffConsultationDeps) => new Map((await d.staff.list()).map((s) => [s.id, s.displayName]));
const membersOf = async (d: StaffConsultationDeps, cs: Consultation[]) =>
  new Map((await d.directory.members([...new Set(cs.map((c) => c.memberId))])).map((m) => [m.id, m]));

const actorOf = (who: StaffPrincipal) => ({ kind: 'staff' as const, id: who.id, role: who.role, name: who.name });

/** Every staff write's entry names where the request came from, as reads do (core/audit/reads.ts). */
const auditOf = (who: StaffPrincipal, action: string, c: Consultation, request: StaffRequestContext | undefined, detail?: Record<string, unknown>): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action: `consultation.${action}`,
  subjectType: 'consultation',
  subjectId: c.id,
  detail: { number: c.number, ...detail, source: sourceAddress(request) },
});

/** What this staff member may do on this consultation now, for the page's buttons. */
const mayOf = (who: StaffPrincipal, c: Consultation): Record<string, boolean> => {
  const open = c.status !== 'closed' && c.status !== 'converted';
  const works = can(who.role, 'consultations.work') && life.mayWork(who, c);
  const advises = can(who.role, 'consultations.advise') && c.advisor?.id === who.id && c.stage === 'advisor' && open;
  return {
    reply: works && c.stage === 'customerService' && (c.status === 'awaitingReply' || c.status === 'answered'),
    handToAdvisor: works && open,
    takeOver: can(who.role, 'consultations.work') && open && c.owner?.id !== who.id && life.mayWork(who, c),
    advisorReply: advises,
    proposePlan: advises,
    recordEnrollmentHelp: advises,
    convertToComplaint: can(who.role, 'consultations.convert') && !c.complaint && c.status !== 'converted',
    unmask: can(who.role, 'consultations.unmask') && mayUnmask(who, c),
    // A call may be logged on any consultation the caller sees (advisors see only theirs).
    logCall: can(who.role, 'consultations.logCall'),
  };
};

/** Unmasking: an advisor on their own consultations, an agent on ones they may work, a supervisor on any. */
const mayUnmask = (who: StaffPrincipal, c: Consultation) =>
  who.role === 'advisor' ? c.advisor?.id === who.id : who.role === 'agent' ? life.mayWork(who, c) : true;

const viewOf = async (d: StaffConsultationDeps, who: StaffPrincipal, c: Consultation) =>
  toStaffView(c, (await membersOf(d, [c])).get(c.memberId), await namesOf(d), d.clock.now(), mayOf(who, c));

const pageOf = async (d: StaffConsultationDeps, items: Consultation[], nextCursor?: string) => {
  const [members, names] = await Promise.all([membersOf(d, items), namesOf(d)]);
  const now = d.clock.now();
  return { items: items.map((c) => toStaffQueueItem(c, members.get(c.memberId), names, now)), ...(nextCursor ? { nextCursor } : {}) };
};

/**
 * The queue per role, earliest due first: customer service sees questions waiting for them; an
 * advisor sees only what was handed to them (`mine`: all statuses, newest hand-off first).
 */
export const consultationQueue = defineStaffAction({
  permission: 'consultations.read',
  input: staffQueueSchema,
  labels: L,
  run: async (deps: ConsultationAdminDeps, who, { view, advisorId, limit, cursor }) => {
    const d = need(deps);
    if (who.role === 'advisor') {
      const page =
        view === 'mine'
          ? await d.store.listByAdvisor(who.id, { limit, cursor })
          : await d.store.queue({ stage: 'advisor', advisorId: who.id }, { limit, cursor });
      return pageOf(d, page.items, page.nextCursor);
    }
    if (view === 'mine') {
      const page = await d.store.listByAdvisor(advisorId ?? who.id, { limit, cursor });
      return pageOf(d, page.items, page.nextCursor);
    }
    const filter = view === 'all' ? {} : view === 'advisor' ? { stage: 'advisor' as const, ...(advisorId ? { advisorId } : {}) } : { stage: 'customerService' as const };
    const page = await d.store.queue(filter, { limit, cursor });
    return pageOf(d, page.items, page.nextCursor);
  },
});

export const consultationSearch = defineStaffAction({
  permission: 'consultations.read',
  input: staffSearchSchema,
  labels: L,
  run: async (deps: ConsultationAdminDeps, who, { number }, request?: StaffRequestContext) => {
    const d = need(deps);
    const canonical = canonicalConsultationNumber(number);
    const found = canonical ? await d.store.byNumber(canonical) : null;
    const items = found && visibleTo(who, found) ? [found] : [];
    await d.audit.append(searchAudit(who, 'consultation.search', { kind: 'number', query: canonical ?? maskPersonalText(number).text, results: items.length }, request));
    return pageOf(d, items);
  },
});

export const consultationDetail = defineStaffAction({
  permission: 'consultations.read',
  input: staffByIdSchema,
  labels: L,
  run: async (deps: ConsultationAdminDeps, who, { id }, request?: StaffRequestContext) => {
    const d = need(deps);
    const c = await loadVisible(d, who, id);
    const view = await viewOf(d, who, c);
    await d.audit.append(readAudit(who, 'consultation.read', { subjectType: 'consultation', subjectId: c.id }, { number: c.number }, request));
    return view;
  },
});

/** Advisors to hand a consultation to (active accounts only). */
export const consultationAdvisors = defineStaffAction({
  permission: 'consultations.work',
  input: staffNoInputSchema,
  labels: L,
  run: async (deps: ConsultationAdminDeps) => {
    const d = need(deps);
    return { items: (await d.staff.list()).filter((s) => s.role === 'advisor' && !s.disabledAt).map((s) => ({ id: s.id, name: s.displayName })) };
  },
});

type WriteName = keyof typeof staffWriteSchemas;
type WriteInput<K extends WriteName> = z.output<(typeof staffWriteSchemas)[K]>;

/**
 * A staff write: the version the staff member saw first (VERSION_CONFLICT, never a silent overwrite),
 * then who may write (customer service: the owner, a senior, or anyone while nobody holds it; the
 * advisor: only on what was handed to them), then the transition; change, outbox and audit in one transaction.
 */
const write = <K extends WriteName>(
  name: K,
  permission: Permission,
  side: 'customerService' | 'advisor' | 'any',
  apply: (ctx: life.ConsultationContext, c: Consultation, input: WriteInput<K>, who: StaffPrincipal, d: StaffConsultationDeps) => life.Change | Promise<life.Change>,
) =>
  defineStaffAction({
    permission,
    input: staffWriteSchemas[name] as unknown as z.ZodMiniType<WriteInput<K>>,
    labels: L,
    run: async (deps: ConsultationAdminDeps, who: StaffPrincipal, input: WriteInput<K>, request?: StaffRequestContext) => {
      const d = need(deps);
      const { id, version, ...typed } = input as WriteInput<K> & { id: string; version: number };
      const before = await loadVisible(d, who, id);
      if (before.version !== version) throw commonErrors.versionConflict('CONSULTATION', id);
      if (side === 'customerService' && !life.mayWork(who, before)) {
        const owner = before.owner && (await d.staff.getById(before.owner.id));
        throw consultationErrors.heldByOther(owner ? owner.displayName : undefined);
      }
      const ch = await apply(contextOf(d), before, input, who, d);
      const detail = Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, typeof v === 'string' ? maskPersonalText(v).text : v]));
      const saved = await saveChange(d, before, ch, [auditOf(who, name, before, request, detail)]);
      return viewOf(d, who, saved);
    },
  });

const advisorOf = async (d: StaffConsultationDeps, id: string) => {
  const u = await d.staff.getById(id);
  if (!u || u.disabledAt || u.role !== 'advisor') throw consultationErrors.advisorNotFound();
  return { id: u.id, name: u.displayName };
};

export const consultationWrites = {
  reply: write('reply', 'consultations.work', 'customerService', (ctx, c, i, who) => life.reply(ctx, c, actorOf(who), i.text)),
  handToAdvisor: write('handToAdvisor', 'consultations.work', 'customerService', async (ctx, c, i, who, d) =>
    life.handToAdvisor(ctx, c, actorOf(who), await advisorOf(d, i.advisorId), i.context),
  ),
  // Customer service and the advisor it was handed to both call members; the record must be visible to them.
  logCall: write('logCall', 'consultations.logCall', 'any', (ctx, c, i, who) => life.logCall(ctx, c, actorOf(who), callRecordOf(i, ctx.now))),
  takeOver: write('takeOver', 'consultations.work', 'any', async (ctx, c, i, who, d) => {
    const owner = c.owner && (await d.staff.getById(c.owner.id));
    return life.takeOver(ctx, c, actorOf(who), i.reason, owner ? owner.displayName : undefined);
  }),
  advisorReply: write('advisorReply', 'consultations.advise', 'advisor', (ctx, c, i, who) => life.advisorReply(ctx, c, actorOf(who), i.text)),
  proposePlan: write('proposePlan', 'consultations.advise', 'advisor', (ctx, c, i, who) =>
    life.proposePlan(ctx, c, actorOf(who), { products: i.products, premiumMinFen: i.premiumMinFen, premiumMaxFen: i.premiumMaxFen, reasons: i.reasons }),
  ),
  recordEnrollmentHelp: write('recordEnrollmentHelp', 'consultations.advise', 'advisor', (ctx, c, i, who) =>
    life.recordEnrollment(ctx, c, actorOf(who), { planId: i.planId, note: i.note }),
  ),
};

/** 转为投诉: see conversion.ts. Answers the consultation as staff now see it, and the complaint's id and number. */
export const consultationConvert = defineStaffAction({
  permission: 'consultations.convert',
  input: staffWriteSchemas.convertToComplaint,
  labels: L,
  run: async (deps: ConsultationAdminDeps, who, input, request?: StaffRequestContext) => {
    const d = need(deps);
    const before = await loadVisible(d, who, input.id);
    if (before.version !== input.version) throw commonErrors.versionConflict('CONSULTATION', input.id);
    if (before.complaint) throw consultationErrors.alreadyConverted(before.complaint.number);
    const { consultation, complaint } = await convertToComplaint(d, who, before, input, (action, detail) => auditOf(who, action, before, request, detail), sourceAddress(request));
    return { consultation: await viewOf(d, who, consultation), complaint: { id: complaint.id, number: complaint.number, receivedAt: complaint.receivedAt } };
  },
});

const policyBrief = (p: Awaited<ReturnType<StaffConsultationDeps['directory']['policies']>>[number]) => ({
  policyNo: p.policyNo,
  productName: p.productName,
  status: p.status,
  statusLabel: POLICY_STATUSES[p.status],
  coverages: p.coverages,
  premiumFen: p.premiumFen,
  effectiveDate: p.effectiveDate,
  expiryDate: p.expiryDate,
  insured: p.insured.map((x) => ({ name: x.name.masked, relation: RELATIONS[x.relation] })),
});

/**
 * The member's profile as advice needs it: masked name and phone, tier, and the policies they hold
 * (products, coverages, premiums) — nothing of their complaints or claims. Audited as a read.
 */
export const consultationMemberProfile = defineStaffAction({
  permission: 'consultations.read',
  input: staffByIdSchema,
  labels: L,
  run: async (deps: ConsultationAdminDeps, who, { id }, request?: StaffRequestContext) => {
    const d = need(deps);
    const c = await loadVisible(d, who, id);
    const [m] = await d.directory.members([c.memberId]);
    const policies = m?.policyNos.length ? await d.directory.policies(m.policyNos) : [];
    await d.audit.append(readAudit(who, 'consultation.memberProfile', { subjectType: 'consultation', subjectId: c.id }, { number: c.number }, request));
    return {
      kind: m?.kind ?? 'visitor',
      name: m?.name?.masked,
      phone: m?.phone?.masked,
      tier: m?.tier ?? 'visitor',
      tierLabel: TIERS[m?.tier ?? 'visitor'],
      policies: policies.map(policyBrief),
    };
  },
});

/** One field of the member in full, with a reason, audited before it leaves. */
export const consultationUnmaskMember = defineStaffAction({
  permission: 'consultations.unmask',
  input: staffUnmaskSchema,
  labels: L,
  run: async (deps: ConsultationAdminDeps, who, { id, field, reason }, request?: StaffRequestContext) => {
    const d = need(deps);
    const c = await loadVisible(d, who, id);
    if (!mayUnmask(who, c)) throw consultationErrors.heldByOther();
    const [m]: (Member | undefined)[] = await d.directory.members([c.memberId]);
    const sealed = m?.[field];
    if (!sealed) throw consultationErrors.noPersonalData();
    await d.audit.append(auditOf(who, 'unmaskMember', c, request, { field, reason }));
    return field === 'name' ? { name: d.box.open(sealed.sealed) } : { phone: d.box.open(sealed.sealed) };
  },
});

/** The member's texts with the personal numbers they typed, for this view only, with a reason, audited. */
export const consultationUnmaskText = defineStaffAction({
  permission: 'consultations.unmask',
  input: staffUnmaskTextSchema,
  labels: L,
  run: async (deps: ConsultationAdminDeps, who, { id, reason }, request?: StaffRequestContext) => {
    const d = need(deps);
    const c = await loadVisible(d, who, id);
    if (!mayUnmask(who, c)) throw consultationErrors.heldByOther();
    const texts = openConsultationTexts(d.box, c);
    const keys = Object.keys(texts);
    if (!keys.length) throw consultationErrors.noMaskedText();
    await d.audit.append(auditOf(who, 'unmaskText', c, request, { keys, reason }));
    return { texts };
  },
});

/** A ≤ 5-minute link to a photo of the consultation, audited per link. */
export const consultationFileUrl = defineStaffAction({
  permission: 'consultations.read',
  input: staffFileSchema,
  labels: L,
  run: async (deps: ConsultationAdminDeps, who, { id, fileId, purpose }, request?: StaffRequestContext) => {
    const d = need(deps);
    const c = await loadVisible(d, who, id);
    if (!c.attachments.includes(fileId)) throw fileErrors.notOnRecord();
    const link = await fileLink(d.files, fileId, `staff:${who.id}`, d.clock.now());
    await d.audit.append(auditOf(who, 'viewAttachment', c, request, { fileId, purpose, expiresAt: link.expiresAt }));
    return link;
  },
});
