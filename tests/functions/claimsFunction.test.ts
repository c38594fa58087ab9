import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Caller } from '../../server/runtime/functionRuntime';
import { claimPolicy, PDF, PNG, seedClaimant } from '../support/claimFixtures';
import { alice, bob, harness } from '../support/localHarness';

type H = ReturnType<typeof harness>;
const carol: Caller = { kind: 'member', openid: 'openid-carol' };

const call = (h: H, who: Caller, action: string, data?: unknown) => h.call('claims', who, data === undefined ? { action } : { action, data }) as Promise<any>;
const members = (h: H, who: Caller, action: string, data?: unknown) => h.call('members', who, { action, data }) as Promise<any>;
const ok = async (p: Promise<any>) => {
  const res = await p;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
const consent = async (h: H, who: Caller) => {
  const version = h.system.privacy.notice.version;
  await ok(members(h, who, 'answerPrivacyNotice', { noticeVersion: version, agree: true }));
  await ok(members(h, who, 'giveSensitiveConsent', { noticeVersion: version }));
};
const draftInput = (over: Record<string, unknown> = {}) => ({
  idempotencyKey: 'draft-000000000000001',
  policyNo: 'P2026000123',
  insuredIndex: 1,
  claimType: 'hospital',
  incidentDate: '2026-09-01',
  place: '上海市儿童医院',
  description: '孩子肺炎住院治疗五天，已出院',
  claimedFen: 1_200_000,
  ...over,
});
/** Everything a failed call could have touched. */
const tables = (h: H) => JSON.stringify(['claims', 'claim_keys', 'outbox', 'counters'].map((t) => h.system.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));

/** A file placed in the local store as if the phone had uploaded it straight to storage (no sniffing on the way in, as in production). */
const rawUpload = (h: H, owner: string, body: Buffer) => {
  const name = `${crypto.randomUUID()}.png`;
  const dir = path.join(h.dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), body);
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ owner, kind: 'png', size: body.length, uploadedAt: '2026-09-05T00:00:00.000Z' }));
  return `local://uploads/${name}`;
};

describe('claims function (member): report, documents, offer, withdraw', () => {
  let h: H;
  beforeEach(async () => {
    h = harness('2026-09-05T02:00:00Z');
    await seedClaimant(h.system, alice.kind === 'member' ? alice.openid : '', [
      claimPolicy(h.system, 'P2026000123', 'openid-alice'),
      claimPolicy(h.system, 'P2025000999', 'openid-alice', { status: 'expired', effectiveDate: '2025-01-01', expiryDate: '2025-12-31' }),
    ]);
    await seedClaimant(h.system, 'openid-bob', [claimPolicy(h.system, 'P2026000456', 'openid-bob')]);
  });
  afterEach(() => h.close());

  it('lists the claim types with their checklists, and the member’s bound policies in force with insured persons in full', async () => {
    const types = await ok(call(h, alice, 'types'));
    expect(types.types.find((t: any) => t.key === 'hospital').checklist.map((i: any) => i.label)).toEqual(['理赔申请书', '被保险人身份证明', '收款银行卡', '医疗费用发票', '出院小结', '诊断证明']);
    const mine = await ok(call(h, alice, 'myPolicies'));
    expect(mine.policies.map((p: any) => p.policyNo)).toEqual(['P2026000123']);
    expect(mine.policies[0].insured).toEqual([
      { index: 0, name: '张晓敏', relation: '本人' },
      { index: 1, name: '李小宝', relation: '子女' },
    ]);
    // 住院医疗保险金 and 意外身故保险金: hospital and accident claims only.
    expect(mine.policies[0].claimTypes).toEqual(['hospital', 'accident']);
  });

  it('keeps a draft, resumes it, and submits once with a readable number', async () => {
    const saved = await ok(call(h, alice, 'saveDraft', draftInput()));
    expect(saved.created).toBe(true);
    expect(saved.claim.status).toBe('draft');
    // The same form saved again (the reply was lost): the same draft.
    const again = await ok(call(h, alice, 'saveDraft', draftInput()));
    expect(again.claim.id).toBe(saved.claim.id);
    const edited = await ok(call(h, alice, 'saveDraft', draftInput({ id: saved.claim.id, place: '上海市儿童医院（北京西路）' })));
    expect(edited.claim.place).toBe('上海市儿童医院（北京西路）');
    expect((await ok(call(h, alice, 'listMine'))).items).toHaveLength(1);
    const first = await ok(call(h, alice, 'submit', { id: saved.claim.id, idempotencyKey: 'submit-00000000000001' }));
    expect(first.created).toBe(true);
    expect(first.claim.number).toMatch(/^LP20260905-\d{4,}$/);
    expect(first.claim.statusLabel).toBe('已报案');
    expect(first.claim.nextDeadline).toMatchObject({ kind: 'decision', dueText: '2026-10-08 24:00' });
    const retry = await ok(call(h, alice, 'submit', { id: saved.claim.id, idempotencyKey: 'submit-00000000000001' }));
    expect(retry).toMatchObject({ created: false, claim: { number: first.claim.number } });
    const topics = h.system.db.prepare("SELECT topic FROM outbox WHERE topic LIKE 'claims.%'").all();
    expect(topics).toEqual([{ topic: 'claims.received' }]);
  });

  it('attaches images and PDFs while documents are collected; health documents need the separate consent first', async () => {
    const { claim } = await ok(call(h, alice, 'saveDraft', draftInput()));
    const form = h.system.files.save('openid-alice', PDF, '申请书.pdf');
    await ok(call(h, alice, 'attach', { id: claim.id, item: 'claimForm', fileIds: [form] }));
    const invoice = h.system.files.save('openid-alice', PNG, '发票.png');
    const refused = await call(h, alice, 'attach', { id: claim.id, item: 'invoices', fileIds: [invoice] });
    expect(refused.error).toMatchObject({ code: 'PRIVACY.SENSITIVE_CONSENT_REQUIRED', message: expect.stringContaining('单独同意') });
    await consent(h, alice);
    const view = await ok(call(h, alice, 'attach', { id: claim.id, item: 'invoices', fileIds: [invoice] }));
    expect(view.checklist.filter((i: any) => i.state === 'uploaded').map((i: any) => i.key)).toEqual(['claimForm', 'invoices']);
    const link = await ok(call(h, alice, 'fileUrl', { id: claim.id, fileId: invoice }));
    expect(link.url).toMatch(/^\/files\/uploads\//);
  });

  it('lets the member accept the offered amount, which starts the 10-day payment clock', async () => {
    const { claim } = await ok(call(h, alice, 'saveDraft', draftInput()));
    await ok(call(h, alice, 'submit', { id: claim.id, idempotencyKey: 'submit-00000000000001' }));
    const d = h.system.admin.claims!;
    const staff = { id: 'claims01', name: '理赔员', role: 'claimsHandler' };
    const life = await import('../../core/claims/lifecycle');
    const { saveChange, contextOf } = await import('../../core/claims/persist');
    let c = (await d.store.get(claim.id))!;
    c = await saveChange(d, c, life.recordAssessment(contextOf(d), c, staff, '材料齐全'));
    h.clock.set('2026-09-24T07:00:00Z');
    c = await saveChange(d, c, life.decidePay(contextOf(d), c, staff, { amountFen: 1_000_000, basis: '住院费用' }, false));
    const view = await ok(call(h, alice, 'detail', { id: claim.id }));
    expect(view.decision).toMatchObject({ kind: 'pay', amountYuan: '10,000.00', mayAccept: true });
    const accepted = await ok(call(h, alice, 'acceptOffer', { id: claim.id }));
    expect(accepted.decision.agreedAt).toBe('2026-09-24T07:00:00.000Z');
    // Agreeing is not paying: 已赔付 comes with recorded payments reaching the amount.
    expect(accepted).toMatchObject({ status: 'decided', payments: [] });
    expect(accepted.nextDeadline).toMatchObject({ kind: 'payment', dueText: '2026-10-08 24:00' });
    // A second tap changes nothing.
    const again = await ok(call(h, alice, 'acceptOffer', { id: claim.id }));
    expect(again.version).toBe(accepted.version);
  });

  it('caps amounts by the coverage the claim type is paid from, not another one on the policy', async () => {
    await seedClaimant(h.system, 'openid-carol', [
      claimPolicy(h.system, 'P2026000789', 'openid-carol', { coverages: [{ name: '住院医疗', sumInsuredFen: 20_000_000 }, { name: '门急诊医疗', sumInsuredFen: 500_000 }] }),
    ]);
    const outpatient = draftInput({ policyNo: 'P2026000789', claimType: 'outpatient', claimedFen: 500_001 });
    expect((await call(h, carol, 'saveDraft', outpatient)).error).toMatchObject({ code: 'CLAIM.AMOUNT_OVER_SUM_INSURED', message: expect.stringContaining('5,000.00 元') });
    const { claim } = await ok(call(h, carol, 'saveDraft', { ...outpatient, claimedFen: 500_000 }));
    expect((await d(h).store.get(claim.id))!.sumInsuredFen).toBe(500_000);
  });

  it('shows the policyholder their insured person’s name in full; staff keep the mask', async () => {
    const { claim } = await ok(call(h, alice, 'saveDraft', draftInput()));
    const mine = await ok(call(h, alice, 'detail', { id: claim.id }));
    expect(mine.insured).toMatchObject({ name: '李小宝', relation: '子女' });
    expect(JSON.stringify((await d(h).store.get(claim.id))!)).not.toContain('李小宝');
    const { toStaffView } = await import('../../core/claims/views');
    expect(toStaffView((await d(h).store.get(claim.id))!, {}).insured.name).toBe('李*宝');
  });

  it('dates 材料齐全 when the complete set is in hand: at submit when everything came with the report, at the last upload otherwise', async () => {
    await consent(h, alice);
    const upload = async (id: string, keys: string[]) => {
      for (const item of keys) await ok(call(h, alice, 'attach', { id, item, fileIds: [h.system.files.save('openid-alice', PDF)] }));
    };
    const all = ['claimForm', 'idCard', 'bankCard', 'invoices', 'discharge', 'diagnosis'];
    const { claim } = await ok(call(h, alice, 'saveDraft', draftInput()));
    await upload(claim.id, all);
    h.clock.set('2026-09-05T03:00:00Z');
    const whole = (await ok(call(h, alice, 'submit', { id: claim.id, idempotencyKey: 'submit-00000000000001' }))).claim;
    expect(whole.status).toBe('underReview');
    expect((await d(h).store.get(claim.id))!).toMatchObject({ firstReceivedAt: '2026-09-05T03:00:00.000Z', documentsCompleteAt: '2026-09-05T03:00:00.000Z' });

    const second = (await ok(call(h, alice, 'saveDraft', draftInput({ idempotencyKey: 'draft-000000000000002' })))).claim;
    await upload(second.id, all.slice(0, 5));
    await ok(call(h, alice, 'submit', { id: second.id, idempotencyKey: 'submit-00000000000002' }));
    expect((await d(h).store.get(second.id))!).toMatchObject({ status: 'reported' });
    h.clock.set('2026-09-06T03:00:00Z');
    await upload(second.id, ['diagnosis']);
    h.clock.set('2026-09-08T03:00:00Z');
    const life = await import('../../core/claims/lifecycle');
    const { saveChange, contextOf } = await import('../../core/claims/persist');
    const c = (await d(h).store.get(second.id))!;
    const assessed = await saveChange(d(h), c, life.recordAssessment(contextOf(d(h)), c, { id: 'claims01', name: '理赔员', role: 'claimsHandler' }, '材料齐全，进入核定'));
    // The handler's later look does not move it.
    expect(assessed).toMatchObject({ status: 'underReview', documentsCompleteAt: '2026-09-06T03:00:00.000Z' });
  });

  it('withdraws before a decision and stops every clock', async () => {
    const { claim } = await ok(call(h, alice, 'saveDraft', draftInput()));
    await ok(call(h, alice, 'submit', { id: claim.id, idempotencyKey: 'submit-00000000000001' }));
    const w = await ok(call(h, alice, 'withdraw', { id: claim.id, reason: '已由单位团体险报销' }));
    expect(w.status).toBe('withdrawn');
    expect(w.nextDeadline).toBeUndefined();
    expect((await d(h).store.get(claim.id))!.dueAt).toBeUndefined();
  });

  const d = (hh: H) => hh.system.admin.claims!;

  describe('every bad input gets its own code and a Chinese message, and changes nothing', () => {
    const cases: [string, (h: H) => Promise<any>, string, string][] = [
      ['a visitor (no bound policy)', (h) => call(h, carol, 'saveDraft', draftInput()), 'CLAIM.NEEDS_BINDING', '请先绑定'],
      ['a policy that is not theirs', (h) => call(h, alice, 'saveDraft', draftInput({ policyNo: 'P2026000456' })), 'CLAIM.POLICY_NOT_YOURS', '未绑定在您的账号下'],
      ['a date outside the policy period', (h) => call(h, alice, 'saveDraft', draftInput({ policyNo: 'P2025000999', incidentDate: '2026-03-01' })), 'CLAIM.POLICY_NOT_IN_FORCE', '保障期间'],
      ['a date in the future', (h) => call(h, alice, 'saveDraft', draftInput({ incidentDate: '2026-09-06' })), 'CLAIM.DATE_IN_FUTURE', '不能晚于今天'],
      ['a person not on the policy', (h) => call(h, alice, 'saveDraft', draftInput({ insuredIndex: 5 })), 'CLAIM.INSURED_NOT_FOUND', '被保险人'],
      ['an unknown claim type', (h) => call(h, alice, 'saveDraft', draftInput({ claimType: 'pets' })), 'CLAIM.UNKNOWN_TYPE', '理赔类型'],
      ['a claim type the policy does not cover', (h) => call(h, alice, 'saveDraft', draftInput({ claimType: 'outpatient' })), 'CLAIM.TYPE_NOT_COVERED', '门急诊医疗'],
      ['a negative amount', (h) => call(h, alice, 'saveDraft', draftInput({ claimedFen: -100 })), 'CLAIM.AMOUNT_NEGATIVE', '不能为负数'],
      ['an amount over the sum insured', (h) => call(h, alice, 'saveDraft', draftInput({ claimedFen: 20_000_001 })), 'CLAIM.AMOUNT_OVER_SUM_INSURED', '200,000.00 元'],
      ['a date that is not a date', (h) => call(h, alice, 'saveDraft', draftInput({ incidentDate: '2026-02-30' })), 'REQUEST.INVALID', '出险日期'],
      ['an amount in yuan with decimals', (h) => call(h, alice, 'saveDraft', draftInput({ claimedFen: 12.5 })), 'REQUEST.INVALID', '申请金额'],
    ];
    it.each(cases)('%s', async (_name, run, code, words) => {
      const before = tables(h);
      const res = await run(h);
      expect(res.ok).toBe(false);
      expect(res.error.code).toBe(code);
      // REQUEST.INVALID names the field in its issue list; the others say it in the message.
      expect(code === 'REQUEST.INVALID' ? res.error.issues[0].message : res.error.message).toContain(words);
      expect(tables(h)).toBe(before);
    });

    const fileCases: [string, (h: H, id: string) => string, string, string][] = [
      ['a file that is not an image or PDF (content sniffed)', (h) => rawUpload(h, 'openid-alice', Buffer.from('<html><script>alert(1)</script></html>')), 'UPLOAD.TYPE_NOT_ALLOWED', '只能上传'],
      ['a file that is too large', (h) => rawUpload(h, 'openid-alice', Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)])), 'UPLOAD.TOO_LARGE', '不能超过 5MB'],
      ['someone else’s file', (h) => h.system.files.save('openid-bob', PDF), 'ATTACHMENT.NOT_YOURS', '不属于您'],
    ];
    it.each(fileCases)('%s', async (_name, make, code, words) => {
      const { claim } = await ok(call(h, alice, 'saveDraft', draftInput()));
      const fileId = make(h, claim.id);
      const before = tables(h);
      const res = await call(h, alice, 'attach', { id: claim.id, item: 'claimForm', fileIds: [fileId] });
      expect(res.error).toMatchObject({ code, message: expect.stringContaining(words) });
      expect(tables(h)).toBe(before);
      // A file that fails the size or type check is deleted from storage; someone else's is left alone.
      expect(Boolean(await h.system.files.head(fileId))).toBe(code === 'ATTACHMENT.NOT_YOURS');
    });

    it('an upload after collection closed', async () => {
      const { claim } = await ok(call(h, alice, 'saveDraft', draftInput()));
      await ok(call(h, alice, 'submit', { id: claim.id, idempotencyKey: 'submit-00000000000001' }));
      const c = (await d(h).store.get(claim.id))!;
      const life = await import('../../core/claims/lifecycle');
      const { saveChange, contextOf } = await import('../../core/claims/persist');
      // Decided (a refusal): nothing more is collected.
      const reviewed = life.recordAssessment(contextOf(d(h)), c, { id: 'claims01', name: '理赔员', role: 'claimsHandler' }, '不属保险责任').claim;
      await saveChange(d(h), c, life.decideRefuse(contextOf(d(h)), reviewed, { id: 'claims01', name: '理赔员', role: 'claimsHandler' }, '事故发生在保险期间以外'));
      const file = h.system.files.save('openid-alice', PDF);
      const before = tables(h);
      const res = await call(h, alice, 'attach', { id: claim.id, item: 'claimForm', fileIds: [file] });
      expect(res.error).toMatchObject({ code: 'CLAIM.COLLECTION_CLOSED', message: '材料收集已结束，不能再上传' });
      expect(tables(h)).toBe(before);
    });

    it("someone else's claim answers like one that does not exist", async () => {
      const { claim } = await ok(call(h, alice, 'saveDraft', draftInput()));
      const before = tables(h);
      for (const [action, data] of [
        ['detail', { id: claim.id }],
        ['submit', { id: claim.id, idempotencyKey: 'submit-00000000000009' }],
        ['withdraw', { id: claim.id }],
        ['attach', { id: claim.id, item: 'claimForm', fileIds: [h.system.files.save('openid-bob', PDF)] }],
      ] as const) {
        const res = await call(h, bob, action, data);
        expect(res.error).toMatchObject({ code: 'CLAIM.NOT_FOUND', message: '未找到该理赔案件' });
      }
      expect(tables(h)).toBe(before);
    });
  });
});
