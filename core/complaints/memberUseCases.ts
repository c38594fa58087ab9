import type { ComplaintPage, MemberComplaintView, SubmitComplaintResponse } from '../../typings/api';
import { outboxFromEvents } from '../notifications/outbox';
import { localDateOf } from '../shared/shanghaiTime';
import { screenTexts } from '../shared/contentSafety';
import { parseInput } from '../shared/validation';
import { lifecycleContext, type ComplaintDeps, type MemberComplaintDeps } from './deps';
import { checkAttachments, fileErrors, fileLink } from '../shared/files';
import { takeSubmitQuota } from '../members/quotas';
import * as z from 'zod/mini';
import { fileId } from '../shared/ids';
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
import { revealComplaintTexts, sealComplaintTexts } from './personalTexts';
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

/**
 * Readable number: TS + receipt day in Shanghai + a per-day sequence of at least four digits, e.g.
 * TS20260920-0001; past 9,999 in a day it simply grows (TS20260920-10000), never wraps or truncates.
 */
export const formatNumber = (day: string, seq: number): string => `TS${day}-${String(seq).padStart(4, '0')}`;

export const allocateNumber = async (deps: ComplaintDeps, receivedAt: Date): Promise<string> => {
  const day = localDateOf(receivedAt).replace(/-/g, '');
  return formatNumber(day, await deps.store.nextSequence(`complaint:${day}`));
};

/**
 * A readable number as typed by staff, in its stored form, at any length: case and spaces do not
 * matter and the sequence may be typed without its leading zeros (ts20260920-1 → TS20260920-0001,
 * TS20260920-10000 stays as it is). Anything else is not a number.
 */
export const canonicalNumber = (q: string): string | undefined => {
  const m = /^TS(\d{8})-?(\d{1,9})$/i.exec(q.replace(/\s+/g, ''));
  return m ? formatNumber(m[1], Number(m[2])) : undefined;
};

const stableHash = (deps: ComplaintDeps, value: unknown) => deps.hash(JSON.stringify(value));

export const submitComplaint = async (deps: MemberComplaintDeps, memberId: string, raw: unknown): Promise<SubmitComplaintResponse> => {
  const input = parseInput(submitComplaintSchema, raw, L);
  const { idempotencyKey, ...content } = input;
  const requestHash = stableHash(deps, content);
  const scopedKey = `${memberId}:${idempotencyKey}`;
  const ctx = lifecycleContext(deps);
  const earlier = await deps.store.findByIdempotencyKey(scopedKey);
  if (earlier) {
    if (earlier.requestHash !== requestHash) throw complaintErrors.idempotencyKeyReused();
    return { complaint: toMemberView(ctx, revealComplaintTexts(deps.box, earlier.complaint)), created: false };
  }
  // Attachments first (a refusal counts nothing), then the quota (a retry above was not a new submit).
  await checkAttachments(deps.files, memberId, content.attachments);
  await takeSubmitQuota(deps.limits, memberId, ctx.now, deps.quotas);
  const contentFlags = await screenTexts(deps.contentCheck, memberId, { description: content.description }, ctx.now);
  const id = deps.ids.newId();
  const day = localDateOf(ctx.now).replace(/-/g, '');
  // Built by the store once it has taken the number, inside the record's own write (ports.ts NewComplaintRecord).
  const build = (seq: number) => {
    const ch = openComplaint(ctx, {
      id,
      number: formatNumber(day, seq),
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
    return { complaint: sealComplaintTexts(deps.box, ch.complaint), outbox: outboxFromEvents(ch.events, () => deps.ids.newId(), ctx.now) };
  };
  const result = await deps.store.create({ numbered: { counter: `complaint:${day}`, build }, idempotencyKey: scopedKey, requestHash });
  if (!result.sameRequest) throw complaintErrors.idempotencyKeyReused();
  return { complaint: toMemberView(ctx, revealComplaintTexts(deps.box, result.complaint)), created: result.created };
};

export const listMyComplaints = async (deps: ComplaintDeps, memberId: string, raw: unknown): Promise<ComplaintPage> => {
  const input = parseInput(listMineSchema, raw ?? {}, L);
  const page = await deps.store.listByMember(memberId, input);
  return { items: page.items.map((c) => toListItem(revealComplaintTexts(deps.box, c))), nextCursor: page.nextCursor };
};

/** A complaint that is not the caller's answers exactly like one that does not exist. */
export const getMyComplaint = async (deps: ComplaintDeps, memberId: string, raw: unknown): Promise<MemberComplaintView> => {
  const { id } = parseInput(byIdSchema, raw, L);
  const c = await loadComplaint(deps, id);
  assertMemberOwns(c, memberId);
  // The member reads their own texts in full; staff see them masked (personalTexts.ts).
  return toMemberView(lifecycleContext(deps), revealComplaintTexts(deps.box, c));
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
  return toMemberView(lifecycleContext(deps), revealComplaintTexts(deps.box, saved));
};

export const rateComplaint = async (deps: ComplaintDeps, memberId: string, raw: unknown) => {
  const input = parseInput(rateSchema, raw, L);
  return memberChange(deps, memberId, input.id, (ctx, c) => rate(ctx, c, me(memberId), input), { ratingComment: input.comment });
};

export const requestComplaintReview = async (deps: ComplaintDeps, memberId: string, raw: unknown) => {
  const input = parseInput(requestReviewSchema, raw, L);
  return memberChange(deps, memberId, input.id, (ctx, c) => requestReview(ctx, c, me(memberId), input.reason), { reviewReason: input.reason });
};

export const addComplaintInformation = async (deps: MemberComplaintDeps, memberId: string, raw: unknown) => {
  const input = parseInput(addInformationSchema, raw, L);
  // Only on the member's own, still-open case, and only the member's own files.
  assertMemberOwns(await loadComplaint(deps, input.id), memberId);
  await checkAttachments(deps.files, memberId, input.attachments);
  return memberChange(deps, memberId, input.id, (ctx, c) =>
    memberAddsInformation(ctx, c, me(memberId), input.text, input.attachments),
    { information: input.text },
  );
};

export const withdrawComplaint = async (deps: ComplaintDeps, memberId: string, raw: unknown) => {
  const input = parseInput(withdrawSchema, raw, L);
  return memberChange(deps, memberId, input.id, (ctx, c) => withdraw(ctx, c, me(memberId), input.reason), { withdrawReason: input.reason });
};

const fileUrlSchema = z.strictObject({ id: byIdSchema.shape.id, fileId });

/**
 * A short-lived link (≤ 5 minutes, bound to this member) to a file attached to one of the member's
 * own complaints: pages ask for it and never build a file URL or put a token in one.
 */
export const myAttachmentUrl = async (deps: MemberComplaintDeps, memberId: string, raw: unknown) => {
  const input = parseInput(fileUrlSchema, raw, { ...L, fileId: '附件' });
  const c = await loadComplaint(deps, input.id);
  assertMemberOwns(c, memberId);
  if (!c.attachments.includes(input.fileId)) throw fileErrors.notOnRecord();
  return fileLink(deps.files, input.fileId, `member:${memberId}`, deps.clock.now());
};
