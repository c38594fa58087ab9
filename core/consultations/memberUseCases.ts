import { outboxFromEvents } from '../notifications/outbox';
import { takeQuota } from '../members/quotas';
import { screenTexts } from '../shared/contentSafety';
import { checkAttachments, fileErrors, fileLink } from '../shared/files';
import { parseInput } from '../shared/validation';
import type { MemberConsultationDeps } from './deps';
import { consultationErrors } from './errors';
import { entryOfRequest, followUp, openConsultation, rate, type MemberRequest } from './lifecycle';
import type { Consultation } from './model';
import type { Member } from '../members/model';
import { allocateConsultationNumber, contextOf, loadConsultation, mutate } from './persist';
import { revealConsultationTexts, sealConsultationTexts } from './personalTexts';
import { askSchema, byIdSchema, fileUrlSchema, followUpSchema, listMineSchema, MEMBER_LABELS as L, rateSchema } from './schemas';
import { toMemberListItem, toMemberView, type MemberConsultationView } from './views';

/** Someone else's consultation answers exactly like one that does not exist. */
const mine = (c: Consultation, memberId: string) => {
  if (c.memberId !== memberId) throw consultationErrors.notFound(c.id);
  return c;
};

/**
 * A policy number on a question must be one the caller has bound (as claims check it): a visitor names
 * none, and staff never see another member's policy, or one not in the register, as the asker's.
 */
const ownPolicyNo = async (deps: MemberConsultationDeps, memberId: string, policyNo: string): Promise<string> => {
  const m: Member | null = await deps.members.get(memberId);
  const p = m?.kind === 'bound' && m.policyNos.includes(policyNo) ? await deps.policies.get(policyNo) : null;
  if (!p || p.boundTo !== memberId) throw consultationErrors.policyNotYours();
  return p.policyNo;
};

/** True when this key already made an entry with the same content (a retry); the key with other content is refused. */
const repeated = (c: Consultation, request: MemberRequest): boolean => {
  const earlier = entryOfRequest(c, request.key)?.data?.request as MemberRequest | undefined;
  if (!earlier) return false;
  if (earlier.hash !== request.hash) throw consultationErrors.idempotencyKeyReused();
  return true;
};

const view = (deps: MemberConsultationDeps, c: Consultation): MemberConsultationView => toMemberView(revealConsultationTexts(deps.box, c), deps.clock.now());

/**
 * A member (a visitor too: the channel stays open to non-policyholders) asks a question. Idempotent on
 * the member-scoped key; attachments checked before the quota is counted; the text screened for staff.
 */
export const askQuestion = async (deps: MemberConsultationDeps, memberId: string, raw: unknown) => {
  const input = parseInput(askSchema, raw, L);
  const { idempotencyKey, ...content } = input;
  const scopedKey = `${memberId}:${idempotencyKey}`;
  const requestHash = deps.hash(JSON.stringify(content));
  const ctx = contextOf(deps);
  // A retry of a stored ask is answered from the store and costs no quota.
  const earlier = await deps.store.findByIdempotencyKey(scopedKey);
  if (earlier) {
    if (earlier.requestHash !== requestHash) throw consultationErrors.idempotencyKeyReused();
    return { consultation: view(deps, earlier.consultation), created: false };
  }
  const policyNo = content.policyNo === undefined ? undefined : await ownPolicyNo(deps, memberId, content.policyNo);
  await checkAttachments(deps.files, memberId, content.attachments);
  await takeQuota(deps.limits, memberId, ctx.now, [
    { name: 'consult:hour', bucket: 'hour', max: deps.policy.asksPerHour, message: `提问过于频繁，每小时最多提交${deps.policy.asksPerHour}条咨询` },
    { name: 'consult:day', bucket: 'day', max: deps.policy.asksPerDay, message: `今日已提交${deps.policy.asksPerDay}条咨询，已达每日上限` },
  ]);
  const flags = await screenTexts(deps.contentCheck, memberId, { question: content.question }, ctx.now);
  const ch = openConsultation(ctx, {
    id: deps.ids.newId(),
    number: await allocateConsultationNumber(deps, ctx.now),
    memberId,
    topic: content.topic,
    question: content.question,
    policyNo,
    attachments: content.attachments,
  });
  const fresh = flags.length ? { ...ch.consultation, contentFlags: flags } : ch.consultation;
  const result = await deps.store.create({
    consultation: sealConsultationTexts(deps.box, fresh),
    idempotencyKey: scopedKey,
    requestHash,
    outbox: outboxFromEvents(ch.events, () => deps.ids.newId(), ctx.now),
  });
  if (!result.sameRequest) throw consultationErrors.idempotencyKeyReused();
  return { consultation: view(deps, result.consultation), created: result.created };
};

export const listMyConsultations = async (deps: MemberConsultationDeps, memberId: string, raw: unknown) => {
  const input = parseInput(listMineSchema, raw ?? {}, L);
  const page = await deps.store.listByMember(memberId, input);
  return { items: page.items.map((c) => toMemberListItem(revealConsultationTexts(deps.box, c))), nextCursor: page.nextCursor };
};

export const getMyConsultation = async (deps: MemberConsultationDeps, memberId: string, raw: unknown) => {
  const { id } = parseInput(byIdSchema, raw, L);
  return view(deps, mine(await loadConsultation(deps, id), memberId));
};

/**
 * 追问: more words (and photos) on the member's own consultation; a new reply is owed if one was given.
 * Idempotent on the key: a retry answers the consultation as it is and costs no quota.
 */
export const followUpConsultation = async (deps: MemberConsultationDeps, memberId: string, raw: unknown) => {
  const { idempotencyKey, id, ...content } = parseInput(followUpSchema, raw, L);
  const request: MemberRequest = { key: `${memberId}:${idempotencyKey}`, hash: deps.hash(JSON.stringify(content)) };
  const ctx = contextOf(deps);
  const current = mine(await loadConsultation(deps, id), memberId);
  if (repeated(current, request)) return view(deps, current);
  if (current.status === 'closed' || current.status === 'converted') throw consultationErrors.closed();
  await checkAttachments(deps.files, memberId, content.attachments);
  await takeQuota(deps.limits, memberId, ctx.now, [
    { name: 'consultFollowUp:day', bucket: 'day', max: deps.policy.followUpsPerDay, message: `今日追问已达${deps.policy.followUpsPerDay}条上限` },
  ]);
  const flags = await screenTexts(deps.contentCheck, memberId, { followUp: content.text }, ctx.now);
  const saved = await mutate(deps, id, (c2, c) => {
    // A parallel retry may have landed meanwhile.
    if (repeated(mine(c, memberId), request)) return null;
    const ch = followUp(c2, c, memberId, content.text, content.attachments, request);
    return flags.length ? { ...ch, consultation: { ...ch.consultation, contentFlags: [...(ch.consultation.contentFlags ?? []), ...flags] } } : ch;
  });
  return view(deps, saved);
};

/** The member rates the answer once; a retry with the same key answers the rated consultation. */
export const rateConsultation = async (deps: MemberConsultationDeps, memberId: string, raw: unknown) => {
  const { idempotencyKey, id, ...content } = parseInput(rateSchema, raw, L);
  const request: MemberRequest = { key: `${memberId}:${idempotencyKey}`, hash: deps.hash(JSON.stringify({ score: content.score, comment: content.comment || '' })) };
  const current = mine(await loadConsultation(deps, id), memberId);
  if (repeated(current, request)) return view(deps, current);
  const flags = content.comment ? await screenTexts(deps.contentCheck, memberId, { ratingComment: content.comment }, deps.clock.now()) : [];
  const saved = await mutate(deps, id, (ctx, c) => {
    if (repeated(mine(c, memberId), request)) return null;
    const ch = rate(ctx, c, memberId, content.score, content.comment || undefined, request);
    return flags.length ? { ...ch, consultation: { ...ch.consultation, contentFlags: [...(ch.consultation.contentFlags ?? []), ...flags] } } : ch;
  });
  return view(deps, saved);
};

/** A short-lived link (≤ 5 minutes, bound to this member) to a photo on their own consultation. */
export const myConsultationFileUrl = async (deps: MemberConsultationDeps, memberId: string, raw: unknown) => {
  const input = parseInput(fileUrlSchema, raw, L);
  const c = mine(await loadConsultation(deps, input.id), memberId);
  if (!c.attachments.includes(input.fileId)) throw fileErrors.notOnRecord();
  return fileLink(deps.files, input.fileId, `member:${memberId}`, deps.clock.now());
};
