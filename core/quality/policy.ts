/** Quality-inspection rules (data; a compliance officer confirms them). */
export const QUALITY_POLICY = {
  /** The handler's one appeal: within this many working days of the score. */
  appealWorkingDays: 5,
  /** Cases of a handler under an open improvement item, taken for re-inspection in each later sample. */
  reinspectCount: 3,
  /** An improvement item from a failed score: working days to put it right. */
  improvementWorkingDays: 20,
  /** At most this many cases drawn at random per stratum. */
  maxPerStratum: 20,
} as const;
