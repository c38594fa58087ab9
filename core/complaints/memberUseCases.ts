import type { ComplaintPage, MemberComplaintView, SubmitComplaintResponse } from '../../typings/api';
import { outboxFromEvents } from '../notifications/outbox';
import { localDateOf } from '../shared/shanghaiTime';
import { screenTexts } from '../shared/contentSafety';
import { parseInput } from '../shared/validation';
import { lifecycleContext, type ComplaintDeps } from './deps';
import { complaintErrors } from './errors';
import {
  assertMemberOwns,
  memberAddsInformation,
  openComplaint,
  rate,
  requestReview,
  withdraw,
} from './lifecycle';
import { toListItem, toMemberView } from './memberView';
import { loadComplaint, mutate } from './persist';
import {
  COMPLAINT_FIELD_LABELS as L,
  addInformationSchema,
  byIdSchema,
  listMineSchema,
  rateSchema,
  requestReviewSchema,
  submitComplaintSchema,
  withdrawSchema,
} from './schemas';

/** Readable number: TS + receipt day in Shanghai + a per-day sequence, e.g. TS20260920-0001. */
export const allocateNumber = async (deps: ComplaintDeps, receivedAt: Date): Promise<string> => {
  const day = localDateOf(receivedAt).replace(/-/g, '');
  const seq = await deps.store.nextSequence(`complaint:${day}`);
  return `TS${day}-${String(seq).padStart(4, '0')}`;
};

const stableHash = (deps: ComplaintDeps, value: unknown) => deps.hash(JSON.stringify(value));

export const submitComplaint = async (deps: ComplaintDeps, memberId: string, raw: unknown): Promise<SubmitComplaintResponse> => {
  const input = parseInput(submitComplaintSchema, raw, L);
  const { idempotencyKey, ...content } = input;
  const requestHash = stableHash(deps, content);
  const scopedKey = `${memberId}:${idempotencyKey}`;
  const ctx = lifecycleContext(deps);
  const earlier = await deps.store.findByIdempotencyKey(scopedKey);
  if (earlier) {
    if (earlier.requestHash !== requestHash) throw complaintErrors.idempotencyKeyReused();
    return { complaint: toMemberView(ctx, earlier.complaint), created: false };
  }
  const contentFlags = await screenTexts(deps.contentCheck, memberId, { description: content.description }, ctx.now);
  const ch = openComplaint(ctx, {
    id: deps.ids.newId(),
    number: await allocateNumber(deps, ctx.now),
    memberId,
    channel: 'miniprogram',
    receivedAt: ctx.now,
    category: content.category,
    description: content.description,
    policyNo: content.policyNo,
    claimNo: content.claimNo,
    attachments: content.attachments,
    factors: {
      amountAtStake: content.amountAtStake,
      urgent: content.urgent,
      vulnerableMember: false,
      mediaInvolved: false,
      regulatorInvolved: false,
      repeatComplaint: false,
    },
  });
  if (contentFlags.length) ch.complaint.contentFlags = contentFlags;
  const result = await deps.store.create({
    complaint: ch.complaint,
    idempotencyKey: scopedKey,
    requestHash,
    outbox: outboxFromEvents(ch.events, () => deps.ids.newId(), ctx.now),
  });
  if (!result.sameRequest) throw complaintErrors.idempotencyKeyReused();
  return { complaint: toMemberView(ctx, result.complaint), created: result.created };
};

export const listMyComplaints = async (deps: ComplaintDeps, memberId: string, raw: unknown): Promise<ComplaintPage> => {
  const input = parseInput(listMineSchema, raw ?? {}, L);
  const page = await deps.store.listByMember(memberId, input);
  return { items: page.items.map(toListItem), nextCursor: page.nextCursor };
};

/** A complaint that is not the caller's answers exactly like one that does not exist. */
export const getMyComplaint = async (deps: ComplaintDeps, memberId: string, raw: unknown): Promise<MemberComplaintView> => {
  const { id } = parseInput(byIdSchema, raw, L);
  const c = await loadComplaint(deps, id);
  assertMemberOwns(c, memberId);
  return toMemberView(lifecycleContext(deps), c);
};

const me = (memberId: string) => ({ kind: 'member' as const, id: memberId });

/** A member's change; `texts` are screened first and any flags are kept with the change. */
const memberChange = async (
  deps: ComplaintDeps,
  memberId: string,
  id: string,
  apply: Parameters<typeof mutate>[2],
  texts: Record<string, string | undefined> = {},
): Promise<MemberComplaintView> => {
  const flags = await screenTexts(deps.contentCheck, memberId, texts, deps.clock.now());
  const saved = await mutate(deps, id, (ctx, c) => {
    assertMemberOwns(c, memberId);
    const ch = apply(ctx, c);
    return ch && flags.length ? { ...ch, complaint: { ...ch.complaint, contentFlags: [...(ch.complaint.contentFlags ?? []), ...flags] } } : ch;
  });
  return toMemberView(lifecycleContext(deps), saved);
};

export const rateComplaint = async (deps: ComplaintDeps, memberId: string, raw: unknown) => {
  const input = parseInput(rateSchema, raw, L);
  return memberChange(deps, memberId, input.id, (ctx, c) => rate(ctx, c, me(memberId), input), { ratingComment: input.comment });
};

export const requestComplaintReview = async (deps: ComplaintDeps, memberId: string, raw: unknown) => {
  const input = parseInput(requestReviewSchema, raw, L);
  return memberChange(deps, memberId, input.id, (ctx, c) => requestReview(ctx, c, me(memberId), input.reason), { reviewReason: input.reason });
};

export const addComplaintInformation = async (deps: ComplaintDeps, memberId: string, raw: unknown) => {
  const input = parseInput(addInformationSchema, raw, L);
  return memberChange(deps, memberId, input.id, (ctx, c) =>
    memberAddsInformation(ctx, c, me(memberId), input.text, input.attachments),
    { information: input.text },
  );
};

export const withdrawComplaint = async (deps: ComplaintDeps, memberId: string, raw: unknown) => {
  const input = parseInput(withdrawSchema, raw, L);
  return memberChange(deps, memberId, input.id, (ctx, c) => withdraw(ctx, c, me(memberId), input.reason), { withdrawReason: input.reason });
};
