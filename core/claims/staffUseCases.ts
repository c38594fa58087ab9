import type * as z from 'zod/mini';
import { callRecordOf } from '../shared/callLog';
import type { AuditDraft } from '../audit/chain';
import { readAudit, searchAudit, sourceAddress } from '../audit/reads';
import { commonErrors, DomainError } from '../shared/errors';
import { fileErrors, fileLink } from '../shared/files';
import { defineStaffAction, type StaffRequestContext } from '../staff/actions';
import type { StaffPrincipal } from '../staff/model';
import { can, type Permission } from '../staff/permissions';
import { convertClaimToComplaint } from './conversion';
import type { StaffClaimDeps } from './deps';
import { claimErrors } from './errors';
import * as life from './lifecycle';
import type { Claim } from './model';
import { canonicalClaimNumber, contextOf, loadClaim, saveChange } from './persist';
import { SECOND_NOTICE_REASONS, type SecondNoticeReason } from './policy';
import {
  acceptanceSchema,
  approveSchema,
  assessmentSchema,
  logCallSchema,
  convertSchema,
  decideSchema,
  noInputSchema,
  paymentSchema,
  requestDocumentsSchema,
  STAFF_LABELS as L,
  staffByIdSchema,
  staffFileSchema,
  unmaskTextSchema,
  staffQueueSchema,
  staffSearchSchema,
  waiveSchema,
} from './schemas';
import { toStaffQueueItem, toStaffView } from './views';
import { openClaimTexts } from './personalTexts';

/** The admin API's one field for claims; absent where the store is not deployed: actions answer CLAIM.UNAVAILABLE. */
export interface ClaimAdminDeps {
  claims?: StaffClaimDeps;
}

const need = (deps: ClaimAdminDeps): StaffClaimDeps => {
  if (!deps.claims) throw claimErrors.unavailable();
  return deps.claims;
};

/** Drafts are the member's own until submitted: staff see claims from their number on. */
const loadSubmitted = async (d: StaffClaimDeps, id: string) => {
  const c = await loadClaim(d, id);
  if (!c.number) throw claimErrors.notFound(id);
  return c;
};

/** A staff write's audit entry, with the address it came from as the reads carry it (core/audit/reads.ts). */
const auditOf = (who: StaffPrincipal, action: string, c: Claim, detail: Record<string, unknown> | undefined, request: StaffRequestContext | undefined): AuditDraft => ({
  actorId: who.id,
  actorRole: who.role,
  action: `claim.${action}`,
  subjectType: 'claim',
  subjectId: c.id,
  detail: { number: c.number, ...detail, source: sourceAddress(request) },
});

const ref = (who: StaffPrincipal) => ({ id: who.id, name: who.name, role: who.role });

/** What this staff member may do on this claim now, for the page's buttons. */
const mayOf = (who: StaffPrincipal, c: Claim): Record<string, boolean> => {
  const handle = can(who.role, 'claims.handle');
  const d = c.decision;
  return {
    requestDocuments: handle && ['reported', 'underReview', 'documentsPending'].includes(c.status),
    waiveItem: handle && ['reported', 'underReview', 'documentsPending'].includes(c.status),
    recordAssessment: handle && ['reported', 'underReview'].includes(c.status),
    logCall: handle && c.status !== 'draft',
    decide: handle && c.status === 'underReview' && !(d?.kind === 'pay' && d.approval?.required && !d.approval.approvedAt),
    approve: can(who.role, 'claims.approve') && c.status === 'underReview' && d?.kind === 'pay' && Boolean(d.approval?.required && !d.approval.approvedAt),
    recordAcceptance: handle && c.status === 'decided' && d?.kind === 'pay' && !d.agreedAt,
    // An advance before the decision (art 25), the final payment once the amount is agreed.
    recordPayment: handle && (['reported', 'documentsPending', 'underReview'].includes(c.status) || (c.status === 'decided' && d?.kind === 'pay' && Boolean(d.agreedAt))),
    recordAdvance: handle && ['reported', 'documentsPending', 'underReview'].includes(c.status),
    recordFinal: handle && c.status === 'decided' && d?.kind === 'pay' && Boolean(d.agreedAt),
    convertToComplaint: handle && !c.complaint,
  };
};

export const claimQueue = defineStaffAction({
  permission: 'claims.read',
  input: staffQueueSchema,
  labels: L,
  run: async (deps: ClaimAdminDeps, _who, { status, limit, cursor }) => {
    const d = need(deps);
    const page = await d.store.queue(status ? { status } : {}, { limit, cursor });
    const now = d.clock.now();
    return { items: page.items.map((c) => toStaffQueueItem(c, now)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  },
});

export const claimSearch = defineStaffAction({
  permission: 'claims.read',
  input: staffSearchSchema,
  labels: L,
  run: async (deps: ClaimAdminDeps, who, { number }, request?: StaffRequestContext) => {
    const d = need(deps);
    const canonical = canonicalClaimNumber(number);
    const found = canonical ? await d.store.byNumber(canonical) : null;
    await d.audit.append(searchAudit(who, 'claim.search', { kind: 'number', query: canonical ?? number.slice(0, 30), results: found ? 1 : 0 }, request));
    return { items: found ? [toStaffQueueItem(found, d.clock.now())] : [] };
  },
});

export const claimTypesForStaff = defineStaffAction({
  permission: 'claims.read',
  input: noInputSchema,
  labels: L,
  run: async (deps: ClaimAdminDeps) => {
    const d = need(deps);
    return { types: d.types, secondNoticeReasons: SECOND_NOTICE_REASONS, handlerBandFen: d.policy.handlerBandFen };
  },
});

export const claimDetail = defineStaffAction({
  permission: 'claims.read',
  input: staffByIdSchema,
  labels: L,
  run: async (deps: ClaimAdminDeps, who, { id }, request?: StaffRequestContext) => {
    const d = need(deps);
    const c = await loadSubmitted(d, id);
    await d.audit.append(readAudit(who, 'claim.read', { subjectType: 'claim', subjectId: c.id }, { number: c.number }, request));
    return toStaffView(c, mayOf(who, c));
  },
});

/**
 * The personal numbers (phone, ID, bank card) in a claim's texts, which staff otherwise read masked: the
 * handlers only, with a reason, audited with the keys of the texts opened.
 */
export const claimUnmaskText = defineStaffAction({
  permission: 'claims.handle',
  input: unmaskTextSchema,
  labels: { ...L, reason: '查看原因' },
  run: async (deps: ClaimAdminDeps, who, { id, reason }, request?: StaffRequestContext): Promise<{ texts: Record<string, string> }> => {
    const d = need(deps);
    const c = await loadSubmitted(d, id);
    const texts = openClaimTexts(d.box, c);
    const keys = Object.keys(texts);
    if (!keys.length) throw new DomainError('CLAIM.NO_MASKED_TEXT', '该理赔的文字中没有被遮盖的个人信息', `no sealed text on ${c.id}`);
    await d.audit.append(readAudit(who, 'claim.unmaskText', { subjectType: 'claim', subjectId: c.id }, { number: c.number, keys, reason }, request));
    return { texts };
  },
});

/** A link to one document (≤ 5 minutes); every view of a health or bank document is audited with the item. */
export const claimFileUrl = defineStaffAction({
  permission: 'claims.read',
  input: staffFileSchema,
  labels: L,
  run: async (deps: ClaimAdminDeps, who, { id, fileId }, request?: StaffRequestContext) => {
    const d = need(deps);
    const c = await loadSubmitted(d, id);
    const item = c.checklist.find((i) => i.files.includes(fileId));
    if (!item) throw fileErrors.notOnRecord();
    await d.audit.append(
      readAudit(who, item.sensitive ? 'claim.healthDocumentViewed' : 'claim.documentViewed', { subjectType: 'claim', subjectId: c.id }, { number: c.number, item: item.key, fileId }, request),
    );
    return fileLink(d.files, fileId, `staff:${who.id}`, d.clock.now());
  },
});

/**
 * A staff write: the version the staff member saw first (VERSION_CONFLICT, never a silent overwrite),
 * then the transition; change, outbox and audit in one transaction.
 */
const write = <S extends z.core.$ZodType>(
  action: string,
  permission: Permission,
  schema: S,
  apply: (ctx: life.ClaimContext, c: Claim, input: z.output<S>, who: StaffPrincipal, d: StaffClaimDeps) => life.Change,
) =>
  defineStaffAction({
    permission,
    input: schema as unknown as z.core.$ZodType<z.output<S>>,
    labels: L,
    run: async (deps: ClaimAdminDeps, who: StaffPrincipal, input: z.output<S>, request?: StaffRequestContext) => {
      const d = need(deps);
      const { id, version, ...detail } = input as z.output<S> & { id: string; version: number };
      const before = await loadSubmitted(d, id);
      if (before.version !== version) throw commonErrors.versionConflict('CLAIM', id);
      const ch = apply(contextOf(d), before, input, who, d);
      const saved = await saveChange(d, before, ch, [auditOf(who, action, before, detail, request)]);
      return toStaffView(saved, mayOf(who, saved));
    },
  });

export const claimWrites = {
  /** 保险法 art 22: one consolidated notice; a second only with a reason from the list and words, for new items only. */
  requestDocuments: write('requestDocuments', 'claims.handle', requestDocumentsSchema, (ctx, c, i, who) =>
    life.requestDocuments(ctx, c, ref(who), {
      items: i.items,
      note: i.note || undefined,
      ...(i.reasonCode ? { reason: { code: i.reasonCode as SecondNoticeReason, text: i.reasonText ?? '' } } : {}),
    }),
  ),
  waiveItem: write('waiveItem', 'claims.handle', waiveSchema, (ctx, c, i, who) => life.waiveItem(ctx, c, ref(who), i.item, i.reason)),
  logCall: write('logCall', 'claims.handle', logCallSchema, (ctx, c, i, who) => life.logCall(ctx, c, ref(who), callRecordOf(i, ctx.now))),
  recordAssessment: write('recordAssessment', 'claims.handle', assessmentSchema, (ctx, c, i, who) => life.recordAssessment(ctx, c, ref(who), i.text)),
  /** An amount (above the handler's band a supervisor approves first; a supervisor's own decision is approved) or a refusal with reasons and the letter. */
  decide: write('decide', 'claims.handle', decideSchema, (ctx, c, i, who) => {
    if (i.outcome === 'refuse') {
      if (!i.reasons) throw new DomainError('CLAIM.REASONS_REQUIRED', '拒赔须写明理由', 'refusal without reasons');
      return life.decideRefuse(ctx, c, ref(who), i.reasons);
    }
    if (!i.basis) throw new DomainError('CLAIM.BASIS_REQUIRED', '请填写核定依据', 'pay decision without basis');
    return life.decidePay(ctx, c, ref(who), { amountFen: i.amountFen, basis: i.basis, calculation: i.calculation }, can(who.role, 'claims.approve'));
  }),
  approve: write('approve', 'claims.approve', approveSchema, (ctx, c, _i, who) => life.approve(ctx, c, ref(who))),
  /** The member agreed by phone: staff record it with the evidence (call reference, what was said). */
  recordAcceptance: write('recordAcceptance', 'claims.handle', acceptanceSchema, (ctx, c, i, who) =>
    life.agree(ctx, c, { channel: 'phone', evidence: i.evidence, recordedBy: ref(who) }),
  ),
  /** A payment made elsewhere, recorded here (date, amount, reference); several per claim (advance and final). */
  recordPayment: write('recordPayment', 'claims.handle', paymentSchema, (ctx, c, i, who) =>
    life.recordPayment(ctx, c, ref(who), { kind: i.kind, paidOn: i.paidOn, amountFen: i.amountFen, reference: i.reference }),
  ),
};

export const claimConvert = defineStaffAction({
  permission: 'claims.handle',
  input: convertSchema,
  labels: L,
  run: async (deps: ClaimAdminDeps, who, input, request?: StaffRequestContext) => {
    const d = need(deps);
    const before = await loadSubmitted(d, input.id);
    if (before.version !== input.version) throw commonErrors.versionConflict('CLAIM', input.id);
    const { claim, complaint } = await convertClaimToComplaint(d, who, before, { entryId: input.entryId, reason: input.reason }, (action, detail) => auditOf(who, action, before, detail, request));
    return { claim: toStaffView(claim, mayOf(who, claim)), complaint: { id: complaint.id, number: complaint.number, receivedAt: complaint.receivedAt } };
  },
});
