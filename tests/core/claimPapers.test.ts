import { chinaCalendar } from '../../core/calendar/chinaCalendar';
import { calculate } from '../../core/claims/calculation';
import * as life from '../../core/claims/lifecycle';
import type { Claim } from '../../core/claims/model';
import { letterOf, receiptOf, stepsOf } from '../../core/claims/papers';
import { CLAIM_POLICY, CLAIM_TYPES } from '../../core/claims/policy';
import { DomainError } from '../../core/shared/errors';

/** Shanghai wall time → instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
let seq = 0;
const ctxAt = (local: string): life.ClaimContext => ({ now: sh(local), calendar: chinaCalendar, policy: CLAIM_POLICY, newId: () => `id-${++seq}` });
const hospital = CLAIM_TYPES.find((t) => t.key === 'hospital')!;
const staff = { id: 'claims01', name: '钱理赔', role: 'claimsHandler' };

const draft = (): Claim => ({
  id: 'claim-0001',
  memberId: 'openid-alice',
  status: 'draft',
  policyNo: 'P2026000123',
  productName: '安心医疗',
  insured: { index: 0, maskedName: '张*敏', relation: '本人' },
  claimType: 'hospital',
  incidentDate: '2026-09-01',
  place: '上海市第六人民医院',
  description: '阑尾炎住院手术，住院五天',
  claimedFen: 1_060_50,
  sumInsuredFen: 20_000_000,
  checklist: hospital.checklist.map((i) => ({ ...i, state: 'missing', files: [] })),
  notices: [],
  clocks: [],
  payments: [],
  timeline: [],
  createdAt: '2026-09-05T01:00:00.000Z',
  updatedAt: '2026-09-05T01:00:00.000Z',
  version: 1,
});

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
};

const line = (item: string, claimedFen: number, excludedFen = 0, exclusionReason?: string) => ({ item, claimedFen, excludedFen, ...(exclusionReason ? { exclusionReason } : {}) });

describe('理算 (core/claims/calculation.ts)', () => {
  it('takes exclusions and the deductible off the claimed total, then applies the ratio half-up to the 分', () => {
    const r = calculate({ lines: [line('住院医疗费', 98_000, 3_201, '自费药品'), line('检查费', 8_051)], deductibleFen: 10_000, ratioPct: 90 }, 20_000_000);
    expect(r).toEqual({ claimedFen: 106_051, excludedFen: 3_201, deductibleFen: 10_000, baseFen: 92_850, ratioFen: 83_565, capped: false, amountFen: 83_565 });
    // 1 分 × 50% = 0.5 分 rounds up; 3 分 × 50% = 1.5 → 2.
    expect(calculate({ lines: [line('a费', 1)], deductibleFen: 0, ratioPct: 50 }, 100).amountFen).toBe(1);
    expect(calculate({ lines: [line('a费', 3)], deductibleFen: 0, ratioPct: 50 }, 100).amountFen).toBe(2);
  });

  it('never goes below zero and is capped by the sum insured', () => {
    expect(calculate({ lines: [line('门诊费', 5_000)], deductibleFen: 10_000, ratioPct: 100 }, 1_000_000).amountFen).toBe(0);
    const capped = calculate({ lines: [line('住院医疗费', 3_000_000)], deductibleFen: 0, ratioPct: 100 }, 2_000_000);
    expect(capped).toMatchObject({ capped: true, ratioFen: 3_000_000, amountFen: 2_000_000 });
  });

  it('refuses an exclusion above the line, an exclusion without its reason, and negative amounts', () => {
    expect(code(() => calculate({ lines: [line('检查费', 100, 200, '重复收费')], deductibleFen: 0, ratioPct: 100 }, 1e6))).toBe('CLAIM.EXCLUDED_OVER_CLAIMED');
    expect(code(() => calculate({ lines: [line('检查费', 100, 50)], deductibleFen: 0, ratioPct: 100 }, 1e6))).toBe('CLAIM.EXCLUSION_NEEDS_REASON');
    expect(code(() => calculate({ lines: [line('检查费', -1)], deductibleFen: 0, ratioPct: 100 }, 1e6))).toBe('CLAIM.AMOUNT_NEGATIVE');
    expect(code(() => calculate({ lines: [line('检查费', 100)], deductibleFen: -5, ratioPct: 100 }, 1e6))).toBe('CLAIM.AMOUNT_NEGATIVE');
  });
});

describe('the claim papers (core/claims/papers.ts)', () => {
  const reported = life.submit(ctxAt('2026-09-05T10:00:00'), draft(), 'LP20260905-0001', 'key-0000000000000001', hospital).claim;
  const noticed = life.requestDocuments(ctxAt('2026-09-06T09:30:00'), reported, staff, { items: hospital.checklist.map((i) => i.key) }).claim;
  const complete = hospital.checklist.reduce(
    (c, i) => life.attach(ctxAt('2026-09-08T11:00:00'), c, i.key, [`cloud://env/claims/openid-alice/${i.key}.jpg`]).claim,
    noticed,
  );
  const calculation = { lines: [line('住院医疗费', 98_000, 3_201, '自费药品'), line('检查费', 8_051)], deductibleFen: 10_000, ratioPct: 90 };
  const offered = life.decidePay(ctxAt('2026-09-10T15:00:00'), life.recordAssessment(ctxAt('2026-09-09T10:00:00'), complete, staff, '住院费用在保障范围内').claim, staff, { basis: '条款第三条住院医疗保险金', calculation }, false).claim;
  const agreed = life.agree(ctxAt('2026-09-11T08:00:00'), offered, { channel: 'miniprogram' }).claim;
  const paid = life.recordPayment(ctxAt('2026-09-12T16:00:00'), agreed, staff, { kind: 'final', paidOn: '2026-09-12', amountFen: 83_565, reference: 'PAY-0001' }).claim;

  it('fixes the receipt at the report: number, time, what was reported and the documents listed then', () => {
    const r = receiptOf(complete, '张晓敏')!;
    expect(r.number).toBe('LP20260905-0001');
    expect(r.receivedText).toBe('2026-09-05 10:00');
    expect(r.rows).toEqual(expect.arrayContaining([{ label: '出险人', value: '张晓敏（本人）' }, { label: '申请金额', value: '1,060.50 元' }, { label: '出险地点', value: '上海市第六人民医院' }]));
    // Uploaded later, but at the report every item was still to come: the receipt says what it said then.
    expect(r.documents).toEqual(hospital.checklist.map((i) => ({ label: i.label, stateLabel: '待提交' })));
    expect(receiptOf(draft(), '张晓敏')).toBeUndefined();
  });

  it('dates each step as it is reached, and marks the next one as in progress', () => {
    const at = (c: Claim) => Object.fromEntries(stepsOf(c).map((s) => [s.key, s.state === 'done' ? s.day : s.state]));
    expect(at(reported)).toEqual({ reported: '2026-09-05', registered: 'current', documentsComplete: 'pending', reviewed: 'pending', closed: 'pending', paid: 'pending' });
    expect(at(noticed)).toMatchObject({ registered: '2026-09-06', documentsComplete: 'current' });
    expect(at(offered)).toMatchObject({ documentsComplete: '2026-09-08', reviewed: '2026-09-10', closed: 'current' });
    expect(at(paid)).toEqual({ reported: '2026-09-05', registered: '2026-09-06', documentsComplete: '2026-09-08', reviewed: '2026-09-10', closed: '2026-09-11', paid: '2026-09-12' });
    expect(stepsOf(paid).find((s) => s.key === 'reported')!.text).toBe('9月5日 10:00');
    // Decided before the last document arrived: the skipped step has no date and is not "in progress".
    const early = life.decidePay(ctxAt('2026-09-07T15:00:00'), life.recordAssessment(ctxAt('2026-09-07T10:00:00'), reported, staff, '费用清楚').claim, staff, { basis: '条款', calculation }, false).claim;
    expect(at(early)).toMatchObject({ registered: '2026-09-07', documentsComplete: 'notApplicable', reviewed: '2026-09-07', closed: 'current', paid: 'pending' });
  });

  it('prints the handler’s recorded calculation in the 理赔核定书, the amount it works out to, and the remedies', () => {
    expect(letterOf(complete, '张晓敏')).toBeUndefined();
    const l = letterOf(offered, '张晓敏')!;
    expect(l).toMatchObject({ kind: 'pay', title: '理赔核定书', number: 'LP20260905-0001', date: '2026-09-10' });
    expect(l.calculation).toEqual([
      { label: '住院医疗费', value: '申请 980.00 元，扣除 32.01 元（自费药品）' },
      { label: '检查费', value: '申请 80.51 元' },
      { label: '申请合计', value: '1,060.51 元' },
      { label: '减：扣除费用', value: '32.01 元' },
      { label: '减：免赔额', value: '100.00 元' },
      { label: '理算基数', value: '1,060.51 − 32.01 − 100.00 = 928.50 元' },
      { label: '赔付比例', value: '928.50 × 90% = 835.65 元' },
      { label: '核定赔付金额', value: '835.65 元' },
    ]);
    expect(offered.decision).toMatchObject({ kind: 'pay', amountFen: 83_565, calculation });
    expect(l.remedies.length).toBeGreaterThan(2);
    expect(letterOf(agreed, '张晓敏')!.conclusion).toContain('2026-09-11 确认');
  });

  it('refuses a typed amount that differs from the calculation, and a calculation that comes to nothing', () => {
    const review = life.recordAssessment(ctxAt('2026-09-09T10:00:00'), complete, staff, '审核中').claim;
    expect(code(() => life.decidePay(ctxAt('2026-09-10T15:00:00'), review, staff, { basis: '条款', calculation, amountFen: 83_566 }, false))).toBe('CLAIM.AMOUNT_MISMATCH');
    expect(code(() => life.decidePay(ctxAt('2026-09-10T15:00:00'), review, staff, { basis: '条款', calculation: { lines: [line('门诊费', 5_000)], deductibleFen: 10_000, ratioPct: 100 } }, false))).toBe('CLAIM.AMOUNT_ZERO');
    expect(code(() => life.decidePay(ctxAt('2026-09-10T15:00:00'), review, staff, { basis: '条款' }, false))).toBe('CLAIM.AMOUNT_REQUIRED');
  });

  it('gives a refusal its letter with reasons and remedies, and no payment step', () => {
    const review = life.recordAssessment(ctxAt('2026-09-09T10:00:00'), complete, staff, '审核中').claim;
    const refused = life.decideRefuse(ctxAt('2026-09-10T15:00:00'), review, staff, '甲状腺良性结节不属于合同约定的重大疾病').claim;
    const l = letterOf(refused, '张晓敏')!;
    expect(l).toMatchObject({ kind: 'refuse', title: '拒赔通知书', calculation: [] });
    expect(l.conclusion).toContain('甲状腺良性结节');
    const steps = stepsOf(refused);
    expect(steps.find((s) => s.key === 'closed')).toMatchObject({ state: 'done', day: '2026-09-10' });
    expect(steps.find((s) => s.key === 'paid')).toMatchObject({ state: 'notApplicable', text: '不适用' });
  });
});
