import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';
import { claimPolicy, PDF, seedClaimant } from '../support/claimFixtures';

const alice: Caller = { kind: 'member', openid: 'openid-alice' };
type H = Awaited<ReturnType<typeof adminHarness>>;

const member = async (h: H, action: string, data: unknown) => {
  const entry = h.system.functions.members;
  const target = action === 'answerPrivacyNotice' ? entry : h.system.functions.claims;
  const res = (await dispatch(target.table, target.deps as never, alice, { action, data }, silentLogger)) as any;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};

/** 理算: a refusal from the decide route names the line and the box the handler has to correct. */
describe('claim calculation refusals name the field', () => {
  let h: H;
  beforeEach(async () => {
    h = await adminHarness('2026-09-05T02:00:00Z');
    await seedClaimant(h.system, 'openid-alice', [claimPolicy(h.system, 'P2026000123', 'openid-alice')]);
    await member(h, 'answerPrivacyNotice', { noticeVersion: h.system.privacy.notice.version, agree: true });
  });
  afterEach(() => h.close());

  it('a bad amount in the third line is reported as that line’s 申请金额, with the path as sent, and changes nothing', async () => {
    const { claim } = await member(h, 'saveDraft', {
      idempotencyKey: 'draft-000000000000001',
      policyNo: 'P2026000123',
      insuredIndex: 0,
      claimType: 'hospital',
      incidentDate: '2026-09-01',
      place: '上海市第六人民医院',
      description: '阑尾炎手术住院五天，已出院',
    });
    await member(h, 'attach', { id: claim.id, item: 'claimForm', fileIds: [h.system.files.save('openid-alice', PDF, '申请书.pdf')] });
    const { claim: submitted } = await member(h, 'submit', { id: claim.id, idempotencyKey: 'submit-00000000000001' });

    const handler = await h.as('claims01');
    const before = await handler('claims/detail', { id: submitted.id });
    // What the editor (admin/src/ClaimCalculationEditor.tsx) sends when a 申请 box holds "12元": an amount
    // that is not one goes as NaN, which is null in JSON.
    const line = { item: '住院医疗费', claimedFen: 100_000, excludedFen: 0 };
    const calculation = { lines: [line, { ...line, item: '门诊费' }, { ...line, item: '检查费', claimedFen: Number.NaN }], deductibleFen: 0, ratioPct: 100 };
    const body = JSON.parse(JSON.stringify({ id: submitted.id, version: before.version, outcome: 'pay', basis: '住院医疗保险金', calculation }));
    const refusal = await handler('claims/decide', body).catch((e: unknown) => e);
    expect(refusal).toMatchObject({
      code: 'REQUEST.INVALID',
      details: { issues: [{ path: 'calculation.lines.2.claimedFen', message: '理算明细第3项 · 申请金额格式不正确', reason: 'wrong_type' }] },
    });

    const ratio = await handler('claims/decide', { ...body, calculation: { ...body.calculation, lines: [body.calculation.lines[0]], ratioPct: 0 } }).catch((e: unknown) => e);
    expect(ratio).toMatchObject({ details: { issues: [{ path: 'calculation.ratioPct', message: '赔付比例不能小于1' }] } });
    expect((await handler('claims/detail', { id: submitted.id })).version).toBe(before.version);
  });
});
