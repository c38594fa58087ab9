import { staffWrites } from '../../core/complaints/staffUseCases';
import { can } from '../../core/staff/permissions';
import { dispatch } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';
import { alice, validSubmit } from '../support/localHarness';
import type { StaffComplaintView, SubmitComplaintResponse } from '../../typings/api';

type H = Awaited<ReturnType<typeof adminHarness>>;
type Staff = Awaited<ReturnType<H['as']>>;

const AGENT_01 = 'staff-agent-01'; // 王小丽
const AGENT_02 = 'staff-agent-02'; // 赵强
const SUPER_01 = 'staff-super-01'; // 陈主管
const SUPER_02 = 'staff-super-02'; // 李主管, added below: a supervisor's peer

const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code: string }) => e.code);

/**
 * A valid body for every staff write on a case, so each is refused by ownership and by nothing else.
 * A write added to the area without a body here fails the walk below: it must be walked.
 */
const BODIES: Record<string, Record<string, unknown>> = {
  acknowledge: {},
  reply: { text: '您好，我们正在核实。' },
  note: { text: '内部备注' },
  logCall: { calledAt: '2026-11-02T13:00:00+08:00', durationSeconds: 95, direction: 'outbound', summary: '回访会员，告知处理进度' },
  requestInformation: { text: '请补充扣费短信截图' },
  recordMemberContact: { text: '会员来电补充了扣费时间' },
  grade: { grade: 'significant', urgent: false, reason: '金额较大' },
  escalate: { reason: '会员情绪激动' },
  extend: { toDays: 30, reason: '需调取多家医院病历' },
  restartRegulatory: { newMaterialAt: '2026-11-02T05:00:00Z', reason: '会员提交了新的病历' },
  startAppraisal: { reason: '送外部机构鉴定伤残等级' },
  endAppraisal: {},
  resolve: { findings: '经核实，扣费有误，已退还。', basis: '保险合同第五条', remedies: ['申请核查'] },
  close: { reason: '处理完毕，办结' },
  startReview: {},
  merge: { duplicateId: 'c-duplicate-000', duplicateVersion: 1 },
  takeOver: { reason: '原处理人休假，由我接手' },
};
/** Writes that answer to another rule: assign is the supervisor's role check alone (as before). */
const NOT_OWNER_RULED = ['assign'];

describe('case ownership: only the owner and those senior to the owner write to a case', () => {
  let h: H;
  let agent01: Staff, agent02: Staff, super01: Staff, super02: Staff, comp01: Staff;
  let keys = 0;
  const submitted = async () => {
    const res = await dispatch(h.system.functions.complaints.table, h.system.functions.complaints.deps as never, alice, validSubmit(`key-ownership-${String(++keys).padStart(6, '0')}`), silentLogger);
    if (!res.ok) throw new Error('submit failed');
    return (res.data as SubmitComplaintResponse).complaint;
  };
  /** The record, its audit entries and the outbox, to show a refusal changed nothing. */
  const stateOf = async (id: string) => ({
    record: await h.system.complaints.store.get(id),
    audit: (await h.deps.audit.list({ limit: 200, subjectId: id })).length,
    counts: h.counts(),
  });
  /** A case agent01 (王小丽) holds: she acknowledged it. */
  const agent01sCase = async () => {
    const c = await submitted();
    return (await agent01('complaints/acknowledge', { id: c.id, version: 1 })) as StaffComplaintView;
  };

  beforeEach(async () => {
    h = await adminHarness();
    const super01Account = (await h.deps.staff.getById(SUPER_01))!;
    await h.deps.staff.save({ ...super01Account, id: SUPER_02, username: 'super02', displayName: '李主管', version: undefined });
    [agent01, agent02, super01, super02, comp01] = await Promise.all(['agent01', 'agent02', 'super01', 'super02', 'comp01'].map((u) => h.as(u)));
  });
  afterEach(() => h.close());

  it("refuses agent B a reply, a note, a request for information and a decision on agent A's case, naming her, changing nothing and auditing nothing", async () => {
    const c = await agent01sCase();
    const before = await stateOf(c.id);
    for (const [write, body] of Object.entries({ reply: BODIES.reply, note: BODIES.note, requestInformation: BODIES.requestInformation, resolve: BODIES.resolve }))
      await expect(agent02(`complaints/${write}`, { id: c.id, version: c.version, ...body })).rejects.toMatchObject({
        code: 'COMPLAINT.NOT_YOUR_CASE',
        memberMessage: '该案件由王小丽负责，仅负责人及其上级可以处理；如需处理，请由主管分派给您',
      });
    expect(await stateOf(c.id)).toEqual(before);
  });

  it("lets a supervisor reply to, note on and resolve an agent's case; the agent keeps it", async () => {
    const c = await agent01sCase();
    const replied = await super01('complaints/reply', { id: c.id, version: c.version, ...BODIES.reply });
    const noted = await super01('complaints/note', { id: c.id, version: replied.version, ...BODIES.note });
    const resolved = await super01('complaints/resolve', { id: c.id, version: noted.version, ...BODIES.resolve });
    expect(resolved).toMatchObject({ status: 'resolved', ownerId: AGENT_01 });
    expect(await super01('complaints/close', { id: c.id, version: resolved.version, ...BODIES.close })).toMatchObject({ status: 'closed' });
  });

  it('after escalation to a supervisor, the agent who held the case can no longer write to it; the supervisor can', async () => {
    const c = await agent01sCase();
    const escalated = await agent01('complaints/escalate', { id: c.id, version: c.version, ...BODIES.escalate });
    const owner = escalated.ownerId as string;
    expect([SUPER_01, SUPER_02]).toContain(owner);
    const ownerName = owner === SUPER_01 ? '陈主管' : '李主管';
    const before = await stateOf(c.id);
    await expect(agent01('complaints/reply', { id: c.id, version: escalated.version, ...BODIES.reply })).rejects.toMatchObject({
      code: 'COMPLAINT.NOT_YOUR_CASE',
      memberMessage: expect.stringContaining(`该案件由${ownerName}负责`),
    });
    await expect(agent01('complaints/resolve', { id: c.id, version: escalated.version, ...BODIES.resolve })).rejects.toMatchObject({ code: 'COMPLAINT.NOT_YOUR_CASE' });
    expect(await stateOf(c.id)).toEqual(before);
    const sup = owner === SUPER_01 ? super01 : super02;
    expect(await sup('complaints/reply', { id: c.id, version: escalated.version, ...BODIES.reply })).toMatchObject({ status: 'inProgress', ownerId: owner });
  });

  it('walks every complaint write: each one answers to case ownership, so a new write cannot skip it', async () => {
    const writes = Object.keys(staffWrites);
    expect(writes.filter((w) => !(w in BODIES) && !NOT_OWNER_RULED.includes(w))).toEqual([]); // a body for every write
    // super01's case, escalated to him by agent01: agent01 (junior, held it before) and super02 (a peer) are refused.
    const c = await agent01sCase();
    const sup01s = await agent01('complaints/escalate', { id: c.id, version: c.version, ...BODIES.escalate });
    const held = sup01s.ownerId === SUPER_01 ? sup01s : await super01('complaints/assign', { id: c.id, version: sup01s.version, toStaffId: SUPER_01 });
    const before = await stateOf(c.id);
    const walked: string[] = [];
    for (const write of writes.filter((w) => !NOT_OWNER_RULED.includes(w))) {
      const permission = staffWrites[write as keyof typeof staffWrites].permission!;
      const [caller, name] = can('agent', permission) ? [agent01, 'agent01'] : [super02, 'super02'];
      const refused = await codeOf(caller(`complaints/${write}`, { id: c.id, version: held.version, ...BODIES[write] }));
      expect([write, name, refused]).toEqual([write, name, 'COMPLAINT.NOT_YOUR_CASE']);
      walked.push(write);
    }
    expect(walked.length).toBe(writes.length - NOT_OWNER_RULED.length);
    expect(await stateOf(c.id)).toEqual(before);
  });

  it('lets any agent work a case nobody holds; once one of them holds it, the other cannot', async () => {
    const c = await submitted();
    const noted = await agent02('complaints/note', { id: c.id, version: 1, text: '先看一下' });
    expect(noted.ownerId).toBeUndefined(); // a note does not take the case
    const replied = await agent01('complaints/reply', { id: c.id, version: noted.version, ...BODIES.reply });
    expect(replied.ownerId).toBe(AGENT_01);
    expect(await codeOf(agent02('complaints/note', { id: c.id, version: replied.version, ...BODIES.note }))).toBe('COMPLAINT.NOT_YOUR_CASE');
  });

  it('merges a duplicate only when the caller may write to both cases', async () => {
    const primary = await submitted();
    const dup = await submitted();
    const held = await super02('complaints/assign', { id: dup.id, version: 1, toStaffId: SUPER_02 });
    const before = await stateOf(dup.id);
    expect(await codeOf(super01('complaints/merge', { id: primary.id, version: 1, duplicateId: dup.id, duplicateVersion: held.version }))).toBe('COMPLAINT.NOT_YOUR_CASE');
    expect(await stateOf(dup.id)).toEqual(before);
    expect((await h.system.complaints.store.get(primary.id))!.version).toBe(1);
  });

  describe('接手 (take over): explicit, with a reason, in the timeline and the audit log', () => {
    it('lets an agent take a case nobody holds', async () => {
      const c = await submitted();
      const taken = await agent02('complaints/takeOver', { id: c.id, version: 1, reason: '认领待处理案件' });
      expect(taken).toMatchObject({ ownerId: AGENT_02, ownerName: '赵强', mine: true });
      expect(taken.timeline.at(-1)).toMatchObject({ type: 'takenOver', label: '接手', text: '认领待处理案件', visibility: 'internal', actorName: '赵强' });
      const [entry] = await h.deps.audit.list({ limit: 1, subjectId: c.id });
      expect(entry).toMatchObject({ action: 'complaint.takeOver', actorId: AGENT_02, detail: { reason: '认领待处理案件', owner: { from: null, to: AGENT_02 } } });
    });

    it("refuses an agent taking over another agent's case, changing nothing", async () => {
      const c = await agent01sCase();
      const before = await stateOf(c.id);
      await expect(agent02('complaints/takeOver', { id: c.id, version: c.version, ...BODIES.takeOver })).rejects.toMatchObject({
        code: 'COMPLAINT.NOT_YOUR_CASE',
        memberMessage: '该案件由王小丽负责，接手须由其上级办理，或由主管分派',
      });
      expect(await stateOf(c.id)).toEqual(before);
    });

    it("lets a supervisor take over an agent's case, audited from and to; the agent then cannot write", async () => {
      const c = await agent01sCase();
      const taken = await super01('complaints/takeOver', { id: c.id, version: c.version, reason: '会员要求主管处理' });
      expect(taken).toMatchObject({ ownerId: SUPER_01, mine: true });
      expect(taken.timeline.at(-1)).toMatchObject({ type: 'takenOver', text: '会员要求主管处理', actorName: '陈主管' });
      const [entry] = await h.deps.audit.list({ limit: 1, subjectId: c.id });
      expect(entry).toMatchObject({ action: 'complaint.takeOver', actorId: SUPER_01, detail: { reason: '会员要求主管处理', owner: { from: AGENT_01, to: SUPER_01 } } });
      expect(await codeOf(agent01('complaints/note', { id: c.id, version: taken.version, ...BODIES.note }))).toBe('COMPLAINT.NOT_YOUR_CASE');
      // A peer supervisor does not outrank him: a supervisor's assign is the way.
      expect(await codeOf(super02('complaints/takeOver', { id: c.id, version: taken.version, ...BODIES.takeOver }))).toBe('COMPLAINT.NOT_YOUR_CASE');
    });

    it("tells the owner the case is already theirs, and hands a case over by a supervisor's assign", async () => {
      const c = await agent01sCase();
      expect(await codeOf(agent01('complaints/takeOver', { id: c.id, version: c.version, ...BODIES.takeOver }))).toBe('COMPLAINT.ALREADY_OWNER');
      const moved = await super01('complaints/assign', { id: c.id, version: c.version, toStaffId: AGENT_02 });
      const replied = await agent02('complaints/reply', { id: c.id, version: moved.version, ...BODIES.reply });
      expect(replied).toMatchObject({ ownerId: AGENT_02 });
      expect(await codeOf(agent01('complaints/reply', { id: c.id, version: replied.version, ...BODIES.reply }))).toBe('COMPLAINT.NOT_YOUR_CASE');
    });
  });

  it('refuses compliance every write and the take-over (it reads only), and its view says so', async () => {
    const c = await submitted();
    const before = await stateOf(c.id);
    for (const write of Object.keys(staffWrites))
      expect([write, await codeOf(comp01(`complaints/${write}`, { id: c.id, version: 1, ...(BODIES[write] ?? { toStaffId: AGENT_01 }) }))]).toEqual([write, 'AUTH.FORBIDDEN']);
    expect(await stateOf(c.id)).toEqual(before);
    const view: StaffComplaintView = await comp01('complaints/detail', { id: c.id });
    expect(Object.values(view.access)).not.toHaveLength(0);
    for (const a of Object.values(view.access)) expect(a).toEqual({ may: false, blockedReason: '合规岗位仅可查阅案件，不能处理' });
  });

  it('says in the view, per allowed action, whether this staff member may take it and why not', async () => {
    const c = await agent01sCase();
    const theirs: StaffComplaintView = await agent02('complaints/detail', { id: c.id });
    expect(theirs).toMatchObject({ ownerName: '王小丽', mine: false });
    expect(theirs.access.reply).toEqual({ may: false, blockedReason: '该案件由王小丽负责，仅负责人及其上级可以处理；如需处理，请由主管分派给您' });
    expect(theirs.access.takeOver).toEqual({ may: false, blockedReason: '该案件由王小丽负责，接手须由其上级办理，或由主管分派' });
    // The unmask links follow the need-to-know rule the API enforces.
    expect(theirs.personalData).toMatchObject({ may: false, blockedReason: expect.stringContaining('王小丽') });
    expect(Object.keys(theirs.access).sort()).toEqual([...theirs.allowed].sort());
    expect(Object.entries(theirs.access).filter(([, a]) => a.may).map(([action]) => action)).toEqual(['assign']); // the supervisor's role check alone
    const hers: StaffComplaintView = await agent01('complaints/detail', { id: c.id });
    expect(hers).toMatchObject({ mine: true, access: { reply: { may: true }, resolve: { may: true }, takeOver: { may: false, blockedReason: '您已是该案件的负责人' } } });
    const senior: StaffComplaintView = await super01('complaints/detail', { id: c.id });
    expect(senior).toMatchObject({ mine: false, access: { reply: { may: true }, takeOver: { may: true } }, personalData: { may: true } });
    expect(senior.access.close).toBeUndefined(); // only actions the status allows are listed
    const open: StaffComplaintView = await agent02('complaints/detail', { id: (await submitted()).id });
    expect(Object.values(open.access).every((a) => a.may)).toBe(true);
  });
});
