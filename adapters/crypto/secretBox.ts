import crypto from 'node:crypto';
import type { SecretBox, TokenSource } from '../../core/staff/ports';
import { sha256 } from '../hash';

/**
 * AES-256-GCM for personal data and secrets at rest; `v1:` prefixes the format so keys can rotate.
 * The blind index is an HMAC under a second key derived from the same secret: equal phones give equal
 * indexes (exact search) but the index reveals nothing without the key.
 */
export const aesGcmBox = (masterKey: Buffer): SecretBox => {
  if (masterKey.length !== 32) throw new Error('secret box key must be 32 bytes');
  const encKey = crypto.createHmac('sha256', masterKey).update('enc').digest();
  const idxKey = crypto.createHmac('sha256', masterKey).update('index').digest();
  return {
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      const raw = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
      const d = crypto.createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
    blindIndex: (plain) => crypto.createHmac('sha256', idxKey).update(plain).digest('hex'),
  };
};

export const randomTokens: TokenSource = {
  newToken: () => crypto.randomBytes(32).toString('base64url'),
  sha256,
};
