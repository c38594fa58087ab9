/**
 * 信息安全事件: incidents derived from the audit log by the detector (detector.ts) and incidents
 * staff record by hand. Each is handled (notes) and closed with a conclusion; counted by the month it
 * occurred (Shanghai) against the seed-000 target (down 20% on the same quarter a year earlier).
 */
export const DERIVED_KINDS = {
  signInBurst: '登录失败激增',
  deniedAccess: '越权访问尝试',
  unmaskOverNorm: '超常查看个人信息',
  bindingBruteForce: '保单绑定暴力尝试',
  auditChainBreak: '审计日志断链',
} as const;

/** What staff may pick when they record an incident by hand. */
export const MANUAL_KINDS = {
  dataLeak: '个人信息泄露',
  unauthorizedAccess: '未授权访问',
  misdelivery: '信息误发',
  deviceLoss: '设备或介质丢失',
  attack: '网络攻击或恶意程序',
  other: '其他安全事件',
} as const;

export const INCIDENT_KINDS = { ...DERIVED_KINDS, ...MANUAL_KINDS } as const;
export type DerivedKind = keyof typeof DERIVED_KINDS;
export type ManualKind = keyof typeof MANUAL_KINDS;
export type IncidentKind = keyof typeof INCIDENT_KINDS;

export const INCIDENT_STATUSES = { open: '待处理', handling: '处理中', closed: '已关闭' } as const;
export type IncidentStatus = keyof typeof INCIDENT_STATUSES;

export const INCIDENT_SEVERITIES = { low: '低', medium: '中', high: '高', critical: '严重' } as const;
export type IncidentSeverity = keyof typeof INCIDENT_SEVERITIES;

export const kindLabel = (kind: string): string => (INCIDENT_KINDS as Record<string, string>)[kind] ?? kind;

export interface IncidentActor {
  id: string;
  name: string;
  role: string;
}

/**
 * One audit entry behind a derived incident, copied (masked) when the incident opened: enough to find
 * it in the audit log (id) and to read what happened, never a member's identifiers in clear.
 */
export interface IncidentEvidence {
  id: string;
  at: string;
  action: string;
  actorId: string;
  actorRole: string;
  subjectType: string;
  subjectId: string;
  source?: string;
  reason?: string;
}

export interface IncidentNote {
  at: string;
  by: IncidentActor;
  text: string;
}

export interface IncidentEvent {
  at: string;
  /** detected | recorded | note | closed */
  what: string;
  label: string;
  by?: IncidentActor;
}

export interface Incident {
  id: string;
  kind: IncidentKind;
  source: 'derived' | 'manual';
  status: IncidentStatus;
  severity: IncidentSeverity;
  /** When it happened (derived: the first audit entry of the burst). Counted by its Shanghai month. */
  occurredAt: string;
  /** YYYY-MM in Asia/Shanghai, of occurredAt: what the counts group by. */
  occurredMonth: string;
  title: string;
  description: string;
  affectedMembers?: number;
  /** Derived: rule, subject (masked) and the window counted. */
  detection?: { key: string; rule: string; subject: string; windowFrom: string; windowTo: string; count: number; threshold: number };
  evidence: IncidentEvidence[];
  recordedBy?: IncidentActor;
  /** Manual: the submit's idempotency key hash and the request's hash, so a retry returns the first record. */
  requestHash?: string;
  notes: IncidentNote[];
  timeline: IncidentEvent[];
  conclusion?: string;
  closedAt?: string;
  closedBy?: IncidentActor;
  createdAt: string;
  updatedAt: string;
  version: number;
}
