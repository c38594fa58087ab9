import fs from 'node:fs';
import path from 'node:path';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { AUDIT_ACTION_LABELS, actionLabel, auditCsv, csvCell, maskId, viewOf, type AuditEntryView } from '../../core/audit/view';
import { STAFF_AREAS } from '../../server/runtime/admin/areas';
import { DEMO_MEMBERS, seedDemoMembers } from '../../server/local/demoData';
import { adminHarness } from '../support/adminHarness';

/**
 * The audit log as compliance reads it (issue 10): Shanghai time, Chinese action names, staff names,
 * complaint numbers; filters, keyset paging, and a CSV export that is itself audited.
 */
const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const ALICE = DEMO_MEMBERS[0].openid;
const OFFICE = '203.0.113.9';
type H = Awaited<ReturnType<typeof adminHarness>>;
type Page = { entries: AuditEntryView[]; next?: { at: string; id: string } };

describe('audit log view (audit/list, audit/export)', () => {
  let h: H;
  let comp: (route: string, body?: unknown) => Promise<any>;
  let caseNumber: string;
  let otherNumber: string;
  beforeAll(async () => {
    // 2026-11-25 18:45 UTC is 2026-11-26 02:45 in Shanghai: the date filters must use the Shanghai day.
    h = await adminHarness('2026-11-25T18:45:52Z');
    await seedDemoMembers(h.system.members, REGISTER);
    const submit = (key: string) =>
      submitComplaint(h.system.complaints, ALICE, { idempotencyKey: key, category: 'claims', description: '住院理赔材料提交三周仍无结果，电话也打不通。', policyNo: 'P2026000123' });
    const first = await submit('audit-view-key-0001');
    caseNumber = first.complaint.number;
    const agent = await h.as('agent01', OFFICE);
    const detail = await agent('complaints/detail', { id: first.complaint.id });
    await agent('complaints/acknowledge', { id: first.complaint.id, version: detail.version });
    h.clock.set('2026-11-27T03:00:00Z'); // 11:00 on the 27th in Shanghai
    const second = await submit('audit-view-key-0002');
    otherNumber = second.complaint.number;
    const later = await h.as('agent01', OFFICE); // the session of the 26th has expired
    await later('complaints/detail', { id: second.complaint.id });
    await later('complaints/search', { q: otherNumber });
    await h.call('auth/login', { username: 'agent02', password: 'wrong-password' }, undefined, OFFICE).catch(() => undefined);
    comp = await h.as('comp01', OFFICE);
  });
  afterAll(() => h.close());

  it('labels every entry: Shanghai time, Chinese action, staff name and role, complaint number, source', async () => {
    const page: Page = await comp('audit/list', { limit: 200 });
    const ack = page.entries.find((e) => e.action === 'complaint.acknowledge')!;
    expect(ack).toMatchObject({
      atText: '2026-11-26 02:45:52',
      actionLabel: '受理投诉',
      actorName: '王小丽',
      roleLabel: '客服专员',
      subjectLabel: `投诉 ${caseNumber}`,
    });
    expect(ack.subjectLabel).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/);
    const failed = page.entries.find((e) => e.action === 'staff.login.failed')!;
    expect(failed).toMatchObject({ actionLabel: '登录失败', subjectLabel: '员工 赵强（agent02）', source: OFFICE });
    const search = page.entries.find((e) => e.action === 'complaint.search')!;
    expect(search).toMatchObject({ actionLabel: '查询投诉', subjectLabel: '王小丽 的查询', source: OFFICE });
    expect(search.summary).toContain(otherNumber);
    const login = page.entries.find((e) => e.action === 'staff.login' && e.actorId === 'staff-comp-01')!;
    expect(login).toMatchObject({ actorName: '孙合规', roleLabel: '合规/管理员', subjectLabel: '员工 孙合规（comp01）' });
    // Newest first, and no entry with an English code where a label exists.
    expect([...page.entries].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).map((e) => e.at)).toEqual(page.entries.map((e) => e.at));
    for (const e of page.entries) if (AUDIT_ACTION_LABELS[e.action]) expect(e.actionLabel).not.toBe(e.action);
  });

  it('has a label for the actions the product writes; an unknown code shows as itself', () => {
    for (const code of ['complaint.reply', 'complaint.mergedInto', 'privacy.consent.general.given', 'policy.importJob.finish', 'member.unbind.assisted', 'audit.export'])
      expect(actionLabel(code)).toMatch(/[\u4e00-\u9fa5]/);
    expect(actionLabel('something.new')).toBe('something.new');
    expect(maskId('openid-alice-000123')).toBe('open****0123');
  });

  it('names the writes of claims, consultations and benefits in Chinese, their subjects by number, and money in yuan', () => {
    const writes = (area: string, prefix: string, reads: string[]) =>
      Object.keys((STAFF_AREAS as Record<string, object>)[area]).filter((n) => !reads.includes(n)).map((n) => `${prefix}.${n}`);
    const codes = [
      ...writes('claims', 'claim', ['queue', 'search', 'types', 'detail', 'fileUrl']),
      ...writes('consultations', 'consultation', ['queue', 'search', 'detail', 'advisors', 'fileUrl']),
      ...['benefits.create', 'benefits.update', 'benefits.change.schedule', 'benefits.change.cancel', 'benefits.slot.add', 'benefits.slot.capacity', 'benefits.checkIn'],
    ];
    expect(codes.filter((c) => !/[\u4e00-\u9fa5]/.test(actionLabel(c)))).toEqual([]);
    const entry = { id: 'e1', chainId: 'claim:c1', seq: 1, at: '2026-11-26T02:00:00.000Z', actorId: 'staff-claims-01', actorRole: 'claimsHandler', action: 'claim.recordPayment', subjectType: 'claim', subjectId: 'c1', detail: { number: 'LP20261126-0001', amountFen: 123456, paidOn: '2026-11-26', source: '198.51.100.7' }, prevHash: '', hash: '' };
    const v = viewOf(entry as never, new Map());
    expect(v).toMatchObject({ actionLabel: '记录赔款支付', subjectLabel: '理赔 LP20261126-0001', summary: '金额：1234.56元；付款日期：2026-11-26', source: '198.51.100.7' });
  });

  it('filters by action (exact or prefix), actor, complaint number and Shanghai dates', async () => {
    const only = async (body: Record<string, unknown>) => ((await comp('audit/list', { limit: 200, ...body })) as Page).entries;
    expect((await only({ action: 'complaint.acknowledge' })).map((e) => e.action)).toEqual(['complaint.acknowledge']);
    const staffActions = await only({ action: 'staff' });
    expect(staffActions.length).toBeGreaterThan(2);
    expect(staffActions.every((e) => e.action.startsWith('staff.'))).toBe(true);
    expect((await only({ actor: 'agent01' })).every((e) => e.actorId === 'staff-agent-01')).toBe(true);
    expect((await only({ actor: '王小丽' })).length).toBe((await only({ actor: 'staff-agent-01' })).length);
    const ofCase = await only({ complaintNumber: caseNumber });
    expect(ofCase.length).toBeGreaterThan(0);
    expect(ofCase.every((e) => e.subjectLabel === `投诉 ${caseNumber}`)).toBe(true);
    // 02:45 on the 26th in Shanghai is still the 25th in UTC.
    const on26 = await only({ from: '2026-11-26', to: '2026-11-26' });
    expect(on26.map((e) => e.action)).toContain('complaint.acknowledge');
    expect(on26.every((e) => e.atText.startsWith('2026-11-26'))).toBe(true);
    expect(await only({ from: '2026-11-25', to: '2026-11-25' })).toEqual([]);
    expect((await only({ from: '2026-11-27' })).every((e) => e.atText >= '2026-11-27')).toBe(true);
    await expect(comp('audit/list', { from: '2026-02-30' })).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
    await expect(comp('audit/list', { from: '2026-13-01' })).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
  });

  it('pages by keyset: no entry skipped or repeated', async () => {
    const all: Page = await comp('audit/list', { limit: 200 });
    const seen: string[] = [];
    let before: Page['next'];
    for (let i = 0; i < 50; i++) {
      const page: Page = await comp('audit/list', { limit: 3, ...(before ? { before } : {}) });
      seen.push(...page.entries.map((e) => e.id));
      if (!page.next) break;
      before = page.next;
    }
    // Entries written while paging (the sign-in audits) are newer than the first page: not in the walk.
    expect(seen).toEqual(all.entries.map((e) => e.id).slice(0, seen.length));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(all.entries.length);
  });

  it('exports the current filter as CSV with a BOM and the seven columns, and audits the export', async () => {
    const r = await comp('audit/export', { complaintNumber: caseNumber });
    expect(r.fileName).toMatch(/^审计日志-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(r.csv.startsWith('\uFEFF')).toBe(true);
    const lines = r.csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('时间,操作,操作人,角色,对象,详情摘要,来源地址');
    expect(lines.length - 1).toBe(r.rows);
    expect(r.rows).toBeGreaterThan(0);
    expect(r.truncated).toBe(false);
    expect(lines.slice(1).every((l: string) => l.includes(`"投诉 ${caseNumber}"`))).toBe(true);
    expect(r.csv).toContain('"2026-11-26 02:45:52","受理投诉","王小丽","客服专员"');
    const exported: Page = await comp('audit/list', { action: 'audit.export' });
    expect(exported.entries).toHaveLength(1);
    expect(exported.entries[0]).toMatchObject({ actorName: '孙合规', actionLabel: '导出审计日志', source: OFFICE, subjectLabel: '孙合规 的查询' });
    const row = h.system.db.prepare("SELECT detail FROM audit_log WHERE action = 'audit.export'").get() as { detail: string };
    expect(JSON.parse(row.detail)).toMatchObject({ filter: { complaintNumber: caseNumber }, rows: r.rows, truncated: false, source: OFFICE });
  });

  it('keeps a spreadsheet from running a cell as a formula and quotes commas and quotes', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(auditCsv([])).toBe('\uFEFF时间,操作,操作人,角色,对象,详情摘要,来源地址\r\n');
  });

  it('is for compliance only (audit.read)', async () => {
    for (const username of ['agent01', 'super01', 'ho01']) {
      const other = await h.as(username);
      await expect(other('audit/list', {})).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
      await expect(other('audit/export', {})).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    }
    expect(h.system.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.export'").get()).toEqual({ n: 1 });
  });
});
