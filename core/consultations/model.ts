/**
 * 咨询: a member's question (insurance, coverage, enrollment help), answered by customer service or
 * handed to an advisor who may propose a plan and record an enrollment-assistance request (seed 002,
 * 三、会员服务流程). Times are ISO-8601 UTC strings so records serialise as they are.
 */
import type { Actor, StaffRole } from '../shared/actors';
import type { ContentFlag } from '../shared/contentSafety';

export const CONSULTATION_TOPICS = { insurance: '保险咨询', coverage: '保障查询', enrollment: '投保协助' } as const;
export type ConsultationTopic = keyof typeof CONSULTATION_TOPICS;

/**
 * awaitingReply: customer service owes a reply; withAdvisor: the advisor owes one; answered: the member
 * has a reply and may follow up or rate; closed: rated; converted: turned into a complaint.
 */
export const CONSULTATION_STATUSES = {
  awaitingReply: '待客服答复',
  withAdvisor: '顾问处理中',
  answered: '已答复',
  closed: '已结束',
  converted: '已转投诉',
} as const;
export type ConsultationStatus = keyof typeof CONSULTATION_STATUSES;

/** What the member reads: who is working on it, not the internal step. */
export const MEMBER_STATUS_LABELS: Record<ConsultationStatus, string> = {
  awaitingReply: '等待客服答复',
  withAdvisor: '保险顾问处理中',
  answered: '已答复',
  closed: '已结束',
  converted: '已转为投诉',
};

export type Stage = 'customerService' | 'advisor';

/** firstReply: the first answer to a question; reply: to a follow-up; advisorReply: the advisor's, after a hand-off or a follow-up. */
export type StepKind = 'firstReply' | 'reply' | 'advisorReply';

export const STEP_LABELS: Record<StepKind, string> = { firstReply: '首次答复', reply: '追问答复', advisorReply: '顾问答复' };

/** One response owed: who owes it, by when (on the working calendar), and what the deadline timer recorded on it, once each. */
export interface ConsultationStep {
  id: string;
  kind: StepKind;
  stage: Stage;
  startedAt: string;
  dueAt: string;
  /** 暂定: computed past the calendar's known years. */
  provisional: boolean;
  ownerId?: string;
  metAt?: string;
  /** Ended without a reply: the consultation was converted to a complaint. */
  cancelledAt?: string;
  warnedAt?: string;
  breachedAt?: string;
  /** Who the breach was escalated to (a supervisor). */
  escalatedToId?: string;
}

export type EntryType =
  | 'asked'
  | 'followUp'
  | 'reply'
  | 'handedToAdvisor'
  | 'handoffContext'
  | 'advisorReply'
  | 'planProposed'
  | 'enrollmentRecorded'
  | 'takenOver'
  | 'rated'
  | 'converted'
  | 'deadlineWarning'
  | 'deadlineBreached'
  | 'escalated'
  | 'callLogged';

/** Entries the member wrote: the ones staff may pick as "first expressed dissatisfaction" when converting. */
export const MEMBER_MESSAGE_TYPES: readonly EntryType[] = ['asked', 'followUp'];

export interface ConsultationEntry {
  id: string;
  at: string;
  type: EntryType;
  actor: Actor;
  /** Internal entries (hand-off context, deadline marks) are never shown to the member. */
  visibility: 'member' | 'internal';
  text?: string;
  attachments?: string[];
  data?: Record<string, unknown>;
}

/** 保险方案: what the advisor proposes; premiums in integer 分 (fen), a range since underwriting decides the exact figure. */
export interface ProposedPlan {
  id: string;
  products: { name: string; code?: string }[];
  premiumMinFen: number;
  premiumMaxFen: number;
  reasons: string[];
  at: string;
  byId: string;
  byName?: string;
}

/** 投保协助: the advisor records that the member wants help enrolling, and what with. */
export interface EnrollmentRequest {
  id: string;
  planId?: string;
  note: string;
  at: string;
  byId: string;
  byName?: string;
}

export interface Consultation {
  id: string;
  /** Readable number shown to the member and searchable by staff: ZX20261125-0001. */
  number: string;
  memberId: string;
  topic: ConsultationTopic;
  /** The question as first asked (also the first timeline entry). */
  question: string;
  policyNo?: string;
  /** Every file the member attached (question and follow-ups). */
  attachments: string[];
  status: ConsultationStatus;
  stage: Stage;
  /** The customer-service owner (taken over, or whoever replied first); absent while nobody holds it. */
  owner?: { id: string; role: StaffRole };
  /** The advisor it was handed to. */
  advisor?: { id: string; name?: string; handedAt: string; handedById: string };
  steps: ConsultationStep[];
  /** The open step's due time: the queue's order (indexed). Absent when nothing is owed. */
  dueAt?: string;
  /** When the deadline timer must look at it again (indexed). */
  slaNextCheckAt?: string;
  plans: ProposedPlan[];
  enrollments: EnrollmentRequest[];
  rating?: { score: number; comment?: string; at: string };
  /** Set when converted: the complaint, and the member message taken as its receipt. */
  complaint?: { id: string; number: string; at: string; byId: string; messageId: string; receivedAt: string; reason: string };
  timeline: ConsultationEntry[];
  contentFlags?: ContentFlag[];
  /** Originals of member texts that held a phone, ID or card number, sealed, by `timeline:<entry id>` (personalTexts.ts). */
  sealedTexts?: Record<string, string>;
  receivedAt: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const OPEN_STATUSES: readonly ConsultationStatus[] = ['awaitingReply', 'withAdvisor'];
