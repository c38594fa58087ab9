/**
 * 整改台账 (seed 000: special inspections whose findings are followed to closure). An inspection holds
 * findings; a ledger item (整改事项) is one thing to fix, with an owner, a working-day deadline, evidence
 * and a verification by someone other than the owner. Items also come from early-warning alerts,
 * satisfaction results, complaint root causes and (issue 14) quality-inspection scores: the source is
 * generic, `{ kind, ref }`, so a new source needs no change here beyond its label.
 */

/** 专项检查的类别. */
export const INSPECTION_KINDS = {
  disclosure: '信息披露',
  complaints: '投诉处理',
  claims: '理赔流程',
  security: '信息安全',
  other: '其他',
} as const;
export type InspectionKind = keyof typeof INSPECTION_KINDS;

export const LEDGER_STATUSES = {
  open: '待整改',
  inProgress: '整改中',
  awaitingVerification: '待验证',
  closed: '已关闭',
} as const;
export type LedgerStatus = keyof typeof LEDGER_STATUSES;

export const SOURCE_KINDS = {
  finding: '检查发现',
  earlyWarning: '风险预警',
  satisfaction: '满意度结果',
  complaintRootCause: '投诉根因',
  qualityInspection: '质检评分',
  manual: '手工登记',
} as const;
export type LedgerSourceKind = keyof typeof SOURCE_KINDS;

/** Where an item came from: the finding, alert, satisfaction line … by its own id or key. */
export interface LedgerSource {
  kind: LedgerSourceKind;
  /** The source record's id or key (a finding id, an alert id, `handler:<id>|2026-Q3` …). */
  ref: string;
  /** A short description of the source as staff read it (no personal data). */
  label?: string;
}

export const LINK_AREAS = {
  complaints: '投诉',
  consultations: '咨询',
  claims: '理赔',
  privacy: '个人信息请求',
  incidents: '安全事件',
} as const;
export type LinkArea = keyof typeof LINK_AREAS;

/** A case that raised the item: its number only; names are never copied onto the ledger. */
export interface LedgerLink {
  area: LinkArea;
  id: string;
  number: string;
}

export interface Inspection {
  id: string;
  kind: InspectionKind;
  title: string;
  /** 检查期间, e.g. 2026年第三季度 or 2026-07-01 至 2026-09-30. */
  period: string;
  scope: string;
  /** The inspector's display name as recorded (an inspection may be run by someone without an account). */
  inspector: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  findingCount: number;
  version: number;
}

export interface Finding {
  id: string;
  inspectionId: string;
  /** Sequence within the inspection, from 1 (问题1, 问题2 …). */
  seq: number;
  description: string;
  severity: FindingSeverity;
  createdBy: string;
  createdAt: string;
}

export const FINDING_SEVERITIES = { low: '一般', medium: '较重', high: '严重' } as const;
export type FindingSeverity = keyof typeof FINDING_SEVERITIES;

export interface LedgerEvidence {
  fileId: string;
  name?: string;
  note?: string;
  uploadedBy: string;
  uploadedAt: string;
}

export type LedgerTimelineKind =
  | 'opened'
  | 'started'
  | 'progress'
  | 'evidence'
  | 'submitted'
  | 'verified'
  | 'returned'
  | 'reassigned'
  | 'deadlineChanged'
  | 'deadlineWarning'
  | 'deadlineBreached'
  | 'escalated';

export interface LedgerTimelineEntry {
  at: string;
  kind: LedgerTimelineKind;
  /** Staff id, or 'system' for the deadline timer. */
  by: string;
  text: string;
}

export interface LedgerItem {
  id: string;
  /** 整改编号, ZG20261125-0001. */
  number: string;
  kind: InspectionKind;
  title: string;
  description: string;
  source: LedgerSource;
  /** Set when the item comes from a finding. */
  inspectionId?: string;
  findingId?: string;
  links: LedgerLink[];
  ownerId: string;
  status: LedgerStatus;
  openedAt: string;
  openedBy: string;
  /** How the deadline was given, kept so a new holiday notice can recompute it. */
  deadline: LedgerDeadlineSpec;
  dueAt: string;
  /** The deadline relied on days the calendar does not yet know (暂定). */
  dueProvisional: boolean;
  warnedAt?: string;
  breachedAt?: string;
  /** Who the breach was escalated to (the owner's supervisor, else a manager), once. */
  escalatedTo?: { id: string; name: string; role: string; at: string };
  /** The breach's escalation was held by the clock guard (core/deadlines/clockGuard.ts): taken on a later run. */
  escalationHeld?: boolean;
  /** When the deadline timer next needs to look at the item; absent once closed. */
  nextCheckAt?: string;
  evidence: LedgerEvidence[];
  submittedAt?: string;
  verifiedBy?: string;
  closedAt?: string;
  timeline: LedgerTimelineEntry[];
  createdByRequest: string;
  updatedAt: string;
  version: number;
}

/** A number of working days from the day the item is opened, or a fixed date (rolled to a working day). */
export type LedgerDeadlineSpec = { workingDays: number } | { date: string };

export const LEDGER_RULES = {
  maxLinks: 50,
  maxEvidence: 20,
  maxWorkingDays: 250,
  /** Warned this long before the due time. */
  warnBeforeMs: 3 * 24 * 3_600_000,
  /** A default for callers that do not choose: 20 working days (about a month). */
  defaultWorkingDays: 20,
  maxTimeline: 200,
  /**
   * Evidence travels base64 inside one admin API call, whose body is capped at 5 MB (the gateway and the
   * function's HTTP trigger): 3 MB of file is 4 MB of base64.
   */
  maxEvidenceBytes: 3 * 1024 * 1024,
} as const;
