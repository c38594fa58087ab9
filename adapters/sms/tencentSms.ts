import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { SmsSender } from '../../core/members/ports';
import { maskPhone } from '../../core/shared/masking';
import { DomainError } from '../../core/shared/errors';

/**
 * Tencent Cloud SMS (API 3.0, action SendSms, version 2021-01-11) over Node's https, signed with
 * TC3-HMAC-SHA256, so the function bundle needs no SDK. The template is the one approved in the SMS
 * console for the binding code, e.g. "您的绑定验证码为{1}，{2}分钟内有效。如非本人操作，请忽略。".
 */
export const SMS_HOST = 'sms.tencentcloudapi.com';
const SERVICE = 'sms';
const VERSION = '2021-01-11';
const CONTENT_TYPE = 'application/json; charset=utf-8';

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  /** Set when the key pair is temporary (a role's credentials); sent as X-TC-Token. */
  sessionToken?: string;
  /** The SMS application's SdkAppId (1400…). */
  sdkAppId: string;
  /** The approved signature's content, e.g. 会员服务. */
  signName: string;
  templateId: string;
  /** e.g. ap-guangzhou */
  region: string;
  /** What fills the template's {1}, {2}…: the code, and the minutes it lives. */
  templateParams: ('code' | 'minutes')[];
}

/** The environment each setting is read from. */
export const SMS_ENV = {
  secretId: 'SMS_SECRET_ID',
  secretKey: 'SMS_SECRET_KEY',
  sdkAppId: 'SMS_SDK_APP_ID',
  signName: 'SMS_SIGN_NAME',
  templateId: 'SMS_TEMPLATE_ID',
  region: 'SMS_REGION',
} as const;

/**
 * Reads the configuration, or refuses to start: a function that cannot send codes must not come up and
 * then fail every binding. Optional: SMS_SESSION_TOKEN, SMS_TEMPLATE_PARAMS (default "code,minutes").
 */
export const tencentSmsConfigFromEnv = (env: Record<string, string | undefined> = process.env): TencentSmsConfig => {
  const value = (name: string) => env[name]?.trim() || undefined;
  const missing = Object.values(SMS_ENV).filter((name) => !value(name));
  if (missing.length) throw new Error(`Tencent Cloud SMS is not configured: set ${missing.join(', ')} in the function's environment variables`);
  const problems: string[] = [];
  if (!/^\d+$/.test(value(SMS_ENV.sdkAppId)!)) problems.push(`${SMS_ENV.sdkAppId} must be the numeric SdkAppId (1400…)`);
  if (!/^\d+$/.test(value(SMS_ENV.templateId)!)) problems.push(`${SMS_ENV.templateId} must be the numeric template id`);
  if (!/^[a-z]{2}-[a-z]+$/.test(value(SMS_ENV.region)!)) problems.push(`${SMS_ENV.region} must be a region such as ap-guangzhou`);
  const params = (value('SMS_TEMPLATE_PARAMS') ?? 'code,minutes').split(',').map((p) => p.trim());
  if (!params.length || params.some((p) => p !== 'code' && p !== 'minutes') || !params.includes('code'))
    problems.push('SMS_TEMPLATE_PARAMS must list the template parameters in order, from "code" and "minutes" (e.g. "code,minutes")');
  if (problems.length) throw new Error(`Tencent Cloud SMS configuration is invalid: ${problems.join('; ')}`);
  return {
    secretId: value(SMS_ENV.secretId)!,
    secretKey: value(SMS_ENV.secretKey)!,
    sessionToken: value('SMS_SESSION_TOKEN'),
    sdkAppId: value(SMS_ENV.sdkAppId)!,
    signName: value(SMS_ENV.signName)!,
    templateId: value(SMS_ENV.templateId)!,
    region: value(SMS_ENV.region)!,
    templateParams: params as TencentSmsConfig['templateParams'],
  };
};

const sha256Hex = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string | Buffer, msg: string) => crypto.createHmac('sha256', key).update(msg, 'utf8').digest();

/**
 * TencentCloud API 3.0 signature (TC3-HMAC-SHA256) of a POST to "/": the canonical request over the
 * given headers (names and values lower-cased, sorted by name), the string to sign with the credential
 * scope `<UTC date of the timestamp>/<service>/tc3_request`, and the key derived from "TC3" + SecretKey.
 */
export const tc3Sign = (o: { secretId: string; secretKey: string; service: string; timestamp: number; payload: string; headers: Record<string, string> }) => {
  const signed = Object.entries(o.headers)
    .map(([k, v]) => [k.toLowerCase(), v.trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalHeaders = signed.map(([k, v]) => `${k}:${v}\n`).join('');
  const signedHeaders = signed.map(([k]) => k).join(';');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(o.payload)].join('\n');
  const date = new Date(o.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${o.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(o.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${o.secretKey}`, date), o.service), 'tc3_request');
  const signature = crypto.createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return {
    authorization: `TC3-HMAC-SHA256 Credential=${o.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    canonicalRequest,
    stringToSign,
  };
};

/** Tencent's frequency limits per number (LimitExceeded.PhoneNumberThirtySecondLimit, …DailyLimit, …). */
const isRateLimit = (code: string) => code.startsWith('LimitExceeded.PhoneNumber') || code === 'RequestLimitExceeded';

export const smsErrors = {
  sendFailed: (why: string, details: Record<string, unknown>) =>
    new DomainError('SMS.SEND_FAILED', '验证码发送失败，请稍后重试', `Tencent Cloud SMS send failed: ${why}`, details),
  rateLimited: (why: string, details: Record<string, unknown>) =>
    new DomainError('SMS.RATE_LIMITED', '该手机号获取验证码过于频繁，请稍后再试', `Tencent Cloud SMS refused by its frequency limit: ${why}`, details),
};

interface SendSmsReply {
  Response?: {
    Error?: { Code?: string; Message?: string };
    SendStatusSet?: { Code?: string; Message?: string; SerialNo?: string }[];
    RequestId?: string;
  };
}

const post = (endpoint: URL, headers: Record<string, string>, body: string, timeoutMs: number) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = (endpoint.protocol === 'http:' ? http : https).request(
      endpoint,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });

/**
 * The production SmsSender. `endpoint` exists for tests (a local stand-in); the Host header and the
 * signature always name sms.tencentcloudapi.com. The request is signed at `at` (the clock's now), which
 * Tencent accepts within 5 minutes of its own time. Failures are coded: SMS.RATE_LIMITED when Tencent's
 * per-number frequency limit refused it, SMS.SEND_FAILED otherwise; the log text never holds the full
 * phone number or the key.
 */
export const tencentSms = (config: TencentSmsConfig, opts: { endpoint?: string; timeoutMs?: number; codeTtlMinutes?: number } = {}): SmsSender => {
  const endpoint = new URL(opts.endpoint ?? `https://${SMS_HOST}/`);
  const timeoutMs = opts.timeoutMs ?? 3_000;
  const minutes = String(opts.codeTtlMinutes ?? 5);
  return {
    sendCode: async (phone, code, at) => {
      const payload = JSON.stringify({
        PhoneNumberSet: [`+86${phone}`],
        SmsSdkAppId: config.sdkAppId,
        SignName: config.signName,
        TemplateId: config.templateId,
        TemplateParamSet: config.templateParams.map((p) => (p === 'code' ? code : minutes)),
      });
      const timestamp = Math.floor(at.getTime() / 1000);
      const signedHeaders = { 'Content-Type': CONTENT_TYPE, Host: SMS_HOST, 'X-TC-Action': 'SendSms' };
      const { authorization } = tc3Sign({ secretId: config.secretId, secretKey: config.secretKey, service: SERVICE, timestamp, payload, headers: signedHeaders });
      const headers: Record<string, string> = {
        ...signedHeaders,
        Authorization: authorization,
        'X-TC-Timestamp': String(timestamp),
        'X-TC-Version': VERSION,
        'X-TC-Region': config.region,
        ...(config.sessionToken ? { 'X-TC-Token': config.sessionToken } : {}),
      };
      const to = maskPhone(phone);
      let reply: { status: number; text: string };
      try {
        reply = await post(endpoint, headers, payload, timeoutMs);
      } catch (e) {
        throw smsErrors.sendFailed(`network error sending to ${to}: ${(e as Error).message}`, { providerCode: 'NETWORK' });
      }
      let parsed: SendSmsReply;
      try {
        parsed = JSON.parse(reply.text) as SendSmsReply;
      } catch {
        throw smsErrors.sendFailed(`HTTP ${reply.status} with a body that is not JSON`, { providerCode: `HTTP_${reply.status}` });
      }
      const r = parsed.Response;
      const requestId = r?.RequestId;
      if (r?.Error) {
        const providerCode = r.Error.Code ?? 'UNKNOWN';
        const why = `${providerCode} (${r.Error.Message ?? ''}) for ${to}, request ${requestId ?? '?'}`;
        throw isRateLimit(providerCode) ? smsErrors.rateLimited(why, { providerCode, requestId }) : smsErrors.sendFailed(why, { providerCode, requestId });
      }
      if (reply.status !== 200) throw smsErrors.sendFailed(`HTTP ${reply.status} for ${to}`, { providerCode: `HTTP_${reply.status}`, requestId });
      const status = r?.SendStatusSet?.[0];
      if (!status) throw smsErrors.sendFailed(`no send status for ${to}, request ${requestId ?? '?'}`, { providerCode: 'NO_STATUS', requestId });
      if (status.Code !== 'Ok') {
        const providerCode = status.Code ?? 'UNKNOWN';
        const why = `${providerCode} (${status.Message ?? ''}) for ${to}, request ${requestId ?? '?'}`;
        throw isRateLimit(providerCode) ? smsErrors.rateLimited(why, { providerCode, requestId }) : smsErrors.sendFailed(why, { providerCode, requestId });
      }
    },
  };
};
