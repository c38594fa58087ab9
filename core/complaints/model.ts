/** The complaint record and its vocabulary. Times are ISO-8601 UTC strings so records serialise as they are. */
import type { Actor, StaffRole } from '../shared/actors';
import type { ContentFlag } from '../shared/contentSafety';

export const COMPLAINT_CATEGORIES = {
  claims: '理赔争议',
  sales: '销售误导',
  service: '服务态度',
  policyChange: '保全变更',
  premium: '保费扣缴',
  benefits: '会员权益',
  privacy: '个人信息',
  other: '其他',
} as const;
export type ComplaintCategory = keyof typeof COMPLAINT_CATEGORIES;

export const CHANNELS = { miniprogram: '小程序', phone: '电话', web: '网站', app: 'App', letter: '信函' } as const;
export type Channel = keyof typeof CHANNELS;

/** 分级: the grade decides the company's targets; major cases take the 绿色通道 (green channel). */
export const GRADES = { ordinary: '一般', significant: '较大', major: '重大' } as const;
export type Grade = keyof typeof GRADES;

export const STATUSES = {
  submitted: '已提交',
  acknowledged: '已受理',
  inProgress: '处理中',
  waitingForMember: '待您补充',
  resolved: '已答复',
  reopened: '重新处理',
  reviewRequested: '已申请核查',
  underReview: '核查中',
  closed: '已办结',
  withdrawn: '已撤回',
} as const;
export type ComplaintStatus = keyof typeof STATUSES;

export const OPEN_STATUSES: readonly ComplaintStatus[] = [
  'submitted',
  'acknowledged',
  'inProgress',
  'waitingForMember',
  'reopened',
  'reviewRequested',
  'underReview',
];

/** Statuses whose deadlines (or review window) are still running: open ones and resolved ones. */
export const ACTIVE_STATUSES: readonly ComplaintStatus[] = [...OPEN_STATUSES, 'resolved'];

export interface GradingFactors {
  amountAtStake?: number;
  vulnerableMember: boolean;
  mediaInvolved: boolean;
  regulatorInvolved: boolean;
  repeatComplaint: boolean;
  urgent: boolean;
}

export type TimelineType =
  | 'submitted'
  | 'acknowledged'
  | 'assigned'
  | 'takenOver'
  | 'graded'
  | 'reply'
  | 'informationRequested'
  | 'memberAddedInformation'
  | 'internalNote'
  | 'callLogged'
  | 'regulatoryExtended'
  | 'regulatoryRestarted'
  | 'appraisalStarted'
  | 'appraisalEnded'
  | 'resolved'
  | 'rated'
  | 'reviewRequested'
  | 'reviewStarted'
  | 'reopened'
  | 'closed'
  | 'withdrawn'
  | 'deadlineWarning'
  | 'deadlineBreached'
  | 'deadlinesRecalculated';

export interface TimelineEntry {
  id: string;
  at: string;
  type: TimelineType;
  actor: Actor;
  /** Internal entries (notes, escalations) are never shown to the member. */
  visibility: 'member' | 'internal';
  text?: string;
  data?: Record<string, unknown>;
}

export type DeadlineKind = 'acknowledge' | 'resolve' | 'regulatory' | 'review';

export interface ComplaintDeadline {
  kind: DeadlineKind;
  dueAt: string;
  /** 暂定: computed past the calendar's known years with weekends only; recomputed when data arrives. */
  provisional: boolean;
  ownerId?: string;
  /** The company clocks stop while waiting for the member; a paused deadline is not escalated. */
  paused: boolean;
  metAt?: string;
}

/** A breach or warning is recorded once per deadline instance (kind + due time). */
export interface SlaMark {
  kind: DeadlineKind;
  dueAt: string;
  at: string;
}

export interface RegulatoryExtension {
  toDays: 30 | 60;
  reason: string;
  at: string;
  byId: string;
  /** The second extension needs head-office approval and a notice to the member. */
  approvedById?: string;
}

export interface ComplaintClocks {
  /** Start of the regulatory period: receipt, or the day new material arrived (staff decision). */
  regulatoryStartAt: string;
  regulatoryDays: 15 | 30 | 60;
  extensions: RegulatoryExtension[];
  appraisals: { startedAt: string; endedAt?: string; reason: string }[];
  /** Start of the company's current resolve cycle (receipt, or the reopening). */
  companyStartAt: string;
  pausedAt?: string;
  /** Where the case returns when the member answers (a review stays a review). */
  pausedFrom?: ComplaintStatus;
  pausedClockMs: number;
  pausedWorkingMs: number;
}

export interface DecisionNotice {
  findings: string;
  basis: string;
  /** The member's remedies: review 核查, mediation, arbitration, lawsuit. */
  remedies: string[];
  decidedAt: string;
  decidedById: string;
}

export interface Complaint {
  id: string;
  /** Readable number shown to the member, e.g. TS20260920-0001. */
  number: string;
  memberId: string;
  channel: Channel;
  category: ComplaintCategory;
  description: string;
  policyNo?: string;
  claimNo?: string;
  attachments: string[];
  /** Contact details given to staff (phone, letter): encrypted, masked copy for lists, blind index for search. */
  contact?: { phoneSealed: string; phoneMasked: string; phoneIndex: string; name?: string };
  /** Set on a duplicate merged into another complaint. */
  mergedInto?: string;
  factors: GradingFactors;
  grade: { value: Grade; confirmed: boolean; greenChannel: boolean };
  status: ComplaintStatus;
  owner?: { id: string; role: StaffRole };
  receivedAt: string;
  acknowledgedAt?: string;
  /** The latest resolution (decision notice sent). */
  resolvedAt?: string;
  /** The first decision notice: it stops the regulatory clock. */
  firstDecisionAt?: string;
  closedAt?: string;
  clocks: ComplaintClocks;
  deadlines: ComplaintDeadline[];
  breaches: SlaMark[];
  warnings: SlaMark[];
  /** Earliest instant the SLA monitor must look at this case again; indexed. Absent when nothing is pending. */
  slaNextCheckAt?: string;
  decision?: DecisionNotice;
  resolutionCount: number;
  /** One rating per resolution; `forResolution` makes a second ask for the same one impossible. */
  ratings: { satisfied: boolean; score: number; comment?: string; at: string; forResolution: number }[];
  review?: { requestedAt: string; reason: string; firstHandlerId?: string; reviewerId?: string };
  timeline: TimelineEntry[];
  /** Content-safety flags on the member's texts, for staff only; a flag never refuses or hides anything. */
  contentFlags?: ContentFlag[];
  /**
   * Originals of the free texts that held a phone, ID or bank card number, sealed, one per text, by the
   * text's key (`description`, `timeline:<entry id>`, …); the texts themselves are stored masked
   * (core/complaints/personalTexts.ts). Opened for the member who wrote them and through the audited unmask.
   */
  sealedTexts?: Record<string, string>;
  version: number;
  createdAt: string;
  updatedAt: string;
}
