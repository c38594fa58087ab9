import type { ComplaintListItem, MemberComplaintView, TimelineItemView } from '../../typings/api';
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
    deadlines: c.deadlines
      .filter((d) => d.kind !== 'acknowledge' || !d.metAt)
      .map((d) => ({
        kind: d.kind,
        label: DEADLINE_LABELS[d.kind],
        dueAt: d.dueAt,
        dueAtText: dueText(d.dueAt),
        provisional: d.provisional,
        paused: d.paused,
        met: Boolean(d.metAt),
        overdue: !d.metAt && now >= d.dueAt,
      })),
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
