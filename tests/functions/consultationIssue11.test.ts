import fs from 'node:fs';
import path from 'node:path';
import { seedDemoMembers } from '../../server/local/demoData';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';

/** Issue 11 (outside tester): the policy on a question, idempotent follow-ups and ratings, the advisor's queue, audited sources, wording. */
const zhang: Caller = { kind: 'member', openid: 'demo-member-alice' }; // bound to P2026000123
const li: Caller = { kind: 'member', openid: 'demo-member-bob' }; // a visitor
const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');

type H = Awaited<ReturnType<typeof adminHarness>>;
const member = (h: H, who: Caller, action: string, data?: unknown) => {
  const fn = h.system.functions.consultations;
  return dispatch(fn.table, fn.deps as never, who, { action, data }, silentLogger) as Promise<any>;
};
const ok = async (p: Promise<any>) => {
  const res = await p;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
const snapshot = (h: H) =>
  JSON.stringify(['consultations', 'consultation_keys', 'outbox', 'rate_limits'].map((t) => h.system.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
const ask = (key: string, extra: Record<string, unknown> = {}) => ({ idempotencyKey: key, topic: 'coverage', question: '我的住院医疗险门诊检查能报销吗？', ...extra });

describe('consultations: issue 11', () => {
  let h: H;
  beforeEach(async () => {
    // Wednesday 2026-11-25 10:00 in Shanghai.
    h = await adminHarness('2026-11-25T02:00:00Z');
    await seedDemoMembers(h.system.members, REGISTER);
  });
  afterEach(() => h.close());

  it('takes a policy number only when it is one the asker has bound', async () => {
    const own = await ok(member(h, zhang, 'ask', ask('policy-own-key-000001', { policyNo: 'P2026000123' })));
    expect(own.consultation.policyNo).toBe('P2026000123');
    const cases: [Caller, string][] = [
      [li, 'P2026000123'], // someone else's
      [li, 'P9999999999'], // not in the register
      [zhang, 'P9999999999'],
    ];
    for (const [who, policyNo] of cases) {
      const before = snapshot(h);
      const res = await member(h, who, 'ask', ask(`policy-bad-key-${policyNo}`, { policyNo }));
      expect(res.error.code).toBe('CONSULTATION.POLICY_NOT_YOURS');
      expect(res.error.message).toMatch(/保单未绑定在您的账号下/);
      expect(snapshot(h)).toBe(before);
    }
  });

  it('makes one follow-up of a retried send, refuses the key with other text, and does the same for a rating', async () => {
    const { consultation: c } = await ok(member(h, li, 'ask', ask('followup-ask-key-0001')));
    const send = { idempotencyKey: 'followup-send-key-0001', id: c.id, text: '补充：我上个月做过胃镜检查' };
    const first = await ok(member(h, li, 'followUp', send));
    const before = snapshot(h);
    const again = await ok(member(h, li, 'followUp', send));
    expect(again.timeline.filter((e: any) => e.type === 'followUp')).toHaveLength(1);
    expect(again.version).toBe(first.version);
    expect(snapshot(h)).toBe(before);
    const reused = await member(h, li, 'followUp', { ...send, text: '另一段完全不同的追问内容' });
    expect(reused.error.code).toBe('CONSULTATION.IDEMPOTENCY_KEY_REUSED');
    expect(snapshot(h)).toBe(before);
    expect((await member(h, li, 'followUp', { id: c.id, text: '没有请求编号的追问' })).error.code).toBe('REQUEST.INVALID');

    const agent = await h.as('agent01');
    const detail = await agent('consultations/detail', { id: c.id });
    await agent('consultations/reply', { id: c.id, version: detail.version, text: '门诊检查费用可以在住院前7日内报销。' });
    const rate = { idempotencyKey: 'rate-send-key-000001', id: c.id, score: 5, comment: '很清楚' };
    const rated = await ok(member(h, li, 'rate', rate));
    expect(rated.status).toBe('closed');
    expect(await ok(member(h, li, 'rate', rate))).toEqual(rated);
    expect((await member(h, li, 'rate', { ...rate, score: 3 })).error.code).toBe('CONSULTATION.IDEMPOTENCY_KEY_REUSED');
    expect((await member(h, li, 'rate', { ...rate, idempotencyKey: 'rate-send-key-000002' })).error.code).toBe('CONSULTATION.ALREADY_RATED');
    // Staff do not see the member's request plumbing.
    expect(JSON.stringify(await agent('consultations/detail', { id: c.id }))).not.toContain('rate-send-key');
  });

  it('says the due time once, plainly, to the member and in the hand-off entry', async () => {
    const { consultation: c } = await ok(member(h, li, 'ask', ask('wording-ask-key-0001')));
    expect(c.dueText).toBe('预计11月26日24时前答复');
    const agent = await h.as('agent01');
    await agent('consultations/handToAdvisor', { id: c.id, version: 1, advisorId: 'staff-advisor-01', context: '需要顾问给方案建议' });
    const seen = await ok(member(h, li, 'detail', { id: c.id }));
    expect(seen.dueText).toBe('预计11月27日24时前答复');
    expect(seen.timeline.find((e: any) => e.type === 'handedToAdvisor').text).toBe('您的咨询已转交专业保险顾问，顾问将在11月27日24时前答复');
    expect(JSON.stringify(seen)).not.toMatch(/前前|24时前）前|（当日/);
  });

  it('shows the advisor by default what awaits their reply, earliest due first, and not what they answered', async () => {
    const ids: string[] = [];
    for (const [i, who] of [li, zhang, li].entries()) {
      const { consultation: c } = await ok(member(h, who, 'ask', ask(`queue-ask-key-000${i}`, { question: `第${i + 1}个想请顾问看看的问题` })));
      h.clock.advance(3600_000 * 24);
      // Signed in afresh each day: a staff session does not last that long.
      await (await h.as('agent01'))('consultations/handToAdvisor', { id: c.id, version: 1, advisorId: 'staff-advisor-01', context: '需要顾问给方案建议' });
      ids.push(c.id);
    }
    const advisor = await h.as('advisor01');
    const answered = await advisor('consultations/detail', { id: ids[1] });
    await advisor('consultations/advisorReply', { id: ids[1], version: answered.version, text: '已为您答复，请查看。' });
    const expected = [ids[0], ids[2]];
    expect((await advisor('consultations/queue')).items.map((i: any) => i.id)).toEqual(expected);
    expect((await advisor('consultations/queue', { view: 'advisor' })).items.map((i: any) => i.id)).toEqual(expected);
    const dues = (await advisor('consultations/queue')).items.map((i: any) => i.dueAt);
    expect([...dues].sort()).toEqual(dues);
    expect((await advisor('consultations/queue', { view: 'mine' })).items).toHaveLength(3);
  });

  it('records the source address on every staff write, as reads do', async () => {
    const agent = await h.as('agent01', '10.1.2.3');
    const advisor = await h.as('advisor01', '10.9.8.7');
    const { consultation: c } = await ok(member(h, zhang, 'ask', ask('source-ask-key-00001', { policyNo: 'P2026000123' })));
    const handed = await agent('consultations/handToAdvisor', { id: c.id, version: 1, advisorId: 'staff-advisor-01', context: '需要顾问给方案建议' });
    await advisor('consultations/advisorReply', { id: c.id, version: handed.version, text: '已为您答复，请查看。' });
    await advisor('consultations/unmaskMember', { id: c.id, field: 'phone', reason: '电话沟通方案' });
    const now = await agent('consultations/detail', { id: c.id });
    const asked = now.timeline.find((e: any) => e.memberMessage);
    await agent('consultations/convertToComplaint', { id: c.id, version: now.version, messageId: asked.id, reason: '会员对答复不满意', category: 'service' });
    const rows = h.system.db
      .prepare(
        "SELECT action, detail FROM audit_log WHERE action IN ('consultation.handToAdvisor','consultation.advisorReply','consultation.unmaskMember','consultation.convertToComplaint','complaint.convertedFromConsultation') ORDER BY rowid",
      )
      .all() as { action: string; detail: string }[];
    expect(rows.map((r) => [r.action, JSON.parse(r.detail).source])).toEqual([
      ['consultation.handToAdvisor', '10.1.2.3'],
      ['consultation.advisorReply', '10.9.8.7'],
      ['consultation.unmaskMember', '10.9.8.7'],
      ['complaint.convertedFromConsultation', '10.1.2.3'],
      ['consultation.convertToComplaint', '10.1.2.3'],
    ]);
  });

  it('gives the insured’s relation in Chinese on the member profile', async () => {
    const { consultation: c } = await ok(member(h, zhang, 'ask', ask('relation-ask-key-001')));
    const profile = await (await h.as('agent01'))('consultations/memberProfile', { id: c.id });
    const relations = profile.policies.flatMap((p: any) => p.insured.map((x: any) => x.relation));
    expect(relations).toContain('本人');
    expect(relations.every((r: string) => /^[\u4e00-\u9fa5]+$/.test(r))).toBe(true);
  });
});
