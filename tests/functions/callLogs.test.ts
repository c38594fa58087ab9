import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';
import { claimPolicy, seedClaimant } from '../support/claimFixtures';
import { submit } from '../support/satisfactionSeed';

const alice: Caller = { kind: 'member', openid: 'openid-alice' };
type H = Awaited<ReturnType<typeof adminHarness>>;

const fn = (h: H, name: string, action: string, data: unknown) => {
  const entry = h.system.functions[name];
  return dispatch(entry.table, entry.deps as never, alice, { action, data }, silentLogger).then((r: any) => {
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data;
  });
};
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code?: string }) => e.code);

/**
 * 通话记录 (seed 002 §八): a call logged on a complaint, a consultation and a claim — time, duration,
 * direction, summary, the call system's recording reference — as an internal timeline entry, audited.
 */
describe('calls logged by staff on every handled record', () => {
  let h: H;
  beforeAll(async () => {
    // Wednesday 2026-11-25 10:00 in Shanghai.
    h = await adminHarness('2026-11-25T02:00:00Z');
  });
  afterAll(() => h.close());

  const call = { calledAt: '2026-11-25T09:30:00+08:00', durationSeconds: 200, direction: 'outbound', summary: '回访会员，说明处理进度；会员留的身份证号 110101199003071234 不必记录', recordingRef: 'CC-20261125-0931' };

  it('adds an internal entry to a complaint with the call in words, the ID number masked, and an audit entry', async () => {
    const c = await submit(h, 'openid-call-1', 'service');
    const agent = await h.as('agent01');
    const seen = await agent('complaints/detail', { id: c.id });
    const next = await agent('complaints/logCall', { id: c.id, version: seen.version, ...call });
    const entry = (await h.system.complaints.store.get(c.id))!.timeline.at(-1)!;
    expect(entry).toMatchObject({ type: 'callLogged', visibility: 'internal' });
    expect(entry.text).toMatch(/^去电 2026-11-25 09:30，时长 3分20秒：回访会员/);
    expect(entry.text).toContain('（录音 CC-20261125-0931）');
    expect(entry.text).not.toContain('110101199003071234');
    expect(next.version).toBe(seen.version + 1);
    // The member never reads it.
    const mine = await fn(h, 'complaints', 'detail', { id: c.id }).catch(() => null);
    expect(JSON.stringify(mine ?? {})).not.toContain('回访会员');
    const audit = h.system.db.prepare("SELECT action FROM audit_log WHERE action = 'complaint.logCall'").all();
    expect(audit).toHaveLength(1);
  });

  it('refuses a call in the future, one older than 30 days and bad fields, changing nothing', async () => {
    const c = await submit(h, 'openid-call-2', 'service');
    const agent = await h.as('agent01');
    const v = (await agent('complaints/detail', { id: c.id })).version;
    expect(await codeOf(agent('complaints/logCall', { id: c.id, version: v, ...call, calledAt: '2026-11-25T11:00:00+08:00' }))).toBe('CALL.IN_FUTURE');
    expect(await codeOf(agent('complaints/logCall', { id: c.id, version: v, ...call, calledAt: '2026-10-20T10:00:00+08:00' }))).toBe('CALL.TOO_OLD');
    expect(await codeOf(agent('complaints/logCall', { id: c.id, version: v, ...call, durationSeconds: 0 }))).toBe('REQUEST.INVALID');
    expect(await codeOf(agent('complaints/logCall', { id: c.id, version: v, ...call, calledAt: 'yesterday' }))).toBe('REQUEST.INVALID');
    // A wall time without an offset is Shanghai time: 10:30 on the 25th is half an hour ahead of now (10:00).
    expect(await codeOf(agent('complaints/logCall', { id: c.id, version: v, ...call, calledAt: '2026-11-25T10:30' }))).toBe('CALL.IN_FUTURE');
    expect(await codeOf(agent('complaints/logCall', { id: c.id, version: v, ...call, summary: '好' }))).toBe('REQUEST.INVALID');
    expect((await h.system.complaints.store.get(c.id))!.version).toBe(v);
  });

  it('logs calls on a consultation (customer service or its advisor) and on a claim (the handler), not by other roles', async () => {
    const { consultation } = await fn(h, 'consultations', 'ask', { idempotencyKey: 'call-ask-000000000001', topic: 'enrollment', question: '我想给父母买医疗险，有既往病史能不能投保？' });
    const agent = await h.as('agent01');
    const v = (await agent('consultations/detail', { id: consultation.id })).version;
    const logged = await agent('consultations/logCall', { id: consultation.id, version: v, ...call, direction: 'inbound' });
    expect(logged.timeline.at(-1).text).toMatch(/^来电 2026-11-25 09:30，时长 3分20秒/);
    // An advisor sees only what was handed to them: this one was not.
    const advisor = await h.as('advisor01');
    expect(await codeOf(advisor('consultations/logCall', { id: consultation.id, version: logged.version, ...call }))).toBe('CONSULTATION.NOT_FOUND');

    await seedClaimant(h.system, 'openid-alice', [claimPolicy(h.system, 'P2026000123', 'openid-alice')]);
    const { claim } = await fn(h, 'claims', 'saveDraft', { idempotencyKey: 'call-draft-00000000001', policyNo: 'P2026000123', insuredIndex: 0, claimType: 'hospital', incidentDate: '2026-11-20', place: '上海市第六人民医院', description: '阑尾炎手术住院五天，已出院' });
    const submitted = (await fn(h, 'claims', 'submit', { id: claim.id, idempotencyKey: 'call-submit-0000000001' })).claim;
    const handler = await h.as('claims01');
    const seen = await handler('claims/detail', { id: submitted.id });
    expect(seen.may.logCall).toBe(true);
    const after = await handler('claims/logCall', { id: submitted.id, version: seen.version, ...call });
    expect(after.staffTimeline.at(-1)).toMatchObject({ visibility: 'internal', text: expect.stringMatching(/^去电 .*（录音 CC-20261125-0931）$/) });
    expect(await codeOf(agent('claims/logCall', { id: submitted.id, version: after.version, ...call }))).toBe('AUTH.FORBIDDEN');
  });
});
