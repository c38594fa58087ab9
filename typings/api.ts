/**
 * The request/response contract between the mini-program (and admin page) and the cloud functions.
 * Types only: the mini-program imports this file with `import type`.
 */

export interface ApiError {
  code: string;
  /** Chinese, safe to show to the member. */
  message: string;
  /** One per field: where, what to tell the member (Chinese), and why as a stable reason (`too_short`, `control_characters`, `lone_surrogate`…). */
  issues?: { path: string; message: string; reason?: string; allowed?: string[] }[];
  /** RATE.LIMITED (HTTP 429): seconds until the member may try again (also in the message, in Chinese). */
  retryAfterSeconds?: number;
}

export type ApiReply<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export interface CallRequest {
  action: string;
  data?: unknown;
}

export type DeadlineKind = 'acknowledge' | 'resolve' | 'regulatory' | 'review';

export interface DeadlineView {
  kind: DeadlineKind;
  label: string;
  dueAt: string;
  /** Asia/Shanghai, e.g. "2026-10-08 24:00"; formatted on the server so the phone needs no timezone data. */
  dueAtText: string;
  provisional: boolean;
  paused: boolean;
  met: boolean;
  overdue: boolean;
  /** When it was met (Asia/Shanghai), e.g. "2026-11-04 10:00"; absent while running. */
  metAtText?: string;
  /** Missed: a breach was recorded, or it was met after its due time (已超时 stays shown after a late 受理). */
  breached?: boolean;
  /** When the breach was recorded, else the due time it passed. */
  breachedAtText?: string;
  /** When it was met (ISO instant): the phone writes it as 11月4日 10:00 (member view). */
  metAt?: string;
  /** One line on what this clock means, in plain words (member view only). */
  hint?: string;
}

export interface TimelineItemView {
  id: string;
  at: string;
  atText: string;
  type: string;
  label: string;
  text?: string;
  by: 'member' | 'staff' | 'system';
}

export interface ComplaintListItem {
  id: string;
  number: string;
  categoryLabel: string;
  status: string;
  statusLabel: string;
  summary: string;
  receivedAtText: string;
  /** What the member must do now, if anything: 待您补充 / 待评价 (the list card shows it instead of a date). */
  todo?: string;
  /** The earliest running deadline, for the list card (the phone writes 12月3日24时前答复). */
  memberNext?: { kind: DeadlineKind; dueAt: string };
}

export interface MemberComplaintView extends ComplaintListItem {
  category: string;
  description: string;
  policyNo?: string;
  claimNo?: string;
  attachments: string[];
  deadlines: DeadlineView[];
  timeline: TimelineItemView[];
  decision?: { findings: string; basis: string; remedies: string[]; decidedAtText: string };
  rating?: { score: number; comment?: string };
  reviewWindowEndsAtText?: string;
  /** The same instant (ISO), for the phone's Chinese date format. */
  reviewWindowEndsAt?: string;
  /**
   * A running deadline has passed: the apology (configuration, compliance; `apologyConfirmed` false while
   * it is a placeholder), which clocks were missed, and the next binding date (the regulatory one) if it has not passed too.
   */
  overdue?: { apology: string; apologyConfirmed: boolean; missed: string[]; nextBinding?: { label: string; dueAt: string } };
  can: { rate: boolean; requestReview: boolean; addInformation: boolean; withdraw: boolean };
}

export interface SubmitComplaintRequest {
  idempotencyKey: string;
  category: string;
  description: string;
  policyNo?: string;
  claimNo?: string;
  amountAtStake?: number;
  attachments?: string[];
  urgent?: boolean;
}

export interface SubmitComplaintResponse {
  complaint: MemberComplaintView;
  /** false when this was a retry of an earlier submit: the first record is returned. */
  created: boolean;
}

export interface ComplaintPage {
  items: ComplaintListItem[];
  nextCursor?: string;
}

export type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter';

// ---- staff (admin page) ----

export interface StaffQueueItem {
  id: string;
  number: string;
  version: number;
  categoryLabel: string;
  status: string;
  statusLabel: string;
  grade: string;
  gradeLabel: string;
  /** The grade as every staff screen shows it: 重大, or 重大（待确认） while provisional (labels.ts gradeText). */
  gradeText: string;
  gradeConfirmed: boolean;
  greenChannel: boolean;
  channelLabel: string;
  ownerId?: string;
  /** The owner's display name from the staff register (absent when unassigned or the id is not a staff account). */
  ownerName?: string;
  summary: string;
  receivedAtText: string;
  /** Earliest running deadline: what the queue is ordered by. */
  nextDue?: { kind: DeadlineKind; label: string; dueAt: string; dueAtText: string; overdue: boolean; provisional: boolean };
  /** Who the case is from, masked (张*敏); 访客 for a member who has not bound a policy. */
  memberName: string;
  /** The contact phone a phone case left, else the member's, masked. */
  phoneMasked?: string;
}

export interface StaffTimelineItem extends TimelineItemView {
  visibility: 'member' | 'internal';
  actorId?: string;
  /** Staff name, 会员 or 系统. */
  actorName: string;
}

export interface StaffComplaintView extends StaffQueueItem {
  memberId: string;
  channel: string;
  category: string;
  description: string;
  policyNo?: string;
  claimNo?: string;
  attachments: string[];
  contactName?: string;
  deadlines: DeadlineView[];
  timeline: StaffTimelineItem[];
  decision?: { findings: string; basis: string; remedies: string[]; decidedAtText: string };
  regulatoryDays: number;
  breaches: { kind: DeadlineKind; dueAt: string; at: string }[];
  mergedInto?: string;
  /** Content-safety flags on the member's texts (msgSecCheck): shown to staff, never to the member. */
  contentFlags: { field: string; fieldLabel: string; verdict: 'review' | 'risky' | 'unchecked'; verdictLabel: string; checkedAtText: string }[];
  /** Actions the current status allows (the role check is separate). */
  allowed: string[];
  /**
   * Per allowed action: may the staff member viewing it take it on this case (case ownership,
   * core/complaints/ownership.ts), and if not why, e.g. 该案件由王小丽负责，仅负责人及其上级可以处理….
   */
  access: Record<string, { may: boolean; blockedReason?: string }>;
  /** The viewing staff member holds this case. */
  mine: boolean;
  /** May the viewer unmask the member's details and texts on this case (need to know; the API enforces it). */
  personalData: { may: boolean; blockedReason?: string };
  /**
   * Some text shows phone, ID or card numbers masked (138****8000); the original is shown only through
   * `complaints/unmaskText`, with a reason, audited. Its answer's `texts` are keyed `description`,
   * `timeline:<entry id>`, `decision:findings`, ….
   */
  hasMaskedText?: boolean;
}

export interface StaffPage {
  items: StaffQueueItem[];
  nextCursor?: string;
}

export interface StaffMe {
  id: string;
  name: string;
  role: string;
  roleLabel: string;
  permissions: string[];
}

/** The member's own record, for the 会员中心 home. */
export interface MemberProfile {
  kind: 'visitor' | 'bound';
  name?: string;
  phoneMasked?: string;
  tier: 'visitor' | 'standard' | 'silver' | 'gold';
  tierLabel: string;
  tierReviewedAtText?: string;
  nextTierHint?: string;
  /** A downgrade the yearly review will apply, announced in advance (core/members/profile.ts). */
  tierNotice?: string;
  policies: {
    policyNo: string;
    productName: string;
    status: 'inForce' | 'lapsed' | 'surrendered' | 'expired';
    statusLabel: string;
    effectiveDate: string;
    expiryDate: string;
    insured: string[];
  }[];
  /** Unread messages (of the newest 100), for the home's 消息 badge; `me` adds it. */
  unreadMessages?: number;
}

// ——— 咨询 (cloudfunctions/consultations; built by core/consultations/views.ts) ———

export type ConsultationTopic = 'insurance' | 'coverage' | 'enrollment';
export type ConsultationStatus = 'awaitingReply' | 'withAdvisor' | 'answered' | 'closed' | 'converted';

export interface ConsultationListItem {
  id: string;
  number: string;
  topic: ConsultationTopic;
  topicLabel: string;
  status: ConsultationStatus;
  statusLabel: string;
  question: string;
  receivedAtText: string;
  updatedAtText: string;
}

export interface ConsultationPage {
  items: ConsultationListItem[];
  nextCursor?: string;
}

export interface ConsultationPlanView {
  id: string;
  products: { name: string; code?: string }[];
  premiumMinFen: number;
  premiumMaxFen: number;
  premiumText: string;
  reasons: string[];
  atText: string;
}

export interface MemberConsultationView extends ConsultationListItem {
  policyNo?: string;
  stageLabel: string;
  /** While a reply is owed: 预计…前答复. */
  dueText?: string;
  timeline: {
    id: string;
    type: string;
    atText: string;
    /** 我 / 客服 / 保险顾问 / 系统 */
    from: string;
    mine: boolean;
    text?: string;
    attachments: string[];
    score?: number;
  }[];
  plans: ConsultationPlanView[];
  enrollmentRecorded: boolean;
  rating?: { score: number; comment?: string };
  complaint?: { id: string; number: string };
  canFollowUp: boolean;
  canRate: boolean;
}

export interface AskConsultationResponse {
  consultation: MemberConsultationView;
  created: boolean;
}

// ——— 理赔 (cloudfunctions/claims; core/claims/views.ts) ———

export type ClaimStatus = 'draft' | 'reported' | 'documentsPending' | 'underReview' | 'decided' | 'paid' | 'withdrawn';

export interface ClaimTypeOption {
  key: string;
  label: string;
  checklist: { key: string; label: string; sensitive: boolean }[];
}

export interface ClaimPolicyOption {
  policyNo: string;
  productName: string;
  effectiveDate: string;
  expiryDate: string;
  insured: { index: number; name: string; relation: string }[];
  coverages: { name: string; sumInsuredYuan: string }[];
  /** Keys of the claim types a coverage on this policy pays. */
  claimTypes: string[];
}

export interface ClaimListItem {
  id: string;
  number?: string;
  status: ClaimStatus;
  statusLabel: string;
  claimTypeLabel: string;
  policyNo: string;
  incidentDate: string;
  needed: number;
  awaitingAcceptance: boolean;
  dueAt?: string;
  updatedAt: string;
}

export interface ClaimPage {
  items: ClaimListItem[];
  nextCursor?: string;
}

export interface MemberClaimView {
  id: string;
  number?: string;
  status: ClaimStatus;
  statusLabel: string;
  step: number;
  steps: string[];
  policyNo: string;
  productName: string;
  /** name: in full for the member (their own insured person), masked for staff. */
  insured: { index: number; maskedName: string; name: string; relation: string };
  claimType: string;
  claimTypeLabel: string;
  incidentDate: string;
  place: string;
  description: string;
  claimedYuan?: string;
  checklist: { key: string; label: string; sensitive: boolean; state: 'missing' | 'uploaded' | 'waived'; stateLabel: string; files: string[]; requested: boolean }[];
  needed: string[];
  collecting: boolean;
  nextDeadline?: { kind: string; label: string; dueAt: string; dueText: string; meaning: string; provisional: boolean };
  paused?: string;
  decision?:
    | { kind: 'pay'; amountYuan: string; basis: string; offeredAt: string; agreedAt?: string; mayAccept: boolean }
    | { kind: 'refuse'; reasons: string; letter: string; decidedAt: string };
  payments: { kind: 'advance' | 'final'; paidOn: string; amountYuan: string; reference: string }[];
  paidYuan: string;
  complaint?: { number: string };
  progress: ClaimStep[];
  receipt?: ClaimReceipt;
  letter?: ClaimLetter;
  timeline: { id: string; at: string; type: string; text?: string; mine: boolean }[];
  version: number;
  updatedAt: string;
}

/** One row of a claim paper (label: value). */
export interface ClaimPaperRow {
  label: string;
  value: string;
}

/** 报案 · 立案 · 材料齐全 · 审核 · 结案 · 支付, with the date each was reached. */
export interface ClaimStep {
  key: 'reported' | 'registered' | 'documentsComplete' | 'reviewed' | 'closed' | 'paid';
  label: string;
  at?: string;
  /** YYYY-MM-DD in Shanghai (a payment: the day the money left). */
  day?: string;
  text: string;
  state: 'done' | 'current' | 'pending' | 'notApplicable';
}

/** 理赔报案电子回单: what was reported and which documents were listed, fixed at the report. */
export interface ClaimReceipt {
  title: string;
  number: string;
  receivedAt: string;
  receivedText: string;
  rows: ClaimPaperRow[];
  documents: { label: string; stateLabel: string }[];
  footer: string;
}

/** 理赔核定书 or 拒赔通知书, from the handler's recorded calculation. */
export interface ClaimLetter {
  kind: 'pay' | 'refuse';
  title: string;
  number: string;
  date: string;
  rows: ClaimPaperRow[];
  calculation: ClaimPaperRow[];
  conclusion: string;
  remedies: string[];
}

export interface SaveClaimDraftResponse {
  claim: MemberClaimView;
  created: boolean;
}
