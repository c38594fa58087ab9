import fs from 'node:fs';
import path from 'node:path';
import { importPolicies } from '../../core/members/importPolicies';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { harness } from '../support/localHarness';

const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const alice: Caller = { kind: 'member', openid: 'openid-alice' };
const mallory: Caller = { kind: 'member', openid: 'openid-mallory' };
const OPERATOR = { id: 'staff-comp-01', role: 'compliance' };
type H = ReturnType<typeof harness>;

const call = (h: H, who: Caller, action: string, data?: unknown) => {
  const fn = h.system.functions.members;
  return dispatch(fn.table, fn.deps as never, who, { action, data }, silentLogger);
};
const lastCode = (h: H) => {
  const [sms] = h.system.smsSandbox.list(1);
  return /验证码为(\d{6})/.exec(sms?.text ?? '')?.[1];
};
const snapshot = (h: H) =>
  JSON.stringify(['members', 'policies', 'audit_log'].map((t) => h.system.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
/** Everything a binding attempt could touch: the records, the codes, the counters, the SMS sandbox. */
const bindingTables = (h: H) =>
  JSON.stringify(
    ['members', 'policies', 'audit_log', 'binding_challenges', 'rate_limits', 'sms_sandbox', 'privacy_consents'].map((t) =>
      h.system.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all(),
    ),
  );
/** 同意 on the consent sheet, through the members function as the mini-program sends it: binding needs it. */
const agree = async (h: H, who: Caller) => {
  const res = await call(h, who, 'answerPrivacyNotice', { noticeVersion: h.system.privacy.notice.version, agree: true });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
};

describe('a member binds their WeChat identity to a policy (policy number + phone + SMS code)', () => {
  let h: H;
  beforeEach(async () => {
    h = harness('2026-11-25T02:00:00Z');
    await importPolicies(h.system.members, OPERATOR, { csv: REGISTER, full: false, validRowsOnly: false, dryRun: false });
    await agree(h, alice);
    await agree(h, mallory);
  });
  afterEach(() => h.close());

  it('starts as a visitor, binds with the code sent to the register\'s phone, and sees the policy and tier', async () => {
    expect(await call(h, alice, 'me')).toMatchObject({ ok: true, data: { kind: 'visitor', tierLabel: '访客', policies: [] } });
    const started = await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' });
    expect(started).toEqual({ ok: true, data: { sentTo: '138****8000', expiresInSeconds: 300, resendAfterSeconds: 60 } });
    const res = await call(h, alice, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: lastCode(h) });
    expect(res).toMatchObject({ ok: true, data: { bound: 'P2026000123', tier: 'standard' } });
    const me = await call(h, alice, 'me');
    expect(me).toMatchObject({
      ok: true,
      data: { kind: 'bound', name: '张晓敏', phoneMasked: '138****8000', policies: [{ policyNo: 'P2026000123', productName: '安康百万医疗险', insured: ['张晓敏', '王子涵'] }] },
    });
    // A second policy of the same holder lifts the tier (two in force → 银卡).
    h.clock.advance(61_000);
    await call(h, alice, 'startBinding', { policyNo: 'P2025008866', phone: '13800138000' });
    await call(h, alice, 'confirmBinding', { policyNo: 'P2025008866', phone: '13800138000', code: lastCode(h) });
    expect(await call(h, alice, 'me')).toMatchObject({ data: { tier: 'silver', tierLabel: '银卡会员', policies: [{}, {}] } });
  });

  it('keeps personal data encrypted at rest', () => {
    const raw = snapshot(h);
    expect(raw).not.toContain('13800138000');
    expect(raw).not.toContain('110105198503151230');
    expect(raw).not.toContain('张晓敏');
    expect(raw).toContain('138****8000');
  });

  it.each([
    ['a policy number not in the register', { policyNo: 'P0000000000', phone: '13800138000' }, 'BINDING.NO_MATCH'],
    ['someone else\'s policy (phone does not match)', { policyNo: 'P2026000456', phone: '13800138000' }, 'BINDING.NO_MATCH'],
    ['a malformed phone', { policyNo: 'P2026000123', phone: '1380013800' }, 'REQUEST.INVALID'],
    ['a malformed policy number', { policyNo: 'P2026<script>', phone: '13800138000' }, 'REQUEST.INVALID'],
    ['an openid in the body', { policyNo: 'P2026000123', phone: '13800138000', openid: 'openid-bob' }, 'REQUEST.INVALID'],
  ])('refuses %s with a specific code and changes nothing', async (_what, data, code) => {
    const before = snapshot(h);
    const res = await call(h, alice, 'startBinding', data);
    expect(res).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) } });
    expect(snapshot(h)).toBe(before);
    expect(h.system.smsSandbox.list()).toHaveLength(0);
  });

  it('refuses a wrong code with the tries left, locks the code after five, and the right code then fails too', async () => {
    await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' });
    const right = lastCode(h)!;
    const wrong = right === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await call(h, alice, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: wrong }));
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.message))).toEqual([
      '验证码不正确，还可尝试4次',
      '验证码不正确，还可尝试3次',
      '验证码不正确，还可尝试2次',
      '验证码不正确，还可尝试1次',
      '验证码错误次数过多，请重新获取',
    ]);
    expect(await call(h, alice, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: right })).toMatchObject({
      ok: false,
      error: { code: 'BINDING.CODE_LOCKED' },
    });
  });

  it('gives parallel guesses no more tries than serial ones', async () => {
    await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' });
    const right = lastCode(h)!;
    const guesses = Array.from({ length: 30 }, (_, i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'));
    const answers = await Promise.all(guesses.map((code) => call(h, alice, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code })));
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code));
    expect(codes.filter((c) => c === 'BINDING.WRONG_CODE')).toHaveLength(5);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(0);
  });

  it('expires a code after five minutes and uses a code only once', async () => {
    await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' });
    const code = lastCode(h);
    h.clock.advance(5 * 60_000);
    expect(await call(h, alice, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code })).toMatchObject({ error: { code: 'BINDING.CODE_EXPIRED' } });
    h.clock.advance(60_000);
    await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' });
    const fresh = lastCode(h);
    expect(await call(h, alice, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: fresh })).toMatchObject({ ok: true });
    expect(await call(h, alice, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: fresh })).toMatchObject({ error: { code: 'BINDING.CODE_NOT_SENT' } });
  });

  it('sends at most one code a minute and ten a day to a phone', async () => {
    await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' });
    expect(await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' })).toMatchObject({
      ok: false,
      error: { code: 'RATE.LIMITED', message: '发送过于频繁，请60秒后再试' },
    });
    for (let i = 0; i < 9; i++) {
      h.clock.advance(61_000);
      expect(await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' })).toMatchObject({ ok: true });
    }
    h.clock.advance(61_000);
    expect(await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' })).toMatchObject({
      error: { code: 'RATE.LIMITED', message: '今日验证码发送次数已达上限，请明天再试' },
    });
    expect(h.system.smsSandbox.list(100)).toHaveLength(10);
  });

  it('lets one holder bind a policy once: another WeChat identity is told to contact service', async () => {
    await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' });
    await call(h, alice, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: lastCode(h) });
    h.clock.advance(61_000);
    expect(await call(h, mallory, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' })).toMatchObject({
      error: { code: 'BINDING.ALREADY_BOUND', message: '该保单已绑定其他微信账号。如需换绑，请联系客服' },
    });
    expect(await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' })).toMatchObject({ error: { code: 'BINDING.ALREADY_YOURS' } });
  });

  it('unbinds: with no policy left the member is a visitor again and the holder details are gone', async () => {
    await call(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' });
    await call(h, alice, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: lastCode(h) });
    expect(await call(h, mallory, 'unbindPolicy', { policyNo: 'P2026000123' })).toMatchObject({ error: { code: 'MEMBER.POLICY_NOT_BOUND' } });
    expect(await call(h, alice, 'unbindPolicy', { policyNo: 'P2026000123' })).toEqual({ ok: true, data: { unbound: 'P2026000123', remaining: 0 } });
    expect(await call(h, alice, 'me')).toMatchObject({ data: { kind: 'visitor', name: undefined, policies: [] } });
    h.clock.advance(61_000);
    await call(h, mallory, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' });
    expect(await call(h, mallory, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: lastCode(h) })).toMatchObject({ ok: true });
  });
});

describe("binding by WeChat's phone-number check (no SMS when WeChat's phone is the register's)", () => {
  let h: H;
  beforeEach(async () => {
    h = harness('2026-11-25T02:00:00Z');
    await importPolicies(h.system.members, OPERATOR, { csv: REGISTER, full: false, validRowsOnly: false, dryRun: false });
    await agree(h, alice);
    await agree(h, mallory);
  });
  afterEach(() => h.close());

  it('binds at once when the phone WeChat verified is the holder phone, sending no SMS', async () => {
    const res = await call(h, alice, 'bindWithWeChatPhone', { policyNo: 'P2026000123', phoneCode: 'dev-phone-13800138000' });
    expect(res).toMatchObject({ ok: true, data: { bound: 'P2026000123', tier: 'standard' } });
    expect(h.system.smsSandbox.list(10)).toEqual([]);
    expect(await call(h, alice, 'me')).toMatchObject({ data: { kind: 'bound', name: '张晓敏' } });
  });

  it('answers PHONE_MISMATCH for another phone without saying whose the policy is, and changes nothing', async () => {
    const before = snapshot(h);
    const res = await call(h, mallory, 'bindWithWeChatPhone', { policyNo: 'P2026000123', phoneCode: 'dev-phone-13911112222' });
    expect(res).toMatchObject({ ok: false, error: { code: 'BINDING.PHONE_MISMATCH' } });
    expect(JSON.stringify(res)).not.toMatch(/1380013|张/);
    expect(snapshot(h)).toBe(before);
  });

  it('refuses a code WeChat does not accept, an unknown policy and a policy already bound, each with its own code', async () => {
    expect(await call(h, alice, 'bindWithWeChatPhone', { policyNo: 'P2026000123', phoneCode: 'expired-code-123' })).toMatchObject({ ok: false, error: { code: 'BINDING.PHONE_CHECK_FAILED' } });
    expect(await call(h, alice, 'bindWithWeChatPhone', { policyNo: 'P0000000000', phoneCode: 'dev-phone-13800138000' })).toMatchObject({ ok: false, error: { code: 'BINDING.NO_MATCH' } });
    expect(await call(h, alice, 'bindWithWeChatPhone', { policyNo: 'P2026000123', phoneCode: 'bad code!' })).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
    await call(h, alice, 'bindWithWeChatPhone', { policyNo: 'P2026000123', phoneCode: 'dev-phone-13800138000' });
    expect(await call(h, mallory, 'bindWithWeChatPhone', { policyNo: 'P2026000123', phoneCode: 'dev-phone-13800138000' })).toMatchObject({ ok: false, error: { code: 'BINDING.ALREADY_BOUND' } });
  });

  it('lets only one of two simultaneous phone-check binds of one policy win', async () => {
    for (const openid of ['openid-p1', 'openid-p2', 'openid-p3']) await agree(h, { kind: 'member', openid });
    const results = await Promise.all(
      ['openid-p1', 'openid-p2', 'openid-p3'].map((openid) => call(h, { kind: 'member', openid }, 'bindWithWeChatPhone', { policyNo: 'P2026000456', phoneCode: 'dev-phone-13900139000' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r as { error: { code: string } }).error.code)).toEqual(['BINDING.ALREADY_BOUND', 'BINDING.ALREADY_BOUND']);
  });
});

describe('binding needs the general consent to the current privacy notice, checked on the server', () => {
  let h: H;
  const visitor: Caller = { kind: 'member', openid: 'openid-visitor' };
  const SMS = { policyNo: 'P2026000123', phone: '13800138000' };
  beforeEach(async () => {
    h = harness('2026-11-25T02:00:00Z');
    await importPolicies(h.system.members, OPERATOR, { csv: REGISTER, full: false, validRowsOnly: false, dryRun: false });
  });
  afterEach(() => h.close());

  const refused = (res: unknown) =>
    expect(res).toMatchObject({ ok: false, error: { code: 'PRIVACY.CONSENT_REQUIRED', message: expect.stringContaining('请先阅读并同意隐私政策') } });

  it.each([
    ['startBinding', SMS],
    ['confirmBinding', { ...SMS, code: '123456' }],
    ['bindWithWeChatPhone', { policyNo: 'P2026000123', phoneCode: 'dev-phone-13800138000' }],
  ])('%s refuses a member who never answered the notice, and changes nothing (no code, no counter, no SMS)', async (action, data) => {
    const before = bindingTables(h);
    refused(await call(h, visitor, action, data));
    expect(bindingTables(h)).toBe(before);
    expect(h.system.smsSandbox.list()).toHaveLength(0);
    expect((await h.system.members.policies.get('P2026000123'))?.boundTo).toBeUndefined();
  });

  it('refuses a member who declined (不同意), and one whose consent was to an older version of the notice', async () => {
    await call(h, visitor, 'answerPrivacyNotice', { noticeVersion: h.system.privacy.notice.version, agree: false });
    refused(await call(h, visitor, 'startBinding', SMS));
    await agree(h, alice);
    const current = h.system.privacy.notice;
    h.system.privacy.notice = { ...current, version: '2099.01' };
    const before = bindingTables(h);
    refused(await call(h, alice, 'bindWithWeChatPhone', { policyNo: 'P2026000123', phoneCode: 'dev-phone-13800138000' }));
    expect(bindingTables(h)).toBe(before);
    await agree(h, alice); // consents to the new version: binding works again
    expect(await call(h, alice, 'bindWithWeChatPhone', { policyNo: 'P2026000123', phoneCode: 'dev-phone-13800138000' })).toMatchObject({ ok: true });
  });

  it('withdrawing the general consent blocks new bindings, even with a code already sent; consenting again unblocks them', async () => {
    await agree(h, alice);
    await call(h, alice, 'startBinding', SMS);
    const code = lastCode(h)!;
    expect(await call(h, alice, 'withdrawConsent', { kind: 'general' })).toMatchObject({ ok: true, data: { needsConsent: true } });

    const before = bindingTables(h);
    refused(await call(h, alice, 'confirmBinding', { ...SMS, code }));
    h.clock.advance(61_000);
    refused(await call(h, alice, 'startBinding', SMS));
    refused(await call(h, alice, 'bindWithWeChatPhone', { policyNo: 'P2026000123', phoneCode: 'dev-phone-13800138000' }));
    expect(bindingTables(h)).toBe(before); // the code is still unspent, no counter moved, nothing bound
    expect(await call(h, alice, 'me')).toMatchObject({ data: { kind: 'visitor' } });

    await agree(h, alice);
    expect(await call(h, alice, 'confirmBinding', { ...SMS, code })).toMatchObject({ ok: true, data: { bound: 'P2026000123' } });
  });
});

describe('importing the policy register', () => {
  let h: H;
  beforeEach(() => {
    h = harness('2026-11-25T02:00:00Z');
  });
  afterEach(() => h.close());
  const run = (csv: string, opts: Partial<{ full: boolean; validRowsOnly: boolean; dryRun: boolean }> = {}) =>
    importPolicies(h.system.members, OPERATOR, { csv, full: false, validRowsOnly: false, dryRun: false, ...opts });
  const count = () => (h.system.db.prepare('SELECT COUNT(*) n FROM policies').get() as { n: number }).n;
  const badFile = REGISTER.replace('110105198503151231', 'x')
    .replace('P2026000456,HX-ACC-02,出行无忧意外险,李建国,440305197811053459,13900139000', 'P2026000456,HX-ACC-02,出行无忧意外险,李建国,440305197811053450,1390013900')
    .replace('2024-09-01,2044-08-31,20000.00', '2024-09-01,2023-08-31,2万');

  it('reports every bad row, by line and field, and writes nothing', async () => {
    await expect(run(badFile)).rejects.toMatchObject({
      code: 'POLICY_IMPORT.INVALID_ROWS',
      details: {
        issues: [
          { path: '第4行 holderIdNumber', message: '投保人身份证号不正确（18位，校验位不符）' },
          { path: '第4行 holderPhone', message: '投保人手机号须为11位中国大陆手机号' },
          { path: '第5行 expiryDate', message: '满期日期须晚于生效日期' },
          { path: '第5行 premiumYuan', message: '保费须为金额（元，最多两位小数）' },
        ],
      },
    });
    expect(count()).toBe(0);
  });

  it('imports only the valid rows when the operator says so, listing what it skipped', async () => {
    const report = await run(badFile, { validRowsOnly: true });
    expect(report).toMatchObject({ imported: true, inserted: 2, valid: 2, rows: 4 });
    expect(report.issues.map((i) => i.line)).toEqual([4, 4, 5, 5]);
    expect(count()).toBe(2);
  });

  it('updates re-imported policies, keeps who bound them, and a full import lapses the missing ones', async () => {
    await run(REGISTER);
    h.system.db.prepare("UPDATE policies SET bound_to = 'openid-alice', doc = json_set(doc, '$.boundTo', 'openid-alice') WHERE policy_no = 'P2026000123'").run();
    const withoutOne = REGISTER.split('\n').filter((l) => !l.startsWith('P2024001789')).join('\n');
    expect(await run(withoutOne, { full: true })).toMatchObject({ inserted: 0, updated: 3, lapsed: 1 });
    const rows = h.system.db.prepare('SELECT policy_no, status, bound_to FROM policies ORDER BY policy_no').all();
    expect(rows).toEqual([
      { policy_no: 'P2024001789', status: 'lapsed', bound_to: null },
      { policy_no: 'P2025008866', status: 'inForce', bound_to: null },
      { policy_no: 'P2026000123', status: 'inForce', bound_to: 'openid-alice' },
      { policy_no: 'P2026000456', status: 'inForce', bound_to: null },
    ]);
    const audit = (await h.system.admin.audit.list({ limit: 10 })).filter((e) => e.action === 'policy.import');
    // Both imports at one instant on two batches' chains: the list (newest first, then by id) has no order between them.
    expect(audit.map((e) => e.detail)).toEqual(expect.arrayContaining([expect.objectContaining({ inserted: 4 }), expect.objectContaining({ updated: 3, lapsed: 1, full: true })]));
    expect(audit).toHaveLength(2);
  });

  it('labels the batch with the Shanghai date: an import at 04:40 Shanghai (20:40 UTC the day before) is that day\'s', async () => {
    h.clock.set('2026-11-25T20:40:00Z'); // 2026-11-26 04:40 in Shanghai
    const report = await run(REGISTER);
    expect(report.batchId).toMatch(/^PB20261126-[0-9A-Za-z-]{8}$/);
    const batches = h.system.db.prepare('SELECT DISTINCT batch_id FROM policies').all() as { batch_id: string }[];
    expect(batches).toEqual([{ batch_id: report.batchId }]);
    const [audited] = (await h.system.admin.audit.list({ limit: 10 })).filter((e) => e.action === 'policy.import');
    expect(audited.subjectId).toBe(report.batchId);
  });

  it('refuses a file without the register header, or one that is not CSV', async () => {
    await expect(run('a,b\n1,2')).rejects.toMatchObject({ code: 'POLICY_IMPORT.INVALID_ROWS' });
    await expect(run('"unclosed')).rejects.toMatchObject({ code: 'POLICY_IMPORT.INVALID_ROWS' });
    await expect(run(badFile, { validRowsOnly: true, full: true })).rejects.toMatchObject({ code: 'POLICY_IMPORT.INVALID_ROWS' });
    expect(count()).toBe(0);
  });
});
