import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { STAFF_AREAS } from '../../server/runtime/admin/areas';
import { mayCall } from '../../core/staff/actions';
import { ROLE_RANK, type StaffRole } from '../../core/shared/actors';
import { runDeadlineWatches } from '../../core/deadlines/watch';
import { adminHarness } from '../support/adminHarness';
import fs from 'node:fs';
import path from 'node:path';
import { seedDemoMembers } from '../../server/local/demoData';

const alice: Caller = { kind: 'member', openid: 'openid-alice' };
type H = Awaited<ReturnType<typeof adminHarness>>;
type Staff = (route: string, body?: unknown) => Promise<any>;

const member = (h: H, who: Caller, action: string, data?: unknown) => {
  const fn = h.system.functions.consultations;
  return dispatch(fn.table, fn.deps as never, who, { action, data }, silentLogger) as Promise<any>;
};
const ok = async (p: Promise<any>) => {
  const res = await p;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code?: string; message?: string }) => e.code ?? e.message);
const askOne = async (h: H, key: string, question = '我想给父母买医疗险，有既往病史能不能投保？') =>
  (await ok(member(h, alice, 'ask', { idempotencyKey: key, topic: 'enrollment', question }))).consultation;
const auditActions = (h: H) => (h.system.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'consultation.%' OR action LIKE 'complaint.converted%' ORDER BY rowid").all() as { action: string }[]).map((r) => r.action);
const outboxTopics = (h: H) => (h.system.db.prepare("SELECT topic FROM outbox WHERE topic LIKE 'consultations.%' ORDER BY rowid").all() as { topic: string }[]).map((r) => r.topic);

describe('consultations for staff', () => {
  let h: H;
  let agent: Staff, agent2: Staff, sup: Staff, advisor: Staff, advisor2: Staff, comp: Staff;
  beforeEach(async () => {
    // Wednesday 2026-11-25 10:00 in Shanghai.
    h = await adminHarness('2026-11-25T02:00:00Z');
    // A second advisor, so "only what was handed to them" has someone to be kept from.
    const a1 = (await h.deps.staff.getByUsername('advisor01'))!;
    await h.deps.staff.create({ ...a1, id: 'staff-advisor-02', username: 'advisor02', displayName: '周顾问' }, {
      actorId: 'test',
      actorRole: 'staffAdmin',
      action: 'staff.add',
      subjectType: 'staff',
      subjectId: 'staff-advisor-02',
    });
    [agent, agent2, sup, advisor, advisor2, comp] = await Promise.all(['agent01', 'agent02', 'super01', 'advisor01', 'advisor02', 'comp01'].map((u) => h.as(u)));
  });
  afterEach(() => h.close());

  it('walks a question from the customer-service queue to an advisor, a plan, an enrollment request and the member’s rating', async () => {
    const c = await askOne(h, 'staff-flow-key-0001');
    const queue = await agent('consultations/queue', {});
    expect(queue.items).toEqual([expect.objectContaining({ id: c.id, stepLabel: '首次答复', overdue: false, member: expect.objectContaining({ kind: 'visitor' }) })]);

    const handed = await agent('consultations/handToAdvisor', { id: c.id, version: 1, advisorId: 'staff-advisor-01', context: '会员父母65岁，有高血压史，想了解可投保的医疗险' });
    expect(handed).toMatchObject({ status: 'withAdvisor', stage: 'advisor', advisorName: '李顾问', ownerName: '王小丽' });
    // The advisor's own target: two working days from Wednesday, Friday 24:00 (Shanghai).
    expect(handed.steps.map((s: any) => [s.kind, s.dueAt, Boolean(s.metAt)])).toEqual([
      ['firstReply', '2026-11-26T16:00:00.000Z', true],
      ['advisorReply', '2026-11-27T16:00:00.000Z', false],
    ]);
    expect((await agent('consultations/queue', {})).items).toEqual([]);
    expect((await advisor('consultations/queue', {})).items.map((i: any) => i.id)).toEqual([c.id]);
    expect((await advisor2('consultations/queue', {})).items).toEqual([]);
    // The hand-off context is for staff; the member reads that an advisor has it.
    const seen = await ok(member(h, alice, 'detail', { id: c.id }));
    expect(seen.timeline.map((e: any) => e.type)).toEqual(['asked', 'handedToAdvisor']);
    expect(JSON.stringify(seen)).not.toContain('高血压');

    const planned = await advisor('consultations/proposePlan', {
      id: c.id,
      version: handed.version,
      products: [{ name: '惠民医疗保险', code: 'HM2026' }],
      premiumMinFen: 120000,
      premiumMaxFen: 260000,
      reasons: ['覆盖既往症以外的住院医疗', '65岁可投保'],
    });
    expect(planned).toMatchObject({ status: 'answered', plans: [expect.objectContaining({ premiumText: '1200元 – 2600元 / 年' })] });
    const enrolled = await advisor('consultations/recordEnrollmentHelp', { id: c.id, version: planned.version, planId: planned.plans[0].id, note: '会员希望周末电话沟通投保资料' });
    expect(enrolled.enrollments).toHaveLength(1);

    const mine = await ok(member(h, alice, 'detail', { id: c.id }));
    expect(mine).toMatchObject({ status: 'answered', canRate: true, enrollmentRecorded: true, plans: [expect.objectContaining({ products: [{ name: '惠民医疗保险', code: 'HM2026' }] })] });
    // A follow-up goes back to the advisor, with a new due time of their own.
    const asked = await ok(member(h, alice, 'followUp', { idempotencyKey: 'staff-test-followup-0001', id: c.id, text: '父亲有糖尿病也可以吗？' }));
    expect(asked.status).toBe('withAdvisor');
    const replied = await advisor('consultations/advisorReply', { id: c.id, version: enrolled.version + 1, text: '糖尿病需要健康告知，我帮您看一下可选产品。' });
    expect(replied.status).toBe('answered');
    const rated = await ok(member(h, alice, 'rate', { idempotencyKey: 'staff-test-rate-0002', id: c.id, score: 5, comment: '顾问很专业' }));
    expect(rated).toMatchObject({ status: 'closed', canRate: false, rating: { score: 5 } });
    expect((await member(h, alice, 'rate', { idempotencyKey: 'staff-test-rate-0003', id: c.id, score: 4 })).error.code).toBe('CONSULTATION.ALREADY_RATED');

    expect(auditActions(h)).toEqual([
      'consultation.handToAdvisor',
      'consultation.proposePlan',
      'consultation.recordEnrollmentHelp',
      'consultation.advisorReply',
    ]);
    expect(outboxTopics(h)).toEqual([
      'consultations.handedToAdvisor',
      'consultations.assignedToAdvisor',
      'consultations.planProposed',
      'consultations.enrollmentRecorded',
      'consultations.followUp',
      'consultations.answered',
    ]);
  });

  it('shows an advisor only the consultations handed to them, and no complaints, claims or member lookups', async () => {
    const handed = await askOne(h, 'staff-adv-key-0001');
    const other = await askOne(h, 'staff-adv-key-0002', '想问一下意外险的保障范围有哪些？');
    await agent('consultations/handToAdvisor', { id: handed.id, version: 1, advisorId: 'staff-advisor-01', context: '需要方案建议' });
    expect(await codeOf(advisor('consultations/detail', { id: other.id }))).toBe('CONSULTATION.NOT_FOUND');
    expect(await codeOf(advisor2('consultations/detail', { id: handed.id }))).toBe('CONSULTATION.NOT_FOUND');
    expect(await codeOf(advisor2('consultations/advisorReply', { id: handed.id, version: 2, text: '我来回答' }))).toBe('CONSULTATION.NOT_FOUND');
    expect(await codeOf(advisor('consultations/search', { number: other.number }))).toBe('ran');
    expect((await advisor('consultations/search', { number: other.number })).items).toEqual([]);
    expect(await codeOf(advisor('consultations/reply', { id: handed.id, version: 2, text: '客服答复' }))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(advisor('complaints/queue', {}))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(advisor('members/search', { by: 'policyNo', q: 'P2026000123' }))).toBe('AUTH.FORBIDDEN');
    // The profile advice needs: masked, and each full value audited with a reason.
    const profile = await advisor('consultations/memberProfile', { id: handed.id });
    expect(profile).toMatchObject({ kind: 'visitor', tierLabel: '访客', policies: [] });
    expect(await codeOf(advisor('consultations/unmaskMember', { id: handed.id, field: 'phone', reason: '电话沟通方案' }))).toBe('CONSULTATION.NO_PERSONAL_DATA');
    expect(auditActions(h)).toContain('consultation.memberProfile');
  });

  it('gives the advisor the bound member’s profile masked, and a full phone number only with a reason, audited', async () => {
    await seedDemoMembers(h.system.members, fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8'));
    const zhang: Caller = { kind: 'member', openid: 'demo-member-alice' };
    const c = (await ok(member(h, zhang, 'ask', { idempotencyKey: 'staff-profile-key-01', topic: 'enrollment', question: '想给孩子加一份重疾险' }))).consultation;
    expect(await codeOf(advisor('consultations/memberProfile', { id: c.id }))).toBe('CONSULTATION.NOT_FOUND');
    await agent('consultations/handToAdvisor', { id: c.id, version: 1, advisorId: 'staff-advisor-01', context: '已有医疗险，想加重疾' });
    const profile = await advisor('consultations/memberProfile', { id: c.id });
    expect(profile).toMatchObject({ kind: 'bound', name: '张*敏', phone: '138****8000' });
    expect(profile.policies.length).toBeGreaterThan(0);
    expect(profile.policies[0]).toMatchObject({ policyNo: 'P2026000123', premiumFen: expect.any(Number), coverages: expect.any(Array) });
    expect(JSON.stringify(profile)).not.toContain('13800138000');
    expect(await codeOf(advisor('consultations/unmaskMember', { id: c.id, field: 'phone', reason: '短' }))).toBe('REQUEST.INVALID');
    expect(await advisor('consultations/unmaskMember', { id: c.id, field: 'phone', reason: '电话沟通重疾险方案' })).toEqual({ phone: '13800138000' });
    const entry = h.system.db.prepare("SELECT detail FROM audit_log WHERE action = 'consultation.unmaskMember'").get() as { detail: string };
    expect(JSON.parse(entry.detail)).toMatchObject({ field: 'phone', reason: '电话沟通重疾险方案' });
  });

  it('keeps an agent off a colleague’s consultation until they take it over, audited; compliance only reads', async () => {
    const c = await askOne(h, 'staff-own-key-0001');
    const answered = await agent('consultations/reply', { id: c.id, version: 1, text: '您好，请问父母的年龄和健康状况如何？' });
    await ok(member(h, alice, 'followUp', { idempotencyKey: 'staff-test-followup-0004', id: c.id, text: '父亲65岁，母亲60岁' }));
    expect(await codeOf(agent2('consultations/reply', { id: c.id, version: answered.version + 1, text: '我来答' }))).toBe('CONSULTATION.HELD_BY_OTHER');
    expect(await codeOf(agent2('consultations/takeOver', { id: c.id, version: answered.version + 1, reason: '王小丽休假' }))).toBe('CONSULTATION.HELD_BY_OTHER');
    const taken = await sup('consultations/takeOver', { id: c.id, version: answered.version + 1, reason: '王小丽休假，主管接手' });
    expect(taken.ownerName).toBe('陈主管');
    expect(await codeOf(comp('consultations/reply', { id: c.id, version: taken.version, text: '合规答复' }))).toBe('AUTH.FORBIDDEN');
    expect((await comp('consultations/detail', { id: c.id })).may).toMatchObject({ reply: false, convertToComplaint: false });
    // Two staff saving at once: the second gets a conflict, never a silent overwrite.
    expect(await codeOf(sup('consultations/reply', { id: c.id, version: taken.version - 1, text: '旧版本' }))).toBe('CONSULTATION.VERSION_CONFLICT');
    expect(auditActions(h)).toContain('consultation.takeOver');
  });

  it('converts a consultation into a complaint received when the member first expressed dissatisfaction, with its history', async () => {
    const c = await askOne(h, 'staff-conv-key-0001', '上次理赔被拒，想咨询一下原因');
    const answered = await agent('consultations/reply', { id: c.id, version: 1, text: '您好，拒赔原因是等待期内出险。' });
    h.clock.advance(2 * 3600_000);
    const upset = await ok(member(h, alice, 'followUp', { idempotencyKey: 'staff-test-followup-0005', id: c.id, text: '销售当时根本没说有等待期，我要投诉！', attachments: [] }));
    const upsetEntry = upset.timeline.find((e: any) => e.type === 'followUp');
    h.clock.advance(3600_000);
    // Only a member's own message can be the receipt.
    expect(await codeOf(agent('consultations/convertToComplaint', { id: c.id, version: answered.version + 1, messageId: upset.timeline[1].id, reason: '会员表示不满', category: 'sales' }))).toBe(
      'CONSULTATION.MESSAGE_NOT_FOUND',
    );
    const res = await agent('consultations/convertToComplaint', { id: c.id, version: answered.version + 1, messageId: upsetEntry.id, reason: '会员明确表示要投诉销售误导', category: 'sales' });
    expect(res.consultation).toMatchObject({ status: 'converted', complaint: { number: res.complaint.number } });
    expect(res.complaint.number).toMatch(/^TS20261125-\d{4}$/);
    const complaint = (await h.system.complaints.store.get(res.complaint.id))!;
    expect(complaint.receivedAt).toBe('2026-11-25T04:00:00.000Z');
    expect(complaint.description).toContain('销售当时根本没说有等待期');
    const note = complaint.timeline.find((e) => e.type === 'internalNote')!;
    expect(note.text).toContain(c.number);
    expect((note.data as any).history.map((x: any) => x.type)).toEqual(['asked', 'reply', 'followUp']);
    expect(auditActions(h)).toEqual(['consultation.reply', 'complaint.convertedFromConsultation', 'consultation.convertToComplaint']);
    // The member sees it was converted and can follow the complaint; a second conversion is refused.
    expect(await ok(member(h, alice, 'detail', { id: c.id }))).toMatchObject({ statusLabel: '已转为投诉', canFollowUp: false, complaint: { number: res.complaint.number } });
    const complaintsFn = h.system.functions.complaints;
    const mine = await dispatch(complaintsFn.table, complaintsFn.deps as never, alice, { action: 'listMine', data: {} }, silentLogger);
    expect((mine as any).data.items.map((i: any) => i.number)).toEqual([res.complaint.number]);
    expect(await codeOf(sup('consultations/convertToComplaint', { id: c.id, version: res.consultation.version, messageId: upsetEntry.id, reason: '再次转投诉', category: 'sales' }))).toBe(
      'CONSULTATION.ALREADY_CONVERTED',
    );
  });

  it('warns before the first reply falls due, records the breach once and escalates it to a supervisor', async () => {
    const c = await askOne(h, 'staff-sla-key-0001');
    const watches = h.system.deadlineWatches;
    // Thursday 21:00 Shanghai: within four hours of the due time (Thursday 24:00).
    h.clock.set('2026-11-26T13:00:00Z');
    await runDeadlineWatches(watches, h.clock.now());
    let stored = (await h.system.consultations.store.get(c.id))!;
    expect(stored.steps[0]).toMatchObject({ warnedAt: '2026-11-26T13:00:00.000Z' });
    expect(stored.steps[0].breachedAt).toBeUndefined();
    h.clock.set('2026-11-26T16:00:00Z');
    await runDeadlineWatches(watches, h.clock.now());
    await runDeadlineWatches(watches, h.clock.now());
    stored = (await h.system.consultations.store.get(c.id))!;
    expect(stored.steps[0]).toMatchObject({ breachedAt: '2026-11-26T16:00:00.000Z', escalatedToId: 'staff-super-01' });
    expect(stored.owner).toEqual({ id: 'staff-super-01', role: 'supervisor' });
    expect(stored.slaNextCheckAt).toBeUndefined();
    expect(outboxTopics(h)).toEqual(['consultations.deadlineWarning', 'consultations.deadlineBreached', 'consultations.escalated']);
    // The session from the morning before has lapsed: sign in again.
    const item = (await (await h.as('super01'))('consultations/queue', {})).items[0];
    expect(item).toMatchObject({ id: c.id, overdue: true, ownerName: '陈主管' });
    // The same timer that watches them recomputes them when a holiday notice is imported.
    expect(h.system.admin.holidays.holders.map((x) => x.area)).toContain('consultations');
    expect(watches.map((w) => w.area)).toContain('consultations');
  });

  it('flags risky member text for staff and never refuses it; a check that could not run is marked unchecked', async () => {
    const c = await askOne(h, 'staff-flag-key-0001', '【测试风险】你们的产品全是骗人的，退钱');
    await ok(member(h, alice, 'followUp', { idempotencyKey: 'staff-test-followup-0006', id: c.id, text: '【测试不可用】还有一个问题' }));
    expect((await agent('consultations/queue', {})).items[0]).toMatchObject({ id: c.id, flagged: true });
    const view = await agent('consultations/detail', { id: c.id });
    expect(view.contentFlags.map((f: any) => [f.field, f.verdict])).toEqual([
      ['question', 'risky'],
      ['followUp', 'unchecked'],
    ]);
    // The member's view carries no flags.
    expect(JSON.stringify(await ok(member(h, alice, 'detail', { id: c.id })))).not.toContain('risky');
  });

  it('orders the customer-service queue by due time and pages it by a cursor', async () => {
    const first = await askOne(h, 'staff-order-key-0001');
    h.clock.set('2026-11-26T02:00:00Z');
    const second = await askOne(h, 'staff-order-key-0002', '第二个问题：保单怎么续保？');
    h.clock.set('2026-11-24T02:00:00Z');
    const earliest = await askOne(h, 'staff-order-key-0003', '第三个问题：如何变更受益人？');
    const page1 = await agent('consultations/queue', { limit: 2 });
    expect(page1.items.map((i: any) => i.id)).toEqual([earliest.id, first.id]);
    const page2 = await agent('consultations/queue', { limit: 2, cursor: page1.nextCursor });
    expect(page2.items.map((i: any) => i.id)).toEqual([second.id]);
    expect(page2.nextCursor).toBeUndefined();
  });

  it('gives the consultation permissions to exactly the roles in the brief', () => {
    const roles = Object.keys(ROLE_RANK) as StaffRole[];
    const who = (route: string) => {
      const [area, name] = route.split('/');
      return roles.filter((r) => mayCall(r, STAFF_AREAS[area][name]));
    };
    expect(who('consultations/queue')).toEqual(['agent', 'advisor', 'supervisor', 'manager', 'headOffice', 'compliance']);
    expect(who('consultations/reply')).toEqual(['agent', 'supervisor']);
    expect(who('consultations/handToAdvisor')).toEqual(['agent', 'supervisor']);
    expect(who('consultations/proposePlan')).toEqual(['advisor']);
    expect(who('consultations/recordEnrollmentHelp')).toEqual(['advisor']);
    expect(who('consultations/convertToComplaint')).toEqual(['agent', 'supervisor']);
  });
});
