/**
 * Personal numbers (phone, ID, bank card) in a consultation's texts, handled as complaints handle them
 * (core/complaints/personalTexts.ts): stored masked, each original sealed under its key (`question`,
 * `timeline:<entry id>`, `rating`, `plan:<id>:reason:<i>`, `enrollment:<id>`); opened for the member who
 * wrote them and for staff only through the audited unmask.
 */
import { sealedTexts, type TextMap } from '../shared/sealedTexts';
import type { Consultation } from './model';

export type { TextSealer } from '../shared/sealedTexts';

const mapTexts = (c: Consultation, f: TextMap): Consultation => ({
  ...c,
  question: f('question', c.question),
  timeline: c.timeline.map((e) => (e.text === undefined ? e : { ...e, text: f(`timeline:${e.id}`, e.text) })),
  rating: c.rating && (c.rating.comment === undefined ? c.rating : { ...c.rating, comment: f('rating', c.rating.comment) }),
  plans: c.plans.map((p) => ({ ...p, reasons: p.reasons.map((r, i) => f(`plan:${p.id}:reason:${i}`, r)) })),
  enrollments: c.enrollments.map((x) => ({ ...x, note: f(`enrollment:${x.id}`, x.note) })),
});

const consultationTexts = sealedTexts(mapTexts);

/** Masks every personal number and seals each original beside it; idempotent on a stored record. */
export const sealConsultationTexts = consultationTexts.seal;
/** The originals still current, by key. */
export const openConsultationTexts = consultationTexts.open;
/** The record as the member wrote it, for the member's own views. */
export const revealConsultationTexts = consultationTexts.reveal;
