/**
 * 个人信息保护 (PIPL) for members: the privacy notice they consent to, their consents, and the
 * requests they make about their data (arts 45–47: access and copy, correction, deletion).
 */

/** General consent to the privacy notice; sensitive = 单独同意 for health and financial-account data (PIPL art 29). */
export const CONSENT_KINDS = { general: '隐私政策', sensitive: '敏感个人信息（健康、金融账户）' } as const;
export type ConsentKind = keyof typeof CONSENT_KINDS;

/** `declined`: shown the notice and tapped 不同意 (kept so the record shows the member was asked). */
export type ConsentAction = 'given' | 'withdrawn' | 'declined';

/** One consent event, append-only: the state is the latest event of each kind. */
export interface ConsentEvent {
  id: string;
  memberId: string;
  kind: ConsentKind;
  action: ConsentAction;
  /** The notice version the member saw when acting. */
  noticeVersion: string;
  at: string;
}

export const REQUEST_KINDS = { export: '数据导出', correction: '更正申请', deletion: '删除申请' } as const;
export type PrivacyRequestKind = keyof typeof REQUEST_KINDS;

/**
 * received (已受理) → completed (已办结) | refused (已拒绝, with its reason: PIPL art 50).
 * An export is self-service: recorded completed the moment the file is produced.
 */
export const REQUEST_STATUSES = { received: '处理中', completed: '已办结', refused: '未予办理' } as const;
export type PrivacyRequestStatus = keyof typeof REQUEST_STATUSES;

export const CORRECTION_FIELDS = { name: '姓名', phone: '手机号', idNumber: '身份证号', policy: '保单信息', other: '其他' } as const;
export type CorrectionField = keyof typeof CORRECTION_FIELDS;

/** A record type kept about a member, and what the retention table says happens to it on deletion. */
export type RecordType =
  | 'memberProfile'
  | 'messages'
  | 'subscriptions'
  | 'bindingCodes'
  | 'rateLimits'
  | 'policies'
  | 'complaints'
  | 'consents'
  | 'privacyRequests'
  | 'auditLog';

export interface FrozenRecord {
  recordType: RecordType;
  label: string;
  basis: string;
  period: string;
  confirmed: boolean;
}

export interface DeletionOutcome {
  /** What was erased (record type → how many records); `smsSandbox` only on the local system (a development aid). */
  erased: { recordType: RecordType | 'smsSandbox'; label: string; count: number }[];
  /** What the law requires us to keep: stored and protected, used for nothing else (PIPL art 47). */
  frozen: FrozenRecord[];
  unboundPolicies: string[];
}

export interface PrivacyRequest {
  id: string;
  /** Readable for the member and staff: YS20260928-1A2B3C4D. */
  number: string;
  memberId: string;
  kind: PrivacyRequestKind;
  status: PrivacyRequestStatus;
  receivedAt: string;
  /** 15 working days from the day after receipt (data, CLARIFICATIONS "Members"), stored for the queue and the timer. */
  dueAt: string;
  /** The due date relied on days the calendar does not know yet (暂定). */
  dueProvisional: boolean;
  /** What the member asked, in their words. */
  correction?: { field: CorrectionField; detail: string };
  deletionReason?: string;
  /** 注销: the member also let go of every policy when asking. */
  closeAccount?: boolean;
  /** Masked, as staff lists show members: captured at receipt, since deletion may remove the member record. */
  memberMasked: { name?: string; phone?: string; kind: 'visitor' | 'bound' };
  handledBy?: { id: string; name: string; role: string };
  completedAt?: string;
  /** For a correction: what staff corrected, and where. */
  resolutionNote?: string;
  refusalReason?: string;
  deletion?: DeletionOutcome;
  /** When staff were warned the due time is near, and told it passed: each recorded once, by the deadline timer. */
  warnedAt?: string;
  breachedAt?: string;
  version: number;
  updatedAt: string;
}

/** A one-time SMS code that proves, afresh, that the member holds their bound phone before a full export. */
export interface ExportVerification {
  id: string;
  memberId: string;
  phoneIndex: string;
  codeHash: string;
  expiresAt: string;
  wrongAttempts: number;
  usedAt?: string;
  createdAt: string;
}

export type VerificationVerdict = { pass: true; verification: ExportVerification } | { pass: false; verification?: ExportVerification; error: Error };
