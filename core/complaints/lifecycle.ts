import { calendarDaysAfter, workingTimeBetween } from '../calendar/periods';
import { callText, type CallRecord } from '../shared/callLog';
import { dueText } from '../shared/shanghaiTime';
import { DEADLINE_LABELS } from './labels';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import { complaintErrors } from './errors';
import { computeDeadlines, nextSlaCheck } from './deadlines';
import { memberEvent, staffEvent, type ComplaintEvent } from './events';
import { gradeComplaint } from './grading';
import {
  GRADES,
  OPEN_STATUSES,
  type Channel,
  type Complaint,
  type ComplaintCategory,
  type ComplaintStatus,
  type DecisionNotice,
  type Grade,
  type GradingFactors,
  type TimelineEntry,
} from './model';
import type { ComplaintPolicy } from './policy';
import { ROLE_RANK, type Actor, type StaffRole } from '../shared/actors';

/** Everything a transition needs besides the record: injected, so every rule is testable with fixed time. */
export interface LifecycleContext {
  now: Date;
  calendar: WorkingCalendar;
  policy: ComplaintPolicy;
  newId(): string;
}

export interface Change {
  complaint: Complaint;
  events: ComplaintEvent[];
}

type StaffActor = Extract<Actor, { kind: 'staff' }>;
type MemberActor = Extract<Actor, { kind: 'member' }>;

const WORKING: ComplaintStatus[] = ['submitted', 'acknowledged', 'inProgress', 'waitingForMember', 'reopened', 'underReview'];

/** The state machine: which statuses each action may start from. Anything else is an illegal transition. */
const ALLOWED_FROM = {
  acknowledge: ['submitted'],
  assign: OPEN_STATUSES,
  escalate: OPEN_STATUSES,
  takeOver: OPEN_STATUSES,
  confirmGrade: OPEN_STATUSES,
  reply: WORKING,
  internalNote: [...OPEN_STATUSES, 'resolved', 'closed', 'withdrawn'],
  requestInformation: ['submitted', 'acknowledged', 'inProgress', 'reopened', 'underReview'],
  memberAddsInformation: [...OPEN_STATUSES, 'resolved'],
  extendRegulatory: WORKING,
  restartRegulatory: WORKING,
  appraisal: WORKING,
  resolve: WORKING,
  rate: ['resolved'],
  requestReview: ['resolved'],
  startReview: ['reviewRequested'],
  close: ['resolved'],
  withdraw: OPEN_STATUSES,
} satisfies Record<string, readonly ComplaintStatus[]>;
export type ComplaintAction = keyof typeof ALLOWED_FROM;

export const canDo = (c: Complaint, action: ComplaintAction): boolean =>
  (ALLOWED_FROM[action] as readonly ComplaintStatus[]).includes(c.status);

const guard = (c: Complaint, action: ComplaintAction) => {
  if (!canDo(c, action)) throw complaintErrors.illegalTransition(action, c.status);
};

const iso = (d: Date) => d.toISOString();

const entry = (
  ctx: LifecycleContext,
  type: TimelineEntry['type'],
  actor: Actor,
  visibility: TimelineEntry['visibility'],
  text?: string,
  data?: Record<string, unknown>,
): TimelineEntry => ({ id: ctx.newId(), at: iso(ctx.now), type, actor, visibility, text, data });

/** Recompute the derived fields every transition must leave right: deadlines and the monitor's next check. */
export const refresh = (ctx: LifecycleContext, c: Complaint): Complaint => {
  const withDeadlines = { ...c, deadlines: computeDeadlines(c, ctx.calendar, ctx.policy, ctx.now) };
  const check = nextSlaCheck(withDeadlines, ctx.policy);
  const closeCheck = c.status === 'resolved' ? reviewWindowEnd(ctx, c) : undefined;
  const next = [check, closeCheck].filter((x): x is string => Boolean(x)).sort()[0];
  return { ...withDeadlines, slaNextCheckAt: next, updatedAt: iso(ctx.now) };
};

const change = (ctx: LifecycleContext, c: Complaint, events: ComplaintEvent[] = []): Change => ({
  complaint: refresh(ctx, c),
  events,
});

/** Ends a wait for the member: the company clocks resume, later by the time spent waiting. */
const endPause = (ctx: LifecycleContext, c: Complaint): Complaint => {
  if (!c.clocks.pausedAt) return c;
  const from = new Date(c.clocks.pausedAt);
  return {
    ...c,
    clocks: {
      ...c.clocks,
      pausedAt: undefined,
      pausedClockMs: c.clocks.pausedClockMs + (ctx.now.getTime() - from.getTime()),
      pausedWorkingMs: c.clocks.pausedWorkingMs + workingTimeBetween(ctx.calendar, from, ctx.now),
    },
  };
};

/** 30 days after the decision: the window to ask for a review, or to reopen by writing again. */
export const reviewWindowEnd = (ctx: LifecycleContext, c: Complaint): string | undefined =>
  c.decision
    ? iso(calendarDaysAfter(ctx.calendar, new Date(c.decision.decidedAt), ctx.policy.reviewWindowDays).dueAt)
    : undefined;

export interface NewComplaintInput {
  id: string;
  number: string;
  memberId: string;
  channel: Channel;
  receivedAt: Date;
  category: ComplaintCategory;
  description: string;
  policyNo?: string;
  claimNo?: string;
  attachments: string[];
  factors: GradingFactors;
  recordedBy?: StaffActor;
}

export const openComplaint = (ctx: LifecycleContext, input: NewComplaintInput): Change => {
  if (input.receivedAt > ctx.now) throw complaintErrors.receivedInFuture();
  const graded = gradeComplaint(ctx.policy, input.category, input.factors);
  const received = iso(input.receivedAt);
  const actor: Actor = input.recordedBy ?? { kind: 'member', id: input.memberId };
  const c: Complaint = {
    id: input.id,
    number: input.number,
    memberId: input.memberId,
    channel: input.channel,
    category: input.category,
    description: input.description,
    policyNo: input.policyNo,
    claimNo: input.claimNo,
    attachments: input.attachments,
    factors: input.factors,
    grade: { value: graded.grade, confirmed: false, greenChannel: graded.greenChannel },
    status: 'submitted',
    receivedAt: received,
    clocks: {
      regulatoryStartAt: received,
      regulatoryDays: ctx.policy.regulatory.decisionDays,
      extensions: [],
      appraisals: [],
      companyStartAt: received,
      pausedClockMs: 0,
      pausedWorkingMs: 0,
    },
    deadlines: [],
    breaches: [],
    warnings: [],
    resolutionCount: 0,
    ratings: [],
    timeline: [
      entry(ctx, 'submitted', actor, 'member', undefined, { channel: input.channel }),
      entry(ctx, 'graded', { kind: 'system' }, 'internal', `系统初评：${GRADES[graded.grade]}${graded.greenChannel ? '，进入绿色通道' : ''}`, {
        grade: graded.grade,
        greenChannel: graded.greenChannel,
        reasons: graded.reasons,
      }),
    ],
    version: 1,
    createdAt: iso(ctx.now),
    updatedAt: iso(ctx.now),
  };
  const events = [memberEvent(c, 'received', iso(ctx.now), '我们已收到您的投诉')];
  if (graded.greenChannel) events.push(staffEvent(c, 'greenChannelAlert', iso(ctx.now), `绿色通道：${graded.reasons.join('；')}`));
  return change(ctx, c, events);
};

export const acknowledge = (ctx: LifecycleContext, c: Complaint, by: StaffActor): Change => {
  guard(c, 'acknowledge');
  const next: Complaint = {
    ...c,
    status: 'acknowledged',
    acknowledgedAt: iso(ctx.now),
    owner: c.owner ?? { id: by.id, role: by.role },
    timeline: [...c.timeline, entry(ctx, 'acknowledged', by, 'member', '您的投诉已受理，我们将尽快处理')],
  };
  return change(ctx, next, [memberEvent(next, 'acknowledged', iso(ctx.now), '投诉已受理')]);
};

export const assign = (ctx: LifecycleContext, c: Complaint, by: StaffActor, to: { id: string; role: StaffRole }): Change => {
  guard(c, 'assign');
  const next: Complaint = {
    ...c,
    owner: to,
    timeline: [...c.timeline, entry(ctx, 'assigned', by, 'internal', undefined, { from: c.owner?.id, to: to.id })],
  };
  return change(ctx, next);
};

/**
 * 接手: the staff member makes the case theirs, with the reason on record. Who may (a case nobody
 * holds, or one held by someone junior) is core/complaints/ownership.ts, checked before this.
 */
export const takeOver = (ctx: LifecycleContext, c: Complaint, by: StaffActor, reason: string): Change => {
  guard(c, 'takeOver');
  const next: Complaint = {
    ...c,
    owner: { id: by.id, role: by.role },
    timeline: [...c.timeline, entry(ctx, 'takenOver', by, 'internal', reason, { from: c.owner?.id, to: by.id })],
  };
  return change(ctx, next);
};

export const confirmGrade = (
  ctx: LifecycleContext,
  c: Complaint,
  by: StaffActor,
  grade: Grade,
  urgent: boolean,
  reason: string,
): Change => {
  guard(c, 'confirmGrade');
  const greenChannel = grade === 'major' || urgent;
  const next: Complaint = {
    ...c,
    grade: { value: grade, confirmed: true, greenChannel },
    factors: { ...c.factors, urgent },
    timeline: [...c.timeline, entry(ctx, 'graded', by, 'internal', reason, { grade, greenChannel, confirmed: true })],
  };
  const events =
    greenChannel && !c.grade.greenChannel ? [staffEvent(next, 'greenChannelAlert', iso(ctx.now), `转入绿色通道：${reason}`)] : [];
  return change(ctx, next, events);
};

/** A staff reply the member sees. Replying to a new case acknowledges it. */
export const reply = (ctx: LifecycleContext, c: Complaint, by: StaffActor, text: string): Change => {
  guard(c, 'reply');
  const status: ComplaintStatus = ['submitted', 'acknowledged', 'reopened'].includes(c.status) ? 'inProgress' : c.status;
  const next: Complaint = {
    ...c,
    status,
    acknowledgedAt: c.acknowledgedAt ?? iso(ctx.now),
    owner: c.owner ?? { id: by.id, role: by.role },
    timeline: [...c.timeline, entry(ctx, 'reply', by, 'member', text)],
  };
  return change(ctx, next, [memberEvent(next, 'replied', iso(ctx.now), '客服回复了您的投诉')]);
};

/** A call with the member, logged by staff (core/shared/callLog.ts): internal, under the same rules as a note. */
export const logCall = (ctx: LifecycleContext, c: Complaint, by: StaffActor, call: CallRecord): Change => {
  guard(c, 'internalNote');
  return change(ctx, { ...c, timeline: [...c.timeline, entry(ctx, 'callLogged', by, 'internal', callText(call), { call })] });
};

export const addInternalNote = (ctx: LifecycleContext, c: Complaint, by: StaffActor, text: string): Change => {
  guard(c, 'internalNote');
  return change(ctx, { ...c, timeline: [...c.timeline, entry(ctx, 'internalNote', by, 'internal', text)] });
};

/** Asking the member for information puts the case into waiting-for-member: the company clocks pause. */
export const requestInformation = (ctx: LifecycleContext, c: Complaint, by: StaffActor, text: string): Change => {
  guard(c, 'requestInformation');
  const next: Complaint = {
    ...c,
    status: 'waitingForMember',
    acknowledgedAt: c.acknowledgedAt ?? iso(ctx.now),
    owner: c.owner ?? { id: by.id, role: by.role },
    clocks: { ...c.clocks, pausedAt: c.clocks.pausedAt ?? iso(ctx.now), pausedFrom: c.status === 'underReview' ? 'underReview' : 'inProgress' },
    timeline: [...c.timeline, entry(ctx, 'informationRequested', by, 'member', text)],
  };
  return change(ctx, next, [memberEvent(next, 'informationRequested', iso(ctx.now), '请补充投诉材料')]);
};

/**
 * Any member action, from any channel (the mini-program, or staff recording a call or letter):
 * restarts paused clocks; on a resolved case inside the review window it reopens the case.
 */
export const memberAddsInformation = (
  ctx: LifecycleContext,
  c: Complaint,
  by: MemberActor | StaffActor,
  text: string,
  attachments: string[] = [],
): Change => {
  if (c.status === 'closed' || c.status === 'withdrawn') throw complaintErrors.closedForMessages();
  guard(c, 'memberAddsInformation');
  const added = entry(ctx, 'memberAddedInformation', by, 'member', text, attachments.length ? { attachments } : undefined);
  const withAttachments = [...c.attachments, ...attachments];
  if (c.status === 'resolved') {
    const windowEnd = reviewWindowEnd(ctx, c);
    if (windowEnd && iso(ctx.now) >= windowEnd) throw complaintErrors.closedForMessages();
    const next: Complaint = {
      ...c,
      status: 'reopened',
      attachments: withAttachments,
      clocks: { ...c.clocks, companyStartAt: iso(ctx.now), pausedClockMs: 0, pausedWorkingMs: 0 },
      timeline: [...c.timeline, added, entry(ctx, 'reopened', { kind: 'system' }, 'member', '您的新留言已使投诉重新进入处理')],
    };
    return change(ctx, next, [memberEvent(next, 'reopened', iso(ctx.now), '投诉已重新处理')]);
  }
  const resumed = endPause(ctx, c);
  const status: ComplaintStatus = c.status === 'waitingForMember' ? c.clocks.pausedFrom ?? 'inProgress' : c.status;
  const next: Complaint = {
    ...resumed,
    status,
    attachments: withAttachments,
    clocks: { ...resumed.clocks, pausedFrom: undefined },
    timeline: [...c.timeline, added],
  };
  return change(ctx, next);
};

export interface ExtensionRequest {
  toDays: 30 | 60;
  reason: string;
  /** Required for 60 days: a head-office approver (not any supervisor), per our clarification. */
  approvedBy?: StaffActor;
}

/**
 * 银行业保险业消费投诉处理管理办法: 15 days, 30 for a complex case, a further 30 (60 at most) only with
 * head-office approval and a notice to the complainant.
 */
export const extendRegulatory = (ctx: LifecycleContext, c: Complaint, by: StaffActor, req: ExtensionRequest): Change => {
  guard(c, 'extendRegulatory');
  if (!req.reason.trim()) throw complaintErrors.extensionNotAllowed('reason required');
  if (req.toDays <= c.clocks.regulatoryDays) throw complaintErrors.extensionNotAllowed(`already at ${c.clocks.regulatoryDays} days`);
  if (req.toDays === 30 && ROLE_RANK[by.role] < ROLE_RANK.supervisor)
    throw complaintErrors.extensionNotAllowed('complex-case extension needs a supervisor');
  if (req.toDays === 60) {
    if (c.clocks.regulatoryDays !== 30) throw complaintErrors.extensionNotAllowed('the 60-day limit follows the 30-day one');
    if (!req.approvedBy || req.approvedBy.role !== 'headOffice')
      throw complaintErrors.extensionNotAllowed('the second extension needs head-office approval');
  }
  const next: Complaint = {
    ...c,
    clocks: {
      ...c.clocks,
      regulatoryDays: req.toDays,
      extensions: [...c.clocks.extensions, { toDays: req.toDays, reason: req.reason, at: iso(ctx.now), byId: by.id, approvedById: req.approvedBy?.id }],
    },
    timeline: [
      ...c.timeline,
      entry(ctx, 'regulatoryExtended', by, 'member', `处理期限延长至${req.toDays}日：${req.reason}`, { toDays: req.toDays }),
    ],
  };
  return change(ctx, next, [memberEvent(next, 'regulatoryExtended', iso(ctx.now), `处理期限延长至${req.toDays}日`)]);
};

/** New facts from the member restart the regulatory period from the day the material arrived (staff decide). */
export const restartRegulatory = (
  ctx: LifecycleContext,
  c: Complaint,
  by: StaffActor,
  newMaterialAt: Date,
  reason: string,
): Change => {
  guard(c, 'restartRegulatory');
  if (newMaterialAt > ctx.now) throw complaintErrors.receivedInFuture();
  const next: Complaint = {
    ...c,
    clocks: { ...c.clocks, regulatoryStartAt: iso(newMaterialAt), regulatoryDays: ctx.policy.regulatory.decisionDays },
    timeline: [...c.timeline, entry(ctx, 'regulatoryRestarted', by, 'member', `收到新的事实材料，处理期限重新计算：${reason}`)],
  };
  return change(ctx, next);
};

/** Outside appraisal, testing or assessment does not count toward the limit, and the member is told. */
export const startAppraisal = (ctx: LifecycleContext, c: Complaint, by: StaffActor, reason: string): Change => {
  guard(c, 'appraisal');
  if (c.clocks.appraisals.some((a) => !a.endedAt)) throw complaintErrors.appraisalState('an appraisal is already running');
  const next: Complaint = {
    ...c,
    clocks: { ...c.clocks, appraisals: [...c.clocks.appraisals, { startedAt: iso(ctx.now), reason }] },
    timeline: [...c.timeline, entry(ctx, 'appraisalStarted', by, 'member', `进入外部鉴定/评估，期间不计入处理期限：${reason}`)],
  };
  return change(ctx, next, [memberEvent(next, 'appraisalStarted', iso(ctx.now), '投诉进入外部鉴定')]);
};

export const endAppraisal = (ctx: LifecycleContext, c: Complaint, by: StaffActor): Change => {
  guard(c, 'appraisal');
  if (!c.clocks.appraisals.some((a) => !a.endedAt)) throw complaintErrors.appraisalState('no appraisal is running');
  const next: Complaint = {
    ...c,
    clocks: { ...c.clocks, appraisals: c.clocks.appraisals.map((a) => (a.endedAt ? a : { ...a, endedAt: iso(ctx.now) })) },
    timeline: [...c.timeline, entry(ctx, 'appraisalEnded', by, 'member', '外部鉴定已结束，恢复计算处理期限')],
  };
  return change(ctx, next);
};

/** Resolved = the decision notice is sent: findings, basis and the member's remedies. */
export const resolve = (
  ctx: LifecycleContext,
  c: Complaint,
  by: StaffActor,
  notice: Omit<DecisionNotice, 'decidedAt' | 'decidedById'>,
): Change => {
  guard(c, 'resolve');
  const resumed = endPause(ctx, c);
  const decision: DecisionNotice = { ...notice, decidedAt: iso(ctx.now), decidedById: by.id };
  const next: Complaint = {
    ...resumed,
    status: 'resolved',
    acknowledgedAt: c.acknowledgedAt ?? iso(ctx.now),
    resolvedAt: iso(ctx.now),
    firstDecisionAt: c.firstDecisionAt ?? iso(ctx.now),
    decision,
    resolutionCount: c.resolutionCount + 1,
    owner: c.owner ?? { id: by.id, role: by.role },
    clocks: { ...resumed.clocks, pausedFrom: undefined },
    timeline: [...c.timeline, entry(ctx, 'resolved', by, 'member', notice.findings, { basis: notice.basis, remedies: notice.remedies })],
  };
  return change(ctx, next, [memberEvent(next, 'resolved', iso(ctx.now), '投诉处理结果已出，请评价')]);
};

/** Asked once per resolution, inside the mini-program; a satisfied member ends the follow-up (the case closes when the review window does). */
export const rate = (
  ctx: LifecycleContext,
  c: Complaint,
  by: MemberActor,
  rating: { score: number; comment?: string },
): Change => {
  guard(c, 'rate');
  if (c.ratings.some((r) => r.forResolution === c.resolutionCount)) throw complaintErrors.alreadyRated();
  const satisfied = rating.score >= 4;
  const ratings = [...c.ratings, { satisfied, score: rating.score, comment: rating.comment, at: iso(ctx.now), forResolution: c.resolutionCount }];
  const rated = entry(ctx, 'rated', by, 'member', rating.comment, { score: rating.score, satisfied });
  // A satisfied rating records satisfaction and ends the follow-up (no reminder), but the case stays
  // resolved: the member may still ask for a review until the 30-day window ends, when the timer
  // closes it (sla.ts evaluateSla). CLARIFICATIONS, Complaints.
  return change(ctx, { ...c, ratings, timeline: [...c.timeline, rated] });
};

/** 再次投诉 / 核查: within 30 days of the decision, once, handled by someone other than the first handler. */
export const requestReview = (ctx: LifecycleContext, c: Complaint, by: MemberActor, reason: string): Change => {
  guard(c, 'requestReview');
  if (c.review) throw complaintErrors.reviewAlreadyUsed();
  const windowEnd = reviewWindowEnd(ctx, c);
  if (windowEnd && iso(ctx.now) >= windowEnd) throw complaintErrors.reviewWindowClosed();
  const next: Complaint = {
    ...c,
    status: 'reviewRequested',
    review: { requestedAt: iso(ctx.now), reason, firstHandlerId: c.owner?.id },
    timeline: [...c.timeline, entry(ctx, 'reviewRequested', by, 'member', reason)],
  };
  return change(ctx, next, [
    staffEvent(next, 'reviewRequested', iso(ctx.now), '会员申请核查，请指派原处理人以外的上级人员'),
  ]);
};

export const startReview = (ctx: LifecycleContext, c: Complaint, reviewer: StaffActor): Change => {
  guard(c, 'startReview');
  const firstHandlerRole = c.owner?.role ?? 'agent';
  if (reviewer.id === c.review?.firstHandlerId || ROLE_RANK[reviewer.role] <= ROLE_RANK[firstHandlerRole])
    throw complaintErrors.reviewerNotEligible();
  const next: Complaint = {
    ...c,
    status: 'underReview',
    owner: { id: reviewer.id, role: reviewer.role },
    review: { ...c.review!, reviewerId: reviewer.id },
    timeline: [...c.timeline, entry(ctx, 'reviewStarted', reviewer, 'member', '您的核查申请已由上级人员受理')],
  };
  return change(ctx, next, [memberEvent(next, 'reviewStarted', iso(ctx.now), '核查申请已受理')]);
};

/** Closed: the member was satisfied, or the 30-day window passed (staff or the monitor). */
export const close = (ctx: LifecycleContext, c: Complaint, by: StaffActor | { kind: 'system' }, reason: string): Change => {
  guard(c, 'close');
  const next: Complaint = {
    ...c,
    status: 'closed',
    closedAt: iso(ctx.now),
    timeline: [...c.timeline, entry(ctx, 'closed', by, 'member', reason)],
  };
  return change(ctx, next, [memberEvent(next, 'closed', iso(ctx.now), '投诉已办结')]);
};

/** A withdrawal ends the procedure on the day it is received. */
export const withdraw = (ctx: LifecycleContext, c: Complaint, by: MemberActor | StaffActor, reason: string): Change => {
  guard(c, 'withdraw');
  const resumed = endPause(ctx, c);
  const next: Complaint = {
    ...resumed,
    status: 'withdrawn',
    closedAt: iso(ctx.now),
    clocks: { ...resumed.clocks, pausedFrom: undefined },
    timeline: [...c.timeline, entry(ctx, 'withdrawn', by, 'member', reason)],
  };
  return change(ctx, next, [memberEvent(next, 'withdrawn', iso(ctx.now), '投诉已撤回')]);
};

export const assertMemberOwns = (c: Complaint, memberId: string) => {
  if (c.memberId !== memberId) throw complaintErrors.notFound(c.id);
};

/** Escalation by hand or by the monitor: the case moves to a supervisor, with the reason on record. */
export const escalate = (
  ctx: LifecycleContext,
  c: Complaint,
  by: StaffActor | { kind: 'system' },
  to: { id: string; role: StaffRole },
  reason: string,
): Change => {
  guard(c, 'escalate');
  const next: Complaint = {
    ...c,
    owner: to,
    timeline: [...c.timeline, entry(ctx, 'assigned', by, 'internal', `升级处理：${reason}`, { from: c.owner?.id, to: to.id, escalated: true })],
  };
  return change(ctx, next, [staffEvent(next, 'escalated', iso(ctx.now), `升级至主管：${reason}`, { ownerId: to.id })]);
};

/** 重复投诉合并: the duplicate ends, pointing at the complaint that carries on. */
export const mergeInto = (ctx: LifecycleContext, duplicate: Complaint, primary: Complaint, by: StaffActor): Change => {
  guard(duplicate, 'withdraw');
  if (duplicate.id === primary.id || duplicate.memberId !== primary.memberId)
    throw complaintErrors.illegalTransition('merge', duplicate.status);
  const resumed = endPause(ctx, duplicate);
  const next: Complaint = {
    ...resumed,
    status: 'closed',
    closedAt: iso(ctx.now),
    mergedInto: primary.id,
    clocks: { ...resumed.clocks, pausedFrom: undefined },
    timeline: [...duplicate.timeline, entry(ctx, 'closed', by, 'member', `与投诉 ${primary.number} 内容相同，已合并处理`)],
  };
  return change(ctx, next, [memberEvent(next, 'closed', iso(ctx.now), `已并入投诉 ${primary.number}`)]);
};

/**
 * The calendar changed under the case (a year's holiday notice was imported): its deadlines are
 * computed again. A date the member was shown that moved is told to them in the timeline and the
 * message centre; a date that only lost its 暂定 mark is updated quietly. Null when nothing changed.
 */
export const recalculateDeadlines = (ctx: LifecycleContext, c: Complaint, because: string): Change | null => {
  const next = refresh(ctx, c);
  const before = new Map(c.deadlines.map((d) => [d.kind, d]));
  const moved = next.deadlines.filter((d) => !d.metAt && before.get(d.kind) && before.get(d.kind)!.dueAt !== d.dueAt);
  const same = next.deadlines.length === c.deadlines.length && next.deadlines.every((d) => {
    const b = before.get(d.kind);
    return b && b.dueAt === d.dueAt && b.provisional === d.provisional;
  });
  if (same && next.slaNextCheckAt === c.slaNextCheckAt) return null;
  if (!moved.length) return { complaint: next, events: [] };
  const text = `${because}，${moved.map((d) => `${DEADLINE_LABELS[d.kind]}调整为${dueText(d.dueAt)}前`).join('；')}`;
  const told: Complaint = {
    ...next,
    timeline: [...next.timeline, entry(ctx, 'deadlinesRecalculated', { kind: 'system' }, 'member', text, { moved: moved.map((d) => ({ kind: d.kind, from: before.get(d.kind)!.dueAt, to: d.dueAt })) })],
  };
  return { complaint: told, events: [memberEvent(told, 'deadlinesChanged', iso(ctx.now), `${moved.map((d) => DEADLINE_LABELS[d.kind]).join('、')}已调整`)] };
};
