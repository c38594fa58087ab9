import type { StaffComplaintView, StaffQueueItem } from '../../typings/api';
import { formatShanghai } from '../shared/shanghaiTime';
import { queueDueAt } from './deadlines';
import { DEADLINE_LABELS, STAFF_STATUS_LABELS, STAFF_TIMELINE_LABELS } from './labels';
import { canDo, type ComplaintAction, type LifecycleContext } from './lifecycle';
import { CHANNELS, GRADES, type Complaint } from './model';
import { dueText } from '../shared/shanghaiTime';
import { toListItem, toMemberView } from './memberView';

const ACTIONS: ComplaintAction[] = [
  'acknowledge', 'reply', 'internalNote', 'requestInformation', 'memberAddsInformation', 'assign', 'confirmGrade',
  'extendRegulatory', 'restartRegulatory', 'appraisal', 'resolve', 'startReview', 'close', 'withdraw',
];

export const toQueueItem = (ctx: LifecycleContext, c: Complaint): StaffQueueItem => {
  const dueAt = queueDueAt(c);
  const d = dueAt ? c.deadlines.find((x) => x.dueAt === dueAt && !x.metAt) : undefined;
  return {
    ...toListItem(c),
    statusLabel: STAFF_STATUS_LABELS[c.status],
    version: c.version,
    grade: c.grade.value,
    gradeLabel: GRADES[c.grade.value],
    gradeConfirmed: c.grade.confirmed,
    greenChannel: c.grade.greenChannel,
    channelLabel: CHANNELS[c.channel],
    ownerId: c.owner?.id,
    phoneMasked: c.contact?.phoneMasked,
    nextDue: d && {
      kind: d.kind,
      label: DEADLINE_LABELS[d.kind],
      dueAt: d.dueAt,
      dueAtText: dueText(d.dueAt),
      overdue: ctx.now.toISOString() >= d.dueAt,
      provisional: d.provisional,
    },
  };
};

/** Staff see everything but the phone number in clear: that is a separate, audited request. */
export const toStaffView = (ctx: LifecycleContext, c: Complaint): StaffComplaintView => {
  const member = toMemberView(ctx, c);
  return {
    ...toQueueItem(ctx, c),
    memberId: c.memberId,
    channel: c.channel,
    category: c.category,
    description: c.description,
    policyNo: c.policyNo,
    claimNo: c.claimNo,
    attachments: c.attachments,
    contactName: c.contact?.name,
    deadlines: member.deadlines,
    decision: member.decision,
    regulatoryDays: c.clocks.regulatoryDays,
    breaches: c.breaches,
    mergedInto: c.mergedInto,
    timeline: c.timeline.map((e) => ({
      id: e.id,
      at: e.at,
      atText: formatShanghai(new Date(e.at)),
      type: e.type,
      label: STAFF_TIMELINE_LABELS[e.type],
      text: e.text,
      by: e.actor.kind,
      actorId: e.actor.kind === 'system' ? undefined : e.actor.id,
      actorName: e.actor.kind === 'staff' ? e.actor.name ?? e.actor.id : e.actor.kind === 'member' ? '会员' : '系统',
      visibility: e.visibility,
    })),
    allowed: ACTIONS.filter((a) => canDo(c, a)),
  };
};
