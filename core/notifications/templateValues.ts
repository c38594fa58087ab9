/**
 * WeChat subscribe-message value rules, per key type (RULES.md, "WeChat subscribe messages").
 * A value that breaks its rule makes WeChat refuse the whole message (47003), so every value is
 * fitted here before it is sent. No value may carry a newline or control character.
 */
export type TemplateKeyType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'phrase'
  | 'name'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'time'
  | 'date';

const chars = (s: string) => Array.from(s); // by code point, so a Chinese character counts once
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
const cut = (s: string, max: number, ellipsis = false) => {
  const c = chars(s);
  if (c.length <= max) return s;
  return ellipsis ? `${c.slice(0, max - 1).join('')}…` : c.slice(0, max).join('');
};
const SHANGHAI_MS = 8 * 3600_000;
const shanghai = (iso: string) => new Date(Date.parse(iso) + SHANGHAI_MS).toISOString();

/** The key type is the key's name without its number: "thing2" → thing. */
export const keyTypeOf = (key: string): TemplateKeyType => key.replace(/\d+$/, '') as TemplateKeyType;

export const fitValue = (type: TemplateKeyType, raw: string): string => {
  const v = clean(raw);
  switch (type) {
    case 'thing':
      return cut(v, 20, true); // ≤ 20 characters
    case 'number':
      return cut(v.replace(/[^\d.]/g, ''), 32); // ≤ 32 digits (a decimal point allowed)
    case 'letter':
      return cut(v.replace(/[^A-Za-z]/g, ''), 32);
    case 'symbol':
      return cut(v.replace(/[A-Za-z0-9\u4e00-\u9fff\s]/g, ''), 5);
    case 'character_string':
      return cut(v.replace(/[^\x21-\x7e]/g, ''), 32); // letters, digits, symbols; no Chinese
    case 'phrase':
      return cut(v.replace(/[^\u4e00-\u9fff]/g, ''), 5); // ≤ 5 Chinese characters only
    case 'name': {
      const chinese = v.replace(/[^\u4e00-\u9fff·]/g, '');
      return chinese ? cut(chinese, 10) : cut(v.replace(/[^A-Za-z ]/g, ''), 20);
    }
    case 'amount': {
      const n = v.replace(/[^\d.]/g, '');
      const [whole, frac] = n.split('.');
      const digits = `${whole ?? ''}${frac !== undefined ? `.${frac.slice(0, 2)}` : ''}`;
      return `¥${cut(digits, 10)}${v.endsWith('元') ? '元' : ''}`; // one currency sign + ≤ 10 digits
    }
    case 'phone_number':
      return cut(v.replace(/[^\d+\-]/g, ''), 17);
    case 'car_number':
      return cut(v.replace(/\s/g, ''), 8);
    case 'time':
      return shanghai(v).slice(0, 16).replace('T', ' '); // "2026-11-02 14:05"
    case 'date':
      return shanghai(v).slice(0, 10); // "2026-11-02"
    default:
      return cut(v, 20, true);
  }
};

/** Fits every field of a message by its key's type. */
export const fitTemplateData = (values: Record<string, string>): Record<string, { value: string }> =>
  Object.fromEntries(Object.entries(values).map(([key, raw]) => [key, { value: fitValue(keyTypeOf(key), raw) }]));
