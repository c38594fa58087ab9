import crypto from 'node:crypto';

/** SHA-256 hex: idempotency-key document ids, audit chain links, session ids, request fingerprints. */
export const sha256 = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');
