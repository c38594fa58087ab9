import { config } from '../../miniprogram/config';
import { all, loadPage, standIn, startBackend, text, until } from './pageHarness';

const ALICE = 'demo-member-alice';

/** The consultation pages against the real local gateway (a fresh SQLite file), compiled by the official compiler. */
describe('consultations in the mini-program: ask, list, detail with the timeline, follow-up and rating', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeEach(async () => {
    // Wednesday 2026-11-25 10:00 in Shanghai.
    backend = await startBackend('2026-11-25T02:00:00Z');
    config.devOpenid = ALICE;
    wx.removeStorageSync('consultationDraft');
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
  const staff = () => backend.system.admin.consultations!;

  it('refuses an empty form on the phone, then asks, clears the kept draft and opens the detail', async () => {
    const form = open('consultation-ask');
    form.instance.onSubmit();
    expect(text(form, '.error-topic')).toBe('请选择咨询类型');
    expect(text(form, '.error-question')).toBe('咨询内容至少5个字');
    form.instance.onTopic({ currentTarget: { dataset: { index: 1 } } } as never);
    form.instance.onQuestionInput({ detail: { value: '我的医疗险能报销门诊费用吗？' } } as never);
    const key = form.data.draft.idempotencyKey;
    await form.instance.onSubmit();
    await until(() => standIn.calls('redirectTo').length > 0);
    const url = String(standIn.calls('redirectTo').pop()?.args);
    expect(url).toMatch(/^\/packages\/consultations\/pages\/consultation-detail\/consultation-detail\?id=/);
    const rows = backend.system.db.prepare('SELECT doc FROM consultations').all() as { doc: string }[];
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].doc)).toMatchObject({ topic: 'coverage', memberId: ALICE });
    expect(key).toMatch(/^[\w-]{16,}$/);
    expect(wx.getStorageSync('consultationDraft')).toBeFalsy();
  });

  it('lists the member’s consultations and shows the timeline, the plan, a follow-up and the rating', async () => {
    const asked = await backend.call('consultations', { kind: 'member', openid: ALICE }, {
      action: 'ask',
      data: { idempotencyKey: 'page-key-00000000001', topic: 'enrollment', question: '想给孩子买一份意外险，有什么推荐？' },
    });
    const id = (asked as any).data.consultation.id as string;
    const list = open('consultations');
    await until(() => list.data.loaded === true);
    expect(all(list, '.item')).toHaveLength(1);
    expect(text(list, '.tag')).toBe('等待客服答复');

    // Customer service hands it to the advisor, who proposes a plan.
    const d = staff();
    const c0 = (await d.store.get(id))!;
    const { consultationWrites } = await import('../../core/consultations/staffUseCases');
    const agent = { id: 'staff-agent-01', role: 'agent' as const, name: '王小丽' };
    const advisor = { id: 'staff-advisor-01', role: 'advisor' as const, name: '李顾问' };
    await backend.system.admin.staff.create(
      { id: 'staff-advisor-01', username: 'advisor01', displayName: '李顾问', role: 'advisor', passwordHash: 'x', totpEnrolled: false, failedAttempts: 0, createdAt: '2026-11-01T00:00:00Z', version: 1 } as never,
      { actorId: 't', actorRole: 'staffAdmin', action: 'staff.add', subjectType: 'staff', subjectId: 'staff-advisor-01' },
    );
    const handed = await consultationWrites.handToAdvisor.run({ consultations: d }, agent, { id, version: c0.version, advisorId: 'staff-advisor-01', context: '孩子8岁' });
    await consultationWrites.proposePlan.run({ consultations: d }, advisor, {
      id,
      version: handed.version,
      products: [{ name: '少儿意外伤害保险' }],
      premiumMinFen: 9900,
      premiumMaxFen: 19900,
      reasons: ['保费低，保障意外医疗'],
    });

    const page = open('consultation-detail', { id });
    await until(() => Boolean(page.data.c));
    expect(text(page, '.plan-premium')).toBe('参考年保费：99元 – 199元 / 年');
    expect(all(page, '.entry').length).toBe(3);
    expect(all(page, '.star')).toHaveLength(5);

    page.instance.onFollowUpInput({ detail: { value: '可以加上重疾吗？' } } as never);
    await page.instance.onSendFollowUp();
    await until(() => page.data.c!.status === 'withAdvisor');
    expect(text(page, '.due')).toContain('保险顾问处理中');
    expect(all(page, '.entry.mine')).toHaveLength(2);
  });

  it('asks for a score before rating, then rates and shows the rating instead of the stars', async () => {
    const asked = await backend.call('consultations', { kind: 'member', openid: ALICE }, {
      action: 'ask',
      data: { idempotencyKey: 'page-key-00000000002', topic: 'insurance', question: '保单的犹豫期是多少天？' },
    });
    const id = (asked as any).data.consultation.id as string;
    const { consultationWrites } = await import('../../core/consultations/staffUseCases');
    await consultationWrites.reply.run({ consultations: staff() }, { id: 'staff-agent-01', role: 'agent', name: '王小丽' }, { id, version: 1, text: '犹豫期一般为15天。' });
    const page = open('consultation-detail', { id });
    await until(() => Boolean(page.data.c?.canRate));
    await page.instance.onRate();
    expect(text(page, '.form-error')).toBe('请先选择评分');
    page.instance.onStar({ currentTarget: { dataset: { score: 4 } } } as never);
    await page.instance.onRate();
    await until(() => page.data.c!.status === 'closed');
    expect(text(page, '.rated')).toBe('您的评价：4星');
    expect(all(page, '.star')).toHaveLength(0);
  });

  it('says under the policy field when the number is not one the member has bound', async () => {
    config.devOpenid = 'demo-member-bob'; // a visitor: no policy of their own
    const form = open('consultation-ask');
    form.instance.onTopic({ currentTarget: { dataset: { index: 1 } } } as never);
    form.instance.onQuestionInput({ detail: { value: '我的医疗险能报销门诊费用吗？' } } as never);
    form.instance.onPolicyInput({ detail: { value: 'P2026000123' } } as never);
    await form.instance.onSubmit();
    await until(() => form.data.state === 'failed');
    expect(text(form, '.error-policy')).toContain('该保单未绑定在您的账号下');
    expect((backend.system.db.prepare('SELECT COUNT(*) n FROM consultations').get() as { n: number }).n).toBe(0);
  });

  it('sends a follow-up with a key, and a retry after a lost reply reuses it: one entry', async () => {
    const asked = await backend.call('consultations', { kind: 'member', openid: ALICE }, {
      action: 'ask',
      data: { idempotencyKey: 'page-key-00000000003', topic: 'insurance', question: '保单的犹豫期是多少天？' },
    });
    const id = (asked as any).data.consultation.id as string;
    const page = open('consultation-detail', { id });
    await until(() => Boolean(page.data.c));
    page.instance.onFollowUpInput({ detail: { value: '补充：是去年买的重疾险' } } as never);
    // The server stores the follow-up; its reply never reaches the phone.
    standIn.dropNextResponses = 1;
    await page.instance.onSendFollowUp();
    expect(page.data.formError).toBeTruthy();
    await page.instance.onSendFollowUp();
    await until(() => page.data.c!.timeline.some((e) => e.type === 'followUp'));
    const sent = standIn.calls('request').map((c) => (c.args as { data: any }).data).filter((d) => d?.action === 'followUp');
    expect(sent).toHaveLength(2);
    expect(sent[0].data.idempotencyKey).toMatch(/^[\w-]{16,}$/);
    expect(sent[1].data.idempotencyKey).toBe(sent[0].data.idempotencyKey);
    expect(page.data.c!.timeline.filter((e) => e.type === 'followUp')).toHaveLength(1);
    // The next follow-up is a new send with a new key.
    page.instance.onFollowUpInput({ detail: { value: '还想问一下等待期多久' } } as never);
    await page.instance.onSendFollowUp();
    await until(() => page.data.c!.timeline.filter((e) => e.type === 'followUp').length === 2);
    const third = standIn.calls('request').map((c) => (c.args as { data: any }).data).filter((d) => d?.action === 'followUp')[2];
    expect(third.data.idempotencyKey).not.toBe(sent[0].data.idempotencyKey);
  });

  it('says a consultation that is not the member’s is not found, with no 重试', async () => {
    const page = open('consultation-detail', { id: 'someone-elses-id' });
    await until(() => Boolean(page.data.failure));
    expect(text(page, '.failure')).toContain('未找到该咨询');
    expect(page.data.final).toBe(true);
  });
});
