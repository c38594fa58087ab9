import fs from 'node:fs';
import path from 'node:path';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { DEMO_MEMBERS, seedDemoMembers } from '../../server/local/demoData';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import type { MemberSearchResult, StaffMemberPage } from '../../typings/staffMembers';
import { adminHarness } from '../support/adminHarness';

const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const [HEADER, ...ROWS] = REGISTER.trim().split('\n');
const ALICE = DEMO_MEMBERS[0].openid;
type H = Awaited<ReturnType<typeof adminHarness>>;

/** Every table a member action could touch: a refused call must leave all of them as they were. */
/** A refusal is itself audited (`staff.denied`, read by the incident detector); everything else must stay as it was. */
const DENIALS_ASIDE = " WHERE action <> 'staff.denied'";
const snapshot = (h: H) =>
  JSON.stringify(['members', 'policies', 'audit_log', 'complaints', 'binding_challenges', 'sms_sandbox'].map((t) => h.system.db.prepare(`SELECT * FROM ${t}${t === 'audit_log' ? DENIALS_ASIDE : ''} ORDER BY 1`).all()));
const auditActions = (h: H) => (h.system.db.prepare('SELECT action FROM audit_log ORDER BY rowid').all() as { action: string }[]).map((r) => r.action);
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code: string }) => e.code);

/** 张晓敏 bound to P2026000123 (her P2025008866 not yet), 李建国 and 王芳 only in the register; a case each from 张晓敏 and a visitor. */
const seeded = async () => {
  const h = await adminHarness('2026-11-25T02:00:00Z');
  await seedDemoMembers(h.system.members, REGISTER);
  await submitComplaint(h.system.complaints, ALICE, {
    idempotencyKey: 'members-test-key-0001',
    category: 'claims',
    description: '住院理赔材料提交三周仍无结果，电话也打不通。',
    policyNo: 'P2026000123',
  });
  await submitComplaint(h.system.complaints, 'openid-visitor', {
    idempotencyKey: 'members-test-key-0002',
    category: 'service',
    description: '咨询投保流程时客服多次挂断电话。',
  });
  return h;
};

describe('member lookup (会员查询)', () => {
  let h: H;
  beforeAll(async () => {
    h = await seeded();
  });
  afterAll(() => h.close());

  it('finds a member by exact policy number, with masked name, phone and ID and the policy bound to them', async () => {
    const agent = await h.as('agent01');
    const res: MemberSearchResult = await agent('members/search', { by: 'policyNo', q: 'P2026000123' });
    expect(res).toEqual({
      truncated: false,
      items: [
        {
          memberId: ALICE,
          policyNo: 'P2026000123',
          kind: 'bound',
          kindLabel: '已绑定会员',
          nameMasked: '张*敏',
          phoneMasked: '138****8000',
          idNumberMasked: '110105********1230',
          tierLabel: '普通会员',
          policies: [{ policyNo: 'P2026000123', productName: '安康百万医疗险', status: 'inForce', statusLabel: '有效', binding: 'this' }],
        },
      ],
    });
  });

  it('finds by the beginning of a policy number, one row per person, a holder who never bound as 未绑定', async () => {
    const agent = await h.as('agent01');
    const res: MemberSearchResult = await agent('members/search', { by: 'policyNo', q: 'p2026' });
    expect(res.items.map((i) => [i.nameMasked, i.kind, i.policies.map((p) => p.policyNo)])).toEqual([
      ['张*敏', 'bound', ['P2026000123']],
      ['李*国', 'unbound', ['P2026000456']],
    ]);
    // Her policy nobody has bound yet still belongs on her row: the same holder ID number.
    const hers: MemberSearchResult = await agent('members/search', { by: 'policyNo', q: 'P2025' });
    expect(hers.items).toMatchObject([{ memberId: ALICE, policies: [{ policyNo: 'P2025008866', binding: 'none' }] }]);
  });

  it('finds by phone and by exact full name through blind indexes', async () => {
    const agent = await h.as('agent01');
    const byPhone: MemberSearchResult = await agent('members/search', { by: 'phone', q: '13800138000' });
    expect(byPhone.items).toMatchObject([{ memberId: ALICE, policies: [{ policyNo: 'P2025008866' }, { policyNo: 'P2026000123' }] }]);
    const byName: MemberSearchResult = await agent('members/search', { by: 'name', q: '王芳' });
    expect(byName.items).toEqual([expect.objectContaining({ kind: 'unbound', nameMasked: '王*', phoneMasked: '137****7000', policyNo: 'P2024001789' })]);
    expect((await agent('members/search', { by: 'name', q: '张晓' })).items).toEqual([]);
    expect((await agent('members/search', { by: 'phone', q: '13900000000' })).items).toEqual([]);
  });

  it('never puts a name, phone or ID number in clear in any result or page', async () => {
    const agent = await h.as('agent01');
    const seen = JSON.stringify([
      await agent('members/search', { by: 'policyNo', q: 'P20' }),
      await agent('members/search', { by: 'phone', q: '13800138000' }),
      await agent('members/search', { by: 'name', q: '张晓敏' }),
      await agent('members/page', { memberId: ALICE }),
      await agent('members/page', { policyNo: 'P2024001789' }),
      await agent('complaints/queue', {}),
    ]);
    for (const secret of ['张晓敏', '王子涵', '13800138000', '110105198503151230', '11010520150601456X', '王芳', '李明', '13700137000', '310115196209095670'])
      expect(seen).not.toContain(secret);
    expect(seen).toContain('张*敏');
  });

  it.each([
    ['an unknown key', { by: 'email', q: 'a@b.cn' }, 'by'],
    ['a phone of 10 digits', { by: 'phone', q: '1380013800' }, ''],
    ['a one-character name', { by: 'name', q: '张' }, ''],
    ['a policy number of two characters', { by: 'policyNo', q: 'P2' }, ''],
    ['markup in a policy number', { by: 'policyNo', q: 'P2026<script>' }, ''],
    ['an extra field', { by: 'phone', q: '13800138000', memberId: ALICE }, ''],
  ])('refuses %s with REQUEST.INVALID and a Chinese message, changing nothing', async (_what, body, issuePath) => {
    const agent = await h.as('agent01');
    const before = snapshot(h);
    await expect(agent('members/search', body)).rejects.toMatchObject({
      code: 'REQUEST.INVALID',
      details: { issues: [expect.objectContaining({ path: issuePath, message: expect.stringMatching(/[\u4e00-\u9fa5]/) })] },
    });
    expect(snapshot(h)).toBe(before);
  });

  it('names the key in the message: 手机号（11位）格式不正确', async () => {
    const agent = await h.as('agent01');
    await expect(agent('members/search', { by: 'phone', q: '12345' })).rejects.toMatchObject({ details: { issues: [{ message: '手机号（11位）格式不正确' }] } });
  });
});

describe('the member page (会员主页)', () => {
  let h: H;
  beforeAll(async () => {
    h = await seeded();
    // A call logged by phone from her number belongs on her page too.
    const agent = await h.as('agent01');
    await agent('complaints/log', {
      idempotencyKey: 'members-phone-intake-01',
      channel: 'phone',
      receivedAt: '2026-11-25T01:00:00Z',
      phone: '13800138000',
      category: 'premium',
      description: '银行卡被重复扣缴两期保费，要求退还。',
    });
  });
  afterAll(() => h.close());

  it('shows the member card, every policy of the holder with dates and coverages, and every complaint linked to her', async () => {
    const agent = await h.as('agent01');
    const page: StaffMemberPage = await agent('members/page', { memberId: ALICE });
    expect(page).toMatchObject({
      memberId: ALICE,
      kind: 'bound',
      nameMasked: '张*敏',
      phoneMasked: '138****8000',
      idNumberMasked: '110105********1230',
      tierLabel: '普通会员',
      version: 3,
      fields: ['name', 'phone', 'idNumber'],
    });
    expect(page.policies.map((p) => [p.policyNo, p.binding, p.statusLabel, p.effectiveDate, p.expiryDate])).toEqual([
      ['P2025008866', 'none', '有效', '2025-06-15', '2065-06-14'],
      ['P2026000123', 'this', '有效', '2026-01-01', '2026-12-31'],
    ]);
    expect(page.policies[1]).toMatchObject({
      premiumText: '1,280元',
      coverages: [{ name: '住院医疗', sumInsuredText: '3,000,000元' }, { name: '重大疾病', sumInsuredText: '200,000元' }],
      insured: [{ nameMasked: '张*敏', relationLabel: '本人' }, { nameMasked: '王*涵', relationLabel: '子女' }],
    });
    expect(page.records.map((g) => [g.area, g.areaLabel])).toEqual([
      ['complaints', '投诉'],
      ['privacy', '个人信息申请'],
      ['consultations', '咨询'],
    ]);
    expect(page.records[0].items.map((r) => [r.title, r.linkLabel])).toEqual([
      ['理赔争议 · 小程序', '本人提交'],
      ['保费扣缴 · 电话', '联系电话相同'],
    ]);
  });

  it('opens a holder who never bound by a policy number, and a bound holder\'s policy leads to the member', async () => {
    const agent = await h.as('agent01');
    expect(await agent('members/page', { policyNo: 'P2024001789' })).toMatchObject({
      kind: 'unbound',
      policyNo: 'P2024001789',
      nameMasked: '王*',
      tierLabel: '—',
      policies: [{ policyNo: 'P2024001789', binding: 'none', insured: [{ nameMasked: '王*' }, { nameMasked: '李*', relationLabel: '配偶' }] }],
      records: [
        { area: 'complaints', items: [] },
        { area: 'privacy', items: [] },
        { area: 'consultations', items: [] },
      ],
    });
    expect(await agent('members/page', { policyNo: 'P2025008866' })).toMatchObject({ memberId: ALICE });
  });

  it("lists the member's privacy requests beside the complaints, with no text of the request", async () => {
    const fn = h.system.functions.members;
    const as = (action: string, data: unknown) => dispatch(fn.table, fn.deps as never, { kind: 'member', openid: ALICE } as Caller, { action, data }, silentLogger);
    expect(await as('requestCorrection', { field: 'phone', detail: '手机号已换成13911112222，请更正' })).toMatchObject({ ok: true });
    const page: StaffMemberPage = await (await h.as('agent01'))('members/page', { memberId: ALICE });
    const privacy = page.records.find((g) => g.area === 'privacy')!;
    expect(privacy.items).toEqual([expect.objectContaining({ title: '更正申请', statusLabel: '处理中', linkLabel: '本人申请' })]);
    expect(JSON.stringify(privacy)).not.toContain('13911112222');
  });

  it('shows a visitor who complained as 访客 with the case', async () => {
    const agent = await h.as('agent01');
    const page: StaffMemberPage = await agent('members/page', { memberId: 'openid-visitor' });
    expect(page).toMatchObject({ kind: 'visitor', nameMasked: '访客', fields: [], policies: [] });
    expect(page.records[0].items).toHaveLength(1);
  });

  it.each([
    ['an unknown member', { memberId: 'openid-nobody' }, 'MEMBER.NOT_FOUND'],
    ['an unknown policy', { policyNo: 'P0000000000' }, 'POLICY.NOT_FOUND'],
    ['both a member and a policy', { memberId: ALICE, policyNo: 'P2026000123' }, 'REQUEST.INVALID'],
    ['neither', {}, 'REQUEST.INVALID'],
    ['a malformed member id', { memberId: 'a b' }, 'REQUEST.INVALID'],
  ])('refuses %s with %s', async (_what, body, code) => {
    const agent = await h.as('agent01');
    expect(await codeOf(agent('members/page', body))).toBe(code);
  });
});

describe('unmasking one field (audited)', () => {
  let h: H;
  beforeEach(async () => {
    h = await seeded();
  });
  afterEach(() => h.close());

  it('gives a supervisor the full value for a reason, and writes who, which field and why to the audit chain first', async () => {
    const sup = await h.as('super01');
    expect(await sup('members/unmask', { memberId: ALICE, field: 'phone', reason: '会员来电要求回拨核实' })).toEqual({ field: 'phone', value: '13800138000' });
    expect(await sup('members/unmask', { policyNo: 'P2024001789', field: 'idNumber', reason: '核对投保人身份' })).toEqual({ field: 'idNumber', value: '310115196209095670' });
    const entries = (await h.deps.audit.list({ limit: 50 })).reverse(); // the list is newest first
    expect(entries.filter((e) => e.action === 'member.unmask').map((e) => [e.actorId, e.subjectType, e.subjectId, e.detail])).toEqual([
      ['staff-super-01', 'member', ALICE, { field: 'phone', fieldLabel: '手机号', reason: '会员来电要求回拨核实' }],
      ['staff-super-01', 'policyHolder', 'P2024001789', { field: 'idNumber', fieldLabel: '身份证号', reason: '核对投保人身份' }],
    ]);
  });

  it.each([
    ['agent01', { memberId: ALICE, field: 'phone', reason: '会员来电要求回拨' }, 'AUTH.FORBIDDEN'],
    ['comp01', { memberId: ALICE, field: 'name', reason: '合规抽查需要核对' }, 'AUTH.FORBIDDEN'],
    ['super01', { memberId: ALICE, field: 'phone' }, 'REQUEST.INVALID'],
    ['super01', { memberId: ALICE, field: 'phone', reason: '看看' }, 'REQUEST.INVALID'],
    ['super01', { memberId: ALICE, field: 'bankCard', reason: '会员来电要求回拨' }, 'REQUEST.INVALID'],
    ['super01', { memberId: 'openid-visitor', field: 'phone', reason: '会员来电要求回拨' }, 'MEMBER.NOT_FOUND'],
    ['super01', { memberId: ALICE, policyNo: 'P2026000123', field: 'phone', reason: '会员来电要求回拨' }, 'REQUEST.INVALID'],
  ])('as %s refuses %j with %s and audits nothing', async (user, body, code) => {
    const call = await h.as(user);
    const before = snapshot(h);
    expect(await codeOf(call('members/unmask', body))).toBe(code);
    expect(snapshot(h)).toBe(before);
  });

  it('says a visitor has no such field', async () => {
    await h.system.members.members.ensure({ id: 'openid-visitor', kind: 'visitor', policyNos: [], tier: 'visitor', version: 1, createdAt: '2026-11-25T00:00:00Z', updatedAt: '2026-11-25T00:00:00Z' });
    const sup = await h.as('super01');
    expect(await codeOf(sup('members/unmask', { memberId: 'openid-visitor', field: 'phone', reason: '会员来电要求回拨' }))).toBe('MEMBER.FIELD_EMPTY');
  });
});

describe('complaint cases show who they are from', () => {
  let h: H;
  beforeAll(async () => {
    h = await seeded();
  });
  afterAll(() => h.close());

  it('names the member masked in the queue and the detail, 访客 for a visitor', async () => {
    const agent = await h.as('agent01');
    const queue = await agent('complaints/queue', {});
    expect(queue.items.map((i: { memberName: string; phoneMasked?: string }) => [i.memberName, i.phoneMasked]).sort()).toEqual([
      ['张*敏', '138****8000'],
      ['访客', undefined],
    ]);
    const hers = queue.items.find((i: { memberName: string }) => i.memberName === '张*敏');
    expect(await agent('complaints/detail', { id: hers.id })).toMatchObject({ memberId: ALICE, memberName: '张*敏', phoneMasked: '138****8000' });
    // A write answers the same view.
    expect(await agent('complaints/acknowledge', { id: hers.id, version: 1 })).toMatchObject({ memberName: '张*敏' });
  });

  it('unmasks the member\'s phone on a mini-program case through the audited action, and says when there is none', async () => {
    const agent = await h.as('agent01');
    const queue = await agent('complaints/queue', {});
    const [hers, visitors] = ['张*敏', '访客'].map((n) => queue.items.find((i: { memberName: string }) => i.memberName === n));
    expect(await codeOf(agent('complaints/viewPersonalData', { id: hers.id }))).toBe('REQUEST.INVALID'); // no reason
    expect(await agent('complaints/viewPersonalData', { id: hers.id, reason: '回电核实理赔进度' })).toEqual({ phone: '13800138000' });
    expect(await agent('complaints/viewPersonalData', { id: hers.id, field: 'name', reason: '回电核实理赔进度' })).toEqual({ name: '张晓敏' });
    const audit = (await h.deps.audit.list({ limit: 50, subjectId: hers.id })).reverse(); // the list is newest first
    expect(audit.filter((e) => e.action === 'complaint.viewPersonalData').map((e) => e.detail)).toEqual([
      expect.objectContaining({ field: 'phone', from: 'member', reason: '回电核实理赔进度' }),
      expect.objectContaining({ field: 'name', from: 'member', reason: '回电核实理赔进度' }),
    ]);
    expect(await codeOf(agent('complaints/viewPersonalData', { id: visitors.id, reason: '回电核实理赔进度' }))).toBe('COMPLAINT.NO_PERSONAL_DATA');
  });

  it("refuses an agent the full details of a case another agent holds, and lets a supervisor see them", async () => {
    const agent = await h.as('agent01');
    const other = await h.as('agent02');
    const supervisor = await h.as('super01');
    const hers = (await agent('complaints/queue', {})).items.find((i: { memberName: string }) => i.memberName === '张*敏');
    const agent01 = (await h.deps.staff.list()).find((s) => s.username === 'agent01')!;
    const detail = await supervisor('complaints/detail', { id: hers.id });
    if (detail.ownerId !== agent01.id) await supervisor('complaints/assign', { id: hers.id, version: detail.version, toStaffId: agent01.id });
    const before = (await h.deps.audit.list({ limit: 50, subjectId: hers.id })).length;
    expect(await codeOf(other('complaints/viewPersonalData', { id: hers.id, reason: '想看看这位会员' }))).toBe('COMPLAINT.NOT_YOUR_CASE');
    expect((await h.deps.audit.list({ limit: 50, subjectId: hers.id })).length).toBe(before);
    expect(await supervisor('complaints/viewPersonalData', { id: hers.id, reason: '主管复核回访记录' })).toEqual({ phone: '13800138000' });
  });
});

describe('staff-assisted rebinding (changed phone, lost account)', () => {
  let h: H;
  beforeEach(async () => {
    h = await seeded();
  });
  afterEach(() => h.close());
  const body = { memberId: ALICE, version: 3, policyNo: 'P2026000123', cause: 'accountLost', reason: '会员原微信账号被盗，本人持身份证到柜面申请' };

  it('releases the policy with a reason, audited in the same write, so the holder can bind it again from a new WeChat', async () => {
    const sup = await h.as('super01');
    const page: StaffMemberPage = await sup('members/unbind', body);
    // Her last bound policy: she is a visitor again, and her details leave the member record.
    expect(page).toMatchObject({ memberId: ALICE, kind: 'visitor', nameMasked: '访客', version: 4, fields: [] });
    expect(auditActions(h).at(-1)).toBe('member.unbind.assisted');
    const [entry] = (await h.deps.audit.list({ limit: 50, subjectId: ALICE })).filter((e) => e.action === 'member.unbind.assisted');
    expect(entry).toMatchObject({ actorId: 'staff-super-01', detail: { policyNo: 'P2026000123', cause: 'accountLost', causeLabel: '微信账号丢失或更换', reason: body.reason } });
    expect((await h.system.members.policies.get('P2026000123'))!.boundTo).toBeUndefined();

    h.clock.advance(61_000); // one code a minute per phone
    const fresh: Caller = { kind: 'member', openid: 'openid-alice-new' };
    const fn = h.system.functions.members;
    // From the new WeChat she first consents to the privacy notice (binding requires it), then binds.
    const notice = { noticeVersion: h.system.privacy.notice.version, agree: true };
    expect(await dispatch(fn.table, fn.deps as never, fresh, { action: 'answerPrivacyNotice', data: notice }, silentLogger)).toMatchObject({ ok: true });
    const started = await dispatch(fn.table, fn.deps as never, fresh, { action: 'startBinding', data: { policyNo: 'P2026000123', phone: '13800138000' } }, silentLogger);
    expect(started).toMatchObject({ ok: true, data: { sentTo: '138****8000' } });
  });

  it.each([
    ['agent01', body, 'AUTH.FORBIDDEN'],
    ['comp01', body, 'AUTH.FORBIDDEN'],
    ['super01', { ...body, version: 2 }, 'MEMBER.VERSION_CONFLICT'],
    ['super01', { ...body, policyNo: 'P2025008866' }, 'MEMBER.POLICY_NOT_BOUND'],
    ['super01', { ...body, memberId: 'openid-nobody' }, 'MEMBER.NOT_FOUND'],
    ['super01', { ...body, reason: '' }, 'REQUEST.INVALID'],
    ['super01', { ...body, cause: 'bored' }, 'REQUEST.INVALID'],
    ['super01', (({ version: _v, ...rest }) => rest)(body), 'REQUEST.INVALID'],
  ])('as %s refuses %j with %s and changes nothing', async (user, b, code) => {
    const call = await h.as(user);
    const before = snapshot(h);
    expect(await codeOf(call('members/unbind', b))).toBe(code);
    expect(snapshot(h)).toBe(before);
  });
});

// The register import from the admin page (upload job, validation, confirmation, timer slices): registerImportJobs.test.ts.

describe('SMS sandbox (短信沙箱, local only)', () => {
  it('lists the binding codes the sandbox sender recorded, phone masked, for staff with the sandbox permission', async () => {
    const h = await seeded();
    try {
      const agent = await h.as('agent01');
      const view = await agent('members/smsSandbox');
      expect(view).toMatchObject({ sandbox: true, items: [{ phoneMasked: '138****8000', text: expect.stringContaining('246810'), sentAtText: '2026-11-25 10:00' }] });
      expect(JSON.stringify(view)).not.toContain('13800138000');
      expect(await codeOf(h.as('ho01').then((call) => call('members/smsSandbox')))).toBe('AUTH.FORBIDDEN');
    } finally {
      h.close();
    }
  });
});
