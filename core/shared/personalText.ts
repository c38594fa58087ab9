/**
 * Personal numbers typed into free text (a complaint's description, a note, a reply): mainland mobile
 * numbers, 18-digit resident ID numbers and bank card numbers. Pure: finds them and masks them the way
 * every staff list and view masks people (138****8000, 110105********1230, 6222 **** **** 1234).
 *
 * How a number is recognised:
 * - Digits are read as maximal runs; runs joined by exactly one space or dash (`138 0013 8000`,
 *   `6222-0212-3456-7890`) form a chain, and a number is one or more consecutive runs of a chain — never
 *   part of a run, so a number inside a longer digit run is not one.
 * - A run touching an ASCII letter (P2026000123, an order id) or a decimal point (138000.50) is no
 *   personal number.
 * - Mobile: 11 digits `1[3-9]\d{9}` in at most three groups, optionally after `+86`.
 * - ID: 17 digits and a check digit (or X) passing GB 11643 with a real birth date (isValidIdNumber).
 *   Eighteen characters that would be such a number but for the check digit are masked too: a member
 *   who mistypes one digit of their ID has still written their ID (`checked: false` on the span).
 * - Bank card: 13–19 digits starting 3–9 that pass Luhn, written as one run or in groups of four
 *   (the last group shorter), so dates and amounts in a row are not read as a card.
 * A chain is tried longest first from its left, an ID before a mobile before a card.
 */
import { isValidIdNumber, maskIdNumber } from '../members/identityNumbers';
import { maskPhone } from './masking';

export type PersonalNumberKind = 'phone' | 'idNumber' | 'bankCard';

export interface PersonalSpan {
  kind: PersonalNumberKind;
  /** [start, end) in the original text: the digits and separators of the number (a +86 prefix stays outside). */
  start: number;
  end: number;
  /** What replaces it in the masked text. */
  masked: string;
  /** For an ID: false when only the check digit fails (a mistyped ID is still an ID). */
  checked?: boolean;
}

export const PERSONAL_NUMBER_LABELS: Record<PersonalNumberKind, string> = { phone: '手机号', idNumber: '身份证号', bankCard: '银行卡号' };

interface Run {
  start: number;
  end: number;
  digits: string;
}

const SEPARATORS = new Set([' ', '-', '\u00a0', '\u3000']);
const isAsciiLetterOrDigit = (ch: string | undefined) => Boolean(ch && /[A-Za-z0-9]/.test(ch));
const isDigit = (ch: string | undefined) => Boolean(ch && ch >= '0' && ch <= '9');

/** Runs of digits; a `+86` glued to the number (`+8613800138000`) is read as its own run. */
const digitRuns = (text: string): Run[] => {
  const out: Run[] = [];
  for (const m of text.matchAll(/(?<=\+)86(?=\d)|\d+/g)) out.push({ start: m.index!, end: m.index! + m[0].length, digits: m[0] });
  return out;
};

/** Runs joined by one separator (or none: the +86 split above) form a chain. */
const chains = (text: string, runs: Run[]): Run[][] => {
  const out: Run[][] = [];
  for (const r of runs) {
    const last = out[out.length - 1]?.at(-1);
    const gap = last ? r.start - last.end : -1;
    if (last && (gap === 0 || (gap === 1 && SEPARATORS.has(text[last.end])))) out[out.length - 1].push(r);
    else out.push([r]);
  }
  return out;
};

export const luhnValid = (digits: string): boolean => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
};

export const maskBankCard = (digits: string): string => `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;

const PHONE = /^1[3-9]\d{9}$/;

/** An 18-character ID whose region and birth date are real: checked when its check digit is right too. */
const idNumber = (id: string, start: number, end: number): PersonalSpan | undefined => {
  if (isValidIdNumber(id)) return { kind: 'idNumber', start, end, masked: maskIdNumber(id), checked: true };
  const body = id.slice(0, 17);
  // Another check digit would make it valid: a real region-and-birth-date number with one wrong digit.
  if (/^[1-8]/.test(body) && [...'0123456789X'].some((c) => isValidIdNumber(body + c)))
    return { kind: 'idNumber', start, end, masked: maskIdNumber(id), checked: false };
  return undefined;
};

/** What consecutive runs [i..j] of a chain spell, if a personal number. */
const classify = (text: string, chain: Run[], i: number, j: number): PersonalSpan | undefined => {
  const runs = chain.slice(i, j + 1);
  const digits = runs.map((r) => r.digits).join('');
  const start = runs[0].start;
  const end = runs[runs.length - 1].end;
  const before = text[start - 1];
  // A run glued to letters or a decimal point belongs to something else (an id, an amount).
  if (/[A-Za-z]/.test(before ?? '')) return undefined;
  if (before === '.' && isDigit(text[start - 2])) return undefined;
  // An ID's check digit may be X.
  const x = text[end] === 'X' || text[end] === 'x';
  if (digits.length === 17 && x && runs.length <= 4) {
    if (isAsciiLetterOrDigit(text[end + 1]) || (text[end + 1] === '.' && isDigit(text[end + 2]))) return undefined;
    return idNumber(`${digits}X`, start, end + 1);
  }
  const after = text[end];
  if (isAsciiLetterOrDigit(after) || (after === '.' && isDigit(text[end + 1]))) return undefined;
  const id = digits.length === 18 && runs.length <= 4 ? idNumber(digits, start, end) : undefined;
  if (id) return id;
  if (digits.length === 11 && runs.length <= 3 && PHONE.test(digits)) return { kind: 'phone', start, end, masked: maskPhone(digits) };
  const grouped = runs.length === 1 || runs.slice(0, -1).every((r) => r.digits.length === 4);
  if (digits.length >= 13 && digits.length <= 19 && grouped && /^[3-9]/.test(digits) && luhnValid(digits))
    return { kind: 'bankCard', start, end, masked: maskBankCard(digits) };
  return undefined;
};

/** Every personal number in the text, left to right, not overlapping. */
export const findPersonalNumbers = (text: string): PersonalSpan[] => {
  const out: PersonalSpan[] = [];
  for (const chain of chains(text, digitRuns(text))) {
    let i = 0;
    while (i < chain.length) {
      let found: PersonalSpan | undefined;
      let j = chain.length - 1;
      for (; j >= i && !found; j--) found = classify(text, chain, i, j);
      if (found) {
        out.push(found);
        i = j + 2;
      } else i++;
    }
  }
  return out;
};

/** The text with each personal number replaced by its mask, and where they were. */
export const maskPersonalText = (text: string): { text: string; spans: PersonalSpan[] } => {
  const spans = findPersonalNumbers(text);
  if (!spans.length) return { text, spans };
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.masked;
    at = s.end;
  }
  return { text: out + text.slice(at), spans };
};

export const hasPersonalNumbers = (text: string | undefined): boolean => Boolean(text && findPersonalNumbers(text).length);
