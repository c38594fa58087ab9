import type { IsoWeek } from './weeks';

/**
 * 风险预警 (issue 13 item 6): each week, unusual rises in complaints per category, product, channel and
 * sales channel against their own history, repeat complainants, and clusters on one policy or seller.
 * An alert carries everything needed to judge it without re-running anything: the series, the
 * baseline, the test and its p-value against the threshold, and the complaints behind the count.
 */

/** Dimensions whose weekly received counts are tested for a rise (one series per value). */
export const RISE_DIMS = ['category', 'product', 'channel', 'salesChannel'] as const;
export type RiseDim = (typeof RISE_DIMS)[number];

/** Every dimension an alert can be about (the rollups' weekly dims, core/rollups/weekly.ts). */
export type WarningDim = RiseDim | 'seller' | 'policy' | 'member';

export const DIM_LABELS: Record<WarningDim, string> = {
  category: '投诉类别',
  product: '产品',
  channel: '投诉渠道',
  salesChannel: '销售渠道',
  seller: '销售人员',
  policy: '保单',
  member: '投诉人',
};

export type AlertKind = 'rise' | 'repeatComplainant' | 'cluster';
export const ALERT_KIND_LABELS: Record<AlertKind, string> = { rise: '投诉异常上升', repeatComplainant: '重复投诉', cluster: '集中投诉' };

export const ALERT_STATUSES = { new: '新预警', viewed: '已查看', toLedger: '已转整改', dismissed: '已排除' } as const;
export type AlertStatus = keyof typeof ALERT_STATUSES;

/** One week of one series. */
export interface WeekCount {
  week: IsoWeek;
  count: number;
}

/** A weekly series as the detector reads it: weeks without complaints may be absent (they are zeros). */
export interface WeeklySeries {
  dim: WarningDim;
  value: string;
  weeks: WeekCount[];
}

export type TestMethod = 'poissonConditional' | 'overdispersedLogT' | 'repeatRule' | 'policyRule' | 'distinctMembersRule';

/** The statistical (or rule) evidence of an alert, as computed when it was opened. */
export interface AlertTest {
  method: TestMethod;
  /** Complaints in the alert's week (or window, for a repeat complainant). */
  count: number;
  /** History the baseline was taken from: weeks, their total and mean, and the Pearson dispersion. */
  historyWeeks?: number;
  historyTotal?: number;
  baselineMean?: number;
  dispersion?: number;
  /** Overdispersed history: the two p-values whose larger is `pValue`, and the t statistic. */
  poissonP?: number;
  tStatistic?: number;
  tP?: number;
  /** One-sided p-value P(X ≥ count | baseline). */
  pValue?: number;
  /** The p-value must be ≤ this (family α ÷ series tested), or the count ≥ this for a rule. */
  threshold: number;
  familyAlpha?: number;
  familySize?: number;
  minCount?: number;
  /** For the distinct-members rule: how many members complained. */
  distinctMembers?: number;
  /** The test in words, for the alert detail (Chinese). */
  statement: string;
}

/** A complaint behind an alert, as staff may see it in a list (masked). */
export interface EvidenceComplaint {
  id: string;
  number: string;
  receivedAt: string;
  category: string;
  channel: string;
  /** The member, masked (会员 ****a1b2): enough to tell members apart, not to identify one. */
  memberMasked: string;
  policyNoMasked?: string;
}

export interface EarlyWarningAlert {
  /** Derived from `key`, so the same alert opened twice is one document. */
  id: string;
  /** week|kind|dim|value: a re-run of a week opens nothing new. */
  key: string;
  week: IsoWeek;
  kind: AlertKind;
  dim: WarningDim;
  value: string;
  /** What the value is, for people (类别 label, masked member, seller id…). */
  label: string;
  /** The series the test read, oldest first, the alert's week last. */
  series: WeekCount[];
  test: AlertTest;
  evidence: { complaints: EvidenceComplaint[]; total: number; truncated: boolean };
  status: AlertStatus;
  viewedAt?: string;
  viewedById?: string;
  handledAt?: string;
  handledById?: string;
  dismissReason?: string;
  ledgerItemId?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A series the week could not test: too little history (reported, never alarmed). */
export interface UntestedSeries {
  dim: WarningDim;
  value: string;
  label: string;
  count: number;
  historyWeeks: number;
}

/** One week's run: what was tested and at which level; its presence makes the week done. */
export interface WeekRun {
  week: IsoWeek;
  ranAt: string;
  /** Series tested per family and the per-test threshold each got. */
  families: { family: 'rise' | 'seller'; tested: number; threshold: number }[];
  untested: UntestedSeries[];
  alerts: number;
}
