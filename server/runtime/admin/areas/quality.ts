import {
  qualityAppeal,
  qualityCase,
  qualityDecideAppeal,
  qualityDraw,
  qualitySample,
  qualitySamples,
  qualitySaveScorecard,
  qualityScore,
  qualityScorecards,
  qualityScores,
  qualitySummary,
} from '../../../../core/quality/staffActions';
import type { StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

/**
 * 服务质检: samples drawn each month (reproducible, never the inspector's own cases), scores on the area's
 * scorecard, the handler's one appeal and its decision, the scorecards themselves and the figures per
 * handler, team, area and month. A failed score opens an improvement item in the rectification ledger.
 */
export const qualityArea: StaffArea<AdminDeps> = {
  scorecards: qualityScorecards,
  saveScorecard: qualitySaveScorecard,
  draw: qualityDraw,
  samples: qualitySamples,
  sample: qualitySample,
  case: qualityCase,
  score: qualityScore,
  scores: qualityScores,
  appeal: qualityAppeal,
  decideAppeal: qualityDecideAppeal,
  summary: qualitySummary,
};
