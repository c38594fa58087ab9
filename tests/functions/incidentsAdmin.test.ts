import { mayCall } from '../../core/staff/actions';
import { ROLE_RANK, type StaffRole } from '../../core/shared/actors';
import { runDeadlineWatches } from '../../core/deadlines/watch';
import fs from 'node:fs';
import path from 'node:path';
import { importPolicies } from '../../core/members/importPolicies';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { STAFF_AREAS } from '../../server/runtime/admin/areas';
import { adminHarness } from '../support/adminHarness';

const ROLES = Object.keys(ROLE_RANK) as StaffRole[];
const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const KEY = 'incident-key-0000000001';
const manual = {
  idempotencyKey: KEY,
  kind: 'misdelivery',
  occurredAt: '2026-11-01T09:30',
  description: '理赔通知短信误发给另一位会员，已联系撤回。',
  affectedMembers: 1,
  severity: 'medium',
};

type H = Awaited<ReturnType<typeof adminHarness>>;
const incidentRows = (h: H) => (h.system.db.prepare('SELECT COUNT(*) n, COALESCE(SUM(version), 0) v FROM incidents').get() as { n: number; v: number });
const auditOf = (h: H, action: string) => h.system.db.prepare('SELECT * FROM audit_log WHERE action = ?').all(action) as { actor_id: string; detail: string; subject_type: string }[];
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code: string }) => e.code);

describe('信息安全事件 in the admin API', () => {
  let h: H;
  beforeEach(async () => {
    h = await adminHarness('2026-11-02T06:00:00Z');
  });
  afterEach(() => h.close());

  it('gives each action to exactly the roles of its permission: compliance, managers and head office read; compliance and head office handle', async () => {
    const who = (name: string) => ROLES.filter((role) => mayCall(role, STAFF_AREAS.incidents[name])).sort();
    for (const name of ['options', 'list', 'quarter', 'detail']) expect(who(name)).toEqual(['compliance', 'headOffice', 'manager']);
    for (const name of ['record', 'note', 'close']) expect(who(name)).toEqual(['compliance', 'headOffice']);
    // And the router applies it: a manager cannot record, an agent cannot read.
    const manager = await h.as('manager01');
    await expect(manager('incidents/record', manual)).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    const agent = await h.as('agent01');
    await expect(agent('incidents/list', { from: '2026-11', to: '2026-11' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    expect(incidentRows(h).n).toBe(0);
  });

  it('records by hand, once per key; notes move it to 处理中; closing needs a conclusion; each step audited, versions checked', async () => {
    const comp = await h.as('comp01');
    const first = await comp('incidents/record', manual);
    expect(first).toMatchObject({ kind: 'misdelivery', kindLabel: '信息误发', status: 'open', created: true, affectedMembers: 1, version: 1 });
    expect(await comp('incidents/record', manual)).toMatchObject({ id: first.id, created: false });
    await expect(comp('incidents/record', { ...manual, affectedMembers: 2 })).rejects.toMatchObject({ code: 'INCIDENT.IDEMPOTENCY_KEY_REUSED' });
    expect(incidentRows(h).n).toBe(1);

    const listed = await comp('incidents/list', { from: '2026-11', to: '2026-11' });
    expect(listed.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
    expect((await comp('incidents/list', { from: '2026-10', to: '2026-10' })).items).toEqual([]);

    const noted = await comp('incidents/note', { id: first.id, version: 1, text: '已电话联系误收会员删除短信。' });
    expect(noted).toMatchObject({ status: 'handling', version: 2, notes: [{ text: '已电话联系误收会员删除短信。', by: { name: expect.any(String) } }] });
    await expect(comp('incidents/note', { id: first.id, version: 1, text: '过期版本的记录' })).rejects.toMatchObject({ code: 'INCIDENT.VERSION_CONFLICT' });
    const ho = await h.as('ho01');
    const closed = await ho('incidents/close', { id: first.id, version: 2, conclusion: '误发原因为模板变量错误，已修复并培训。' });
    expect(closed).toMatchObject({ status: 'closed', statusLabel: '已关闭', conclusion: '误发原因为模板变量错误，已修复并培训。', version: 3 });
    expect(closed.timeline.map((e: { what: string }) => e.what)).toEqual(['recorded', 'note', 'closed']);
    await expect(ho('incidents/note', { id: first.id, version: 3, text: '关闭后再补充' })).rejects.toMatchObject({ code: 'INCIDENT.CLOSED' });
    expect(['incident.record', 'incident.note', 'incident.close'].map((a) => auditOf(h, a).length)).toEqual([1, 1, 1]);
    // Counted in November (its Shanghai month), against a year with none: n/a.
    expect(await comp('incidents/quarter', { quarter: '2026-Q4' })).toEqual({ quarter: '2026-Q4', count: 1, baselineQuarter: '2025-Q4', baselineCount: 0, change: 'n/a', target: -0.2, met: 'n/a' });
  });

  it.each([
    ['a description under 10 visible characters', { ...manual, description: '误发' }, 'REQUEST.INVALID'],
    ['a description with a bidi override', { ...manual, description: '理赔通知短信误发\u202e给另一位会员已撤回' }, 'REQUEST.INVALID'],
    ['a derived kind', { ...manual, kind: 'signInBurst' }, 'REQUEST.INVALID'],
    ['a negative member count', { ...manual, affectedMembers: -1 }, 'REQUEST.INVALID'],
    ['an unknown severity', { ...manual, severity: 'extreme' }, 'REQUEST.INVALID'],
    ['a time in the future', { ...manual, occurredAt: '2026-11-03T09:30' }, 'INCIDENT.IN_FUTURE'],
    ['a time without minutes', { ...manual, occurredAt: '2026-11-01' }, 'REQUEST.INVALID'],
    ['an unknown field', { ...manual, memberId: 'openid-alice' }, 'REQUEST.INVALID'],
  ])('refuses %s with a specific code and changes nothing', async (_what, body, code) => {
    const comp = await h.as('comp01');
    const audit = auditOf(h, 'incident.record').length;
    await expect(comp('incidents/record', body)).rejects.toMatchObject({ code });
    expect(incidentRows(h)).toEqual({ n: 0, v: 0 });
    expect(auditOf(h, 'incident.record')).toHaveLength(audit);
  });

  it('masks a phone or ID number typed into a description, a note or a conclusion, as the ledger does', async () => {
    const comp = await h.as('comp01');
    const made = await comp('incidents/record', { ...manual, idempotencyKey: 'incident-mask-0000000001', description: '会员来电称身份证310101199001011234的保单信息被他人查看，手机13912345678' });
    const seen = JSON.stringify(await comp('incidents/detail', { id: made.incident?.id ?? made.id }));
    expect(seen).not.toContain('310101199001011234');
    expect(seen).not.toContain('13912345678');
  });

  it('refuses bad notes, closes and periods with their codes, and changes nothing', async () => {
    const comp = await h.as('comp01');
    const { id } = await comp('incidents/record', manual);
    const before = incidentRows(h);
    expect(await codeOf(comp('incidents/close', { id, version: 1, conclusion: '太短' }))).toBe('REQUEST.INVALID');
    expect(await codeOf(comp('incidents/note', { id: 'inc-m-doesnotexist', version: 1, text: '补充说明' }))).toBe('INCIDENT.NOT_FOUND');
    expect(await codeOf(comp('incidents/detail', { id: 'not-an-incident' }))).toBe('REQUEST.INVALID');
    expect(await codeOf(comp('incidents/list', { from: '2026-12', to: '2026-11' }))).toBe('INCIDENT.BAD_PERIOD');
    expect(await codeOf(comp('incidents/list', { from: '2026-13', to: '2026-11' }))).toBe('REQUEST.INVALID');
    expect(incidentRows(h)).toEqual(before);
  });

  it('audits a refused action (staff.denied), and a run of them becomes an incident with its masked evidence', async () => {
    const agent = await h.as('agent01', '203.0.113.50');
    for (let i = 0; i < 5; i++) await expect(agent('audit/list', {})).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    const denied = auditOf(h, 'staff.denied');
    expect(denied).toHaveLength(5);
    expect(denied[0].subject_type).toBe('staffActivity');
    expect(JSON.parse(denied[0].detail)).toEqual({ action: 'audit/list', source: '203.0.113.50' });
    // The slaMonitor watches, after the lag.
    h.clock.advance(5 * 60_000);
    await runDeadlineWatches(h.system.deadlineWatches, h.clock.now());
    const manager = await h.as('manager01');
    const { items } = await manager('incidents/list', { from: '2026-11-02', to: '2026-11-02', kind: 'deniedAccess' });
    expect(items).toHaveLength(1);
    const detail = await manager('incidents/detail', { id: items[0].id });
    expect(detail.evidence).toHaveLength(5);
    expect(detail.evidence[0]).toMatchObject({ action: 'staff.denied', source: '203.0.*.*', actorName: expect.any(String) });
    // A second run opens nothing new.
    h.clock.advance(5 * 60_000);
    await runDeadlineWatches(h.system.deadlineWatches, h.clock.now());
    expect((await manager('incidents/list', { from: '2026-11', to: '2026-11' })).items).toHaveLength(1);
  });

  it('audits wrong binding codes (member.bind.failed) with the policy tried; a request that is no guess is not audited', async () => {
    await importPolicies(h.system.members, { id: 'staff-comp-01', role: 'compliance' }, { csv: REGISTER, full: false, validRowsOnly: false, dryRun: false });
    const mallory: Caller = { kind: 'member', openid: 'openid-mallory' };
    const call = (action: string, data?: unknown) => dispatch(h.system.functions.members.table, h.system.functions.members.deps as never, mallory, { action, data }, silentLogger);
    await call('answerPrivacyNotice', { noticeVersion: h.system.privacy.notice.version, agree: true });
    expect(await call('confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: '000000' })).toMatchObject({ ok: false, error: { code: 'BINDING.CODE_NOT_SENT' } });
    expect(auditOf(h, 'member.bind.failed')).toHaveLength(0);
    await call('startBinding', { policyNo: 'P2026000123', phone: '13800138000' });
    const [sms] = h.system.smsSandbox.list(1);
    const right = /验证码为(\d{6})/.exec(sms.text)![1];
    const wrong = right === '000000' ? '111111' : '000000';
    expect(await call('confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: wrong })).toMatchObject({ ok: false, error: { code: 'BINDING.WRONG_CODE' } });
    const [entry] = auditOf(h, 'member.bind.failed');
    expect(entry).toMatchObject({ actor_id: 'openid-mallory', subject_type: 'member' });
    expect(JSON.parse(entry.detail)).toEqual({ reason: 'BINDING.WRONG_CODE', step: 'confirm', policyNo: 'P2026000123' });
  });
});
