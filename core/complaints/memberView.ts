import type { ComplaintListItem, DeadlineView, MemberComplaintView, TimelineItemView } from '../../typings/api';
import { canDo, reviewWindowEnd, type LifecycleContext } from './lifecycle';
import { DEADLINE_LABELS, MEMBER_TIMELINE_LABELS } from './labels';
import { COMPLAINT_CATEGORIES, STATUSES, type Complaint, type DeadlineKind } from './model';
import { dueText, formatShanghai } from '../shared/shanghaiTime';

/**
 * The clocks in a member's words, each with one line on what it means. Staff keep DEADLINE_LABELS
 * (受理时限, 监管答复时限…); a member is not asked to know what a regulatory clock is.
 */
export const MEMBER_DEADLINE_WORDS: Record<DeadlineKind, { label: string; hint: string }> = {
  acknowledge: { label: '受理时间', hint: '专人确认接手您的投诉' },
  resolve: { label: '承诺答复时间', hint: '我们承诺给您处理结果的时间' },
  regulatory: { label: '最迟答复时间', hint: '按监管规定，最晚在这之前一定答复您' },
  review: { label: '核查答复时间', hint: '您申请核查后，给您核查结果的时间' },
};

/** What the member must do now, in the words of the list card's tag. */
const memberTodo = (c: Complaint): string | undefined => {
  if (c.status === 'waitingForMember') return '待您补充';
  if (canDo(c, 'rate') && !c.ratings.some((r) => r.forResolution === c.resolutionCount)) return '待评价';
  return undefined;
};

export const toListItem = (c: Complaint): ComplaintListItem => {
  const next = c.deadlines.filter((d) => !d.metAt && !d.paused).sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1))[0];
  const todo = memberTodo(c);
  return {
    id: c.id,
    number: c.number,
    categoryLabel: COMPLAINT_CATEGORIES[c.category],
    status: c.status,
    statusLabel: STATUSES[c.status],
    summary: c.description.length > 40 ? `${c.description.slice(0, 40)}…` : c.description,
    receivedAtText: formatShanghai(new Date(c.receivedAt)),
    ...(todo ? { todo } : {}),
    ...(next ? { memberNext: { kind: next.kind, dueAt: next.dueAt } } : {}),
  };
};

/**
 * Every deadline of the case as a view: when each was met, and whether it was missed. A breached
 * deadline stays marked 已超时 with its breach time after it is met late (the record's breaches, or
 * a met time past the due time when no breach was recorded before it was met).
 */
export const deadlineViews = (c: Complaint, now: string): DeadlineView[] =>
  c.deadlines.map((d) => {
    const breach = c.breaches.find((b) => b.kind === d.kind && b.dueAt === d.dueAt);
    const overdue = !d.metAt && now >= d.dueAt;
    const breached = Boolean(breach) || overdue || Boolean(d.metAt && d.metAt > d.dueAt);
    return {
      kind: d.kind,
      label: DEADLINE_LABELS[d.kind],
      dueAt: d.dueAt,
      dueAtText: dueText(d.dueAt),
      provisional: d.provisional,
      paused: d.paused,
      met: Boolean(d.metAt),
      overdue,
      ...(d.metAt ? { metAt: d.metAt, metAtText: formatShanghai(new Date(d.metAt)) } : {}),
      ...(breached ? { breached, breachedAtText: breach ? formatShanghai(new Date(breach.at)) : dueText(d.dueAt) } : {}),
    };
  });

/** What a member may see of their complaint: internal notes, grading and escalations never leave the server. */
export const toMemberView = (ctx: LifecycleContext, c: Complaint): MemberComplaintView => {
  const now = ctx.now.toISOString();
  const windowEnd = reviewWindowEnd(ctx, c);
  const insideWindow = Boolean(windowEnd && now < windowEnd);
  const timeline: TimelineItemView[] = c.timeline
    .filter((e) => e.visibility === 'member')
    .map((e) => ({
      id: e.id,
      at: e.at,
      atText: formatShanghai(new Date(e.at)),
      type: e.type,
      label: MEMBER_TIMELINE_LABELS[e.type],
      text: e.text,
      by: e.actor.kind,
    }));
  const currentRating = c.ratings.find((r) => r.forResolution === c.resolutionCount);
  // A member is not shown the met 受理 clock; staff see every deadline (deadlineViews).
  const deadlines = deadlineViews(c, now)
    .filter((d) => d.kind !== 'acknowledge' || !d.met)
    .map((d) => ({ ...d, ...MEMBER_DEADLINE_WORDS[d.kind] }));
  return {
    ...toListItem(c),
    category: c.category,
    description: c.description,
    policyNo: c.policyNo,
    claimNo: c.claimNo,
    attachments: c.attachments,
    deadlines,
    timeline,
    decision: c.decision && {
      findings: c.decision.findings,
      basis: c.decision.basis,
      remedies: c.decision.remedies,
      decidedAtText: formatShanghai(new Date(c.decision.decidedAt)),
    },
    rating: currentRating && { score: currentRating.score, comment: currentRating.comment },
    reviewWindowEndsAtText: windowEnd ? dueText(windowEnd) : undefined,
    reviewWindowEndsAt: windowEnd,
    overdue: overdueNotice(ctx, deadlines),
    can: {
      rate: canDo(c, 'rate') && !currentRating,
      requestReview: canDo(c, 'requestReview') && !c.review && insideWindow,
      addInformation: canDo(c, 'memberAddsInformation') && (c.status !== 'resolved' || insideWindow),
      withdraw: canDo(c, 'withdraw'),
    },
  };
};

/**
 * Said to the member while a running deadline has passed: the configured apology, which clocks were
 * missed, and the new expectation, the regulatory date, which binds us whatever the company target was.
 */
const overdueNotice = (ctx: LifecycleContext, deadlines: DeadlineView[]): MemberComplaintView['overdue'] => {
  const missed = deadlines.filter((d) => d.overdue);
  if (!missed.length) return undefined;
  const binding = deadlines.find((d) => d.kind === 'regulatory' && !d.met && !d.overdue)
    ?? deadlines.find((d) => d.kind === 'review' && !d.met && !d.overdue);
  return {
    apology: ctx.policy.overdueApology.text,
    apologyConfirmed: ctx.policy.overdueApology.confirmed,
    missed: missed.map((d) => MEMBER_DEADLINE_WORDS[d.kind].label),
    ...(binding ? { nextBinding: { label: MEMBER_DEADLINE_WORDS[binding.kind].label, dueAt: binding.dueAt } } : {}),
  };
};
