/**
 * Personal numbers in a complaint's free text (core/shared/personalText.ts): what is stored, and who
 * reads the original.
 *
 * - Stored: every free text of the record (description, timeline texts — the member's added
 *   information, review reason, rating comment, staff replies, notes, requests — the decision, the
 *   review reason, rating comments, extension and appraisal reasons) holds its MASKED form; the
 *   original of each text that contained a personal number is sealed, one blob per text, in
 *   `sealedTexts` under the text's key (`description`, `timeline:<entry id>`, …). A text without
 *   personal numbers costs nothing. Sealing happens at the two places a record is written
 *   (persist.saveChange and the creates), so no transition has to remember it.
 * - Read in full: by the member who wrote it (member views and the PIPL export reveal their own record),
 *   and by staff only through the audited `complaints/unmaskText` (staffUseCases).
 * - A text that was replaced (a second decision) keeps no stale original: an original is used only
 *   when masking it gives exactly the stored text.
 */
import { sealedTexts, type TextMap } from '../shared/sealedTexts';
import type { Complaint } from './model';

export type { TextSealer } from '../shared/sealedTexts';

const mapOptional = (key: string, text: string | undefined, f: TextMap) => (text === undefined ? undefined : f(key, text));

/** The record with each free text passed through `f(key, text)`; a new object, untouched parts shared. */
export const mapComplaintTexts = (c: Complaint, f: TextMap): Complaint => ({
  ...c,
  description: f('description', c.description),
  timeline: c.timeline.map((e) => (e.text === undefined ? e : { ...e, text: f(`timeline:${e.id}`, e.text) })),
  review: c.review && { ...c.review, reason: f('review:reason', c.review.reason) },
  ratings: c.ratings.map((r) => (r.comment === undefined ? r : { ...r, comment: mapOptional(`rating:${r.forResolution}`, r.comment, f) })),
  decision: c.decision && {
    ...c.decision,
    findings: f('decision:findings', c.decision.findings),
    basis: f('decision:basis', c.decision.basis),
    remedies: c.decision.remedies.map((r, i) => f(`decision:remedy:${i}`, r)),
  },
  clocks: {
    ...c.clocks,
    extensions: c.clocks.extensions.map((x, i) => ({ ...x, reason: f(`extension:${i}`, x.reason) })),
    appraisals: c.clocks.appraisals.map((a, i) => ({ ...a, reason: f(`appraisal:${i}`, a.reason) })),
  },
});

const complaintTexts = sealedTexts(mapComplaintTexts);

/** Masks every personal number in the record's texts and seals each original beside it (idempotent). */
export const sealComplaintTexts = complaintTexts.seal;
/** The originals still current, by key (a stale one — its text since replaced — is left out). */
export const openComplaintTexts = complaintTexts.open;
/** The record as its member wrote it: every text in full, no sealed copies. For the member's own views and export. */
export const revealComplaintTexts = complaintTexts.reveal;

/** Where a text key points, in words staff read in the audit trail and on the page. */
export const textKeyLabel = (key: string): string => {
  if (key === 'description') return '投诉内容';
  if (key.startsWith('timeline:')) return '处理记录';
  if (key === 'review:reason') return '复核理由';
  if (key.startsWith('rating:')) return '评价留言';
  if (key.startsWith('decision:')) return '处理结果';
  if (key.startsWith('extension:')) return '延期理由';
  if (key.startsWith('appraisal:')) return '鉴定说明';
  return key;
};
