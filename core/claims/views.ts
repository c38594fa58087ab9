import { dueText } from '../shared/shanghaiTime';
import { CLOCK_LABELS, CLOCK_MEANINGS, collecting } from './lifecycle';
import { CLAIM_STATUSES, ITEM_STATES, type Claim, type ClaimClock } from './model';
import { yuan } from './errors';
import { claimTypeOf } from './policy';
import { runningClocks, runningDueAt, waitingOn } from './clocks';
import { letterOf, receiptOf, stepsOf } from './papers';

const STEPS = ['reported', 'documentsPending', 'underReview', 'decided', 'paid'] as const;

/** The running clock a member should know about first: the soonest due, the statutory ones named plainly. */
const nextClock = (c: Claim): ClaimClock | undefined =>
  c.clocks.filter((k) => !k.metAt && !k.cancelledAt && !k.pausedSince && k.kind !== 'target').sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1))[0];

/**
 * What the member sees: the current step, what is needed from them, the next deadline and what it means,
 * the decision and payments. `insuredName` is the insured's name in full for their own policyholder;
 * without it (staff) the name stays masked.
 */
export const toMemberView = (c: Claim, insuredName?: string) => {
  const name = insuredName ?? c.insured.maskedName;
  const next = nextClock(c);
  const needed = c.checklist.filter((i) => i.state === 'missing' && (c.status !== 'documentsPending' || i.requestedIn !== undefined));
  const d = c.decision;
  const paidFen = c.payments.reduce((s, p) => s + p.amountFen, 0);
  return {
    id: c.id,
    number: c.number,
    status: c.status,
    statusLabel: CLAIM_STATUSES[c.status],
    step: Math.max(0, STEPS.indexOf(c.status as (typeof STEPS)[number])),
    steps: STEPS.map((s) => CLAIM_STATUSES[s]),
    policyNo: c.policyNo,
    productName: c.productName,
    insured: { ...c.insured, name },
    /** 报案 … 支付 with the date each was reached (papers.ts). */
    progress: stepsOf(c),
    claimType: c.claimType,
    claimTypeLabel: claimTypeOf(c.claimType)?.label ?? c.claimType,
    incidentDate: c.incidentDate,
    place: c.place,
    description: c.description,
    claimedYuan: c.claimedFen !== undefined ? yuan(c.claimedFen) : undefined,
    // `requested`: listed in the open art-22 notice, so the member sees exactly what was asked of them.
    checklist: c.checklist.map((i) => ({ key: i.key, label: i.label, sensitive: i.sensitive, state: i.state, stateLabel: ITEM_STATES[i.state], files: i.files, requested: i.requestedIn !== undefined })),
    needed: needed.map((i) => i.label),
    collecting: collecting(c),
    nextDeadline: next
      ? { kind: next.kind, label: CLOCK_LABELS[next.kind], dueAt: next.dueAt, dueText: `${dueText(next.dueAt)}${next.provisional ? '（暂定）' : ''}`, meaning: CLOCK_MEANINGS[next.kind], provisional: next.provisional }
      : undefined,
    paused: c.clocks.some((k) => k.pausedSince) ? '补充材料期间，核定时限暂停计算' : undefined,
    decision: d
      ? d.kind === 'pay'
        ? d.offeredAt
          ? { kind: 'pay' as const, amountYuan: yuan(d.amountFen), basis: d.basis, offeredAt: d.offeredAt, agreedAt: d.agreedAt, mayAccept: c.status === 'decided' && !d.agreedAt }
          : undefined
        : { kind: 'refuse' as const, reasons: d.reasons, letter: d.letter, decidedAt: d.decidedAt }
      : undefined,
    payments: c.payments.map((p) => ({ kind: p.kind, paidOn: p.paidOn, amountYuan: yuan(p.amountFen), reference: p.reference })),
    paidYuan: yuan(paidFen),
    complaint: c.complaint ? { number: c.complaint.number } : undefined,
    /** The papers the member keeps: the report's receipt and, once the result has reached them, the letter. */
    receipt: receiptOf(c, name),
    letter: letterOf(c, name),
    timeline: c.timeline.filter((e) => e.visibility === 'member').map((e) => ({ id: e.id, at: e.at, type: e.type, text: e.text, mine: e.actor.kind === 'member' })),
    version: c.version,
    updatedAt: c.updatedAt,
  };
};
export type MemberClaimView = ReturnType<typeof toMemberView>;

export const toMemberListItem = (c: Claim) => ({
  id: c.id,
  number: c.number,
  status: c.status,
  statusLabel: CLAIM_STATUSES[c.status],
  claimTypeLabel: claimTypeOf(c.claimType)?.label ?? c.claimType,
  policyNo: c.policyNo,
  incidentDate: c.incidentDate,
  needed: c.checklist.filter((i) => i.state === 'missing' && c.status === 'documentsPending' && i.requestedIn !== undefined).length,
  /** An amount is offered and waits for the member's 确认. */
  awaitingAcceptance: c.status === 'decided' && c.decision?.kind === 'pay' && Boolean(c.decision.offeredAt) && !c.decision.agreedAt,
  // A deadline only: while the claim waits on the member, the staff queue's order is not one.
  dueAt: runningDueAt(c),
  updatedAt: c.updatedAt,
});

/** Staff read the claim with the insured's name masked (it is masked on the record) and every clock. */
export const toStaffView = (c: Claim, may: Record<string, boolean>) => ({
  ...toMemberView(c),
  memberId: c.memberId.length > 8 ? `${c.memberId.slice(0, 4)}…${c.memberId.slice(-4)}` : '****',
  sumInsuredYuan: yuan(c.sumInsuredFen),
  handler: c.handler,
  assessment: c.assessment,
  fullDecision: c.decision,
  notices: c.notices,
  clocks: c.clocks.map((k) => ({ ...k, label: CLOCK_LABELS[k.kind], dueText: dueText(k.dueAt) })),
  firstReceivedAt: c.firstReceivedAt,
  documentsCompleteAt: c.documentsCompleteAt,
  staffTimeline: c.timeline.map((e) => ({ id: e.id, at: e.at, type: e.type, text: e.text, visibility: e.visibility, from: e.actor.kind, ...(e.actor.kind === 'staff' ? { by: e.actor.name } : {}) })),
  may,
});

const WAITING_TEXT = { documents: '等会员补充材料', acceptance: '等会员确认金额' } as const;

/** A running clock's due time, or what the claim waits for and since when (never overdue: no clock runs). */
const queueTiming = (c: Claim, now: Date) => {
  const waiting = runningClocks(c).some((k) => !k.pausedSince) ? undefined : waitingOn(c);
  if (waiting) return { dueText: `${WAITING_TEXT[waiting.on]}（自${dueText(waiting.since)}）`, overdue: false, waiting: waiting.on };
  return { dueText: c.dueAt ? dueText(c.dueAt) : undefined, overdue: Boolean(c.dueAt && c.dueAt <= now.toISOString()) };
};

export const toStaffQueueItem = (c: Claim, now: Date) => ({
  id: c.id,
  number: c.number,
  status: c.status,
  statusLabel: CLAIM_STATUSES[c.status],
  claimTypeLabel: claimTypeOf(c.claimType)?.label ?? c.claimType,
  insured: c.insured.maskedName,
  policyNo: c.policyNo,
  dueAt: c.dueAt,
  ...queueTiming(c, now),
  handler: c.handler?.name,
  version: c.version,
});

/** The mini-program reads typings/api.ts: this line fails to compile when the view and the typing drift apart. */
export const memberViewMatchesApi: (c: Claim) => import('../../typings/api').MemberClaimView = toMemberView;
export const listItemMatchesApi: (c: Claim) => import('../../typings/api').ClaimListItem = toMemberListItem;
export type StaffClaimView = ReturnType<typeof toStaffView>;
export type StaffClaimQueueItem = ReturnType<typeof toStaffQueueItem>;
