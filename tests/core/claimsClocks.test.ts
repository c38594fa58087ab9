import { builtInHolidayTable, chinaCalendar } from '../../core/calendar/chinaCalendar';
import { calendarFromTable } from '../../core/calendar/workingCalendar';
import { clockOf } from '../../core/claims/clocks';
import * as life from '../../core/claims/lifecycle';
import type { Claim } from '../../core/claims/model';
import { CLAIM_POLICY, CLAIM_TYPES } from '../../core/claims/policy';
import { localDateOf } from '../../core/shared/shanghaiTime';

/** Shanghai wall time → instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
let seq = 0;
const ctxAt = (local: string, calendar = chinaCalendar): life.ClaimContext => ({ now: sh(local), calendar, policy: CLAIM_POLICY, newId: () => `id-${++seq}` });
const hospital = CLAIM_TYPES.find((t) => t.key === 'hospital')!;
const staff = { id: 'claims01', name: '理赔员', role: 'claimsHandler' };

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

/** RULES.md "Counting periods": calendar days from the day after receipt, a last day on a holiday moves past it. */
describe('claim clocks on the calendar (保险法 arts 23–25, 民法典 arts 201/203)', () => {
  const submitted = life.submit(ctxAt('2026-09-05T10:00:00'), draft(), 'LP20260905-0001', 'key-0000000000000001', hospital).claim;

  it('runs the 30-day decision past National Day: received 09-05, day 30 is 10-05 (holiday) → due end of 10-08', () => {
    const d = clockOf(submitted, 'decision')!;
    expect(d.dueAt).toBe(sh('2026-10-09T00:00:00').toISOString());
    expect(d.provisional).toBe(false);
    expect(submitted.firstReceivedAt).toBe(sh('2026-09-05T10:00:00').toISOString());
  });

  it("caps the company's target by the statutory decision and puts the queue's due time on the earliest clock", () => {
    const t = clockOf(submitted, 'target')!;
    expect(t.dueAt).toBe(sh('2026-09-16T00:00:00').toISOString()); // 10 days: 09-15 is a Tuesday
    expect(submitted.dueAt).toBe(t.dueAt);
    expect(submitted.slaNextCheckAt).toBe(t.warnAt);
  });

  it('treats art 25 as a duty at day 60 and warns from day 48', () => {
    const a = clockOf(submitted, 'advance')!;
    expect(a.dueAt).toBe(sh('2026-11-05T00:00:00').toISOString()); // day 60 = 11-04, a Wednesday
    expect(localDateOf(new Date(a.warnAt))).toBe('2026-10-23'); // day 48 counted from 09-06
  });

  it('pauses the decision while the member supplies what the art-22 notice asked for, and stores both instants', () => {
    const asked = life.requestDocuments(ctxAt('2026-09-10T10:00:00'), submitted, staff, { items: ['discharge', 'diagnosis'] }).claim;
    expect(asked.status).toBe('documentsPending');
    expect(clockOf(asked, 'decision')!.pausedSince).toBe(sh('2026-09-10T10:00:00').toISOString());
    // While paused the decision clocks are out of the queue's order: the art-25 clock (never paused) leads.
    expect(asked.dueAt).toBe(clockOf(asked, 'advance')!.dueAt);
    const one = life.attach(ctxAt('2026-09-12T09:00:00'), asked, 'discharge', ['local://uploads/a.pdf']).claim;
    expect(one.status).toBe('documentsPending');
    const both = life.attach(ctxAt('2026-09-14T10:00:00'), one, 'diagnosis', ['local://uploads/b.pdf']);
    expect(both.claim.status).toBe('underReview');
    expect(both.claim.firstReceivedAt).toBe(sh('2026-09-05T10:00:00').toISOString());
    expect(both.claim.documentsCompleteAt).toBe(sh('2026-09-14T10:00:00').toISOString());
    // Four whole days paused: 30 + 4 days from 09-05 = 10-09 (a Friday).
    const d = clockOf(both.claim, 'decision')!;
    expect(d.pausedDays).toBe(4);
    expect(d.dueAt).toBe(sh('2026-10-10T00:00:00').toISOString());
    expect(both.events.map((e) => e.type)).toEqual(['underReview', 'documentsArrived']);
  });

  it('starts the 10-day payment clock at agreement: agreed 09-24, day 10 is 10-04 (holiday) → end of 10-08', () => {
    const reviewed = life.recordAssessment(ctxAt('2026-09-20T10:00:00'), submitted, staff, '材料齐全，符合住院医疗责任').claim;
    const offered = life.decidePay(ctxAt('2026-09-22T10:00:00'), reviewed, staff, { amountFen: 1_234_500, basis: '住院费用扣除免赔额' }, false).claim;
    expect(offered.status).toBe('decided');
    expect(clockOf(offered, 'decision')).toBeUndefined(); // met
    const agreed = life.agree(ctxAt('2026-09-24T15:00:00'), offered, { channel: 'miniprogram' }).claim;
    const p = clockOf(agreed, 'payment')!;
    expect(p.startedAt).toBe(sh('2026-09-24T15:00:00').toISOString());
    expect(p.dueAt).toBe(sh('2026-10-09T00:00:00').toISOString());
    const paid = life.recordPayment(ctxAt('2026-10-08T11:00:00'), agreed, staff, { kind: 'final', paidOn: '2026-10-08', amountFen: 1_234_500, reference: 'BANK-0001' }).claim;
    expect(paid.status).toBe('paid');
    expect(clockOf(paid, 'payment')).toBeUndefined();
  });

  it('marks a 2027 due date 暂定 until the Spring Festival notice is imported, then moves it', () => {
    const c = life.submit(ctxAt('2027-01-10T10:00:00'), { ...draft(), incidentDate: '2027-01-08' }, 'LP20270110-0001', 'key-0000000000000002', hospital).claim;
    const before = clockOf(c, 'decision')!;
    expect(before.provisional).toBe(true);
    expect(before.dueAt).toBe(sh('2027-02-10T00:00:00').toISOString()); // day 30 = 02-09, a Tuesday: weekends only known
    // An example notice for 2027 (dates illustrative, not the official arrangement): 02-06..02-12 off.
    const holidays = Object.fromEntries(['06', '07', '08', '09', '10', '11', '12'].map((d) => [`2027-02-${d}`, '春节']));
    const cal2027 = calendarFromTable(builtInHolidayTable, [{ year: 2027, days: { holidays, workdays: {} } }]);
    const after = life.submit(ctxAt('2027-01-10T10:00:00', cal2027), { ...draft(), incidentDate: '2027-01-08' }, 'LP20270110-0001', 'key-0000000000000002', hospital).claim;
    const moved = clockOf(after, 'decision')!;
    expect(moved.provisional).toBe(false);
    expect(moved.dueAt).toBe(sh('2027-02-16T00:00:00').toISOString()); // past the holiday and the weekend: Monday 02-15
  });
});

describe('claim deadline evaluation: warnings at 80%, breaches once, escalation', () => {
  const submitted = life.submit(ctxAt('2026-09-05T10:00:00'), draft(), 'LP20260905-0001', 'key-0000000000000001', hospital).claim;

  it('warns at 80% of the target, then records the breach once and escalates it to a supervisor', () => {
    const target = clockOf(submitted, 'target')!;
    expect(life.evaluateDeadlines(ctxAt('2026-09-12T00:00:00'), submitted, { id: 'super01' }, false)).toBeNull();
    const warned = life.evaluateDeadlines({ ...ctxAt('2026-09-05T10:00:00'), now: new Date(target.warnAt) }, submitted, { id: 'super01' }, false)!;
    expect(warned.warned).toBe(1);
    expect(warned.events.map((e) => e.type)).toEqual(['deadlineWarning']);
    const breached = life.evaluateDeadlines(ctxAt('2026-09-16T08:00:00'), warned.claim, { id: 'super01' }, false)!;
    expect(breached.breached).toBe(1);
    expect(breached.events.map((e) => [e.type, e.ownerId])).toEqual([
      ['deadlineBreached', undefined],
      ['escalated', 'super01'],
    ]);
    expect(clockOf(breached.claim, 'target')!.breachedAt).toBe(sh('2026-09-16T08:00:00').toISOString());
    // Again later: nothing more to record on the target (the decision clock is not yet near).
    expect(life.evaluateDeadlines(ctxAt('2026-09-17T08:00:00'), breached.claim, { id: 'super01' }, false)).toBeNull();
  });

  it('holds the escalation when the clock guard says so, still recording the breach', () => {
    const r = life.evaluateDeadlines(ctxAt('2026-10-09T08:00:00'), submitted, { id: 'super01' }, true)!;
    expect(r.breached).toBe(2); // target and decision
    expect(r.held).toBe(2);
    expect(r.events.some((e) => e.type === 'escalated')).toBe(false);
  });

  it('does not run a paused clock', () => {
    const asked = life.requestDocuments(ctxAt('2026-09-06T10:00:00'), submitted, staff, { items: ['invoices'] }).claim;
    const r = life.evaluateDeadlines(ctxAt('2026-10-20T08:00:00'), asked, { id: 'super01' }, false);
    // Only the art-25 clock (never paused) is looked at: warned from day 48, not yet due.
    expect(r?.events.map((e) => e.detail?.clock)).toBeUndefined();
    const late = life.evaluateDeadlines(ctxAt('2026-10-24T08:00:00'), asked, { id: 'super01' }, false)!;
    expect(late.events.map((e) => [e.type, e.detail?.clock])).toEqual([['deadlineWarning', 'advance']]);
  });
});

describe('claim steps', () => {
  const submitted = life.submit(ctxAt('2026-09-05T10:00:00'), draft(), 'LP20260905-0001', 'key-0000000000000001', hospital).claim;

  it('allows a second documents notice only with a reason, and only for items no earlier notice listed', () => {
    const first = life.requestDocuments(ctxAt('2026-09-06T10:00:00'), submitted, staff, { items: ['invoices', 'discharge'] }).claim;
    expect(() => life.requestDocuments(ctxAt('2026-09-07T10:00:00'), first, staff, { items: ['diagnosis'] })).toThrow(expect.objectContaining({ code: 'CLAIM.SECOND_NOTICE_REASON_REQUIRED' }));
    expect(() =>
      life.requestDocuments(ctxAt('2026-09-07T10:00:00'), first, staff, { items: ['invoices', 'diagnosis'], reason: { code: 'newFacts', text: '医院补充诊断' } }),
    ).toThrow(expect.objectContaining({ code: 'CLAIM.SECOND_NOTICE_NOT_NEW' }));
    const second = life.requestDocuments(ctxAt('2026-09-07T10:00:00'), first, staff, { items: ['diagnosis'], reason: { code: 'newFacts', text: '医院补充诊断' } });
    expect(second.claim.notices.map((n) => [n.seq, n.items])).toEqual([
      [1, ['invoices', 'discharge']],
      [2, ['diagnosis']],
    ]);
    expect(second.events[0].summary).toBe('请补充：诊断证明');
  });

  it('keeps an amount above the handler band for approval before the member sees it', () => {
    const reviewed = life.recordAssessment(ctxAt('2026-09-20T10:00:00'), submitted, staff, '需主管审批的大额案件').claim;
    const big = life.decidePay(ctxAt('2026-09-22T10:00:00'), reviewed, staff, { amountFen: CLAIM_POLICY.handlerBandFen + 1, basis: '重大手术' }, false);
    expect(big.claim.status).toBe('underReview');
    expect(big.events.map((e) => e.type)).toEqual(['approvalNeeded']);
    expect(clockOf(big.claim, 'decision')).toBeDefined(); // the member has not been told: the clock still runs
    const ok = life.approve(ctxAt('2026-09-23T10:00:00'), big.claim, { id: 'super01', name: '主管', role: 'supervisor' });
    expect(ok.claim.status).toBe('decided');
    expect(ok.events.map((e) => e.type)).toEqual(['offered']);
  });

  it('refuses an amount that is negative or over the sum insured', () => {
    const reviewed = life.recordAssessment(ctxAt('2026-09-20T10:00:00'), submitted, staff, '审核意见记录').claim;
    expect(() => life.decidePay(ctxAt('2026-09-22T10:00:00'), reviewed, staff, { amountFen: -1, basis: 'x' }, true)).toThrow(expect.objectContaining({ code: 'CLAIM.AMOUNT_NEGATIVE' }));
    expect(() => life.decidePay(ctxAt('2026-09-22T10:00:00'), reviewed, staff, { amountFen: 20_000_001, basis: 'x' }, true)).toThrow(
      expect.objectContaining({ code: 'CLAIM.AMOUNT_OVER_SUM_INSURED', memberMessage: '金额不能超过保额 200,000.00 元' }),
    );
  });

  it('produces the refusal letter with the decision, with reasons and remedies, and meets the 3-day notice at once', () => {
    const reviewed = life.recordAssessment(ctxAt('2026-09-20T10:00:00'), submitted, staff, '既往症').claim;
    const refused = life.decideRefuse(ctxAt('2026-09-22T10:00:00'), reviewed, staff, '投保前已确诊，属于合同约定的既往症责任免除');
    const d = refused.claim.decision!;
    expect(d.kind).toBe('refuse');
    expect(d.kind === 'refuse' && d.letter).toMatch(/LP20260905-0001[\s\S]*既往症[\s\S]*仲裁/);
    const notice = refused.claim.clocks.find((k) => k.kind === 'refusalNotice')!;
    expect(notice.metAt).toBe(sh('2026-09-22T10:00:00').toISOString());
    expect(refused.claim.dueAt).toBeUndefined();
  });

  it('takes several payments: an advance before the decision (art 25), then the final one after agreement', () => {
    const reviewed = life.recordAssessment(ctxAt('2026-10-20T10:00:00'), submitted, staff, '部分费用待核').claim;
    const advanced = life.recordPayment(ctxAt('2026-10-30T10:00:00'), reviewed, staff, { kind: 'advance', paidOn: '2026-10-30', amountFen: 500_000, reference: 'ADV-1' }).claim;
    expect(clockOf(advanced, 'advance')).toBeUndefined();
    expect(() => life.recordPayment(ctxAt('2026-10-30T11:00:00'), advanced, staff, { kind: 'final', paidOn: '2026-10-30', amountFen: 1, reference: 'X-1' })).toThrow(
      expect.objectContaining({ code: 'CLAIM.WRONG_STATUS' }),
    );
    expect(() => life.decidePay(ctxAt('2026-11-02T10:00:00'), advanced, staff, { amountFen: 400_000, basis: '核定' }, false)).toThrow(
      expect.objectContaining({ code: 'CLAIM.BELOW_ADVANCED' }),
    );
    const offered = life.decidePay(ctxAt('2026-11-02T10:00:00'), advanced, staff, { amountFen: 800_000, basis: '核定' }, false).claim;
    const agreed = life.agree(ctxAt('2026-11-02T12:00:00'), offered, { channel: 'phone', evidence: '电话录音 REC-778', recordedBy: staff }).claim;
    expect(() => life.recordPayment(ctxAt('2026-11-03T10:00:00'), agreed, staff, { kind: 'final', paidOn: '2026-11-03', amountFen: 300_001, reference: 'FIN-1' })).toThrow(
      expect.objectContaining({ code: 'CLAIM.OVERPAID' }),
    );
    const paid = life.recordPayment(ctxAt('2026-11-03T10:00:00'), agreed, staff, { kind: 'final', paidOn: '2026-11-03', amountFen: 300_000, reference: 'FIN-1' }).claim;
    expect(paid.status).toBe('paid');
    expect(paid.payments.map((p) => [p.kind, p.amountFen])).toEqual([
      ['advance', 500_000],
      ['final', 300_000],
    ]);
  });

  it('keeps taking documents under review while the checklist is incomplete, completes the set with the last one, and closes uploads at the decision', () => {
    const reviewed = life.recordAssessment(ctxAt('2026-09-20T10:00:00'), submitted, staff, '审核意见记录').claim;
    expect(reviewed).toMatchObject({ status: 'underReview' });
    expect(reviewed.documentsCompleteAt).toBeUndefined();
    let c = reviewed;
    for (const item of c.checklist.filter((i) => i.state === 'missing')) c = life.attach(ctxAt('2026-09-21T10:00:00'), c, item.key, [`local://uploads/${item.key}.pdf`]).claim;
    expect(c.documentsCompleteAt).toBe(new Date('2026-09-21T02:00:00Z').toISOString());
    const refused = life.decideRefuse(ctxAt('2026-09-22T10:00:00'), c, staff, '不属保险责任').claim;
    expect(() => life.attach(ctxAt('2026-09-23T10:00:00'), refused, 'invoices', ['local://uploads/x.pdf'])).toThrow(expect.objectContaining({ code: 'CLAIM.COLLECTION_CLOSED' }));
  });
});
