/**
 * Personal numbers (phone, ID, bank card) in a consultation's texts, handled as complaints handle them
 * (core/complaints/personalTexts.ts): stored masked, each original sealed under its key (`question`,
 * `timeline:<entry id>`, `rating`, `plan:<id>:reason:<i>`, `enrollment:<id>`); opened for the member who
 * wrote them and for staff only through the audited unmask.
 */
import { maskPersonalText } from '../shared/personalText';
import type { Consultation } from './model';

export interface TextSealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

type TextMap = (key: string, text: string) => string;

const mapTexts = (c: Consultation, f: TextMap): Consultation => ({
  ...c,
  question: f('question', c.question),
  timeline: c.timeline.map((e) => (e.text === undefined ? e : { ...e, text: f(`timeline:${e.id}`, e.text) })),
  rating: c.rating && (c.rating.comment === undefined ? c.rating : { ...c.rating, comment: f('rating', c.rating.comment) }),
  plans: c.plans.map((p) => ({ ...p, reasons: p.reasons.map((r, i) => f(`plan:${p.id}:reason:${i}`, r)) })),
  enrollments: c.enrollments.map((x) => ({ ...x, note: f(`enrollment:${x.id}`, x.note) })),
});

/** Masks every personal number and seals each original beside it; idempotent on a stored record. */
export const sealConsultationTexts = (box: TextSealer, c: Consultation): Consultation => {
  const sealed: Record<string, string> = { ...(c.sealedTexts ?? {}) };
  let changed = false;
  const next = mapTexts(c, (key, text) => {
    const m = maskPersonalText(text);
    if (!m.spans.length) return text;
    sealed[key] = box.seal(text);
    changed = true;
    return m.text;
  });
  return changed ? { ...next, sealedTexts: sealed } : c;
};

/** The originals still current, by key. */
export const openConsultationTexts = (box: TextSealer, c: Consultation): Record<string, string> => {
  const out: Record<string, string> = {};
  if (!c.sealedTexts) return out;
  mapTexts(c, (key, text) => {
    const s = c.sealedTexts![key];
    if (s) {
      const original = box.open(s);
      if (maskPersonalText(original).text === text) out[key] = original;
    }
    return text;
  });
  return out;
};

/** The record as the member wrote it, for the member's own views. */
export const revealConsultationTexts = (box: TextSealer, c: Consultation): Consultation => {
  if (!c.sealedTexts) return c;
  const originals = openConsultationTexts(box, c);
  const { sealedTexts: _sealed, ...rest } = mapTexts(c, (key, text) => originals[key] ?? text);
  return rest;
};
