import type { StaffComplaintView, StaffQueueItem } from '../../typings/api';
import { formatShanghai } from '../shared/shanghaiTime';
import { queueDueAt } from './deadlines';
import { DEADLINE_LABELS, STAFF_STATUS_LABELS, STAFF_TIMELINE_LABELS, gradeText } from './labels';
import { canDo, type LifecycleContext } from './lifecycle';
import { CASE_RULES, mayViewPersonalData, ownershipVerdict, type CaseWorker, type StaffCaseAction } from './ownership';
import { CHANNELS, GRADES, type Complaint } from './model';
import { dueText } from '../shared/shanghaiTime';
import { deadlineViews, toListItem, toMemberView } from './memberView';
import { maskName } from '../members/identityNumbers';
import type { Member } from '../members/model';

/** Every staff action on a case, from the ownership table, so a new one is shown with its rule. */
const ACTIONS = Object.keys(CASE_RULES) as StaffCaseAction[];

/**
 * Per action the status allows: may this staff member take it on this case (ownership; the role
 * check is the page's permissions), and if not, the refusal the API would give.
 */
const caseAccess = (c: Complaint, staffNames?: StaffNames, viewer?: CaseWorker) => {
  const ownerName = c.owner && staffNames?.get(c.owner.id);
  const access = ACTIONS.filter((a) => canDo(c, a)).map((a) => {
    const verdict = viewer ? ownershipVerdict(a, viewer, c, ownerName) : { may: true as const };
    return [a, verdict.may ? { may: true } : { may: false, blockedReason: verdict.error.memberMessage }] as const;
  });
  const personal = viewer ? mayViewPersonalData(viewer, c, ownerName) : { may: true as const };
  return {
    access: Object.fromEntries(access),
    mine: Boolean(viewer && c.owner?.id === viewer.id),
    /** May this staff member unmask the member's details and texts here (the page hides the links when not). */
    personalData: personal.may ? { may: true } : { may: false, blockedReason: personal.error.memberMessage },
  };
};

/**
 * Who the case is from, masked as every staff list and view shows people: the contact a phone case
 * left, else the member's name (访客 when they have not bound a policy), and a phone to call back.
 */
const sender = (c: Complaint, member?: Member) => ({
  memberName: c.contact?.name ? maskName(c.contact.name) : member?.name?.masked ?? '访客',
  phoneMasked: c.contact?.phoneMasked ?? member?.phone?.masked,
});

/** Staff display names by id, read once for a whole page of cases. */
export type StaffNames = ReadonlyMap<string, string>;

export const toQueueItem = (ctx: LifecycleContext, c: Complaint, member?: Member, staffNames?: StaffNames): StaffQueueItem => {
  const dueAt = queueDueAt(c);
  const d = dueAt ? c.deadlines.find((x) => x.dueAt === dueAt && !x.metAt) : undefined;
  return {
    ...toListItem(c),
    statusLabel: STAFF_STATUS_LABELS[c.status],
    version: c.version,
    grade: c.grade.value,
    gradeLabel: GRADES[c.grade.value],
    gradeText: gradeText(c.grade.value, c.grade.confirmed),
    gradeConfirmed: c.grade.confirmed,
    greenChannel: c.grade.greenChannel,
    channelLabel: CHANNELS[c.channel],
    ownerId: c.owner?.id,
    ownerName: c.owner ? staffNames?.get(c.owner.id) : undefined,
    ...sender(c, member),
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
const CONTENT_FIELD_LABELS: Record<string, string> = {
  description: '投诉内容',
  information: '补充说明',
  reviewReason: '复核理由',
  ratingComment: '评价留言',
  withdrawReason: '撤回理由',
};
const CONTENT_VERDICT_LABELS = { review: '疑似敏感，建议人工复核', risky: '含风险内容', unchecked: '未能完成内容安全检测' } as const;

export const toStaffView = (ctx: LifecycleContext, c: Complaint, from?: Member, staffNames?: StaffNames, viewer?: CaseWorker): StaffComplaintView => {
  const member = toMemberView(ctx, c);
  return {
    ...toQueueItem(ctx, c, from, staffNames),
    memberId: c.memberId,
    channel: c.channel,
    category: c.category,
    description: c.description,
    policyNo: c.policyNo,
    claimNo: c.claimNo,
    attachments: c.attachments,
    contactName: c.contact?.name && maskName(c.contact.name),
    // Every deadline, met ones too (with when), so a late 受理 stays on record as 已超时.
    deadlines: deadlineViews(c, ctx.now.toISOString()),
    decision: member.decision,
    regulatoryDays: c.clocks.regulatoryDays,
    breaches: c.breaches,
    mergedInto: c.mergedInto,
    contentFlags: (c.contentFlags ?? []).map((f) => ({
      field: f.field,
      fieldLabel: CONTENT_FIELD_LABELS[f.field] ?? f.field,
      verdict: f.verdict,
      verdictLabel: CONTENT_VERDICT_LABELS[f.verdict],
      checkedAtText: formatShanghai(new Date(f.checkedAt)),
    })),
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
    // Texts are stored masked (personalTexts.ts); the page offers the audited 显示原文 when an original exists.
    hasMaskedText: Object.keys(c.sealedTexts ?? {}).length > 0,
    ...caseAccess(c, staffNames, viewer),
  };
};
