import { maskPersonalText } from './personalText';

/** The part of the secret box this needs: sealing member text and opening it again. */
export interface TextSealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

/** Passes each free text of a record through `f(key, text)`: a new record, untouched parts shared. */
export type TextMap = (key: string, text: string) => string;
export type RecordTextMapper<R> = (record: R, f: TextMap) => R;

/**
 * Personal numbers (phone, ID, bank card) in a record's free texts, the same way for every area: each text
 * is stored MASKED, and the original of each text that held a number is sealed beside it under the text's key
 * (`sealedTexts`). Given how an area walks its texts, this gives the three operations every area needs:
 * - `seal`: mask and seal; idempotent (a masked text holds no personal number, so a stored record passes);
 * - `open`: the originals still current, by key (one whose text was since replaced is left out: an original
 *   is used only when masking it gives exactly the stored text);
 * - `reveal`: the record as its member wrote it, no sealed copies (the member's own views and export).
 * Staff read an original only through their area's audited unmask.
 */
export const sealedTexts = <R extends { sealedTexts?: Record<string, string> }>(mapTexts: RecordTextMapper<R>) => {
  const seal = (box: TextSealer, r: R): R => {
    const sealed: Record<string, string> = { ...(r.sealedTexts ?? {}) };
    let changed = false;
    const next = mapTexts(r, (key, text) => {
      const m = maskPersonalText(text);
      if (!m.spans.length) return text;
      sealed[key] = box.seal(text);
      changed = true;
      return m.text;
    });
    return changed ? { ...next, sealedTexts: sealed } : r;
  };
  const open = (box: TextSealer, r: R): Record<string, string> => {
    const out: Record<string, string> = {};
    if (!r.sealedTexts) return out;
    mapTexts(r, (key, text) => {
      const s = r.sealedTexts![key];
      if (s) {
        const original = box.open(s);
        if (maskPersonalText(original).text === text) out[key] = original;
      }
      return text;
    });
    return out;
  };
  const reveal = (box: TextSealer, r: R): R => {
    if (!r.sealedTexts) return r;
    const originals = open(box, r);
    const { sealedTexts: _sealed, ...rest } = mapTexts(r, (key, text) => originals[key] ?? text);
    return rest as R;
  };
  return { seal, open, reveal };
};
