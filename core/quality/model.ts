/**
 * 服务质检 (seed 002 §八: 服务过程监控, 服务质量评估, 改进措施, 效果跟踪): inspectors sample handled work each
 * period, score it on the area's scorecard, handlers see the result and may appeal once, and a fatal error or
 * a score below the bar becomes an improvement item in the rectification ledger, re-inspected later.
 */
export type QualityArea = 'complaints' | 'consultations' | 'claims';

export const QUALITY_AREAS: Record<QualityArea, string> = { complaints: '投诉', consultations: '咨询', claims: '理赔' };

export interface ScorecardItem {
  key: string;
  label: string;
  /** Points the item is worth; a scorecard's weights sum to exactly 100. */
  weight: number;
  /** What the inspector checks, in words. */
  guide: string;
}

/** An error that fails the whole case whatever the points (e.g. a wrong regulatory date). */
export interface FatalError {
  key: string;
  label: string;
}

export interface Scorecard {
  area: QualityArea;
  /** Bumped on every change; a score records the version it was given on. */
  version: number;
  items: ScorecardItem[];
  fatalErrors: FatalError[];
  /** A total below this opens an improvement item. */
  passMark: number;
  updatedAt: string;
  updatedBy?: { id: string; name: string };
}

/** One handled case as the sampling frame sees it (no personal data: numbers, staff and facts only). */
export interface FrameCase {
  area: QualityArea;
  id: string;
  number: string;
  /** Who handled it (the resolution's staff member, or the owner). */
  handlerId: string;
  team?: string;
  /** Grade (complaints) or type (consultations, claims): the strata besides the handler. */
  grade?: string;
  type?: string;
  closedAt: string;
  /** The member's rating (1–5), when given. */
  rating?: number;
  breached: boolean;
  reviewRequested: boolean;
}

export type Stratum = 'handler' | 'grade' | 'type';

/** Why a case is in the sample: drawn at random in its stratum, or taken whole. */
export type SampleReason = 'random' | 'lowRating' | 'breach' | 'review' | 'reinspection';

export const SAMPLE_REASONS: Record<SampleReason, string> = {
  random: '分层随机抽取',
  lowRating: '会员低评分',
  breach: '超时',
  review: '会员申请核查',
  reinspection: '整改复检',
};

export interface SampleItem {
  area: QualityArea;
  caseId: string;
  number: string;
  handlerId: string;
  team?: string;
  reasons: SampleReason[];
  stratumValue: string;
}

export interface Sample {
  id: string;
  area: QualityArea;
  /** Whole Shanghai month the cases closed in (YYYY-MM). */
  period: string;
  stratum: Stratum;
  perStratum: number;
  /** Recorded with the sample: the same frame and seed draw the same cases. */
  seed: number;
  inspector: { id: string; name: string };
  items: SampleItem[];
  /** Cases left out because the inspector handled them (no one inspects their own work). */
  excludedOwn: number;
  frameSize: number;
  drawnAt: string;
  version: number;
}

export interface ItemScore {
  key: string;
  points: number;
  note?: string;
}

export type AppealOutcome = 'upheld' | 'changed';

export interface QualityScore {
  id: string;
  sampleId: string;
  area: QualityArea;
  caseId: string;
  number: string;
  handlerId: string;
  team?: string;
  period: string;
  inspector: { id: string; name: string };
  scorecardVersion: number;
  /** The scorecard's pass mark when scored (an appeal's revised total is judged against it). */
  passMark: number;
  items: ItemScore[];
  fatal: string[];
  /** 0 when a fatal error was found; else the sum of the items' points. */
  total: number;
  passed: boolean;
  comment: string;
  scoredAt: string;
  /** Working-day deadline for the handler's one appeal. */
  appealUntil: string;
  appeal?: {
    reason: string;
    at: string;
    decidedAt?: string;
    decidedBy?: { id: string; name: string };
    outcome?: AppealOutcome;
    /** The score after an appeal that changed it. */
    revisedTotal?: number;
    decision?: string;
  };
  /** The improvement item a failed score opened (rectification ledger). */
  ledgerItemId?: string;
  version: number;
}
