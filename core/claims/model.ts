/**
 * 理赔: a member's claim on one of their bound policies, from report (报案) to payment, on the
 * statutory clocks of 保险法 arts 22–25 (RULES.md "Claims"; CLARIFICATIONS "Claims").
 */
import type { Actor } from '../shared/actors';
import type { ClaimCalculation } from './calculation';

/**
 * draft (草稿, the member's only) → reported (已报案) → documentsPending (待补充材料) ⇄ underReview (审核中)
 * → decided (已决定: an amount offered, or a refusal) → paid (已赔付); withdrawn (已撤销) before a decision.
 */
export const CLAIM_STATUSES = {
  draft: '草稿',
  reported: '已报案',
  documentsPending: '待补充材料',
  underReview: '审核中',
  decided: '已决定',
  paid: '已赔付',
  withdrawn: '已撤销',
} as const;
export type ClaimStatus = keyof typeof CLAIM_STATUSES;

/** A checklist item's state: the member uploaded it, it is still missing, or the handler waived it. */
export const ITEM_STATES = { missing: '未提交', uploaded: '已上传', waived: '无需提供' } as const;
export type ItemState = keyof typeof ITEM_STATES;

export interface ChecklistItem {
  key: string;
  label: string;
  /** Health or bank-account data (PIPL art 28): uploads need the member's separate consent; every staff view is audited. */
  sensitive: boolean;
  state: ItemState;
  files: string[];
  /** Set by an art-22 notice that asked for it; cleared when it arrives. */
  requestedIn?: number;
  waivedReason?: string;
}

/**
 * The clocks on a claim (data on the record, read by the one deadline timer):
 * - target: the company's own target for the claim type (data), never later than the statutory decision;
 * - decision: 保险法 art 23, 30 days from the request and documents first received, paused while the
 *   member supplies documents asked for in the art-22 notice;
 * - advance: art 25, a duty at day 60 from first receipt if the amount is not fixed (warned from day 48);
 * - payment: art 23, 10 days from agreeing the amount;
 * - refusalNotice: art 24, 3 days from a refusal decision (the letter goes with the decision, so it is met at once).
 */
export type ClockKind = 'target' | 'decision' | 'advance' | 'payment' | 'refusalNotice';

export interface ClaimClock {
  kind: ClockKind;
  /** The instant the period counts from (the day after it is day 1: 民法典 art 201). */
  startedAt: string;
  /** Calendar days (RULES.md "Counting periods": a last day on a holiday or weekend moves to the next working day). */
  days: number;
  dueAt: string;
  /** 80% of the period (art 25: day 48 of 60). */
  warnAt: string;
  provisional: boolean;
  /** Whole days the clock stood still while the member supplied documents (decision and target only). */
  pausedDays: number;
  pausedSince?: string;
  metAt?: string;
  cancelledAt?: string;
  warnedAt?: string;
  breachedAt?: string;
}

export interface DocumentNotice {
  /** 1 = the art-22 consolidated notice; 2+ only for what the first could not have foreseen, with a reason. */
  seq: number;
  at: string;
  by: { id: string; name: string };
  items: string[];
  note?: string;
  reason?: { code: string; text: string };
}

export interface ClaimPayment {
  id: string;
  kind: 'advance' | 'final';
  /** The day the money left, as recorded (payments are recorded here, not executed). */
  paidOn: string;
  amountFen: number;
  reference: string;
  recordedAt: string;
  recordedBy: { id: string; name: string };
}

export type Decision =
  | {
      kind: 'pay';
      amountFen: number;
      basis: string;
      /** The handler's 理算 line by line (calculation.ts); amountFen is its result. Absent on decisions recorded before it existed. */
      calculation?: ClaimCalculation;
      decidedAt: string;
      decidedBy: { id: string; name: string; role: string };
      /** Above the handler's amount band: a supervisor's approval first; the offer reaches the member then. */
      approval?: { required: boolean; approvedAt?: string; approvedBy?: { id: string; name: string } };
      offeredAt?: string;
      agreedAt?: string;
      acceptance?: { channel: 'miniprogram' | 'phone'; evidence?: string; recordedBy?: { id: string; name: string } };
    }
  | {
      kind: 'refuse';
      reasons: string;
      decidedAt: string;
      decidedBy: { id: string; name: string; role: string };
      /** The refusal letter (art 24), produced with the decision. */
      letter: string;
    };

export interface TimelineEntry {
  id: string;
  at: string;
  type: string;
  actor: Actor;
  /** What the member reads on their timeline; internal entries are staff-only. */
  visibility: 'member' | 'internal';
  text?: string;
  /** A member message's idempotency key and the hash of its words: a retry finds it. */
  request?: { key: string; hash: string };
}

export interface Claim {
  id: string;
  /** LP20261125-0001, given at submit; absent on a draft. */
  number?: string;
  memberId: string;
  status: ClaimStatus;
  policyNo: string;
  productName: string;
  insured: { index: number; maskedName: string; relation: string };
  claimType: string;
  incidentDate: string;
  place: string;
  description: string;
  /** What the member asks for, in integer 分 (optional on a report). */
  claimedFen?: number;
  /** The cap every amount on the claim is checked against: the matching coverage's sum insured. */
  sumInsuredFen: number;
  checklist: ChecklistItem[];
  notices: DocumentNotice[];
  clocks: ClaimClock[];
  /**
   * The electronic receipt (电子回单), fixed at submit: what the checklist asked for then. The claim's
   * other reported facts (policy, insured, type, date, place, description, amount) do not change after submit.
   */
  receipt?: { at: string; items: { label: string; sensitive: boolean; state: ItemState }[] };
  /** The request and documents first received (submit): the decision clock starts here. */
  firstReceivedAt?: string;
  /** When the complete set of documents was in hand (after the last art-22 notice was answered). */
  documentsCompleteAt?: string;
  assessment?: { text: string; at: string; by: { id: string; name: string } };
  decision?: Decision;
  payments: ClaimPayment[];
  handler?: { id: string; name: string };
  complaint?: { id: string; number: string; convertedAt: string; reason: string };
  timeline: TimelineEntry[];
  submitKey?: string;
  /**
   * The staff queue's order: the earliest running due time; while the claim waits on the member or a
   * supervisor with no clock running, when that wait began (core/claims/clocks.ts waitingOn); else absent.
   */
  dueAt?: string;
  /** When the deadline timer next has something to record (a warning or a breach). */
  slaNextCheckAt?: string;
  withdrawnAt?: string;
  /** Originals of texts that held a personal number, sealed, by text key (core/claims/personalTexts.ts). */
  sealedTexts?: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const OPEN_STATUSES: readonly ClaimStatus[] = ['reported', 'documentsPending', 'underReview', 'decided'];
export const COLLECTING: readonly ClaimStatus[] = ['draft', 'reported', 'documentsPending'];
