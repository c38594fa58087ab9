import { config } from '../../miniprogram/config';
import { claimPolicy, seedClaimant } from '../support/claimFixtures';
import { all, loadPage, standIn, startBackend, text, until } from './pageHarness';

const ALICE = 'demo-member-alice';
const staffRef = { id: 'staff-claims-01', name: '赵理赔', role: 'claimsHandler' };

/** The claim pages against the real local gateway (a fresh SQLite file), compiled by the official compiler. */
describe('claims in the mini-program: report, list, progress at a glance', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeEach(async () => {
    // Saturday 2026-09-05 10:00 in Shanghai.
    backend = await startBackend('2026-09-05T02:00:00Z');
    config.devOpenid = ALICE;
    wx.removeStorageSync('claimDraftKey');
  });
  afterEach(async () => {
    await backend.stop();
  });

  const open = (name: string, query: Record<string, string> = {}) => {
    const page = loadPage(name);
    (page.instance as any).onLoad?.(query);
    (page.instance as any).onShow?.();
    return page;
  };
  const seedAlice = () => seedClaimant(backend.system, ALICE, [claimPolicy(backend.system, 'P2026000123', ALICE)]);
  const reportOne = async () => {
    const call = (action: string, data: unknown) => backend.call('claims', { kind: 'member', openid: ALICE }, { action, data }) as Promise<any>;
    const draft = await call('saveDraft', {
      idempotencyKey: 'page-claim-0000000001',
      policyNo: 'P2026000123',
      insuredIndex: 1,
      claimType: 'hospital',
      incidentDate: '2026-09-01',
      place: '上海市儿童医院',
      description: '孩子肺炎住院五天，已出院',
    });
    return (await call('submit', { id: draft.data.claim.id, idempotencyKey: 'page-claim-0000000002' })).data.claim;
  };

  it('asks a visitor to bind a policy first', async () => {
    const page = open('claim-report');
    await until(() => page.data.loading === false);
    expect(page.data.needsBinding).toBe(true);
    expect(text(page, '.bind .title')).toBe('请先绑定保单');
  });

  it('reports a claim: picks the policy and the insured person, shows the checklist, refuses an empty form, submits and opens the detail', async () => {
    await seedAlice();
    const form = open('claim-report');
    await until(() => form.data.loading === false);
    expect(form.data.policyNames).toEqual(['安心医疗保险（P2026000123）']);
    form.instance.onSubmit();
    expect(all(form, '.error').map((e) => (e.textContent ?? '').trim())).toEqual(['请选择保单', '请选择出险人（被保险人）', '请选择理赔类型', '请选择出险日期', '请填写出险地点', '请描述事故经过（至少10个字）']);
    form.instance.onPolicy({ detail: { value: 0 } } as never);
    expect(form.data.insuredNames).toEqual(['张晓敏（本人）', '李小宝（子女）']);
    // The policy pays 住院医疗 and 意外 only: the other types say so, and picking one is refused on the page.
    expect(form.data.typeNames).toEqual(['住院医疗', '门急诊医疗（本保单不保障）', '意外伤害', '重大疾病（本保单不保障）']);
    form.instance.onInsured({ detail: { value: 1 } } as never);
    form.instance.onType({ detail: { value: 1 } } as never);
    form.instance.onSubmit();
    expect(all(form, '.error').map((e) => (e.textContent ?? '').trim())).toContain('该保单不保障“门急诊医疗”，请选择保单保障范围内的理赔类型');
    form.instance.onType({ detail: { value: 0 } } as never);
    expect(all(form, '.doc')).toHaveLength(6);
    form.instance.onDate({ detail: { value: '2026-09-01' } } as never);
    form.instance.onPlace({ detail: { value: '上海市儿童医院' } } as never);
    form.instance.onDescription({ detail: { value: '孩子肺炎住院五天，已出院' } } as never);
    form.instance.onAmount({ detail: { value: '12000.5' } } as never);
    await form.instance.onSubmit();
    await until(() => standIn.calls('redirectTo').length > 0);
    expect(String(standIn.calls('redirectTo').pop()?.args)).toMatch(/^\/packages\/claims\/pages\/claim-detail\/claim-detail\?id=/);
    const rows = backend.system.db.prepare('SELECT doc FROM claims').all() as { doc: string }[];
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].doc)).toMatchObject({ status: 'reported', claimedFen: 1_200_050, insured: { maskedName: '李*宝' } });
    expect(wx.getStorageSync('claimDraftKey')).toBeFalsy();
  });

  it('shows the step, what is needed, the next deadline with its meaning, and then the refusal letter', async () => {
    await seedAlice();
    const claim = await reportOne();
    const list = open('claims');
    await until(() => list.data.loaded === true);
    expect(all(list, '.item')).toHaveLength(1);
    expect(text(list, '.tag')).toBe('已报案');

    const d = backend.system.admin.claims!;
    const life = await import('../../core/claims/lifecycle');
    const { saveChange, contextOf } = await import('../../core/claims/persist');
    let c = (await d.store.get(claim.id))!;
    c = await saveChange(d, c, life.requestDocuments(contextOf(d), c, staffRef, { items: ['invoices', 'discharge'] }));
    let page = open('claim-detail', { id: claim.id });
    await until(() => Boolean(page.data.c));
    expect(text(page, '.need .title')).toBe('需要您补充的材料（共2项）');
    expect(all(page, '.need-item')).toHaveLength(2);
    // 报案 and 立案 (the art-22 notice) are dated; the complete set of documents is what comes next.
    expect(all(page, '.step.past .step-label').map((e) => e.textContent)).toEqual(['报案', '立案']);
    expect(all(page, '.step.past .step-date').map((e) => e.textContent)).toEqual(['9月5日', '9月5日']);
    expect(text(page, '.step.now .step-label')).toBe('材料齐全');
    expect(all(page, '.paper-link').map((e) => (e.textContent ?? '').trim())).toEqual(['电子回单 ›']);
    expect(text(page, '.paused')).toBe('补充材料期间，核定时限暂停计算');
    expect(text(page, '.deadline .label')).toBe('先予支付时限（保险法第二十五条）');
    // Written as members read dates elsewhere, not 2026-… 24:00.
    expect(text(page, '.deadline .due')).toMatch(/^(\d{4}年)?\d{1,2}月\d{1,2}日(24时| \d{2}:\d{2})前(（暂定）)?$/);

    c = await saveChange(d, c, life.waiveItem(contextOf(d), c, staffRef, 'invoices', '医院直接寄送'));
    c = await saveChange(d, c, life.waiveItem(contextOf(d), c, staffRef, 'discharge', '医院直接寄送'));
    c = await saveChange(d, c, life.recordAssessment(contextOf(d), c, staffRef, '既往症'));
    await saveChange(d, c, life.decideRefuse(contextOf(d), c, staffRef, '投保前已确诊，属于合同约定的既往症责任免除'));
    page = open('claim-detail', { id: claim.id });
    await until(() => Boolean(page.data.c));
    expect(all(page, '.step.past .step-label').map((e) => e.textContent)).toEqual(['报案', '立案', '材料齐全', '审核', '结案']);
    expect(all(page, '.step.now')).toHaveLength(0);
    expect(all(page, '.paper-link').map((e) => (e.textContent ?? '').trim())).toEqual(['电子回单 ›', '拒赔通知书 ›']);
    (page.instance as any).onPaper({ currentTarget: { dataset: { kind: 'letter' } } });
    expect(standIn.calls('navigateTo').at(-1)!.args).toBe(`/packages/claims/pages/claim-paper/claim-paper?id=${encodeURIComponent(claim.id)}&kind=letter`);
    expect(text(page, '.letter')).toContain('理由：投保前已确诊');
    expect(all(page, '.footer')).toHaveLength(0);

    // The policyholder reads their insured child's name in full, as on 我的保单.
    expect(all(page, '.muted').map((e) => e.textContent ?? '').join('\n')).toContain('出险人 李小宝（子女）');
    // A 留言 goes with its own idempotency key; the next message gets a fresh one.
    const inst = page.instance as any;
    const firstKey = page.data.messageKey;
    inst.onMessageInput({ detail: { value: '我不同意拒赔决定，请重新核实' } });
    const key = page.data.messageKey;
    expect(key).not.toBe(firstKey);
    await inst.onSendMessage();
    expect(page.data.formError).toBe('');
    expect(page.data.messageKey).not.toBe(key);
    const stored = (await d.store.get(claim.id))!.timeline.filter((e) => e.type === 'memberMessage');
    expect(stored.map((e) => e.request?.key)).toEqual([key]);
  });

  it('keeps the papers: the receipt of the report, the 理赔核定书 with the handler’s calculation, shared as text where no image can be drawn', async () => {
    await seedAlice();
    const claim = await reportOne();
    let page = open('claim-paper', { id: claim.id, kind: 'receipt' });
    await until(() => Boolean(page.data.paper));
    expect(text(page, '.sheet-title')).toBe('理赔报案电子回单');
    const rows = () => all(page, '.line').map((e) => (e.textContent ?? '').replace(/\s+/g, ''));
    expect(rows()).toEqual(expect.arrayContaining([`报案号${claim.number}`, '出险人李小宝（子女）', '出险地点上海市儿童医院', '医疗费用发票待提交']));

    // No result yet: no letter, said plainly.
    page = open('claim-paper', { id: claim.id, kind: 'letter' });
    await until(() => page.data.loading === false && page.data.failure !== '');
    expect(text(page, '.failure')).toContain('该单证尚未生成');

    const d = backend.system.admin.claims!;
    const life = await import('../../core/claims/lifecycle');
    const { saveChange, contextOf } = await import('../../core/claims/persist');
    let c = (await d.store.get(claim.id))!;
    c = await saveChange(d, c, life.recordAssessment(contextOf(d), c, staffRef, '住院费用在保障范围内'));
    const calculation = { lines: [{ item: '住院医疗费', claimedFen: 500_000, excludedFen: 20_000, exclusionReason: '自费药品' }], deductibleFen: 10_000, ratioPct: 80 };
    await saveChange(d, c, life.decidePay(contextOf(d), c, staffRef, { basis: '条款第三条', calculation }, false));
    page = open('claim-paper', { id: claim.id, kind: 'letter' });
    await until(() => Boolean(page.data.paper));
    expect(text(page, '.sheet-title')).toBe('理赔核定书');
    expect(rows()).toEqual(expect.arrayContaining(['住院医疗费申请5,000.00元，扣除200.00元（自费药品）', '理算基数5,000.00−200.00−100.00=4,700.00元', '赔付比例4,700.00×80%=3,760.00元', '核定赔付金额3,760.00元']));
    // The test page has no canvas to draw on: the paper goes to the clipboard as text instead of failing.
    await (page.instance as any).onShare();
    const copied = standIn.calls('setClipboardData').at(-1)!.args as string;
    expect(copied.split('\n').slice(0, 2)).toEqual(['理赔核定书', expect.stringMatching(/^核定日期 \d{4}-\d{2}-\d{2}$/)]);
    expect(copied).toContain('核定赔付金额：3,760.00 元');
  });
});
