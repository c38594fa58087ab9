import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tc3Sign, tencentSms, tencentSmsConfigFromEnv, type TencentSmsConfig } from '../../adapters/sms/tencentSms';

/**
 * The Tencent Cloud SMS sender against a local HTTP stand-in for sms.tencentcloudapi.com. The stand-in
 * checks the TC3-HMAC-SHA256 signature with its own code, written from the public documentation; what
 * Tencent Cloud itself accepts cannot be checked from here (no network to Tencent Cloud).
 */
const config: TencentSmsConfig = {
  secretId: 'AKIDtestsecretid0000000000000000000',
  secretKey: 'testsecretkey0000000000000000000',
  sdkAppId: '1400000001',
  signName: '会员服务',
  templateId: '2000001',
  region: 'ap-guangzhou',
  templateParams: ['code', 'minutes'],
};
const AT = new Date('2026-11-25T02:00:07.500Z');

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Independent check of a TC3 signature, the way the server side would do it. */
const verify = (headers: http.IncomingHttpHeaders, body: string, secretKey: string) => {
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(String(headers.authorization));
  if (!m) return { ok: false, why: 'authorization header malformed' };
  const [, , date, service, signedHeaders, signature] = m;
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((h) => `${h}:${String(headers[h]).trim().toLowerCase()}\n`)
    .join('');
  const hash = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
  const canonical = `POST\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${hash(body)}`;
  const toSign = `TC3-HMAC-SHA256\n${headers['x-tc-timestamp']}\n${date}/${service}/tc3_request\n${hash(canonical)}`;
  const key = ['tc3_request'].reduce(
    (k, part) => crypto.createHmac('sha256', k).update(part).digest(),
    crypto.createHmac('sha256', crypto.createHmac('sha256', `TC3${secretKey}`).update(date).digest()).update(service).digest(),
  );
  const expected = crypto.createHmac('sha256', key).update(toSign).digest('hex');
  return { ok: expected === signature, why: 'signature mismatch', date, service, signedHeaders };
};

describe('Tencent Cloud SMS sender (SendSms over TC3-HMAC-SHA256) against a local stand-in', () => {
  let server: http.Server;
  let endpoint: string;
  let seen: Seen[];
  let answer: { status: number; body: string };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    seen = [];
    answer = {
      status: 200,
      body: JSON.stringify({
        Response: { SendStatusSet: [{ SerialNo: '5000:1', PhoneNumber: '+8613800138000', Fee: 1, Code: 'Ok', Message: 'send success', IsoCode: 'CN' }], RequestId: 'req-1' },
      }),
    };
  });

  it('reproduces the documented TC3 example signature', () => {
    // The worked example of the TencentCloud API 3.0 "Signature v3" page (CVM DescribeInstances).
    const { authorization } = tc3Sign({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      timestamp: 1551113065,
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Host: 'cvm.tencentcloudapi.com' },
    });
    expect(authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('sends one signed SendSms request with the code in the template', async () => {
    await tencentSms(config, { endpoint }).sendCode('13800138000', '024681', AT);
    expect(seen).toHaveLength(1);
    const [req] = seen;
    expect(req).toMatchObject({ method: 'POST', url: '/' });
    expect(req.headers).toMatchObject({
      host: 'sms.tencentcloudapi.com',
      'content-type': 'application/json; charset=utf-8',
      'x-tc-action': 'SendSms',
      'x-tc-version': '2021-01-11',
      'x-tc-region': 'ap-guangzhou',
      'x-tc-timestamp': '1795572007',
    });
    expect(req.headers).not.toHaveProperty('x-tc-token');
    expect(req.headers.authorization).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKIDtestsecretid0000000000000000000\/2026-11-25\/sms\/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=[0-9a-f]{64}$/,
    );
    expect(verify(req.headers, req.body, config.secretKey)).toMatchObject({ ok: true });
    expect(verify(req.headers, req.body, 'another key').ok).toBe(false);
    expect(verify(req.headers, req.body.replace('024681', '999999'), config.secretKey).ok).toBe(false);
    expect(JSON.parse(req.body)).toEqual({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400000001',
      SignName: '会员服务',
      TemplateId: '2000001',
      TemplateParamSet: ['024681', '5'],
    });
  });

  it('signs with the UTC date of the timestamp (a send at 00:30 in Shanghai is the day before in UTC)', async () => {
    await tencentSms({ ...config, sessionToken: 'tmp-token', templateParams: ['code'] }, { endpoint }).sendCode('13800138000', '111111', new Date('2026-11-25T16:30:00Z'));
    const [req] = seen;
    expect(req.headers.authorization).toContain('/2026-11-25/sms/tc3_request');
    expect(req.headers['x-tc-token']).toBe('tmp-token');
    expect(JSON.parse(req.body).TemplateParamSet).toEqual(['111111']);
    expect(verify(req.headers, req.body, config.secretKey).ok).toBe(true);
  });

  it('turns an API error into SMS.SEND_FAILED with the provider code, never echoing the phone or the key', async () => {
    answer = { status: 200, body: JSON.stringify({ Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' }, RequestId: 'req-2' } }) };
    const err = await tencentSms(config, { endpoint }).sendCode('13800138000', '024681', AT).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SMS.SEND_FAILED', memberMessage: '验证码发送失败，请稍后重试', details: { providerCode: 'AuthFailure.SignatureFailure', requestId: 'req-2' } });
    const text = `${(err as Error).message} ${JSON.stringify(err)}`;
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain(config.secretKey);
    expect(text).toContain('138****8000');
  });

  it('turns a per-number refusal into a coded error: Tencent\'s frequency limit is SMS.RATE_LIMITED', async () => {
    const status = (Code: string) =>
      JSON.stringify({ Response: { SendStatusSet: [{ SerialNo: '', PhoneNumber: '+8613800138000', Fee: 0, Code, Message: 'refused', IsoCode: 'CN' }], RequestId: 'req-3' } });
    answer = { status: 200, body: status('LimitExceeded.PhoneNumberDailyLimit') };
    await expect(tencentSms(config, { endpoint }).sendCode('13800138000', '024681', AT)).rejects.toMatchObject({
      code: 'SMS.RATE_LIMITED',
      details: { providerCode: 'LimitExceeded.PhoneNumberDailyLimit' },
    });
    answer = { status: 200, body: status('InvalidParameterValue.IncorrectPhoneNumber') };
    await expect(tencentSms(config, { endpoint }).sendCode('13800138000', '024681', AT)).rejects.toMatchObject({
      code: 'SMS.SEND_FAILED',
      details: { providerCode: 'InvalidParameterValue.IncorrectPhoneNumber' },
    });
  });

  it('turns a broken answer or no answer into SMS.SEND_FAILED', async () => {
    answer = { status: 502, body: '<html>bad gateway</html>' };
    await expect(tencentSms(config, { endpoint }).sendCode('13800138000', '024681', AT)).rejects.toMatchObject({ code: 'SMS.SEND_FAILED', details: { providerCode: 'HTTP_502' } });
    await expect(tencentSms(config, { endpoint: 'http://127.0.0.1:1/' }).sendCode('13800138000', '024681', AT)).rejects.toMatchObject({
      code: 'SMS.SEND_FAILED',
      details: { providerCode: 'NETWORK' },
    });
  });
});

describe('Tencent Cloud SMS configuration', () => {
  const env = {
    SMS_SECRET_ID: 'AKIDx',
    SMS_SECRET_KEY: 'key',
    SMS_SDK_APP_ID: '1400000001',
    SMS_SIGN_NAME: '会员服务',
    SMS_TEMPLATE_ID: '2000001',
    SMS_REGION: 'ap-guangzhou',
  };

  it('reads every setting from the environment', () => {
    expect(tencentSmsConfigFromEnv(env)).toEqual({ ...config, secretId: 'AKIDx', secretKey: 'key', sessionToken: undefined });
    expect(tencentSmsConfigFromEnv({ ...env, SMS_TEMPLATE_PARAMS: 'code', SMS_SESSION_TOKEN: 't' })).toMatchObject({ templateParams: ['code'], sessionToken: 't' });
  });

  it('refuses to start without them, naming every one that is missing', () => {
    expect(() => tencentSmsConfigFromEnv({})).toThrow(
      "Tencent Cloud SMS is not configured: set SMS_SECRET_ID, SMS_SECRET_KEY, SMS_SDK_APP_ID, SMS_SIGN_NAME, SMS_TEMPLATE_ID, SMS_REGION in the function's environment variables",
    );
    expect(() => tencentSmsConfigFromEnv({ ...env, SMS_SIGN_NAME: '  ' })).toThrow(/set SMS_SIGN_NAME in/);
    expect(() => tencentSmsConfigFromEnv({ ...env, SMS_SDK_APP_ID: 'abc', SMS_TEMPLATE_PARAMS: 'minutes' })).toThrow(
      /SMS_SDK_APP_ID must be the numeric SdkAppId.*SMS_TEMPLATE_PARAMS must list/,
    );
  });
});
