import fs from 'node:fs';
import path from 'node:path';
import { importPolicies } from '../../core/members/importPolicies';
import { assertSensitiveUploadAllowed } from '../../core/privacy/consent';
import { PRIVACY_NOTICE } from '../../core/privacy/policy';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';
import { validSubmit } from '../support/localHarness';

const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const HOLIDAYS_2027 = fs.readFileSync(path.join(__dirname, '../../scripts/samples/holiday-notice-example.csv'), 'utf8');
const alice: Caller = { kind: 'member', openid: 'openid-alice' };
const bob: Caller = { kind: 'member', openid: 'openid-bob' };
type H = Awaited<ReturnType<typeof adminHarness>>;

const members = (h: H, who: Caller, action: string, data?: unknown) => {
  const fn = h.system.functions.members;
  return dispatch(fn.table, fn.deps as never, who, data === undefined ? { action } : { action, data }, silentLogger) as Promise<any>;
};
const ok = async (p: Promise<any>) => {
  const res = await p;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
const lastCode = (h: H) => /为(\d{6})/.exec(h.system.smsSandbox.list(1)[0]?.text ?? '')?.[1];
/** 张晓敏 consents to the notice (binding requires it, on the server), then binds P2026000123 with the SMS code. */
const bindAlice = async (h: H) => {
  await agree(h, alice);
  await ok(members(h, alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' }));
  await ok(members(h, alice, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: lastCode(h) }));
  h.clock.advance(61_000);
};
const privacyTables = (h: H) =>
  JSON.stringify(['privacy_consents', 'privacy_requests', 'privacy_verifications', 'members', 'policies', 'audit_log'].map((t) => h.system.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
const auditActions = (h: H) => (h.system.db.prepare('SELECT action FROM audit_log ORDER BY rowid').all() as { action: string }[]).map((r) => r.action);
const agree = (h: H, who: Caller) => ok(members(h, who, 'answerPrivacyNotice', { noticeVersion: h.system.privacy.notice.version, agree: true }));

describe('privacy for members: consent, 我的数据, export and requests', () => {
  let h: H;
  beforeEach(async () => {
    // Monday 2026-09-28 10:00 in Shanghai, the week before the National Day holiday.
    h = await adminHarness('2026-09-28T02:00:00Z');
    await importPolicies(h.system.members, { id: 'ops', role: 'compliance' }, { csv: REGISTER, full: false, validRowsOnly: false, dryRun: false });
  });
  afterEach(() => h.close());

  describe('consent to the versioned notice', () => {
    it('asks a new member, records 同意 with the version, and asks again when a new version is published', async () => {
      expect(await ok(members(h, alice, 'privacyStatus'))).toMatchObject({ needsConsent: true, noticeUpdated: false, notice: { version: '2026.11' } });
      const after = await agree(h, alice);
      expect(after).toMatchObject({ needsConsent: false, general: { inForce: true, lastAction: 'given', noticeVersion: '2026.11', atText: '2026-09-28 10:00' } });
      expect(auditActions(h)).toContain('privacy.consent.general.given');

      h.system.privacy.notice = { ...PRIVACY_NOTICE, version: '2027.01' };
      expect(await ok(members(h, alice, 'privacyStatus'))).toMatchObject({ needsConsent: true, noticeUpdated: true, notice: { version: '2027.01' } });
      // An answer to the version the sheet showed before the change is refused, and changes nothing.
      const before = privacyTables(h);
      expect(await members(h, alice, 'answerPrivacyNotice', { noticeVersion: '2026.11', agree: true })).toMatchObject({
        ok: false,
        error: { code: 'PRIVACY.NOTICE_OUTDATED', message: '隐私政策已更新，请阅读新版本后再确认' },
      });
      expect(privacyTables(h)).toBe(before);
    });

    it('records 不同意 and keeps asking; the complaint channel stays open', async () => {
      await ok(members(h, bob, 'answerPrivacyNotice', { noticeVersion: '2026.11', agree: false }));
      expect(await ok(members(h, bob, 'privacyStatus'))).toMatchObject({ needsConsent: true, general: { lastAction: 'declined' } });
      const fn = h.system.functions.complaints;
      expect(await dispatch(fn.table, fn.deps as never, bob, validSubmit(), silentLogger)).toMatchObject({ ok: true });
    });

    it('takes the sensitive-data consent separately, only after the general one, and a withdrawal stops new sensitive uploads', async () => {
      expect(await members(h, alice, 'giveSensitiveConsent', { noticeVersion: '2026.11' })).toMatchObject({ ok: false, error: { code: 'PRIVACY.CONSENT_REQUIRED' } });
      await agree(h, alice);
      await expect(assertSensitiveUploadAllowed(h.system.privacy, 'openid-alice')).rejects.toMatchObject({ code: 'PRIVACY.SENSITIVE_CONSENT_REQUIRED' });
      expect(await ok(members(h, alice, 'giveSensitiveConsent', { noticeVersion: '2026.11' }))).toMatchObject({ sensitive: { inForce: true } });
      await expect(assertSensitiveUploadAllowed(h.system.privacy, 'openid-alice')).resolves.toBeUndefined();
      expect(await ok(members(h, alice, 'withdrawConsent', { kind: 'sensitive' }))).toMatchObject({ general: { inForce: true }, sensitive: { inForce: false, lastAction: 'withdrawn' } });
      await expect(assertSensitiveUploadAllowed(h.system.privacy, 'openid-alice')).rejects.toMatchObject({ code: 'PRIVACY.SENSITIVE_CONSENT_REQUIRED' });
      expect(await members(h, alice, 'withdrawConsent', { kind: 'sensitive' })).toMatchObject({ ok: false, error: { code: 'PRIVACY.NOT_CONSENTED' } });
      expect(auditActions(h).filter((a) => a.startsWith('privacy.'))).toEqual(['privacy.consent.general.given', 'privacy.consent.sensitive.given', 'privacy.consent.sensitive.withdrawn']);
    });

    it('ends the sensitive consent with the general one', async () => {
      await agree(h, alice);
      await ok(members(h, alice, 'giveSensitiveConsent', { noticeVersion: '2026.11' }));
      expect(await ok(members(h, alice, 'withdrawConsent', { kind: 'general' }))).toMatchObject({ needsConsent: true, sensitive: { inForce: false } });
    });
  });

  describe('我的数据 and its export', () => {
    it('shows the member everything held, in full, with the rule that keeps each record type', async () => {
      await bindAlice(h);
      const fn = h.system.functions.complaints;
      await dispatch(fn.table, fn.deps as never, alice, validSubmit(), silentLogger);
      const data = await ok(members(h, alice, 'myData'));
      expect(data.member).toMatchObject({ kind: 'bound', name: '张晓敏', phone: '13800138000', idNumber: '110105198503151230' });
      expect(data.policies).toEqual([expect.objectContaining({ policyNo: 'P2026000123', holder: expect.objectContaining({ name: '张晓敏' }) })]);
      expect(data.complaints).toEqual([expect.objectContaining({ description: '客服多次承诺回电但没有任何人联系我' })]);
      expect(data.consents).toEqual([expect.objectContaining({ action: '同意', noticeVersion: '2026.11' })]);
      expect(data.retention).toContainEqual(expect.objectContaining({ recordType: 'complaints', onDeletion: '依法保存（封存）', confirmed: false }));
      expect(data.canExport).toBe(true);
    });

    it('tells a visitor that the export needs binding', async () => {
      const res = await members(h, bob, 'startExportVerification');
      expect(res).toMatchObject({ ok: false, error: { code: 'PRIVACY.EXPORT_NEEDS_BINDING', message: expect.stringContaining('绑定保单') } });
      expect(await members(h, bob, 'exportMyData', { code: '123456' })).toMatchObject({ ok: false, error: { code: 'PRIVACY.EXPORT_NEEDS_BINDING' } });
      expect(await ok(members(h, bob, 'myData'))).toMatchObject({ canExport: false, member: { kind: 'visitor' } });
    });

    it('exports in full only after a fresh SMS code, one export per code, each export audited', async () => {
      await bindAlice(h);
      expect(await ok(members(h, alice, 'startExportVerification'))).toEqual({ sentTo: '138****8000', expiresInSeconds: 300, resendAfterSeconds: 60 });
      expect(h.system.smsSandbox.list(1)[0].text).toContain('导出个人数据的验证码');
      const code = lastCode(h)!;
      const wrong = code === '000000' ? '111111' : '000000';
      expect(await members(h, alice, 'exportMyData', { code: wrong })).toMatchObject({ ok: false, error: { code: 'PRIVACY.WRONG_CODE', message: '验证码不正确，还可尝试4次' } });
      const out = await ok(members(h, alice, 'exportMyData', { code }));
      expect(out.fileName).toBe('我的数据-20260928.json');
      expect(out.data.member).toMatchObject({ name: '张晓敏', phone: '13800138000', idNumber: '110105198503151230' });
      expect(out.data.requests[0]).toMatchObject({ kind: 'export', status: 'completed' });
      expect(await members(h, alice, 'exportMyData', { code })).toMatchObject({ ok: false, error: { code: 'PRIVACY.CODE_NOT_SENT' } });
      const entry = h.system.db.prepare("SELECT * FROM audit_log WHERE action = 'privacy.export'").all() as { actor_id: string; detail: string }[];
      expect(entry).toHaveLength(1);
      expect(entry[0].actor_id).toBe('openid-alice');
      expect(JSON.parse(entry[0].detail)).toMatchObject({ counts: { policies: 1 } });
    });

    it('expires an export code after five minutes and sends at most one a minute', async () => {
      await bindAlice(h);
      await ok(members(h, alice, 'startExportVerification'));
      expect(await members(h, alice, 'startExportVerification')).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', message: '发送过于频繁，请60秒后再试' } });
      const code = lastCode(h);
      h.clock.advance(5 * 60_000);
      expect(await members(h, alice, 'exportMyData', { code })).toMatchObject({ ok: false, error: { code: 'PRIVACY.CODE_EXPIRED' } });
    });
  });

  describe('one member never reaches another\'s data', () => {
    it('keeps every read and export to the caller\'s own records', async () => {
      await bindAlice(h);
      await ok(members(h, alice, 'requestCorrection', { field: 'name', detail: '姓名应为张晓敏，登记成了张小敏' }));
      await ok(members(h, alice, 'startExportVerification'));
      const aliceCode = lastCode(h);

      const bobs = await ok(members(h, bob, 'myData'));
      expect(JSON.stringify(bobs)).not.toMatch(/张晓敏|13800138000|P2026000123|张小敏/);
      expect(bobs.member.openid).toBe('openid-bob');
      expect(await ok(members(h, bob, 'myPrivacyRequests'))).toEqual({ items: [] });
      expect(await ok(members(h, bob, 'privacyStatus'))).toMatchObject({ needsConsent: true });
      // Alice's code is hers: bob holds no binding, and a bound bob would still have no code of his own.
      expect(await members(h, bob, 'exportMyData', { code: aliceCode })).toMatchObject({ ok: false, error: { code: 'PRIVACY.EXPORT_NEEDS_BINDING' } });
      // Identity comes only from the platform: an openid in the body is refused, not obeyed.
      for (const [action, data] of [
        ['myData', { openid: 'openid-alice' }],
        ['exportMyData', { code: aliceCode, memberId: 'openid-alice' }],
        ['myPrivacyRequests', { memberId: 'openid-alice' }],
      ] as const)
        expect(await members(h, bob, action, data)).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
      expect(await members(h, { kind: 'timer' }, 'myData')).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
    });
  });

  describe('requests: bad input changes nothing', () => {
    it.each([
      ['requestCorrection', { field: 'salary', detail: '我的工资信息有误需要更正' }],
      ['requestCorrection', { field: 'name', detail: '太短' }],
      ['requestCorrection', { field: 'name', detail: '姓名应为张晓敏\u202e反转' }],
      ['requestCorrection', { field: 'name', detail: '姓名应为张晓敏，登记有误', extra: 1 }],
      ['requestDeletion', { reason: 'x'.repeat(201) }],
      ['closeAccount', {}],
      ['closeAccount', { confirm: 'yes' }],
      ['withdrawConsent', { kind: 'everything' }],
      ['answerPrivacyNotice', { noticeVersion: '2026.11' }],
      ['exportMyData', { code: '12345' }],
      ['myData', { all: true }],
    ])('%s %j is refused with a specific code and a Chinese message', async (action, data) => {
      await bindAlice(h);
      const before = privacyTables(h);
      const res = await members(h, alice, action, data);
      expect(res).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID', message: expect.stringMatching(/[\u4e00-\u9fa5]/) } });
      expect(res.error.issues[0].message).toMatch(/[\u4e00-\u9fa5]/);
      expect(privacyTables(h)).toBe(before);
    });

    it('refuses a second open deletion request', async () => {
      await ok(members(h, alice, 'requestDeletion', {}));
      expect(await members(h, alice, 'requestDeletion', { reason: '再提交一次' })).toMatchObject({
        ok: false,
        error: { code: 'PRIVACY.REQUEST_OPEN', message: '您已有一项处理中的删除申请，请等待处理结果' },
      });
      expect(await members(h, alice, 'closeAccount', { confirm: true })).toMatchObject({ ok: false, error: { code: 'PRIVACY.REQUEST_OPEN' } });
    });
  });

  describe('staff handle requests in the admin page', () => {
    it('dates a request received on 2026-09-28 at 2026-10-23 24:00: 15 working days across National Day', async () => {
      // By hand, from the day after receipt: 9/29 (1), 9/30 (2), 10/1–10/7 holiday, 10/8 (3), 10/9 (4),
      // Sat 10/10 make-up workday (5), 10/12–16 (6–10), 10/19–23 (11–15): ends 24:00 on Friday 23 October.
      const r = await ok(members(h, alice, 'requestDeletion', { reason: '不再使用' }));
      expect(r.dueText).toBe('2026年10月23日（当日24时前）');
      const comp = await h.as('comp01');
      const queue = await comp('privacy/queue', {});
      expect(queue.items).toEqual([expect.objectContaining({ number: r.number, dueAt: '2026-10-23T16:00:00.000Z', dueProvisional: false, overdue: false, kindLabel: '删除申请' })]);
    });

    it('lets supervisors and compliance act, head office read, and agents neither', async () => {
      const r = await ok(members(h, alice, 'requestDeletion', {}));
      const agent = await h.signIn('agent01');
      await expect(h.call('privacy/queue', {}, agent)).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
      await expect(h.call('privacy/detail', { id: r.id }, agent)).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
      const ho = await h.as('ho01');
      expect((await ho('privacy/queue', {})).items).toHaveLength(1);
      const hoCookie = await h.signIn('ho01');
      await expect(h.call('privacy/refuse', { id: r.id, version: 1, reason: '依法需保留全部记录' }, hoCookie)).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
      const sup = await h.as('super01');
      expect(await sup('privacy/refuse', { id: r.id, version: 1, reason: '经核实，您的保单仍在理赔中，相关信息暂不能删除' })).toMatchObject({
        request: { status: 'refused' },
        happened: { kind: 'privacyRequestRefused', memberId: 'openid-alice', requestId: r.id },
      });
    });

    it('carries out a deletion: erases what may go, freezes what the law keeps, and tells the member which rule keeps what', async () => {
      await bindAlice(h);
      await h.system.admin.inbox.addMemberMessage({ id: 'msg-1', memberId: 'openid-alice', subjectId: 'c1', title: '投诉进度', body: '已受理', page: '/pages/messages/messages', createdAt: '2026-09-28T02:00:00.000Z' });
      const fn = h.system.functions.complaints;
      await dispatch(fn.table, fn.deps as never, alice, validSubmit(), silentLogger);
      const r = await ok(members(h, alice, 'requestDeletion', { reason: '不再使用' }));

      const comp = await h.as('comp01');
      const detail = await comp('privacy/detail', { id: r.id });
      expect(detail.plan.freeze.map((f: { recordType: string }) => f.recordType)).toEqual(['policies', 'complaints', 'consents', 'privacyRequests', 'auditLog']);
      expect(detail.plan.erase.map((f: { recordType: string }) => f.recordType)).toEqual(['memberProfile', 'messages', 'subscriptions', 'bindingCodes', 'rateLimits']);
      h.clock.set('2026-10-09T02:00:00Z');
      const later = await h.as('comp01');
      const out = await later('privacy/complete', { id: r.id, version: 1 });
      expect(out.happened).toEqual({ kind: 'privacyRequestCompleted', memberId: 'openid-alice', requestId: r.id, number: r.number, requestKind: 'deletion' });
      expect(out.request.deletion.unboundPolicies).toEqual(['P2026000123']);
      expect(out.request.deletion.erased).toEqual([
        expect.objectContaining({ recordType: 'memberProfile', count: 1 }),
        expect.objectContaining({ recordType: 'messages', count: 1 }),
        expect.objectContaining({ recordType: 'subscriptions', count: 0 }),
        // Binding left its code (spent) and her daily attempt counter, the submit her hour and day quota
        // counters (MEMBER_QUOTAS); the local SMS sandbox the text with the code.
        { recordType: 'bindingCodes', label: '保单绑定验证码记录', count: 1 },
        { recordType: 'rateLimits', label: '绑定、验证码及提交、上传次数计数', count: 3 },
        { recordType: 'smsSandbox', label: '短信沙箱记录（本地开发环境）', count: 1 },
      ]);
      const rows = (sql: string) => (h.system.db.prepare(sql).get({ m: 'openid-alice' }) as { n: number }).n;
      expect(rows('SELECT COUNT(*) n FROM binding_challenges WHERE member_id = @m')).toBe(0);
      expect(rows('SELECT COUNT(*) n FROM rate_limits WHERE member_id = @m OR instr(key, @m) > 0')).toBe(0);
      expect(h.system.smsSandbox.list()).toEqual([]);

      // Erased: the member record is a bare visitor, the messages are gone. Frozen: the policy and the complaint stay.
      expect(await ok(members(h, alice, 'me'))).toMatchObject({ kind: 'visitor', policies: [] });
      expect(await h.system.admin.inbox.listMemberMessages('openid-alice', 10)).toEqual([]);
      const policy = await h.system.members.policies.get('P2026000123');
      expect(policy).toMatchObject({ policyNo: 'P2026000123', status: 'inForce' });
      expect(policy?.boundTo).toBeUndefined();
      expect((await h.system.complaints.store.listByMember('openid-alice', { limit: 5 })).items).toHaveLength(1);
      expect(await ok(members(h, alice, 'privacyStatus'))).toMatchObject({ needsConsent: true, general: { lastAction: 'withdrawn' } });

      const mine = (await ok(members(h, alice, 'myPrivacyRequests'))).items[0];
      expect(mine).toMatchObject({
        status: 'completed',
        statusLabel: '已办结',
        erased: ['会员账号与身份信息（姓名、手机号、身份证号）', '消息中心记录', '保单绑定验证码记录', '绑定、验证码及提交、上传次数计数', '短信沙箱记录（本地开发环境）'],
      });
      expect(mine.frozen).toContainEqual({ label: '投诉记录', basis: '《银行业保险业消费投诉处理管理办法》（投诉处理记录保存）', period: '办结后三年', confirmed: false });
      expect(mine.frozen).toContainEqual(expect.objectContaining({ label: '保单及投保资料', basis: '《保险法》第八十七条' }));
      expect(auditActions(h).filter((a) => a.startsWith('privacy.') || a === 'member.unbindAll')).toEqual([
        'privacy.consent.general.given',
        'privacy.request.deletion',
        'privacy.view',
        'member.unbindAll',
        'privacy.consent.withdrawnAll',
        'privacy.complete',
      ]);
      // Closed: a second try is refused, not repeated.
      await expect(later('privacy/complete', { id: r.id, version: 2 })).rejects.toMatchObject({ code: 'PRIVACY.NOT_OPEN' });
    });

    it('注销: lets go of every policy at once and opens a deletion request', async () => {
      await bindAlice(h);
      const out = await ok(members(h, alice, 'closeAccount', { confirm: true }));
      expect(out).toMatchObject({ kindLabel: '注销账号', status: 'received', unbound: ['P2026000123'] });
      expect(await ok(members(h, alice, 'me'))).toMatchObject({ kind: 'visitor' });
      expect(await ok(members(h, alice, 'privacyStatus'))).toMatchObject({ needsConsent: true });
      const comp = await h.as('comp01');
      expect((await comp('privacy/queue', {})).items[0]).toMatchObject({ kindLabel: '注销账号（删除申请）', closeAccount: true });
    });

    it('records a correction in words the member reads, and refuses wrong kinds, stale versions and bad input', async () => {
      const r = await ok(members(h, alice, 'requestCorrection', { field: 'phone', detail: '手机号已换为13900000000，请更新' }));
      const sup = await h.as('super01');
      await expect(sup('privacy/complete', { id: r.id, version: 1 })).rejects.toMatchObject({ code: 'PRIVACY.WRONG_KIND' });
      await expect(sup('privacy/recordCorrection', { id: r.id, version: 1, note: '短' })).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
      await expect(sup('privacy/refuse', { id: r.id, version: 1 })).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
      await expect(sup('privacy/detail', { id: '../../etc' })).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
      await expect(sup('privacy/detail', { id: 'does-not-exist' })).rejects.toMatchObject({ code: 'PRIVACY.NOT_FOUND' });
      await sup('privacy/recordCorrection', { id: r.id, version: 1, note: '已在核心系统中更新投保人手机号' });
      await expect(sup('privacy/refuse', { id: r.id, version: 1, reason: '重复提交的申请' })).rejects.toMatchObject({ code: 'PRIVACY.VERSION_CONFLICT' });
      expect((await ok(members(h, alice, 'myPrivacyRequests'))).items[0]).toMatchObject({ status: 'completed', resolutionNote: '已在核心系统中更新投保人手机号', detail: '手机号：手机号已换为13900000000，请更新' });
    });

    it('recomputes open due dates when a year\'s holiday notice is imported', async () => {
      // Received Sunday 2026-12-20: with 2027 unknown the 15th working day is Friday 2027-01-08 (weekends only, 暂定).
      h.clock.set('2026-12-20T02:00:00Z');
      const r = await ok(members(h, alice, 'requestDeletion', {}));
      expect(r.dueText).toBe('2027年1月8日（当日24时前）（暂定）');
      const comp = await h.as('comp01');
      await comp('calendar/import', { year: 2027, source: '国办发明电〔2026〕示例号', csv: HOLIDAYS_2027 });
      // 2027-01-01 is a holiday under the notice: one working day later, no longer provisional.
      expect(await h.system.privacy.records.getRequest(r.id)).toMatchObject({ dueAt: '2027-01-11T16:00:00.000Z', dueProvisional: false });
    });
  });
});
