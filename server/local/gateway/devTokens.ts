import crypto from 'node:crypto';
import { commonErrors } from '../../../core/shared/errors';
import { isCloudRuntime } from '../../runtime/cloudIdentity';

/**
 * Development sign-in for the local gateway: a signed token standing in for the OPENID WeChat
 * would put in the call context. Never valid in a cloud function (refused there, and here too
 * if this code finds itself running in one).
 */
export const devTokens = (secret: string, ttlMs = 12 * 3600_000) => {
  const sign = (body: string) => crypto.createHmac('sha256', secret).update(body).digest('base64url');
  // A member's app sends the same token with every call: a token verified once is known by its whole text
  // (body and MAC) until it expires, so the HMAC is not recomputed per request. Bounded: cleared when full.
  const verified = new Map<string, { sub: string; exp: number }>();
  return {
    issue(openid: string, now = Date.now()): string {
      if (isCloudRuntime()) throw commonErrors.devTokenRefused();
      const body = Buffer.from(JSON.stringify({ sub: openid, exp: now + ttlMs })).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    verify(token: string | undefined, now = Date.now()): string {
      if (isCloudRuntime()) throw commonErrors.devTokenRefused();
      if (!token) throw commonErrors.unauthenticated();
      const known = verified.get(token);
      if (known) {
        if (known.exp < now) throw commonErrors.unauthenticated();
        return known.sub;
      }
      const [body, mac] = token.split('.');
      const expected = body ? sign(body) : '';
      if (!body || !mac || mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected)))
        throw commonErrors.unauthenticated();
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { sub: string; exp: number };
      if (claims.exp < now) throw commonErrors.unauthenticated();
      if (verified.size >= 10_000) verified.clear();
      verified.set(token, { sub: claims.sub, exp: claims.exp });
      return claims.sub;
    },
  };
};
