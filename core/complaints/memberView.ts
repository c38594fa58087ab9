import type { ComplaintListItem, DeadlineView, MemberComplaintView, TimelineItemView } from '../../typings/api';
import { canDo, reviewWindowEnd, type LifecycleContext } from './lifecycle';
import { DEADLINE_LABELS, MEMBER_TIMELINE_LABELS } from './labels';
import { COMPLAINT_CATEGORIES, STATUSES, type Complaint } from './model';
import { dueText, formatShanghai } from '../shared/shanghaiTime';

export const toListItem = (c: Complaint): ComplaintListItem => ({
  id: c.id,
  number: c.number,
  categoryLabel: COMPLAINT_CATEGORIES[c.category],
  status: c.status,
  statusLabel: STATUSES[c.status],
  summary: c.description.length > 40 ? `${c.description.slice(0, 40)}…` : c.description,
  receivedAtText: formatShanghai(new Date(c.receivedAt)),
});

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
      ...(d.metAt ? { metAtText: formatShanghai(new Date(d.metAt)) } : {}),
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
  return {
    ...toListItem(c),
    category: c.category,
    description: c.description,
    policyNo: c.policyNo,
    claimNo: c.claimNo,
    attachments: c.attachments,
    // A member is not shown the met 受理 clock; staff see every deadline (deadlineViews).
    deadlines: deadlineViews(c, now).filter((d) => d.kind !== 'acknowledge' || !d.met),
    timeline,
    decision: c.decision && {
      findings: c.decision.findings,
      basis: c.decision.basis,
      remedies: c.decision.remedies,
      decidedAtText: formatShanghai(new Date(c.decision.decidedAt)),
    },
    rating: currentRating && { score: currentRating.score, comment: currentRating.comment },
    reviewWindowEndsAtText: windowEnd ? dueText(windowEnd) : undefined,
    can: {
      rate: canDo(c, 'rate') && !currentRating,
      requestReview: canDo(c, 'requestReview') && !c.review && insideWindow,
      addInformation: canDo(c, 'memberAddsInformation') && (c.status !== 'resolved' || insideWindow),
      withdraw: canDo(c, 'withdraw'),
    },
  };
};
