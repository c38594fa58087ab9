import { cloudCaller } from '../../server/runtime/cloudIdentity';
import { devTokens } from '../../server/local/gateway/devTokens';

/** A context shaped as the SCF runtime passes it: `environment` is a JSON string. */
const scfContext = (env: Record<string, string>) => ({ request_id: 'req-1', function_name: 'complaints', environment: JSON.stringify(env) });

/** The deployed entry points, as CloudBase would call them (no network is touched before identity is settled). */
describe('cloud function entry', () => {
  const saved = { ...process.env };
  let sdkComplaints: jest.SpyInstance;
  beforeEach(() => {
    // The SDK prints "[TCB][ERROR] missing …" when a context lacks the platform's variables: expected here.
    sdkComplaints = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    process.env.TENCENTCLOUD_RUNENV = 'SCF';
    process.env.TCB_ENV = 'test-env';
    // The complaints function seals personal numbers in texts: its start-up check asks for the key.
    process.env.PII_KEY = Buffer.alloc(32, 3).toString('base64');
    delete process.env.WX_OPENID;
  });
  afterEach(() => {
    process.env = { ...saved };
    for (const [line] of sdkComplaints.mock.calls) expect(String(line)).toMatch(/^\[TCB\]\[ERROR\] missing `\w+` environment$/);
    sdkComplaints.mockRestore();
  });

  it('refuses a development sign-in token sent to the deployed complaints function', async () => {
    const { main } = await import('../../cloudfunctions/complaints/index');
    const res = await main({ action: 'listMine', data: {}, devToken: 'eyJzdWIiOiJvcGVuaWQtYm9iIn0.sig' }, {});
    expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.DEV_TOKEN_REFUSED' } });
  });

  it('refuses a call that carries no OPENID in its context', async () => {
    const { main } = await import('../../cloudfunctions/complaints/index');
    const res = await main({ action: 'listMine', data: {} }, {});
    expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  it('takes the member from the OPENID the platform put in the call context', () => {
    expect(cloudCaller({ action: 'listMine' }, scfContext({ WX_OPENID: 'openid-alice', TCB_SOURCE: 'wx_client' }))).toEqual({
      kind: 'member',
      openid: 'openid-alice',
    });
  });

  it('ignores an openid written into the request body', async () => {
    const { main } = await import('../../cloudfunctions/complaints/index');
    const res = await main({ action: 'listMine', data: {}, userInfo: { openId: 'openid-bob' } }, scfContext({ TCB_SOURCE: 'wx_client' }));
    expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  it('will not issue or accept dev tokens when running as a cloud function', () => {
    const tokens = devTokens('secret');
    expect(() => tokens.issue('openid-alice')).toThrow(expect.objectContaining({ code: 'AUTH.DEV_TOKEN_REFUSED' }));
    expect(() => tokens.verify('x.y')).toThrow(expect.objectContaining({ code: 'AUTH.DEV_TOKEN_REFUSED' }));
  });
});

describe('dev tokens on the local gateway', () => {
  it('accepts its own token and rejects a tampered or expired one', () => {
    const tokens = devTokens('secret', 1000);
    const t = tokens.issue('openid-alice', 0);
    expect(tokens.verify(t, 500)).toBe('openid-alice');
    expect(() => tokens.verify(t, 2000)).toThrow(expect.objectContaining({ code: 'AUTH.UNAUTHENTICATED' }));
    const [body] = t.split('.');
    const forged = `${Buffer.from(JSON.stringify({ sub: 'openid-bob', exp: 9e15 })).toString('base64url')}.${t.split('.')[1]}`;
    expect(body).toBeTruthy();
    expect(() => tokens.verify(forged, 500)).toThrow(expect.objectContaining({ code: 'AUTH.UNAUTHENTICATED' }));
    expect(() => devTokens('other').verify(t, 500)).toThrow(expect.objectContaining({ code: 'AUTH.UNAUTHENTICATED' }));
  });
});
