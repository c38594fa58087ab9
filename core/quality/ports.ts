import type { AuditDraft } from '../audit/chain';
import type { Page } from '../shared/page';
import type { FrameCase, QualityArea, QualityScore, Sample, Scorecard } from './model';

export interface ScoreFilter {
  period?: string;
  area?: QualityArea;
  handlerId?: string;
  sampleId?: string;
  /** Scores with an appeal not yet decided. */
  appealPending?: boolean;
}

/**
 * The quality store. Every write is one transaction with its audit entries: a sample is created once per
 * (inspector, key); a case is scored once per sample (a second score answers `created: false`); updates
 * check the version.
 */
export interface QualityStore {
  /** The area's current scorecard, or null before the first save (the defaults apply). */
  getScorecard(area: QualityArea): Promise<Scorecard | null>;
  /** Saves `card` if the stored version is still `expectedVersion` (0 = none stored yet), else QA.VERSION_CONFLICT. */
  saveScorecard(input: { card: Scorecard; expectedVersion: number; audit: readonly AuditDraft[] }): Promise<void>;
  createSample(input: { sample: Sample; keyHash: string; requestHash: string; audit: readonly AuditDraft[] }): Promise<{ sample: Sample; created: boolean; sameRequest: boolean }>;
  getSample(id: string): Promise<Sample | null>;
  /** Newest first. */
  listSamples(filter: { area?: QualityArea; period?: string }, page: { limit: number; cursor?: string }): Promise<Page<Sample>>;
  /** Inserts unless the case already has a score in this sample: then the first one, `created: false`. */
  createScore(input: { score: QualityScore; audit: readonly AuditDraft[] }): Promise<{ score: QualityScore; created: boolean }>;
  getScore(id: string): Promise<QualityScore | null>;
  updateScore(input: { score: QualityScore; expectedVersion: number; audit: readonly AuditDraft[] }): Promise<void>;
  /** Newest first. */
  listScores(filter: ScoreFilter, page: { limit: number; cursor?: string }): Promise<Page<QualityScore>>;
}

/** The cases of an area that closed (resolved, answered, decided) in a whole Shanghai month. */
export interface QualityFrameSource {
  frame(area: QualityArea, period: string): Promise<FrameCase[]>;
}

/** The whole record an inspector reads, as the area's staff view with personal data masked. */
export interface QualityCaseReader {
  read(area: QualityArea, id: string): Promise<unknown | null>;
}
