import { qualityErrors } from './errors';
import type { ItemScore, QualityScore, Scorecard } from './model';

export interface ScoreInput {
  items: ItemScore[];
  fatal: string[];
  comment: string;
}

/**
 * Checks a score against the scorecard (every item scored once, within 0..weight, known fatal errors) and
 * works out the total: the items' points, or 0 with any fatal error. A failing case needs a comment, since the
 * handler reads it and may appeal.
 */
export const scoreAgainst = (card: Scorecard, input: ScoreInput): { total: number; passed: boolean; fatal: string[] } => {
  const byKey = new Map(card.items.map((i) => [i.key, i]));
  const seen = new Set<string>();
  for (const s of input.items) {
    const item = byKey.get(s.key);
    if (!item) throw qualityErrors.unknownItem(s.key);
    if (seen.has(s.key)) throw qualityErrors.duplicateItem(s.key);
    seen.add(s.key);
    if (!Number.isInteger(s.points) || s.points < 0 || s.points > item.weight) throw qualityErrors.pointsOutOfRange(item.label, item.weight);
  }
  for (const i of card.items) if (!seen.has(i.key)) throw qualityErrors.missingItem(i.label);
  const fatalKeys = new Set(card.fatalErrors.map((f) => f.key));
  for (const f of input.fatal) if (!fatalKeys.has(f)) throw qualityErrors.unknownFatal(f);
  const fatal = [...new Set(input.fatal)];
  const total = fatal.length ? 0 : input.items.reduce((s, i) => s + i.points, 0);
  const passed = !fatal.length && total >= card.passMark;
  if (!passed && !input.comment.trim()) throw qualityErrors.commentRequired();
  return { total, passed, fatal };
};

/** The handler's one appeal, within the window the score was given with. */
export const checkAppeal = (s: QualityScore, handlerId: string, now: Date): void => {
  if (s.handlerId !== handlerId) throw qualityErrors.notHandler();
  if (s.appeal) throw qualityErrors.alreadyAppealed();
  if (now.toISOString() >= s.appealUntil) throw qualityErrors.appealWindowClosed(s.appealUntil);
};

/** A supervisor decides: neither the handler nor the inspector who scored it. */
export const checkAppealDecision = (s: QualityScore, deciderId: string, outcome: 'upheld' | 'changed', revisedTotal?: number): void => {
  if (!s.appeal || s.appeal.outcome) throw qualityErrors.noAppeal();
  if (deciderId === s.handlerId || deciderId === s.inspector.id) throw qualityErrors.ownAppeal();
  if (outcome === 'changed' && (revisedTotal === undefined || !Number.isInteger(revisedTotal) || revisedTotal < 0 || revisedTotal > 100)) throw qualityErrors.revisedRequired();
};
