import { RELATIONS, type Member, type Policy } from '../members/model';
import { checkAttachments, fileErrors, fileLink } from '../shared/files';
import { localDateOf } from '../shared/shanghaiTime';
import { parseInput } from '../shared/validation';
import type { MemberClaimDeps } from './deps';
import { claimErrors, yuan } from './errors';
import { agree, attach, collecting, memberMessage, submit, withdraw } from './lifecycle';
import type { Claim } from './model';
import type { ClaimType } from './policy';
import { allocateClaimNumber, contextOf, loadClaim, mutate } from './persist';
import { acceptSchema, attachSchema, byIdSchema, fileUrlSchema, listMineSchema, MEMBER_LABELS as L, messageSchema, saveDraftSchema, submitSchema, withdrawSchema } from './schemas';
import { toMemberListItem, toMemberView, type MemberClaimView } from './views';
import { revealClaimTexts, sealClaimTexts } from './personalTexts';

/**
 * The member reads their own words in full (stored masked: core/claims/personalTexts.ts) and, as the
 * policyholder, their insured person's name in full, opened from the register as myPolicies does.
 */
const memberView = async (deps: Pick<MemberClaimDeps, 'box' | 'policies'>, c: Claim): Promise<MemberClaimView> => {
  const policy = await deps.policies.get(c.policyNo);
  const insured = policy && policy.boundTo === c.memberId ? policy.insured[c.insured.index] : undefined;
  return toMemberView(revealClaimTexts(deps.box, c), insured ? deps.box.open(insured.name.sealed) : undefined);
};

/** Someone else's claim answers exactly like one that does not exist. */
const mine = (c: Claim, memberId: string) => {
  if (c.memberId !== memberId) throw claimErrors.notFound(c.id);
  return c;
};

/** Claims need a bound policy (CLARIFICATIONS "Members"): a visitor is told to bind first. */
const boundMember = async (deps: MemberClaimDeps, memberId: string): Promise<Member> => {
  const m = await deps.members.get(memberId);
  if (!m || m.kind !== 'bound' || !m.policyNos.length) throw claimErrors.needsBinding();
  return m;
};

const ownPolicy = async (deps: MemberClaimDeps, member: Member, policyNo: string): Promise<Policy> => {
  const p = member.policyNos.includes(policyNo) ? await deps.policies.get(policyNo) : null;
  if (!p || p.boundTo !== member.id) throw claimErrors.policyNotYours();
  return p;
};

/**
 * The sum insured a claim of this type is capped by: the coverage on this policy the type is paid from
 * (the larger where two match, e.g. 意外身故 and 意外医疗). A type no coverage matches is not covered.
 */
const coveragesFor = (p: Policy, type: ClaimType) => p.coverages.filter((c) => type.coverageWords.some((w) => c.name.includes(w)));

export const sumInsuredFor = (p: Policy, type: ClaimType): number => {
  const match = coveragesFor(p, type);
  if (!match.length) throw claimErrors.typeNotCovered(type.label);
  return match.reduce((m, c) => Math.max(m, c.sumInsuredFen), 0);
};

const checkAmount = (fen: number | undefined, cap: number) => {
  if (fen === undefined) return;
  if (fen < 0) throw claimErrors.amountNegative();
  if (fen > cap) throw claimErrors.amountOverSum(yuan(cap));
};

/** The claim types and their document checklists (data), for the report form. */
export const claimTypes = async (deps: MemberClaimDeps) => ({
  types: deps.types.map((t) => ({ key: t.key, label: t.label, checklist: t.checklist.map((i) => ({ key: i.key, label: i.label, sensitive: i.sensitive })) })),
});

/** The member's bound policies in force today, with their insured persons (names in full: they are the holder's own). */
export const myPolicies = async (deps: MemberClaimDeps, memberId: string) => {
  const member = await boundMember(deps, memberId);
  const today = localDateOf(deps.clock.now());
  const policies = (await deps.policies.listByNos(member.policyNos)).filter((p) => p.boundTo === memberId && p.status === 'inForce' && p.expiryDate >= today);
  return {
    policies: policies.map((p) => ({
      policyNo: p.policyNo,
      productName: p.productName,
      effectiveDate: p.effectiveDate,
      expiryDate: p.expiryDate,
      insured: p.insured.map((i, index) => ({ index, name: deps.box.open(i.name.sealed), relation: RELATIONS[i.relation] })),
      coverages: p.coverages.map((c) => ({ name: c.name, sumInsuredYuan: yuan(c.sumInsuredFen) })),
      /** The claim types this policy pays (a coverage matches): the form marks the others before the member saves. */
      claimTypes: deps.types.filter((t) => coveragesFor(p, t).length > 0).map((t) => t.key),
    })),
  };
};

/**
 * 报案 step 1: a draft, kept and resumed. Created once per idempotency key; saved again with its id.
 * Every check a submit would make on the policy, the person, the date and the amount is made here too,
 * so the member learns early and nothing invalid is stored.
 */
export const saveDraft = async (deps: MemberClaimDeps, memberId: string, raw: unknown): Promise<{ claim: MemberClaimView; created: boolean }> => {
  const input = parseInput(saveDraftSchema, raw, L);
  const member = await boundMember(deps, memberId);
  const policy = await ownPolicy(deps, member, input.policyNo);
  const type = deps.types.find((t) => t.key === input.claimType);
  if (!type) throw claimErrors.unknownType();
  const ctx = contextOf(deps);
  if (input.incidentDate > localDateOf(ctx.now)) throw claimErrors.dateInFuture();
  if (input.incidentDate < policy.effectiveDate || input.incidentDate > policy.expiryDate) throw claimErrors.notInForce(policy.effectiveDate, policy.expiryDate);
  const insured = policy.insured[input.insuredIndex];
  if (!insured) throw claimErrors.noInsured();
  const sumInsuredFen = sumInsuredFor(policy, type);
  checkAmount(input.claimedFen, sumInsuredFen);
  const fields = {
    policyNo: policy.policyNo,
    productName: policy.productName,
    insured: { index: input.insuredIndex, maskedName: insured.name.masked, relation: RELATIONS[insured.relation] },
    claimType: type.key,
    incidentDate: input.incidentDate,
    place: input.place,
    description: input.description,
    sumInsuredFen,
    ...(input.claimedFen !== undefined ? { claimedFen: input.claimedFen } : {}),
  };
  if (input.id) {
    const saved = await mutate(deps, input.id, (c2, c) => {
      if (mine(c, memberId).status !== 'draft') throw claimErrors.wrongStatus(c.status, 'saveDraft');
      // A new type brings its own checklist; files on items both types list stay.
      const checklist = c.claimType === type.key ? c.checklist : checklistFor(type, c);
      const { claimedFen: _c, ...rest } = c;
      return { claim: { ...rest, ...fields, checklist, updatedAt: c2.now.toISOString() }, events: [] };
    });
    return { claim: await memberView(deps, saved), created: false };
  }
  const drafts = (await deps.store.listByMember(memberId, { limit: 50 })).items.filter((c) => c.status === 'draft');
  const now = ctx.now.toISOString();
  const claim: Claim = {
    id: deps.ids.newId(),
    memberId,
    status: 'draft',
    ...fields,
    checklist: checklistFor(type),
    notices: [],
    clocks: [],
    payments: [],
    timeline: [],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const requestHash = deps.hash(JSON.stringify(fields));
  if (drafts.length >= deps.policy.draftsMax) {
    // A retry of the draft that filled the last place still answers with it.
    const earlier = drafts.find((d) => d.submitKey === `draft:${input.idempotencyKey}`);
    if (!earlier) throw claimErrors.tooManyDrafts(deps.policy.draftsMax);
  }
  const result = await deps.store.create({ claim: sealClaimTexts(deps.box, { ...claim, submitKey: `draft:${input.idempotencyKey}` }), idempotencyKey: `${memberId}:draft:${input.idempotencyKey}`, requestHash, outbox: [] });
  if (!result.sameRequest && result.claim.status === 'draft') {
    // The key came back with other content: it is the same form saved again, so save over the draft.
    return saveDraft(deps, memberId, { ...(raw as object), id: result.claim.id });
  }
  return { claim: await memberView(deps, result.claim), created: result.created };
};

const checklistFor = (type: ClaimType, earlier?: Claim) =>
  type.checklist.map((t) => {
    const had = earlier?.checklist.find((i) => i.key === t.key);
    return { key: t.key, label: t.label, sensitive: t.sensitive, state: had?.files.length ? ('uploaded' as const) : ('missing' as const), files: had?.files ?? [] };
  });

/**
 * 报案 step 2: the draft becomes a claim with a readable number; received now, its clocks started.
 * Idempotent: a retry with the same key answers the claim it made. The policy is checked again (it
 * may have lapsed or been unbound since the draft was saved).
 */
export const submitClaim = async (deps: MemberClaimDeps, memberId: string, raw: unknown) => {
  const input = parseInput(submitSchema, raw, L);
  const draft = mine(await loadClaim(deps, input.id), memberId);
  if (draft.status !== 'draft') {
    if (draft.submitKey === input.idempotencyKey) return { claim: await memberView(deps, draft), created: false };
    throw claimErrors.wrongStatus(draft.status, 'submit');
  }
  const member = await boundMember(deps, memberId);
  const policy = await ownPolicy(deps, member, draft.policyNo);
  const ctx = contextOf(deps);
  if (draft.incidentDate > localDateOf(ctx.now)) throw claimErrors.dateInFuture();
  if (draft.incidentDate < policy.effectiveDate || draft.incidentDate > policy.expiryDate) throw claimErrors.notInForce(policy.effectiveDate, policy.expiryDate);
  const missing = [!draft.place && '出险地点', draft.description.length < 10 && '事故经过（至少10个字）'].filter((x): x is string => Boolean(x));
  if (missing.length) throw claimErrors.draftIncomplete(missing);
  const type = deps.types.find((t) => t.key === draft.claimType);
  if (!type) throw claimErrors.unknownType();
  const number = await allocateClaimNumber(deps, ctx.now);
  const saved = await mutate(deps, draft.id, (c2, c) => {
    if (c.status !== 'draft') {
      if (c.submitKey === input.idempotencyKey) return null;
      throw claimErrors.wrongStatus(c.status, 'submit');
    }
    return submit(c2, c, number, input.idempotencyKey, type);
  });
  if (saved.submitKey !== input.idempotencyKey) throw claimErrors.idempotencyKeyReused();
  return { claim: await memberView(deps, saved), created: true };
};

export const listMyClaims = async (deps: MemberClaimDeps, memberId: string, raw: unknown) => {
  const input = parseInput(listMineSchema, raw ?? {}, L);
  const page = await deps.store.listByMember(memberId, input);
  return { items: page.items.filter((c) => c.status !== 'withdrawn' || c.number).map(toMemberListItem), nextCursor: page.nextCursor };
};

export const getMyClaim = async (deps: MemberClaimDeps, memberId: string, raw: unknown) => {
  const { id } = parseInput(byIdSchema, raw, L);
  return await memberView(deps, mine(await loadClaim(deps, id), memberId));
};

/**
 * Files on one checklist item, only while documents are collected: each the member's own, within the
 * size limit and an image or PDF by its first bytes (core/shared/files.ts). A health or bank document
 * needs the separate sensitive-data consent first (PIPL art 29). Nothing changes when a check fails.
 */
export const attachDocuments = async (deps: MemberClaimDeps, memberId: string, raw: unknown) => {
  const input = parseInput(attachSchema, raw, L);
  const current = mine(await loadClaim(deps, input.id), memberId);
  if (!collecting(current)) throw claimErrors.collectionClosed();
  const item = current.checklist.find((i) => i.key === input.item);
  if (!item) throw claimErrors.unknownItem(input.item);
  if (item.sensitive) await deps.sensitiveConsent.assertAllowed(memberId);
  await checkAttachments(deps.files, memberId, input.fileIds);
  const saved = await mutate(deps, input.id, (ctx, c) => attach(ctx, mine(c, memberId), input.item, input.fileIds));
  return await memberView(deps, saved);
};

/** The member agrees the amount offered: the 10-day payment clock starts now. */
export const acceptOffer = async (deps: MemberClaimDeps, memberId: string, raw: unknown) => {
  const input = parseInput(acceptSchema, raw, L);
  const saved = await mutate(deps, input.id, (ctx, c) => {
    const d = mine(c, memberId).decision;
    // A retry after a lost reply: already agreed, nothing to do.
    if (d?.kind === 'pay' && d.agreedAt) return null;
    return agree(ctx, c, { channel: 'miniprogram' });
  });
  return await memberView(deps, saved);
};

export const withdrawClaim = async (deps: MemberClaimDeps, memberId: string, raw: unknown) => {
  const input = parseInput(withdrawSchema, raw, L);
  const saved = await mutate(deps, input.id, (ctx, c) => (mine(c, memberId).status === 'withdrawn' ? null : withdraw(ctx, c, input.reason)));
  return await memberView(deps, saved);
};

/** The member's words on their claim (a question, or disagreement with the decision). */
export const messageOnClaim = async (deps: MemberClaimDeps, memberId: string, raw: unknown) => {
  const input = parseInput(messageSchema, raw, L);
  const request = { key: input.idempotencyKey, hash: deps.hash(input.text) };
  const saved = await mutate(deps, input.id, (ctx, c) => memberMessage(ctx, mine(c, memberId), input.text, request));
  return await memberView(deps, saved);
};

/** A short-lived link (≤ 5 minutes, bound to this member) to a document on their own claim. */
export const myClaimFileUrl = async (deps: MemberClaimDeps, memberId: string, raw: unknown) => {
  const input = parseInput(fileUrlSchema, raw, L);
  const c = mine(await loadClaim(deps, input.id), memberId);
  if (!c.checklist.some((i) => i.files.includes(input.fileId))) throw fileErrors.notOnRecord();
  return fileLink(deps.files, input.fileId, `member:${memberId}`, deps.clock.now());
};

