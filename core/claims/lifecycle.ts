/**
 * The claim's states and clocks as pure transitions: each takes the record and returns the next one
 * with the events it owes. Persisting, permissions and notifications live elsewhere.
 */
import { callText, type CallRecord } from '../shared/callLog';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import type { NotificationEvent } from '../notifications/events';
import type { Actor } from '../shared/actors';
import { dueText, formatShanghai, localDateOf } from '../shared/shanghaiTime';
import { cancelClocks, capTarget, clockOf, meetClocks, openClock, pauseClocks, resumeClocks, withSchedule } from './clocks';
import { calculate, type ClaimCalculation } from './calculation';
import { claimErrors, yuan } from './errors';
import { claimEvent } from './events';
import { COLLECTING, type Claim, type ClaimPayment, type ClaimStatus, type TimelineEntry } from './model';
import { CLAIM_STATUSES } from './model';
import { REFUSAL_REMEDIES, SECOND_NOTICE_REASONS, type ClaimPolicy, type ClaimType, type SecondNoticeReason } from './policy';

export interface ClaimContext {
  now: Date;
  calendar: WorkingCalendar;
  policy: ClaimPolicy;
  newId(): string;
}

export interface Change {
  claim: Claim;
  events: NotificationEvent[];
}

export type StaffRef = { id: string; name: string; role: string };

const iso = (d: Date) => d.toISOString();
const staffActor = (by: StaffRef): Actor => ({ kind: 'staff', id: by.id, role: by.role as never, name: by.name });

const entry = (ctx: ClaimContext, type: string, actor: Actor, visibility: TimelineEntry['visibility'], text?: string): TimelineEntry => ({
  id: ctx.newId(),
  at: iso(ctx.now),
  type,
  actor,
  visibility,
  ...(text !== undefined ? { text } : {}),
});

const done = (ctx: ClaimContext, claim: Claim, events: NotificationEvent[] = []): Change => ({
  claim: withSchedule({ ...claim, updatedAt: iso(ctx.now) }),
  events,
});

const need = (c: Claim, allowed: readonly ClaimStatus[], action: string) => {
  if (!allowed.includes(c.status)) throw claimErrors.wrongStatus(c.status, action);
};

/** The member's report becomes a claim: numbered, received now, its clocks started (art 23 counts from here). */
export const submit = (ctx: ClaimContext, c: Claim, number: string, submitKey: string, type: ClaimType): Change => {
  need(c, ['draft'], 'submit');
  const at = iso(ctx.now);
  const clocks = capTarget([
    openClock(ctx.calendar, ctx.policy, 'target', ctx.now, Math.min(type.targetDays, ctx.policy.decisionDays)),
    openClock(ctx.calendar, ctx.policy, 'decision', ctx.now, ctx.policy.decisionDays),
    openClock(ctx.calendar, ctx.policy, 'advance', ctx.now, ctx.policy.advanceDays),
  ]);
  const claim: Claim = {
    ...c,
    number,
    submitKey,
    status: 'reported',
    firstReceivedAt: at,
    receipt: { at, items: c.checklist.map((i) => ({ label: i.label, sensitive: i.sensitive, state: i.state })) },
    clocks,
    timeline: [...c.timeline, entry(ctx, 'submitted', { kind: 'member', id: c.memberId }, 'member', c.description)],
  };
  const decision = clocks.find((k) => k.kind === 'decision')!;
  const received = done(ctx, claim, [
    claimEvent(claim, 'received', 'member', at, `已受理，我们将在${dueText(decision.dueAt)}前作出核定`, { dueAt: decision.dueAt, status: CLAIM_STATUSES.reported }),
  ]);
  // Request and documents received together: the complete set is in hand from this instant.
  return completeIfAllIn(ctx, received.claim, received.events);
};

/** Nothing on the checklist is still missing. */
const allIn = (c: Claim) => c.checklist.every((i) => i.state !== 'missing');

/**
 * Documents are taken while the claim collects them, and under review while its checklist is not complete
 * (the handler's assessment may come before the last document: it must not shut the member out).
 */
export const collecting = (c: Claim): boolean => COLLECTING.includes(c.status) || (c.status === 'underReview' && !allIn(c));

/**
 * A reported claim whose every checklist item is uploaded or waived: the complete set is in hand now
 * (documentsCompleteAt is that instant, not the handler's later look) and the claim goes to review.
 */
const completeIfAllIn = (ctx: ClaimContext, c: Claim, events: NotificationEvent[] = []): Change => {
  // Under review already (the handler's assessment came first): the last missing item still completes the set.
  if (c.status === 'underReview' && !c.documentsCompleteAt && allIn(c)) {
    const claim: Claim = {
      ...c,
      documentsCompleteAt: iso(ctx.now),
      timeline: [...c.timeline, entry(ctx, 'documentsComplete', { kind: 'system' }, 'member', '材料已齐全')],
    };
    return done(ctx, claim, events);
  }
  if (c.status !== 'reported' || !allIn(c)) return done(ctx, c, events);
  const at = iso(ctx.now);
  const claim: Claim = {
    ...c,
    status: 'underReview',
    documentsCompleteAt: c.documentsCompleteAt ?? at,
    timeline: [...c.timeline, entry(ctx, 'documentsComplete', { kind: 'system' }, 'member', '材料已齐全，案件进入审核')],
  };
  return done(ctx, claim, [...events, claimEvent(claim, 'underReview', 'member', at, '材料已齐全，您的理赔已进入审核')]);
};

/** Files on one checklist item, only while documents are collected. Answering every item a notice asked for ends the pause. */
export const attach = (ctx: ClaimContext, c: Claim, itemKey: string, fileIds: string[]): Change => {
  if (!collecting(c)) throw claimErrors.collectionClosed();
  const item = c.checklist.find((i) => i.key === itemKey);
  if (!item) throw claimErrors.unknownItem(itemKey);
  const files = [...new Set([...item.files, ...fileIds])];
  if (files.length > ctx.policy.filesPerItem) throw claimErrors.itemFull(ctx.policy.filesPerItem);
  const checklist = c.checklist.map((i) => (i.key === itemKey ? { ...i, files, state: 'uploaded' as const } : i));
  const claim: Claim = {
    ...c,
    checklist,
    timeline: c.status === 'draft' ? c.timeline : [...c.timeline, entry(ctx, 'documentUploaded', { kind: 'member', id: c.memberId }, 'member', item.label)],
  };
  return c.status === 'documentsPending' ? resumeIfAnswered(ctx, claim) : completeIfAllIn(ctx, claim);
};

/** When nothing a notice asked for is still missing, the clocks run again and the claim goes to review. */
const resumeIfAnswered = (ctx: ClaimContext, c: Claim, events: NotificationEvent[] = []): Change => {
  if (c.checklist.some((i) => i.requestedIn !== undefined && i.state === 'missing')) return done(ctx, c, events);
  const at = iso(ctx.now);
  const claim: Claim = {
    ...c,
    status: 'underReview',
    documentsCompleteAt: at,
    checklist: c.checklist.map(({ requestedIn: _r, ...i }) => i),
    clocks: resumeClocks(ctx.calendar, ctx.policy, c.clocks, at),
    timeline: [...c.timeline, entry(ctx, 'documentsComplete', { kind: 'system' }, 'member', '补充材料已齐全，案件进入审核')],
  };
  const decision = clockOf(claim, 'decision');
  return done(ctx, claim, [
    ...events,
    claimEvent(claim, 'underReview', 'member', at, `材料已齐全，核定期限${decision ? dueText(decision.dueAt) : ''}`, decision ? { dueAt: decision.dueAt } : undefined),
    claimEvent(claim, 'documentsArrived', 'staff', at, '会员已补齐材料'),
  ]);
};

/**
 * 保险法 art 22: one notice listing everything missing at once. A later notice only for what the first
 * could not have foreseen: a reason from the list plus words, and only items no earlier notice listed.
 */
export const requestDocuments = (
  ctx: ClaimContext,
  c: Claim,
  by: StaffRef,
  input: { items: string[]; note?: string; reason?: { code: SecondNoticeReason; text: string } },
): Change => {
  need(c, ['reported', 'underReview', 'documentsPending'], 'requestDocuments');
  if (!input.items.length) throw claimErrors.nothingMissing();
  for (const k of input.items) if (!c.checklist.some((i) => i.key === k)) throw claimErrors.unknownItem(k);
  const seq = c.notices.length + 1;
  if (seq > 1) {
    if (!input.reason || !input.reason.text.trim()) throw claimErrors.secondNoticeNeedsReason();
    const earlier = new Set(c.notices.flatMap((n) => n.items));
    const repeated = input.items.filter((k) => earlier.has(k));
    if (repeated.length) throw claimErrors.secondNoticeOnlyNew(repeated.map((k) => c.checklist.find((i) => i.key === k)!.label));
  }
  const at = iso(ctx.now);
  const labels = input.items.map((k) => c.checklist.find((i) => i.key === k)!.label);
  const claim: Claim = {
    ...c,
    status: 'documentsPending',
    handler: c.handler ?? { id: by.id, name: by.name },
    checklist: c.checklist.map((i) => (input.items.includes(i.key) ? { ...i, state: 'missing' as const, requestedIn: seq } : i)),
    notices: [
      ...c.notices,
      { seq, at, by: { id: by.id, name: by.name }, items: input.items, ...(input.note ? { note: input.note } : {}), ...(seq > 1 && input.reason ? { reason: input.reason } : {}) },
    ],
    clocks: pauseClocks(c.clocks, at),
    timeline: [
      ...c.timeline,
      entry(
        ctx,
        'documentsRequested',
        staffActor(by),
        'member',
        `${seq > 1 ? `再次通知（${SECOND_NOTICE_REASONS[input.reason!.code]}：${input.reason!.text}）` : '一次性告知'}需补充：${labels.join('、')}${input.note ? `。${input.note}` : ''}`,
      ),
    ],
  };
  return done(ctx, claim, [claimEvent(claim, 'documentsNeeded', 'member', at, `请补充：${labels.join('、')}`, { items: labels.join('、') })]);
};

/** The handler waives an item (e.g. the hospital sends it directly); a pending notice may be answered by it. */
export const waiveItem = (ctx: ClaimContext, c: Claim, by: StaffRef, itemKey: string, reason: string): Change => {
  need(c, ['reported', 'underReview', 'documentsPending'], 'waiveItem');
  if (!c.checklist.some((i) => i.key === itemKey)) throw claimErrors.unknownItem(itemKey);
  const claim: Claim = {
    ...c,
    checklist: c.checklist.map((i) => (i.key === itemKey ? { ...i, state: 'waived' as const, waivedReason: reason } : i)),
    timeline: [...c.timeline, entry(ctx, 'itemWaived', staffActor(by), 'internal', `${c.checklist.find((i) => i.key === itemKey)!.label}：${reason}`)],
  };
  return c.status === 'documentsPending' ? resumeIfAnswered(ctx, claim) : completeIfAllIn(ctx, claim);
};

/** A call with the member, logged by the handler (core/shared/callLog.ts): internal, any time after the report. */
export const logCall = (ctx: ClaimContext, c: Claim, by: StaffRef, call: CallRecord): Change => {
  if (c.status === 'draft') throw claimErrors.wrongStatus(c.status, 'logCall');
  return done(ctx, { ...c, timeline: [...c.timeline, entry(ctx, 'callLogged', staffActor(by), 'internal', callText(call))] });
};

/**
 * The handler's assessment: the claim is under review. It says nothing about when the documents were
 * complete (that is when the last one arrived or was waived), so documentsCompleteAt is left as it is,
 * and a member whose checklist still has missing items may go on uploading (attach).
 */
export const recordAssessment = (ctx: ClaimContext, c: Claim, by: StaffRef, text: string): Change => {
  need(c, ['reported', 'underReview'], 'recordAssessment');
  const at = iso(ctx.now);
  const claim: Claim = {
    ...c,
    status: 'underReview',
    handler: c.handler ?? { id: by.id, name: by.name },
    assessment: { text, at, by: { id: by.id, name: by.name } },
    timeline: [...c.timeline, entry(ctx, 'assessment', staffActor(by), 'internal', text)],
  };
  return done(ctx, claim, c.status === 'reported' ? [claimEvent(claim, 'underReview', 'member', at, '您的理赔已进入审核')] : []);
};

/** The amount decided: the calculation's result (a typed amount must agree with it), else the typed amount. */
const amountOf = (c: Claim, input: { amountFen?: number; calculation?: ClaimCalculation }): number => {
  if (!input.calculation) {
    if (input.amountFen === undefined) throw claimErrors.amountRequired();
    return input.amountFen;
  }
  const result = calculate(input.calculation, c.sumInsuredFen);
  if (input.amountFen !== undefined && input.amountFen !== result.amountFen) throw claimErrors.amountMismatch(yuan(result.amountFen));
  return result.amountFen;
};

const decidedClocks = (c: Claim, at: string) => meetClocks(c.clocks, ['target', 'decision', 'advance'], at);

/** An amount: offered to the member at once, or after a supervisor's approval when above the handler's band. */
export const decidePay = (
  ctx: ClaimContext,
  c: Claim,
  by: StaffRef,
  raw: { amountFen?: number; basis: string; calculation?: ClaimCalculation },
  approved: boolean,
): Change => {
  need(c, ['underReview'], 'decide');
  const input = { ...raw, amountFen: amountOf(c, raw) };
  if (input.amountFen < 0) throw claimErrors.amountNegative();
  // Nothing to pay is a refusal, with its reasons and letter (art 24), never an offer of 0.
  if (input.amountFen === 0) throw claimErrors.amountZero();
  if (input.amountFen > c.sumInsuredFen) throw claimErrors.amountOverSum(yuan(c.sumInsuredFen));
  const paidSoFar = c.payments.reduce((s, p) => s + p.amountFen, 0);
  if (input.amountFen < paidSoFar) throw claimErrors.belowAdvanced(yuan(paidSoFar));
  const at = iso(ctx.now);
  const required = input.amountFen > ctx.policy.handlerBandFen;
  const decision = {
    kind: 'pay' as const,
    amountFen: input.amountFen,
    basis: input.basis,
    ...(input.calculation ? { calculation: input.calculation } : {}),
    decidedAt: at,
    decidedBy: by,
    ...(required ? { approval: { required: true, ...(approved ? { approvedAt: at, approvedBy: { id: by.id, name: by.name } } : {}) } } : {}),
  };
  const base: Claim = {
    ...c,
    handler: c.handler ?? { id: by.id, name: by.name },
    decision,
    timeline: [...c.timeline, entry(ctx, 'decisionDrafted', staffActor(by), 'internal', `核定赔付 ${yuan(input.amountFen)} 元：${input.basis}`)],
  };
  if (required && !approved) return done(ctx, base, [claimEvent(base, 'approvalNeeded', 'staff', at, `核定金额 ${yuan(input.amountFen)} 元超出权限，待主管审批`)]);
  return offer(ctx, base);
};

/** The decision reaches the member: the statutory decision clock is met now. */
const offer = (ctx: ClaimContext, c: Claim): Change => {
  const d = c.decision;
  if (!d || d.kind !== 'pay') throw claimErrors.noOffer();
  const at = iso(ctx.now);
  const claim: Claim = {
    ...c,
    status: 'decided',
    decision: { ...d, offeredAt: at },
    clocks: decidedClocks(c, at),
    timeline: [...c.timeline, entry(ctx, 'offered', { kind: 'system' }, 'member', `核定赔付金额 ${yuan(d.amountFen)} 元，请确认`)],
  };
  return done(ctx, claim, [claimEvent(claim, 'offered', 'member', at, `核定赔付 ${yuan(d.amountFen)} 元，请确认`, { amountYuan: yuan(d.amountFen) })]);
};

/** A supervisor approves an amount above the handler's band; the offer goes to the member. */
export const approve = (ctx: ClaimContext, c: Claim, by: StaffRef): Change => {
  const d = c.decision;
  if (c.status !== 'underReview' || !d || d.kind !== 'pay' || !d.approval?.required || d.approval.approvedAt) throw claimErrors.approvalNotNeeded();
  const at = iso(ctx.now);
  return offer(ctx, {
    ...c,
    decision: { ...d, approval: { required: true, approvedAt: at, approvedBy: { id: by.id, name: by.name } } },
    timeline: [...c.timeline, entry(ctx, 'approved', staffActor(by), 'internal', `审批同意赔付 ${yuan(d.amountFen)} 元`)],
  });
};

/** The refusal letter (保险法 art 24): the reasons, the basis and the member's remedies, produced with the decision. */
export const refusalLetter = (c: Claim, reasons: string, at: Date) =>
  [
    `理赔拒赔通知书（案件号 ${c.number}）`,
    `尊敬的客户：您就保单 ${c.policyNo}（${c.productName}）于 ${c.incidentDate} 发生的事故提出的理赔申请，我公司经审核，决定不予赔付。`,
    `理由：${reasons}`,
    '如您对本决定有异议，可以：',
    ...REFUSAL_REMEDIES.map((r, i) => `${i + 1}. ${r}`),
    `通知日期：${localDateOf(at)}`,
  ].join('\n');

export const decideRefuse = (ctx: ClaimContext, c: Claim, by: StaffRef, reasons: string): Change => {
  need(c, ['underReview'], 'decide');
  const at = iso(ctx.now);
  const letter = refusalLetter(c, reasons, ctx.now);
  // The letter goes out with the decision, so the 3-day notice clock is opened and met at once (kept for the record).
  const notice = { ...openClock(ctx.calendar, ctx.policy, 'refusalNotice', ctx.now, ctx.policy.refusalNoticeDays), metAt: at };
  const claim: Claim = {
    ...c,
    status: 'decided',
    handler: c.handler ?? { id: by.id, name: by.name },
    decision: { kind: 'refuse', reasons, decidedAt: at, decidedBy: by, letter },
    clocks: [...decidedClocks(c, at), notice],
    timeline: [...c.timeline, entry(ctx, 'refused', staffActor(by), 'member', `不予赔付：${reasons}`)],
  };
  return done(ctx, claim, [claimEvent(claim, 'refused', 'member', at, '理赔审核结果：不予赔付，请查看拒赔通知书')]);
};

/** The member agrees the amount (in the mini-program, or by phone as staff record with evidence): 10 days to pay from now. */
export const agree = (ctx: ClaimContext, c: Claim, acceptance: { channel: 'miniprogram' | 'phone'; evidence?: string; recordedBy?: StaffRef }): Change => {
  const d = c.decision;
  if (c.status !== 'decided' || !d || d.kind !== 'pay' || !d.offeredAt || d.agreedAt) throw claimErrors.noOffer();
  const at = iso(ctx.now);
  const payment = openClock(ctx.calendar, ctx.policy, 'payment', ctx.now, ctx.policy.paymentDays);
  const actor: Actor = acceptance.recordedBy ? staffActor(acceptance.recordedBy) : { kind: 'member', id: c.memberId };
  const claim: Claim = {
    ...c,
    decision: {
      ...d,
      agreedAt: at,
      acceptance: {
        channel: acceptance.channel,
        ...(acceptance.evidence ? { evidence: acceptance.evidence } : {}),
        ...(acceptance.recordedBy ? { recordedBy: { id: acceptance.recordedBy.id, name: acceptance.recordedBy.name } } : {}),
      },
    },
    clocks: [...c.clocks, payment],
    timeline: [...c.timeline, entry(ctx, 'agreed', actor, 'member', acceptance.channel === 'phone' ? '已电话确认赔付金额' : '已确认赔付金额')],
  };
  const paidSoFar = c.payments.reduce((s, p) => s + p.amountFen, 0);
  const ch = done(ctx, claim, [claimEvent(claim, 'agreed', 'member', at, `已确认赔付金额，我们将在${dueText(payment.dueAt)}前支付`, { dueAt: payment.dueAt })]);
  // Agreeing records the agreement only; advances already recorded that cover the whole amount settle it.
  return d.amountFen > 0 && paidSoFar >= d.amountFen ? settle(ctx, ch.claim, ch.events) : ch;
};

const settle = (ctx: ClaimContext, c: Claim, events: NotificationEvent[]): Change => {
  const at = iso(ctx.now);
  const claim: Claim = { ...c, status: 'paid', clocks: meetClocks(c.clocks, ['payment'], at) };
  return done(ctx, claim, [...events]);
};

/**
 * A payment as recorded by staff (not executed here): an advance (art 25) before the amount is agreed,
 * the final one after. The claim is paid when what was paid covers the agreed amount.
 */
export const recordPayment = (
  ctx: ClaimContext,
  c: Claim,
  by: StaffRef,
  input: { kind: 'advance' | 'final'; paidOn: string; amountFen: number; reference: string },
): Change => {
  if (input.amountFen < 0) throw claimErrors.amountNegative();
  if (input.amountFen === 0) throw claimErrors.amountZero();
  if (input.paidOn > localDateOf(ctx.now)) throw claimErrors.paymentDateInFuture();
  const d = c.decision;
  const paidSoFar = c.payments.reduce((s, p) => s + p.amountFen, 0);
  if (input.kind === 'advance') {
    // Art 25: an advance on the part that can be fixed, before the final decision.
    if (c.status === 'decided' || c.status === 'paid') throw claimErrors.advanceAfterDecision();
    need(c, ['reported', 'documentsPending', 'underReview'], 'recordPayment');
    const receivedOn = localDateOf(new Date(c.firstReceivedAt ?? c.createdAt));
    if (input.paidOn < receivedOn) throw claimErrors.advanceBeforeReceipt(receivedOn);
  } else {
    need(c, ['decided'], 'recordPayment');
    if (!d || d.kind !== 'pay' || !d.agreedAt) throw claimErrors.notAgreed();
    const agreedOn = localDateOf(new Date(d.agreedAt));
    if (input.paidOn < agreedOn) throw claimErrors.paymentBeforeAgreement(agreedOn);
  }
  const cap = d?.kind === 'pay' && d.offeredAt ? d.amountFen : c.sumInsuredFen;
  if (paidSoFar + input.amountFen > cap) throw claimErrors.overPaid(yuan(cap - paidSoFar));
  const at = iso(ctx.now);
  const payment: ClaimPayment = { id: ctx.newId(), ...input, recordedAt: at, recordedBy: { id: by.id, name: by.name } };
  const label = input.kind === 'advance' ? '预付' : '赔付';
  const claim: Claim = {
    ...c,
    payments: [...c.payments, payment],
    // An advance answers art 25's duty.
    clocks: input.kind === 'advance' ? meetClocks(c.clocks, ['advance'], at) : c.clocks,
    timeline: [...c.timeline, entry(ctx, 'payment', staffActor(by), 'member', `${input.paidOn} 已${label} ${yuan(input.amountFen)} 元`)],
  };
  const events = [claimEvent(claim, 'paid', 'member', at, `已${label} ${yuan(input.amountFen)} 元`, { amountYuan: yuan(input.amountFen), paidOn: input.paidOn })];
  if (d?.kind === 'pay' && d.agreedAt && paidSoFar + input.amountFen >= d.amountFen) return settle(ctx, claim, events);
  return done(ctx, claim, events);
};

/** The member withdraws before a decision; every clock stops. */
export const withdraw = (ctx: ClaimContext, c: Claim, reason?: string): Change => {
  need(c, ['draft', 'reported', 'documentsPending', 'underReview'], 'withdraw');
  const at = iso(ctx.now);
  const claim: Claim = {
    ...c,
    status: 'withdrawn',
    withdrawnAt: at,
    clocks: cancelClocks(c.clocks, at),
    timeline: [...c.timeline, entry(ctx, 'withdrawn', { kind: 'member', id: c.memberId }, 'member', reason || '会员撤销报案')],
  };
  return done(ctx, claim, c.status === 'draft' ? [] : [claimEvent(claim, 'withdrawn', 'member', at, '您已撤销理赔申请')]);
};

/** The member's own words on the claim (a question, or disagreement with a decision): staff may pick it when converting to a complaint. */
export const memberMessage = (ctx: ClaimContext, c: Claim, text: string, request: { key: string; hash: string }): Change | null => {
  if (c.status === 'draft') throw claimErrors.wrongStatus(c.status, 'message');
  // A retry with the key answers the earlier message; the key with other words is a mistake, not a new message.
  const earlier = c.timeline.find((e) => e.type === 'memberMessage' && e.request?.key === request.key);
  if (earlier) {
    if (earlier.request!.hash !== request.hash) throw claimErrors.idempotencyKeyReused('另一条留言');
    return null;
  }
  return done(ctx, { ...c, timeline: [...c.timeline, { ...entry(ctx, 'memberMessage', { kind: 'member', id: c.memberId }, 'member', text), request }] });
};

export const markConverted = (ctx: ClaimContext, c: Claim, by: StaffRef, complaint: { id: string; number: string; reason: string; receivedAt: string }): Change => {
  const at = iso(ctx.now);
  const claim: Claim = {
    ...c,
    complaint: { id: complaint.id, number: complaint.number, convertedAt: at, reason: complaint.reason },
    timeline: [
      ...c.timeline,
      entry(ctx, 'convertedToComplaint', staffActor(by), 'member', `您对理赔的异议已转为投诉 ${complaint.number}，受理时间 ${formatShanghai(new Date(complaint.receivedAt))}`),
    ],
  };
  return done(ctx, claim, [claimEvent(claim, 'converted', 'member', at, `已转为投诉 ${complaint.number}`)]);
};

/**
 * The timer's look at one claim: every running, unpaused clock past its warning or due time gets its
 * warning or breach recorded once; a breach escalates to a supervisor unless the clock guard holds it.
 */
export const evaluateDeadlines = (
  ctx: ClaimContext,
  c: Claim,
  supervisor: { id: string } | undefined,
  hold: boolean,
): (Change & { warned: number; breached: number; escalated: number; held: number }) | null => {
  const at = iso(ctx.now);
  const events: NotificationEvent[] = [];
  let warned = 0;
  let breached = 0;
  let escalated = 0;
  let held = 0;
  const clocks = c.clocks.map((k) => {
    if (k.metAt || k.cancelledAt || k.pausedSince) return k;
    if (at >= k.dueAt && !k.breachedAt) {
      breached += 1;
      events.push(claimEvent(c, 'deadlineBreached', 'staff', at, `${CLOCK_LABELS[k.kind]}（${dueText(k.dueAt)}）已过`, { clock: k.kind, dueAt: k.dueAt }));
      if (hold) held += 1;
      else if (supervisor) {
        escalated += 1;
        events.push(claimEvent(c, 'escalated', 'staff', at, `${CLOCK_LABELS[k.kind]}已超时，请主管督办`, { clock: k.kind, dueAt: k.dueAt }, supervisor.id));
      }
      return { ...k, breachedAt: at, warnedAt: k.warnedAt ?? at };
    }
    if (at >= k.warnAt && !k.warnedAt && !k.breachedAt) {
      warned += 1;
      events.push(claimEvent(c, 'deadlineWarning', 'staff', at, `${CLOCK_LABELS[k.kind]}将于${dueText(k.dueAt)}到期`, { clock: k.kind, dueAt: k.dueAt }));
      return { ...k, warnedAt: at };
    }
    return k;
  });
  if (!events.length) return null;
  return { ...done(ctx, { ...c, clocks }, events), warned, breached, escalated, held };
};

/** What each clock is called, for staff alerts and the member's "next deadline". */
export const CLOCK_LABELS = {
  target: '公司承诺核定时限',
  decision: '法定核定时限（保险法第二十三条）',
  advance: '先予支付时限（保险法第二十五条）',
  payment: '赔付支付时限（保险法第二十三条）',
  refusalNotice: '拒赔通知时限（保险法第二十四条）',
} as const;

/** What the next deadline means to the member, in plain words. */
export const CLOCK_MEANINGS = {
  target: '我们承诺在此之前作出核定结论',
  decision: '按保险法第二十三条，我们须在此之前作出核定并告知您结果（补充材料期间暂停计算）',
  advance: '按保险法第二十五条，如届时仍无法确定全部金额，我们将先行支付可以确定的部分',
  payment: '按保险法第二十三条，达成赔付协议后10日内支付赔款',
  refusalNotice: '拒赔通知须在决定后3日内送达',
} as const;
