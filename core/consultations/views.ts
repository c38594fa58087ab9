import type { Member } from '../members/model';
import type { Actor } from '../shared/actors';
import { maskPersonalText } from '../shared/personalText';
import { dueText, formatShanghai } from '../shared/shanghaiTime';
import { dueWords, fenText, openStep } from './lifecycle';
import { CONSULTATION_STATUSES, CONSULTATION_TOPICS, MEMBER_STATUS_LABELS, STEP_LABELS, type Consultation, type ConsultationEntry } from './model';

const at = (iso: string) => formatShanghai(new Date(iso));

const fromLabel = (a: Actor, memberSide: boolean): string => {
  if (a.kind === 'member') return memberSide ? '我' : '会员';
  if (a.kind === 'system') return '系统';
  return a.role === 'advisor' ? '保险顾问' : '客服';
};

const planView = (p: Consultation['plans'][number]) => ({
  id: p.id,
  products: p.products,
  premiumMinFen: p.premiumMinFen,
  premiumMaxFen: p.premiumMaxFen,
  premiumText: `${fenText(p.premiumMinFen)} – ${fenText(p.premiumMaxFen)} / 年`,
  reasons: p.reasons,
  atText: at(p.at),
});

/** One line of the member's list. */
export const toMemberListItem = (c: Consultation) => ({
  id: c.id,
  number: c.number,
  topic: c.topic,
  topicLabel: CONSULTATION_TOPICS[c.topic],
  status: c.status,
  statusLabel: MEMBER_STATUS_LABELS[c.status],
  question: c.question.length > 60 ? `${c.question.slice(0, 60)}…` : c.question,
  receivedAtText: at(c.receivedAt),
  updatedAtText: at(c.updatedAt),
});

/** What the member sees: every step meant for them, never internal notes, hand-off context or deadline marks. */
export const toMemberView = (c: Consultation, now: Date) => {
  const step = openStep(c);
  return {
    ...toMemberListItem(c),
    question: c.question,
    policyNo: c.policyNo,
    stageLabel: c.stage === 'advisor' ? '保险顾问' : '客服',
    dueText: step ? `预计${dueWords(step.dueAt, now)}答复${step.provisional ? '（暂定）' : ''}` : undefined,
    timeline: c.timeline
      .filter((e) => e.visibility === 'member')
      .map((e) => ({
        id: e.id,
        type: e.type,
        atText: at(e.at),
        from: fromLabel(e.actor, true),
        mine: e.actor.kind === 'member',
        text: e.text,
        attachments: e.attachments ?? [],
        ...(e.type === 'rated' ? { score: Number(e.data?.score) } : {}),
      })),
    plans: c.plans.map(planView),
    enrollmentRecorded: c.enrollments.length > 0,
    rating: c.rating && { score: c.rating.score, comment: c.rating.comment },
    complaint: c.complaint && { id: c.complaint.id, number: c.complaint.number },
    canFollowUp: c.status !== 'closed' && c.status !== 'converted',
    canRate: c.status === 'answered' && !c.rating,
  };
};

export type MemberConsultationView = ReturnType<typeof toMemberView>;
export type MemberConsultationItem = ReturnType<typeof toMemberListItem>;

const memberMasked = (m: Member | undefined) => ({
  kind: m?.kind ?? ('visitor' as const),
  name: m?.name?.masked,
  phone: m?.phone?.masked,
});

/** A queue line for staff: the member masked, the due time as an instant for the countdown. */
export const toStaffQueueItem = (c: Consultation, m: Member | undefined, names: Map<string, string>, now: Date) => {
  const step = openStep(c);
  return {
    id: c.id,
    number: c.number,
    topic: c.topic,
    topicLabel: CONSULTATION_TOPICS[c.topic],
    status: c.status,
    statusLabel: CONSULTATION_STATUSES[c.status],
    stage: c.stage,
    question: maskPersonalText(c.question.length > 80 ? `${c.question.slice(0, 80)}…` : c.question).text,
    member: memberMasked(m),
    ownerName: c.owner ? (names.get(c.owner.id) ?? c.owner.id) : undefined,
    advisorName: c.advisor ? (names.get(c.advisor.id) ?? c.advisor.name ?? c.advisor.id) : undefined,
    receivedAt: c.receivedAt,
    receivedAtText: at(c.receivedAt),
    dueAt: step?.dueAt,
    dueText: step ? dueText(step.dueAt) : undefined,
    stepLabel: step ? STEP_LABELS[step.kind] : undefined,
    overdue: Boolean(step && now.toISOString() >= step.dueAt),
    warned: Boolean(step?.warnedAt),
    flagged: Boolean(c.contentFlags?.length),
  };
};

const staffEntry = (e: ConsultationEntry, names: Map<string, string>) => ({
  id: e.id,
  type: e.type,
  at: e.at,
  atText: at(e.at),
  visibility: e.visibility,
  from: e.actor.kind === 'staff' ? `${fromLabel(e.actor, false)} ${names.get(e.actor.id) ?? e.actor.name ?? e.actor.id}` : fromLabel(e.actor, false),
  memberMessage: e.actor.kind === 'member' && (e.type === 'asked' || e.type === 'followUp'),
  // Stored masked already (personalTexts.ts); masked again for texts from before sealing.
  text: e.text === undefined ? undefined : maskPersonalText(e.text).text,
  attachments: e.attachments ?? [],
  // The member's request key is plumbing, not something staff act on.
  data: e.data && Object.fromEntries(Object.entries(e.data).filter(([k]) => k !== 'request')),
});

/** The whole record for staff: steps with their due times and marks, internal entries, flags; the member masked. */
export const toStaffView = (
  c: Consultation,
  m: Member | undefined,
  names: Map<string, string>,
  now: Date,
  may: Record<string, boolean>,
) => ({
  ...toStaffQueueItem(c, m, names, now),
  question: maskPersonalText(c.question).text,
  policyNo: c.policyNo,
  memberId: c.memberId,
  attachments: c.attachments,
  steps: c.steps.map((s) => ({
    ...s,
    label: STEP_LABELS[s.kind],
    dueText: dueText(s.dueAt),
    ownerName: s.ownerId ? (names.get(s.ownerId) ?? s.ownerId) : undefined,
    overdue: !s.metAt && !s.cancelledAt && now.toISOString() >= s.dueAt,
  })),
  timeline: c.timeline.map((e) => staffEntry(e, names)),
  plans: c.plans.map((p) => ({ ...planView(p), byName: p.byName })),
  enrollments: c.enrollments.map((x) => ({ id: x.id, planId: x.planId, note: maskPersonalText(x.note).text, atText: at(x.at), byName: x.byName })),
  rating: c.rating,
  complaint: c.complaint,
  contentFlags: c.contentFlags ?? [],
  hasMaskedText: Boolean(c.sealedTexts && Object.keys(c.sealedTexts).length),
  version: c.version,
  may,
});

export type StaffConsultationView = ReturnType<typeof toStaffView>;
export type StaffConsultationItem = ReturnType<typeof toStaffQueueItem>;

// The member view is the API's published shape (typings/api.ts): a change to one that the other does not follow fails to compile.
export const memberViewMatchesApi: (c: Consultation, now: Date) => import('../../typings/api').MemberConsultationView = toMemberView;
export const memberItemMatchesApi: (c: Consultation) => import('../../typings/api').ConsultationListItem = toMemberListItem;
