import * as OTPAuth from 'otpauth';
import type { TotpPort } from '../../core/staff/ports';

const ISSUER = '会员服务管理台';

const totpFor = (secret: string, label = 'staff') =>
  new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });

/** RFC 6238 TOTP through otpauth: the codes every authenticator app (微信/腾讯身份验证器, Google, Microsoft) shows. */
export const otpauthTotp: TotpPort = {
  newSecret: () => new OTPAuth.Secret({ size: 20 }).base32,
  verify: (secret, code, at) => totpFor(secret).validate({ token: code, timestamp: at.getTime(), window: 1 }) !== null,
  matchStep: (secret, code, at) => {
    const delta = totpFor(secret).validate({ token: code, timestamp: at.getTime(), window: 1 });
    return delta === null ? null : Math.floor(at.getTime() / 30_000) + delta;
  },
  uri: (secret, account) => totpFor(secret, account).toString(),
};

/** The current code for a secret: for tests and the demo printout only. */
export const currentTotp = (secret: string, at = new Date()) => totpFor(secret).generate({ timestamp: at.getTime() });
