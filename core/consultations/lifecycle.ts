/**
 * The consultation's transitions, pure: each takes the record and returns the next one with the
 * events it owes. Response targets are steps with due times on the working calendar; exactly one
 * step is open while a reply is owed, and the record carries its due time for the queue and the timer.
 */
import { callText, type CallRecord } from '../shared/callLog';
import { workingDaysAfter } from '../calendar/periods';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import type { NotificationEvent } from '../notifications/events';
import { ROLE_RANK, type Actor, type StaffRole } from '../shared/actors';
import { dueText, localDateOf } from '../shared/shanghaiTime';
import { consultationErrors } from './errors';
import { consultationEvent } from './events';
import {
  STEP_LABELS,
  type Consultation,
  type ConsultationEntry,
  type ConsultationStatus,
  type ConsultationStep,
  type ConsultationTopic,
  type EntryType,
  type ProposedPlan,
  type StepKind,
} from './model';
import type { ConsultationPolicy } from './policy';

export interface ConsultationContext {
  now: Date;
  calendar: WorkingCalendar;
  policy: ConsultationPolicy;
  newId(): string;
}

export interface Change {
  consultation: Consultation;
  events: NotificationEvent[];
}

export type StaffActor = { kind: 'staff'; id: string; role: StaffRole; name?: string };

const iso = (d: Date) => d.toISOString();

const entry = (
  ctx: ConsultationContext,
  type: EntryType,
  actor: Actor,
  visibility: ConsultationEntry['visibility'],
  text?: string,
  extra: { attachments?: string[]; data?: Record<string, unknown> } = {},
): ConsultationEntry => ({
  id: ctx.newId(),
  at: iso(ctx.now),
  type,
  actor,
  visibility,
  ...(text !== undefined ? { text } : {}),
  ...(extra.attachments?.length ? { attachments: extra.attachments } : {}),
  ...(extra.data ? { data: extra.data } : {}),
});

export const openStep = (c: Consultation): ConsultationStep | undefined => c.steps.find((s) => !s.metAt && !s.cancelledAt);

/** A member write's idempotency key (member-scoped) and the hash of what it carried, kept on the entry it made. */
export interface MemberRequest {
  key: string;
  hash: string;
}

/** The entry an earlier member write with this key made, if any. */
export const entryOfRequest = (c: Consultation, key: string) =>
  c.timeline.find((e) => (e.data?.request as MemberRequest | undefined)?.key === key);

/**
 * The member's words for when a reply is due, said once: 11月26日24时前 (the end of a day), else
 * 11月26日 14:00前; the year only when it is not the year of `now` (as miniprogram/utils/dates.ts).
 */
export const dueWords = (isoAt: string, now: Date): string => {
  const [date, time] = dueText(isoAt).split(' ');
  const [y, m, d] = date.split('-').map(Number);
  const year = y === Number(localDateOf(now).slice(0, 4)) ? '' : `${y}年`;
  return `${year}${m}月${d}日${time === '24:00' ? '24时前' : ` ${time}前`}`;
};

/** Derived fields every transition leaves right: the queue's due time and the timer's next look. */
export const refresh = (policy: ConsultationPolicy, c: Consultation): Consultation => {
  const step = openStep(c);
  const { dueAt: _d, slaNextCheckAt: _s, ...rest } = c;
  if (!step) return rest;
  const warnAt = new Date(Date.parse(step.dueAt) - policy.warnBeforeMs).toISOString();
  const next = !step.warnedAt && !step.breachedAt ? warnAt : !step.breachedAt ? step.dueAt : undefined;
  return { ...rest, dueAt: step.dueAt, ...(next ? { slaNextCheckAt: next } : {}) };
};

const workingDaysFor = (policy: ConsultationPolicy, kind: StepKind) =>
  kind === 'firstReply' ? policy.firstReplyWorkingDays : kind === 'reply' ? policy.replyWorkingDays : policy.advisorReplyWorkingDays;

const newStep = (ctx: ConsultationContext, kind: StepKind, ownerId?: string): ConsultationStep => {
  const due = workingDaysAfter(ctx.calendar, ctx.now, workingDaysFor(ctx.policy, kind));
  return {
    id: ctx.newId(),
    kind,
    stage: kind === 'advisorReply' ? 'advisor' : 'customerService',
    startedAt: iso(ctx.now),
    dueAt: iso(due.dueAt),
    provisional: due.provisional,
    ...(ownerId ? { ownerId } : {}),
  };
};

/** Ends the open step: met by a reply, or cancelled (a hand-off to another advisor, a conversion). */
const endOpenStep = (ctx: ConsultationContext, c: Consultation, how: 'met' | 'cancelled'): ConsultationStep[] =>
  c.steps.map((s) => (s.metAt || s.cancelledAt ? s : { ...s, [how === 'met' ? 'metAt' : 'cancelledAt']: iso(ctx.now) }));

const done = (ctx: ConsultationContext, c: Consultation, events: NotificationEvent[]): Change => ({
  consultation: refresh(ctx.policy, { ...c, updatedAt: iso(ctx.now) }),
  events,
});

const FINISHED: readonly ConsultationStatus[] = ['closed', 'converted'];

const guardStaff = (c: Consultation, action: string, allowed: readonly ConsultationStatus[]) => {
  if (!allowed.includes(c.status)) throw consultationErrors.notAllowed(c.status, action);
};

export interface NewConsultation {
  id: string;
  number: string;
  memberId: string;
  topic: ConsultationTopic;
  question: string;
  policyNo?: string;
  attachments: string[];
}

export const openConsultation = (ctx: ConsultationContext, input: NewConsultation): Change => {
  const at = iso(ctx.now);
  const step = newStep(ctx, 'firstReply');
  const c: Consultation = {
    id: input.id,
    number: input.number,
    memberId: input.memberId,
    topic: input.topic,
    question: input.question,
    ...(input.policyNo ? { policyNo: input.policyNo } : {}),
    attachments: input.attachments,
    status: 'awaitingReply',
    stage: 'customerService',
    steps: [step],
    plans: [],
    enrollments: [],
    timeline: [entry(ctx, 'asked', { kind: 'member', id: input.memberId }, 'member', input.question, { attachments: input.attachments, data: { topic: input.topic } })],
    receivedAt: at,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  return done(ctx, c, []);
};

/**
 * The open step's due time counted again on today's calendar (a holiday notice was imported): the same
 * working days from when the step started. A warning already given is forgotten when the due time moved
 * later than its warning window. Null when nothing changes.
 */
export const recomputeDue = (ctx: ConsultationContext, c: Consultation): Change | null => {
  const step = openStep(c);
  if (!step) return null;
  const due = workingDaysAfter(ctx.calendar, new Date(step.startedAt), workingDaysFor(ctx.policy, step.kind));
  const dueAt = iso(due.dueAt);
  if (dueAt === step.dueAt && due.provisional === step.provisional) return null;
  const rewarn = step.warnedAt && !step.breachedAt && iso(ctx.now) < new Date(Date.parse(dueAt) - ctx.policy.warnBeforeMs).toISOString();
  const steps = c.steps.map((s) => {
    if (s.id !== step.id) return s;
    const { warnedAt: _w, ...rest } = s;
    return { ...(rewarn ? rest : s), dueAt, provisional: due.provisional };
  });
  return done(ctx, { ...c, steps }, []);
};

/** Customer service answers (a first reply, or one to a follow-up). The replier becomes the owner if nobody held it. */
/** A call with the member, logged by customer service or the advisor (core/shared/callLog.ts); internal. */
export const logCall = (ctx: ConsultationContext, c: Consultation, by: StaffActor, call: CallRecord): Change =>
  done(ctx, { ...c, timeline: [...c.timeline, entry(ctx, 'callLogged', by, 'internal', callText(call), { data: { call } })] }, []);

export const reply = (ctx: ConsultationContext, c: Consultation, by: StaffActor, text: string): Change => {
  guardStaff(c, 'reply', ['awaitingReply', 'answered']);
  if (c.stage === 'advisor') throw consultationErrors.notAllowed('withAdvisor', 'reply');
  const next: Consultation = {
    ...c,
    status: 'answered',
    owner: c.owner ?? { id: by.id, role: by.role },
    steps: endOpenStep(ctx, c, 'met'),
    timeline: [...c.timeline, entry(ctx, 'reply', by, 'member', text)],
  };
  return done(ctx, next, [consultationEvent(next, 'answered', 'member', iso(ctx.now), '客服已答复您的咨询')]);
};

/** 转交顾问: customer service hands the question, with context for the advisor, to an advisor whose own target starts now. */
export const handToAdvisor = (
  ctx: ConsultationContext,
  c: Consultation,
  by: StaffActor,
  advisor: { id: string; name?: string },
  context: string,
): Change => {
  guardStaff(c, 'handToAdvisor', ['awaitingReply', 'answered', 'withAdvisor']);
  if (c.advisor?.id === advisor.id && c.status === 'withAdvisor') throw consultationErrors.notAllowed(c.status, 'handToAdvisor');
  // A reassignment cancels the previous advisor's step; a first hand-off answers customer service's.
  const steps = endOpenStep(ctx, c, c.stage === 'advisor' ? 'cancelled' : 'met');
  const step = newStep(ctx, 'advisorReply', advisor.id);
  const next: Consultation = {
    ...c,
    status: 'withAdvisor',
    stage: 'advisor',
    owner: c.owner ?? { id: by.id, role: by.role },
    advisor: { id: advisor.id, ...(advisor.name ? { name: advisor.name } : {}), handedAt: iso(ctx.now), handedById: by.id },
    steps: [...steps, step],
    timeline: [
      ...c.timeline,
      entry(ctx, 'handedToAdvisor', by, 'member', `您的咨询已转交专业保险顾问，顾问将在${dueWords(step.dueAt, ctx.now)}答复`, { data: { advisorId: advisor.id } }),
      entry(ctx, 'handoffContext', by, 'internal', context, { data: { advisorId: advisor.id } }),
    ],
  };
  return done(ctx, next, [
    consultationEvent(next, 'handedToAdvisor', 'member', iso(ctx.now), '您的咨询已转交专业保险顾问'),
    consultationEvent(next, 'assignedToAdvisor', 'staff', iso(ctx.now), `转交给您的咨询：${context.slice(0, 40)}`, { ownerId: advisor.id }),
  ]);
};

const guardAdvisor = (c: Consultation, by: StaffActor, action: string) => {
  if (FINISHED.includes(c.status)) throw consultationErrors.notAllowed(c.status, action);
  if (c.stage !== 'advisor' || !c.advisor) throw consultationErrors.notHandedToAdvisor();
  if (c.advisor.id !== by.id) throw consultationErrors.notYourConsultation();
};

export const advisorReply = (ctx: ConsultationContext, c: Consultation, by: StaffActor, text: string): Change => {
  guardAdvisor(c, by, 'advisorReply');
  const next: Consultation = {
    ...c,
    status: 'answered',
    steps: endOpenStep(ctx, c, 'met'),
    timeline: [...c.timeline, entry(ctx, 'advisorReply', by, 'member', text)],
  };
  return done(ctx, next, [consultationEvent(next, 'answered', 'member', iso(ctx.now), '保险顾问已答复您的咨询')]);
};

export const fenText = (fen: number) => {
  const yuan = fen / 100;
  return `${Number.isInteger(yuan) ? yuan : yuan.toFixed(2)}元`;
};

/** 保险方案: the advisor's proposal; it answers the open step like a reply. */
export const proposePlan = (
  ctx: ConsultationContext,
  c: Consultation,
  by: StaffActor,
  plan: { products: { name: string; code?: string }[]; premiumMinFen: number; premiumMaxFen: number; reasons: string[] },
): Change => {
  guardAdvisor(c, by, 'proposePlan');
  if (plan.premiumMinFen > plan.premiumMaxFen) throw consultationErrors.premiumRange();
  const p: ProposedPlan = { id: ctx.newId(), ...plan, at: iso(ctx.now), byId: by.id, ...(by.name ? { byName: by.name } : {}) };
  const summary = `${plan.products.map((x) => x.name).join('、')}，年保费约${fenText(plan.premiumMinFen)}–${fenText(plan.premiumMaxFen)}`;
  const next: Consultation = {
    ...c,
    status: 'answered',
    plans: [...c.plans, p],
    steps: endOpenStep(ctx, c, 'met'),
    timeline: [...c.timeline, entry(ctx, 'planProposed', by, 'member', `保险顾问为您制定了保险方案：${summary}`, { data: { planId: p.id } })],
  };
  return done(ctx, next, [consultationEvent(next, 'planProposed', 'member', iso(ctx.now), `为您制定了保险方案：${summary}`)]);
};

/** 投保协助: recorded by the advisor when the member wants help enrolling; the member sees that it was recorded. */
export const recordEnrollment = (ctx: ConsultationContext, c: Consultation, by: StaffActor, input: { planId?: string; note: string }): Change => {
  guardAdvisor(c, by, 'recordEnrollmentHelp');
  if (input.planId && !c.plans.some((p) => p.id === input.planId)) throw consultationErrors.planNotFound();
  const x = { id: ctx.newId(), ...(input.planId ? { planId: input.planId } : {}), note: input.note, at: iso(ctx.now), byId: by.id, ...(by.name ? { byName: by.name } : {}) };
  const next: Consultation = {
    ...c,
    enrollments: [...c.enrollments, x],
    timeline: [
      ...c.timeline,
      entry(ctx, 'enrollmentRecorded', by, 'member', '保险顾问已为您登记投保协助，将与您联系办理投保手续', { data: { enrollmentId: x.id, ...(input.planId ? { planId: input.planId } : {}) } }),
    ],
  };
  return done(ctx, next, [consultationEvent(next, 'enrollmentRecorded', 'member', iso(ctx.now), '已为您登记投保协助')]);
};

/** The member asks again: on an answered consultation a new reply is owed, by whoever holds it now. */
export const followUp = (ctx: ConsultationContext, c: Consultation, memberId: string, text: string, attachments: string[], request?: MemberRequest): Change => {
  if (FINISHED.includes(c.status)) throw consultationErrors.closed();
  const e = entry(ctx, 'followUp', { kind: 'member', id: memberId }, 'member', text, { attachments, ...(request ? { data: { request } } : {}) });
  const base: Consultation = { ...c, attachments: [...c.attachments, ...attachments], timeline: [...c.timeline, e] };
  const ownerId = c.stage === 'advisor' ? c.advisor?.id : c.owner?.id;
  const alert = consultationEvent(c, 'followUp', 'staff', iso(ctx.now), `会员追问：${text.slice(0, 40)}`, ownerId ? { ownerId } : {});
  // Still waiting for a reply: the question grows, the due time stays.
  if (c.status !== 'answered') return done(ctx, base, [alert]);
  const step = c.stage === 'advisor' ? newStep(ctx, 'advisorReply', c.advisor?.id) : newStep(ctx, 'reply', c.owner?.id);
  const next: Consultation = { ...base, status: c.stage === 'advisor' ? 'withAdvisor' : 'awaitingReply', steps: [...c.steps, step] };
  return done(ctx, next, [alert]);
};

/** The member rates the answer, once; the consultation ends. */
export const rate = (ctx: ConsultationContext, c: Consultation, memberId: string, score: number, comment?: string, request?: MemberRequest): Change => {
  if (c.rating) throw consultationErrors.alreadyRated();
  if (c.status === 'converted') throw consultationErrors.closed();
  if (c.status !== 'answered') throw consultationErrors.notAnswered();
  const next: Consultation = {
    ...c,
    status: 'closed',
    rating: { score, ...(comment ? { comment } : {}), at: iso(ctx.now) },
    timeline: [...c.timeline, entry(ctx, 'rated', { kind: 'member', id: memberId }, 'member', comment, { data: { score, ...(request ? { request } : {}) } })],
  };
  return done(ctx, next, []);
};

const outranks = (who: StaffRole, owner: StaffRole) => who !== 'compliance' && ROLE_RANK[who] > ROLE_RANK[owner];

/** Customer service writes to a consultation nobody holds, their own, or a junior's (as complaints). */
export const mayWork = (who: { id: string; role: StaffRole }, c: Consultation): boolean =>
  !c.owner || c.owner.id === who.id || outranks(who.role, c.owner.role);

/** 接手: the consultation becomes the caller's (customer-service side), with a reason, audited. */
export const takeOver = (ctx: ConsultationContext, c: Consultation, by: StaffActor, reason: string, ownerName?: string): Change => {
  guardStaff(c, 'takeOver', ['awaitingReply', 'answered', 'withAdvisor']);
  if (c.owner?.id === by.id) throw consultationErrors.alreadyOwner();
  if (c.owner && !outranks(by.role, c.owner.role)) throw consultationErrors.heldByOther(ownerName);
  const steps = c.steps.map((s) => (s.metAt || s.cancelledAt || s.stage !== 'customerService' ? s : { ...s, ownerId: by.id }));
  const next: Consultation = {
    ...c,
    owner: { id: by.id, role: by.role },
    steps,
    timeline: [...c.timeline, entry(ctx, 'takenOver', by, 'internal', reason, { data: { from: c.owner?.id ?? null } })],
  };
  return done(ctx, next, []);
};

/** Closes the consultation into the complaint made from it (see conversion.ts); the member is told its number. */
export const markConverted = (
  ctx: ConsultationContext,
  c: Consultation,
  by: StaffActor,
  complaint: { id: string; number: string; messageId: string; receivedAt: string; reason: string },
): Change => {
  if (c.complaint) throw consultationErrors.alreadyConverted(c.complaint.number);
  const next: Consultation = {
    ...c,
    status: 'converted',
    complaint: { ...complaint, at: iso(ctx.now), byId: by.id },
    steps: endOpenStep(ctx, c, 'cancelled'),
    timeline: [
      ...c.timeline,
      entry(ctx, 'converted', by, 'member', `您的咨询已转为投诉（${complaint.number}），我们将按投诉处理流程办理`, {
        data: { complaintId: complaint.id, complaintNumber: complaint.number, messageId: complaint.messageId },
      }),
    ],
  };
  return done(ctx, next, [consultationEvent(next, 'converted', 'member', iso(ctx.now), `已转为投诉 ${complaint.number}`)]);
};

/**
 * The deadline timer's look at one consultation: a warning and a breach are each recorded once on the
 * open step. A customer-service breach moves the consultation to a supervisor when an agent (or nobody)
 * held it; an advisor's breach alerts the supervisor, who may hand it to someone else. Escalations are
 * held when the clock guard says so (the marks are still recorded). Null when nothing is due.
 */
export const evaluateDeadline = (
  ctx: ConsultationContext,
  c: Consultation,
  supervisor: { id: string; role: StaffRole } | undefined,
  hold: boolean,
): (Change & { warned: boolean; breached: boolean; escalated: boolean; held: boolean }) | null => {
  const step = openStep(c);
  if (!step) return null;
  const at = iso(ctx.now);
  const breach = at >= step.dueAt && !step.breachedAt;
  const warnAt = new Date(Date.parse(step.dueAt) - ctx.policy.warnBeforeMs).toISOString();
  const warn = !breach && at >= warnAt && !step.warnedAt && !step.breachedAt;
  if (!breach && !warn) return null;
  const label = STEP_LABELS[step.kind];
  const sys: Actor = { kind: 'system' };
  const detail = { stepKind: step.kind, dueAt: step.dueAt };
  const events: NotificationEvent[] = [];
  const timeline = [...c.timeline];
  let owner = c.owner;
  let escalatedToId: string | undefined;
  let held = false;
  if (warn) {
    events.push(consultationEvent(c, 'deadlineWarning', 'staff', at, `${label}即将到期（${dueText(step.dueAt)}）`, { ownerId: step.ownerId, detail }));
    timeline.push(entry(ctx, 'deadlineWarning', sys, 'internal', `${label}临近到期`, { data: detail }));
  } else {
    events.push(consultationEvent(c, 'deadlineBreached', 'staff', at, `${label}已超时`, { ownerId: step.ownerId, detail }));
    timeline.push(entry(ctx, 'deadlineBreached', sys, 'internal', `${label}超时`, { data: detail }));
    const agentHeld = !c.owner || c.owner.role === 'agent';
    const wants = supervisor && (step.stage === 'advisor' || agentHeld);
    if (wants && hold) held = true;
    else if (wants && supervisor) {
      escalatedToId = supervisor.id;
      if (step.stage === 'customerService') owner = { id: supervisor.id, role: supervisor.role };
      events.push(consultationEvent(c, 'escalated', 'staff', at, `${label}超时，已升级至主管`, { ownerId: supervisor.id, detail }));
      timeline.push(entry(ctx, 'escalated', sys, 'internal', `${label}超时，自动升级至主管`, { data: { ...detail, to: supervisor.id } }));
    }
  }
  const steps = c.steps.map((s) =>
    s.id !== step.id
      ? s
      : {
          ...s,
          ...(warn ? { warnedAt: at } : { breachedAt: at }),
          ...(escalatedToId ? { escalatedToId } : {}),
          ...(escalatedToId && s.stage === 'customerService' ? { ownerId: escalatedToId } : {}),
        },
  );
  const next: Consultation = { ...c, ...(owner ? { owner } : {}), steps, timeline };
  return { ...done(ctx, next, events), warned: warn, breached: breach, escalated: Boolean(escalatedToId), held };
};
