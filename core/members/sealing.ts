import type { SecretBox } from '../staff/ports';
import { maskIdNumber, maskName } from './identityNumbers';
import type { SealedField } from './model';
import { maskPhone } from '../shared/masking';

/** Personal data enters the store only through these: encrypted, masked, and (where looked up) indexed. */
/** Names are indexed whole (staff look a member up by the exact full name); a re-import fills the index in. */
export const sealName = (box: SecretBox, name: string): SealedField => ({ sealed: box.seal(name), masked: maskName(name), index: box.blindIndex(name) });
export const sealPhone = (box: SecretBox, phone: string): SealedField => ({ sealed: box.seal(phone), masked: maskPhone(phone), index: box.blindIndex(phone) });
export const sealIdNumber = (box: SecretBox, id: string): SealedField => ({ sealed: box.seal(id), masked: maskIdNumber(id), index: box.blindIndex(id) });

/** Equal-length comparison that takes the same time wherever the strings differ. */
export const constantTimeEqual = (a: string, b: string): boolean => {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
};
