/**
 * Chinese phone and resident ID numbers: format checks and the masks staff see. The ID check digit
 * follows GB 11643-1999 (weights 2^(17-i) mod 11), so a mistyped digit is caught at the boundary.
 */
export const PHONE = /^1[3-9]\d{9}$/;
const ID = /^\d{17}[\dX]$/;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export const isValidPhone = (s: string): boolean => PHONE.test(s);

export const isValidIdNumber = (raw: string): boolean => {
  const s = raw.toUpperCase();
  if (!ID.test(s)) return false;
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  const d = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth || s.slice(6, 10) < '1900') return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return CHECK[sum % 11] === s[17];
};

/** 110101********1234: region and last four, never the birth date. */
export const maskIdNumber = (id: string): string => `${id.slice(0, 6)}********${id.slice(-4)}`;

/** 张*敏 / 欧阳** : the family name and, for names of three or more, the last character. */
export const maskName = (name: string): string => {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
};
