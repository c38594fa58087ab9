/**
 * Personal numbers (phone, ID, bank card) in a claim's free texts, handled as complaints and
 * consultations handle theirs (core/shared/sealedTexts.ts): stored masked with each original sealed under
 * its key; shown in full to the member who wrote them, and to staff only through the audited
 * `claims/unmaskText`. A claim form invites them (an ID number in the account of the accident, a card
 * number in a message about the payment), so every text on the record is covered, staff's too.
 */
import { sealedTexts, type TextMap } from '../shared/sealedTexts';
import type { Claim } from './model';

export type { TextSealer } from '../shared/sealedTexts';

const mapClaimTexts = (c: Claim, f: TextMap): Claim => ({
  ...c,
  description: f('description', c.description),
  place: f('place', c.place),
  timeline: c.timeline.map((e) => (e.text === undefined ? e : { ...e, text: f(`timeline:${e.id}`, e.text) })),
  notices: c.notices.map((n) => ({
    ...n,
    ...(n.note !== undefined ? { note: f(`notice:${n.seq}:note`, n.note) } : {}),
    ...(n.reason ? { reason: { ...n.reason, text: f(`notice:${n.seq}:reason`, n.reason.text) } } : {}),
  })),
  ...(c.assessment ? { assessment: { ...c.assessment, text: f('assessment', c.assessment.text) } } : {}),
  ...(c.decision
    ? {
        decision:
          c.decision.kind === 'pay'
            ? {
                ...c.decision,
                basis: f('decision:basis', c.decision.basis),
                ...(c.decision.acceptance?.evidence !== undefined ? { acceptance: { ...c.decision.acceptance, evidence: f('decision:evidence', c.decision.acceptance.evidence) } } : {}),
              }
            : { ...c.decision, reasons: f('decision:reasons', c.decision.reasons), letter: f('decision:letter', c.decision.letter) },
      }
    : {}),
});

const claimTexts = sealedTexts(mapClaimTexts);

/** Masks every personal number in the claim's texts and seals each original beside it (idempotent). */
export const sealClaimTexts = claimTexts.seal;
/** The originals still current, by key. */
export const openClaimTexts = claimTexts.open;
/** The claim as its member wrote it, for the member's own views. */
export const revealClaimTexts = claimTexts.reveal;
