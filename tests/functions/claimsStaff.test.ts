import { runDeadlineWatches } from '../../core/deadlines/watch';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';
import { claimPolicy, PDF, PNG, seedClaimant } from '../support/claimFixtures';

const alice: Caller = { kind: 'member', openid: 'openid-alice' };
type H = Awaited<ReturnType<typeof adminHarness>>;
type Staff = (route: string, body?: unknown) => Promise<any>;

/** A member function call as alice (the admin harness's own `call` is the admin router). */
const fn = (h: H, name: string, action: string, data?: unknown) => {
  const entry = h.system.functions[name];
  return dispatch(entry.table, entry.deps as never, alice, data === undefined ? { action } : { action, data }, silentLogger) as Promise<any>;
};
const member = (h: H, action: string, data?: unknown) => fn(h, 'claims', action, data);
const ok = async (p: Promise<any>) => {
  const res = await p;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code?: string; message?: string }) => e.code ?? e.message);
const audits = (h: H) => (h.system.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'claim.%' OR action LIKE 'complaint.convertedFrom%' ORDER BY rowid").all() as { action: string }[]).map((r) => r.action);
const topics = (h: H) => (h.system.db.prepare("SELECT topic FROM outbox WHERE topic LIKE 'claims.%' ORDER BY rowid").all() as { topic: string }[]).map((r) => r.topic);


describe('claims for staff', () => {
  let h: H;
  let handler: Staff, sup: Staff, comp: Staff, ho: Staff;
  /** Moves the clock; staff sign in again (sessions end after idle time, as they should). */
  const at = async (iso: string) => {
    h.clock.set(iso);
    [handler, sup, comp, ho] = await Promise.all(['claims01', 'super01', 'comp01', 'ho01'].map((u) => h.as(u)));
  };
  /** Alice reports a hospital stay on Saturday 2026-09-05 10:00 (Shanghai) and uploads the claim form. */
  const report = async () => {
    const { claim } = await ok(member(h, 'saveDraft', {
      idempotencyKey: 'draft-000000000000001',
      policyNo: 'P2026000123',
      insuredIndex: 0,
      claimType: 'hospital',
      incidentDate: '2026-09-01',
      place: '上海市第六人民医院',
      description: '阑尾炎手术住院五天，已出院',
    }));
    await ok(member(h, 'attach', { id: claim.id, item: 'claimForm', fileIds: [h.system.files.save('openid-alice', PDF, '申请书.pdf')] }));
    return (await ok(member(h, 'submit', { id: claim.id, idempotencyKey: 'submit-00000000000001' }))).claim;
  };

  beforeEach(async () => {
    h = await adminHarness('2026-09-05T02:00:00Z');
    await seedClaimant(h.system, 'openid-alice', [claimPolicy(h.system, 'P2026000123', 'openid-alice')]);
    const version = h.system.privacy.notice.version;
    await ok(fn(h, 'members', 'answerPrivacyNotice', { noticeVersion: version, agree: true }));
    [handler, sup, comp, ho] = await Promise.all(['claims01', 'super01', 'comp01', 'ho01'].map((u) => h.as(u)));
  });
  afterEach(() => h.close());

  it('works a claim from the queue through one art-22 notice, approval above the band, phone acceptance and two payments', async () => {
    const c = await report();
    const queue = await handler('claims/queue', {});
    expect(queue.items).toEqual([expect.objectContaining({ id: c.id, number: c.number, statusLabel: '已报案', insured: '张*敏', dueText: '2026-09-15 24:00' })]);
    const seen = await handler('claims/detail', { id: c.id });
    expect(seen.may).toMatchObject({ requestDocuments: true, decide: false, approve: false });
    expect(seen.memberId).not.toContain('openid-alice');

    // One notice listing every missing item; the decision clock stops.
    await at('2026-09-07T02:00:00Z');
    const asked = await handler('claims/requestDocuments', { id: c.id, version: seen.version, items: ['invoices', 'discharge', 'diagnosis', 'bankCard', 'idCard'], note: '请上传清晰的原件照片' });
    expect(asked.status).toBe('documentsPending');
    expect(asked.needed).toEqual(['被保险人身份证明', '收款银行卡', '医疗费用发票', '出院小结', '诊断证明']);
    expect(await codeOf(handler('claims/requestDocuments', { id: c.id, version: asked.version, items: ['record'] }))).toBe('CLAIM.UNKNOWN_ITEM');
    expect(await codeOf(handler('claims/requestDocuments', { id: c.id, version: asked.version, items: ['claimForm'] }))).toBe('CLAIM.SECOND_NOTICE_REASON_REQUIRED');

    // The member supplies them (health documents after the separate consent), four days later.
    await ok(fn(h, 'members', 'giveSensitiveConsent', { noticeVersion: h.system.privacy.notice.version }));
    await at('2026-09-11T02:00:00Z');
    for (const item of ['idCard', 'bankCard', 'invoices', 'discharge', 'diagnosis'])
      await ok(member(h, 'attach', { id: c.id, item, fileIds: [h.system.files.save('openid-alice', item === 'bankCard' ? PNG : PDF)] }));
    const complete = await handler('claims/detail', { id: c.id });
    expect(complete.status).toBe('underReview');
    expect(complete.firstReceivedAt).toBe('2026-09-05T02:00:00.000Z');
    expect(complete.documentsCompleteAt).toBe('2026-09-11T02:00:00.000Z');
    // 30 days + 4 paused from 09-05: 10-09.
    expect(complete.clocks.find((k: any) => k.kind === 'decision')).toMatchObject({ pausedDays: 4, dueText: '2026-10-09 24:00' });

    // Every view of a health document is audited.
    const invoice = complete.checklist.find((i: any) => i.key === 'invoices').files[0];
    expect((await comp('claims/fileUrl', { id: c.id, fileId: invoice })).url).toMatch(/^\/files\/uploads\//);
    expect(audits(h)).toContain('claim.healthDocumentViewed');

    const assessed = await handler('claims/recordAssessment', { id: c.id, version: complete.version, text: '住院费用 62,000 元，扣除自费部分后核定' });
    const big = await handler('claims/decide', { id: c.id, version: assessed.version, outcome: 'pay', amountFen: 6_000_000, basis: '住院医疗保险金，扣除自费药品' });
    expect(big.status).toBe('underReview');
    expect(big.decision).toBeUndefined(); // the member sees nothing before approval
    expect(big.may).toMatchObject({ approve: false, decide: false });
    // Waiting on a supervisor: the decision clock still runs, so it stays in the queue by that due time.
    expect((await sup('claims/queue', {})).items.map((q: { id: string }) => q.id)).toContain(c.id);
    expect(await codeOf(handler('claims/approve', { id: c.id, version: big.version }))).toBe('AUTH.FORBIDDEN');
    const approved = await sup('claims/approve', { id: c.id, version: big.version });
    expect(approved).toMatchObject({ status: 'decided', decision: { kind: 'pay', amountYuan: '60,000.00' } });
    // The offer waits on the member, no clock running: still in the queue (and under 已决定), saying what it waits for.
    expect((await handler('claims/queue', { status: 'decided' })).items.find((q: { id: string }) => q.id === c.id)).toMatchObject({
      waiting: 'acceptance',
      overdue: false,
      dueText: expect.stringMatching(/^等会员确认金额（自/),
    });

    // The member agrees by phone; staff record it with the evidence. 10 days to pay from 09-24: 10-04 is a holiday → 10-08.
    await at('2026-09-24T03:00:00Z');
    expect(await codeOf(handler('claims/recordAcceptance', { id: c.id, version: approved.version, evidence: '短' }))).toBe('REQUEST.INVALID');
    const agreed = await handler('claims/recordAcceptance', { id: c.id, version: approved.version, evidence: '9月24日电话确认，录音编号 REC-20260924-17' });
    expect(agreed.nextDeadline).toMatchObject({ kind: 'payment', dueText: '2026-10-08 24:00' });

    await at('2026-09-25T03:00:00Z');
    expect(await codeOf(handler('claims/recordPayment', { id: c.id, version: agreed.version, kind: 'final', paidOn: '2026-09-26', amountFen: 100, reference: 'PAY-0001' }))).toBe('CLAIM.PAYMENT_DATE_IN_FUTURE');
    expect(await codeOf(handler('claims/recordPayment', { id: c.id, version: agreed.version, kind: 'final', paidOn: '2026-09-25', amountFen: 6_000_001, reference: 'PAY-0001' }))).toBe('CLAIM.OVERPAID');
    const part = await handler('claims/recordPayment', { id: c.id, version: agreed.version, kind: 'final', paidOn: '2026-09-25', amountFen: 4_000_000, reference: 'PAY-0001' });
    expect(part.status).toBe('decided');
    const paid = await handler('claims/recordPayment', { id: c.id, version: part.version, kind: 'final', paidOn: '2026-09-25', amountFen: 2_000_000, reference: 'PAY-0002' });
    expect(paid).toMatchObject({ status: 'paid', paidYuan: '60,000.00' });
    expect(paid.payments.map((p: any) => p.reference)).toEqual(['PAY-0001', 'PAY-0002']);

    const view = await ok(member(h, 'detail', { id: c.id }));
    expect(view).toMatchObject({ statusLabel: '已赔付', step: 4, paidYuan: '60,000.00' });
    expect(audits(h)).toEqual(
      expect.arrayContaining(['claim.read', 'claim.requestDocuments', 'claim.recordAssessment', 'claim.decide', 'claim.approve', 'claim.recordAcceptance', 'claim.recordPayment']),
    );
    expect(topics(h)).toEqual(['claims.received', 'claims.documentsNeeded', 'claims.underReview', 'claims.documentsArrived', 'claims.approvalNeeded', 'claims.offered', 'claims.agreed', 'claims.paid', 'claims.paid']);
  });

  it('a pay decision is above 0; agreeing records the agreement only; payments are dated within the claim and advances come before the decision; writes audit the source', async () => {
    const c = await report();
    const from = '203.0.113.7';
    const staff = await h.as('claims01', from);
    const seen = await staff('claims/detail', { id: c.id });
    const assessed = await staff('claims/recordAssessment', { id: c.id, version: seen.version, text: '住院费用可先确定 1,000 元' });
    /** A refusal changes nothing: the same version before and after. */
    const refused = async (route: string, body: Record<string, unknown>, code: string, words: string) => {
      const before = (await staff('claims/detail', { id: c.id })).version;
      const res = await staff(route, { id: c.id, ...body }).catch((e) => e);
      expect(res).toMatchObject({ code, memberMessage: expect.stringContaining(words) });
      expect((await staff('claims/detail', { id: c.id })).version).toBe(before);
    };
    await refused('claims/recordPayment', { version: assessed.version, kind: 'advance', paidOn: '2026-09-05', amountFen: 0, reference: 'ADV-0001' }, 'CLAIM.AMOUNT_ZERO', '金额须大于0');
    await refused('claims/recordPayment', { version: assessed.version, kind: 'advance', paidOn: '2026-09-04', amountFen: 100_000, reference: 'ADV-0001' }, 'CLAIM.ADVANCE_BEFORE_RECEIPT', '2026-09-05');
    const advanced = await staff('claims/recordPayment', { id: c.id, version: assessed.version, kind: 'advance', paidOn: '2026-09-05', amountFen: 100_000, reference: 'ADV-0001' });
    expect(advanced.status).toBe('underReview');
    await refused('claims/decide', { version: advanced.version, outcome: 'pay', amountFen: 0, basis: '无可赔付费用' }, 'CLAIM.AMOUNT_ZERO', '金额须大于0');
    await at('2026-09-07T02:00:00Z');
    const decided = await handler('claims/decide', { id: c.id, version: advanced.version, outcome: 'pay', amountFen: 1_000_000, basis: '住院医疗保险金' });
    expect(decided.may).toMatchObject({ recordAdvance: false, recordFinal: false, recordPayment: false });
    const late = await h.as('claims01', from);
    expect(await late('claims/recordPayment', { id: c.id, version: decided.version, kind: 'advance', paidOn: '2026-09-07', amountFen: 1, reference: 'ADV-0002' }).catch((e) => e)).toMatchObject({ code: 'CLAIM.ADVANCE_AFTER_DECISION' });

    // Agreeing starts the 10-day clock; the claim is 已赔付 only when payments reach the amount.
    await at('2026-09-08T02:00:00Z');
    const agreed = await handler('claims/recordAcceptance', { id: c.id, version: decided.version, evidence: '9月8日电话确认，录音编号 REC-20260908-01' });
    expect(agreed).toMatchObject({ status: 'decided', paidYuan: '1,000.00', nextDeadline: { kind: 'payment' } });
    expect(agreed.may).toMatchObject({ recordAdvance: false, recordFinal: true });
    const now = await h.as('claims01', from);
    expect(await now('claims/recordPayment', { id: c.id, version: agreed.version, kind: 'final', paidOn: '2026-09-07', amountFen: 900_000, reference: 'PAY-0001' }).catch((e) => e)).toMatchObject({
      code: 'CLAIM.PAYMENT_BEFORE_AGREEMENT',
      memberMessage: expect.stringContaining('2026-09-08'),
    });
    expect((await handler('claims/detail', { id: c.id })).version).toBe(agreed.version);
    const paid = await now('claims/recordPayment', { id: c.id, version: agreed.version, kind: 'final', paidOn: '2026-09-08', amountFen: 900_000, reference: 'PAY-0001' });
    expect(paid).toMatchObject({ status: 'paid', paidYuan: '10,000.00' });

    const writes = h.system.db.prepare("SELECT action, detail FROM audit_log WHERE action IN ('claim.recordAssessment', 'claim.recordPayment') ORDER BY seq").all() as { action: string; detail: string }[];
    expect(writes.map((w) => w.action)).toEqual(['claim.recordAssessment', 'claim.recordPayment', 'claim.recordPayment']);
    for (const w of writes) expect(JSON.parse(w.detail).source).toBe(from);
    const phone = h.system.db.prepare("SELECT detail FROM audit_log WHERE action = 'claim.recordAcceptance'").get() as { detail: string };
    expect(JSON.parse(phone.detail).source).toBe('unknown');
  });

  it('refuses with reasons and the letter, and turns the member’s dispute into a complaint received when they first objected, linked both ways', async () => {
    const c = await report();
    const seen = await handler('claims/detail', { id: c.id });
    const assessed = await handler('claims/recordAssessment', { id: c.id, version: seen.version, text: '投保前已确诊，属既往症' });
    await at('2026-09-10T02:00:00Z');
    const refused = await handler('claims/decide', { id: c.id, version: assessed.version, outcome: 'refuse', reasons: '投保前已确诊阑尾炎，属于合同第十二条约定的既往症责任免除' });
    expect(refused.decision.letter).toContain('理赔拒赔通知书');
    expect(refused.decision.letter).toContain('人民法院');
    const mine = await ok(member(h, 'detail', { id: c.id }));
    expect(mine.decision).toMatchObject({ kind: 'refuse', letter: refused.decision.letter });

    await at('2026-09-12T02:00:00Z');
    const said = { id: c.id, idempotencyKey: 'message-0000000000001', text: '我不同意拒赔决定，手术前从未确诊过阑尾炎' };
    const objected = await ok(member(h, 'message', said));
    // The same message sent again (a lost reply, a double tap) is the earlier answer, not a second entry.
    const again = await ok(member(h, 'message', said));
    expect(again.version).toBe(objected.version);
    expect(again.timeline.filter((e: any) => e.type === 'memberMessage')).toHaveLength(1);
    expect((await member(h, 'message', { ...said, text: '另外一段完全不同的话' })).error).toMatchObject({ code: 'CLAIM.IDEMPOTENCY_KEY_REUSED', message: expect.stringContaining('另一条留言') });
    expect((await member(h, 'message', { id: c.id, text: '没有请求编号的留言' })).error).toMatchObject({ code: 'REQUEST.INVALID' });
    const entry = objected.timeline.find((e: any) => e.type === 'memberMessage');
    await at('2026-09-14T02:00:00Z');
    const before = await handler('claims/detail', { id: c.id });
    expect(await codeOf(comp('claims/convertToComplaint', { id: c.id, version: before.version, entryId: entry.id, reason: '会员对拒赔决定有异议' }))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(handler('claims/convertToComplaint', { id: c.id, version: before.version, entryId: before.staffTimeline[0].id.slice(0, 3) + 'xxxxx', reason: '会员对拒赔决定有异议' }))).toBe('CLAIM.ENTRY_NOT_FOUND');
    const converted = await handler('claims/convertToComplaint', { id: c.id, version: before.version, entryId: entry.id, reason: '会员对拒赔决定有异议' });
    expect(converted.complaint).toMatchObject({ number: expect.stringMatching(/^TS20260912-/), receivedAt: '2026-09-12T02:00:00.000Z' });
    expect(converted.claim.complaint).toEqual({ number: converted.complaint.number });
    const complaint = await h.system.complaints.store.get(converted.complaint.id);
    expect(complaint).toMatchObject({ claimNo: c.number, category: 'claims', memberId: 'openid-alice' });
    expect(JSON.stringify(complaint!.timeline)).toContain(c.id);
    expect(await codeOf(handler('claims/convertToComplaint', { id: c.id, version: converted.claim.version, entryId: entry.id, reason: '再次转投诉试试' }))).toBe('CLAIM.ALREADY_CONVERTED');
    expect(audits(h)).toEqual(expect.arrayContaining(['complaint.convertedFromClaim', 'claim.convertToComplaint']));
  });

  it('stores personal numbers in the texts masked: the member reads them, staff see them masked and open them only with a reason, audited', async () => {
    const { claim } = await ok(member(h, 'saveDraft', {
      idempotencyKey: 'draft-000000000000009',
      policyNo: 'P2026000123',
      insuredIndex: 0,
      claimType: 'hospital',
      incidentDate: '2026-09-01',
      place: '上海市第六人民医院',
      description: '住院五天，身份证号310101199001011234，联系手机13812345678',
    }));
    const raw = (h.system.db.prepare('SELECT doc FROM claims WHERE id = ?').get(claim.id) as { doc: string }).doc;
    expect(raw).not.toContain('310101199001011234');
    expect(raw).not.toContain('13812345678');
    expect(claim.description).toBe('住院五天，身份证号310101199001011234，联系手机13812345678');
    await ok(member(h, 'attach', { id: claim.id, item: 'claimForm', fileIds: [h.system.files.save('openid-alice', PDF, '申请书.pdf')] }));
    await ok(member(h, 'submit', { id: claim.id, idempotencyKey: 'submit-00000000000009' }));
    expect((await ok(member(h, 'detail', { id: claim.id }))).description).toContain('13812345678');

    const seen = await handler('claims/detail', { id: claim.id });
    expect(seen.description).not.toContain('13812345678');
    expect(await codeOf(comp('claims/unmaskText', { id: claim.id, reason: '核对联系方式' }))).toBe('AUTH.FORBIDDEN');
    const opened = await handler('claims/unmaskText', { id: claim.id, reason: '核对联系方式' });
    expect(opened.texts.description).toContain('13812345678');
    const entry = h.system.db.prepare("SELECT detail FROM audit_log WHERE action = 'claim.unmaskText'").get() as { detail: string };
    expect(JSON.parse(entry.detail)).toMatchObject({ keys: ['description'], reason: '核对联系方式' });
  });

  it('warns at 80% and records a breach once on the deadline timer, escalating it to a supervisor', async () => {
    const c = await report();
    const watches = h.system.deadlineWatches;
    // The hospital target: 10 days from 09-05 → 09-15 24:00; its warning at 80%.
    await at('2026-09-13T14:00:00Z');
    let runs = await runDeadlineWatches(watches, h.clock.now());
    expect(runs.find((r) => r.area === 'claims')!.report).toMatchObject({ warnings: 1, breaches: 0 });
    await at('2026-09-15T17:00:00Z');
    runs = await runDeadlineWatches(watches, h.clock.now());
    expect(runs.find((r) => r.area === 'claims')!.report).toMatchObject({ breaches: 1, extra: { escalated: 1 } });
    runs = await runDeadlineWatches(watches, h.clock.now());
    expect(runs.find((r) => r.area === 'claims')!.report).toMatchObject({ warnings: 0, breaches: 0, changed: 0 });
    expect(topics(h).filter((t) => t.startsWith('claims.deadline') || t === 'claims.escalated')).toEqual(['claims.deadlineWarning', 'claims.deadlineBreached', 'claims.escalated']);
    const detail = await handler('claims/detail', { id: c.id });
    expect(detail.clocks.find((k: any) => k.kind === 'target').breachedAt).toBe('2026-09-15T17:00:00.000Z');
  });

  it('lets oversight read and only handlers and supervisors act; others do not see claims', async () => {
    const c = await report();
    expect((await ho('claims/queue', {})).items).toHaveLength(1);
    expect(await codeOf(ho('claims/recordAssessment', { id: c.id, version: 2, text: '总公司不处理案件' }))).toBe('AUTH.FORBIDDEN');
    const agent = await h.as('agent01');
    expect(await codeOf(agent('claims/queue', {}))).toBe('AUTH.FORBIDDEN');
    expect((await handler('claims/search', { number: c.number.toLowerCase().replace('-000', '-') })).items.map((i: any) => i.id)).toEqual([c.id]);
  });
});
