import type { AuditDraft } from '../audit/chain';
import type { Quarter } from './quarter';
import type { SourceKey } from './sources';

/**
 * A quarter's figures as flat values under stable keys, so a frozen snapshot and today's sources
 * compare key by key:
 *   c.received c.resolved c.rated c.satisfied c.median c.p90
 *   cat.<code>.received|resolved|rated|satisfied|median
 *   inc.total inc.kind.<key>
 *   reach.opened reach.active
 * A key is absent when its source is not connected; null when the source counts nothing (a median of none).
 */
export type FigureValues = Record<string, number | null>;

export interface QuarterFigures {
  quarter: Quarter;
  values: FigureValues;
  /** Labels of categories (`cat.<code>`) and incident kinds (`inc.kind.<key>`) as the sources gave them. */
  labels: Record<string, string>;
  connected: Record<SourceKey, boolean>;
}

/** The figures of a past quarter as first reported: never changed afterwards. */
export interface QuarterSnapshot extends QuarterFigures {
  frozenAt: string;
  /** The first report of the quarter, or the timer after the settle period. */
  trigger: 'report' | 'timer';
  /** sha256 of the canonical JSON of quarter, values, labels and connected. */
  hash: string;
}

/** A later difference between today's sources and the frozen figures, recorded once. */
export interface QuarterCorrection {
  id: string;
  quarter: Quarter;
  metric: string;
  frozen: number | null;
  corrected: number | null;
  /** When it was noticed (ISO instant). */
  at: string;
}

export interface QuarterCommentary {
  quarter: Quarter;
  text: string;
  version: number;
  updatedAt: string;
  updatedBy: { id: string; role: string; name: string };
}

export interface ReportStore {
  snapshot(quarter: Quarter): Promise<QuarterSnapshot | null>;
  /** Stores it unless one exists; answers the stored one either way (a concurrent first report loses quietly). */
  freeze(s: QuarterSnapshot): Promise<QuarterSnapshot>;
  /** Oldest first. */
  corrections(quarter: Quarter): Promise<QuarterCorrection[]>;
  /**
   * Records a correction unless one for the same quarter, metric and corrected value exists
   * (idempotent: two runs noticing the same change record it once). True when it was written.
   */
  addCorrection(c: QuarterCorrection): Promise<boolean>;
  commentary(quarter: Quarter): Promise<QuarterCommentary | null>;
  /** Every version, oldest first. */
  commentaryHistory(quarter: Quarter): Promise<QuarterCommentary[]>;
  /** Version-checked (REPORTS.COMMENTARY_CONFLICT): `expectedVersion` 0 for the first; the audit entry in the same write. */
  saveCommentary(c: QuarterCommentary, expectedVersion: number, audit: AuditDraft): Promise<void>;
}

/** The key a correction is idempotent on. */
export const correctionKey = (c: Pick<QuarterCorrection, 'quarter' | 'metric' | 'corrected'>) => `${c.quarter}|${c.metric}|${c.corrected === null ? 'null' : c.corrected}`;
