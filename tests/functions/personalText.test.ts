/**
 * Personal numbers a member types into free text (issue 9 item 6): stored masked with the original
 * sealed, masked for every staff list and view, shown to staff only through the audited unmask,
 * in full to the member who wrote it (detail, list, export), never to another member.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importPolicies } from '../../core/members/importPolicies';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';

const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const alice: Caller = { kind: 'member', openid: 'openid-alice' };
const bob: Caller = { kind: 'member', openid: 'openid-bob' };
type H = Awaited<ReturnType<typeof adminHarness>>;

// The example; its ID differs from a valid one only in the check digit, and is masked all the same.
const WRITTEN = '我的电话13800138000，身份证110105199001011230';
const MASKED = '我的电话138****8000，身份证110105********1230';
const CARD = '6228480012345671';

const ok = async (p: Promise<any>) => {
  const res = await p;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code: string }) => e.code);
const lastCode = (h: H) => /为(\d{6})/.exec(h.system.smsSandbox.list(1)[0]?.text ?? '')?.[1];
const rawTables = (h: H) =>
  JSON.stringify(['complaints', 'outbox', 'audit_log', 'idempotency_keys'].map((t) => h.system.db.prepare(`SELECT * FROM ${t}`).all()));

describe('personal numbers in complaint texts', () => {
  let h: H;
  let id: string;
  /** A mini-program call to a cloud function's handler, as the gateway makes it. */
  const fn = (name: string, who: Caller, action: string, data?: unknown) => {
    const entry = h.system.functions[name];
    return dispatch(entry.table, entry.deps as never, who, data === undefined ? { action } : { action, data }, silentLogger) as Promise<any>;
  };
  const complaints = (who: Caller, action: string, data?: unknown) => ok(fn('complaints', who, action, data));
  const members = (who: Caller, action: string, data?: unknown) => ok(fn('members', who, action, data));

  beforeAll(async () => {
    h = await adminHarness('2026-11-25T02:00:00Z');
    await importPolicies(h.system.members, { id: 'ops', role: 'compliance' }, { csv: REGISTER, full: false, validRowsOnly: false, dryRun: false });
    const out = await complaints(alice, 'submit', { idempotencyKey: 'pii-text-key-000001', category: 'claims', description: WRITTEN, policyNo: 'P2026000123' });
    id = out.complaint.id;
    // What she sees at once is what she wrote.
    expect(out.complaint.description).toBe(WRITTEN);
  });
  afterAll(() => h.close());

  it('stores the text masked, the original only sealed', () => {
    const raw = rawTables(h);
    expect(raw).not.toContain('13800138000');
    expect(raw).not.toContain('110105199001011230');
    expect(raw).toContain(MASKED);
    const doc = JSON.parse((h.system.db.prepare('SELECT doc FROM complaints WHERE id = ?').get(id) as { doc: string }).doc);
    expect(doc.description).toBe(MASKED);
    expect(Object.keys(doc.sealedTexts)).toEqual(['description']);
  });

  it('shows staff the masked text in the queue, the search and the detail', async () => {
    const agent = await h.as('agent01');
    const queue = await agent('complaints/queue', {});
    const row = queue.items.find((i: { id: string }) => i.id === id);
    expect(row.summary).toBe(MASKED);
    expect(JSON.stringify(queue)).not.toContain('13800138000');
    const detail = await agent('complaints/detail', { id });
    expect(detail).toMatchObject({ description: MASKED, hasMaskedText: true });
    expect(JSON.stringify(detail)).not.toMatch(/13800138000|110105199001011230/);
    // Search is unchanged: by number as before; a phone finds the cases logged with it (blind index), none here.
    expect((await agent('complaints/search', { q: detail.number })).items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await agent('complaints/search', { q: '13800138000' })).items).toEqual([]);
  });

  it('shows staff the original only with a reason, audited before it leaves, and only on a case they may work', async () => {
    const agent = await h.as('agent01');
    expect(await codeOf(agent('complaints/unmaskText', { id }))).toBe('REQUEST.INVALID');
    expect(await agent('complaints/unmaskText', { id, reason: '核实会员身份后回电' })).toEqual({ texts: { description: WRITTEN } });
    const entries = h.system.db.prepare("SELECT actor_id, detail FROM audit_log WHERE action = 'complaint.unmaskText'").all() as { actor_id: string; detail: string }[];
    expect(entries).toHaveLength(1);
    expect(entries[0].actor_id).toBe('staff-agent-01');
    expect(JSON.parse(entries[0].detail)).toMatchObject({ keys: ['description'], fields: ['投诉内容'], reason: '核实会员身份后回电' });
    expect(entries[0].detail).not.toContain('13800138000');

    // agent01 takes the case: another agent may no longer open it; a supervisor may.
    const detail = await agent('complaints/detail', { id });
    await agent('complaints/acknowledge', { id, version: detail.version });
    const other = await h.as('agent02');
    expect(await codeOf(other('complaints/unmaskText', { id, reason: '想看看这位会员' }))).toBe('COMPLAINT.NOT_YOUR_CASE');
    const supervisor = await h.as('super01');
    expect((await supervisor('complaints/unmaskText', { id, reason: '主管复核回访记录' })).texts.description).toBe(WRITTEN);
    // Compliance has no viewPersonalData permission.
    const compliance = await h.as('comp01');
    expect(await codeOf(compliance('complaints/unmaskText', { id, reason: '合规抽查案件' }))).not.toBe('ran');
  });

  it('masks what the member adds and what staff write, for staff and in the audit trail', async () => {
    await complaints(alice, 'addInformation', { id, text: `退款请打到银行卡${CARD}` });
    const agent = await h.as('agent01');
    let detail = await agent('complaints/detail', { id });
    detail = await agent('complaints/reply', { id, version: detail.version, text: '已登记，我们将致电13800138000核实' });
    const texts = detail.timeline.map((t: { text?: string }) => t.text).filter(Boolean);
    expect(texts).toEqual(expect.arrayContaining(['退款请打到银行卡6228 **** **** 5671', '已登记，我们将致电138****8000核实']));
    expect(rawTables(h)).not.toMatch(new RegExp(`13800138000|${CARD}`));
    const reply = h.system.db.prepare("SELECT detail FROM audit_log WHERE action = 'complaint.reply'").get() as { detail: string };
    expect(JSON.parse(reply.detail).text).toBe('已登记，我们将致电138****8000核实');
    const { texts: originals } = await agent('complaints/unmaskText', { id, reason: '核对退款账户' });
    expect(Object.values(originals)).toEqual(expect.arrayContaining([WRITTEN, `退款请打到银行卡${CARD}`, '已登记，我们将致电13800138000核实']));
  });

  it('shows the member their own texts in full, in the detail and the list', async () => {
    const mine = await complaints(alice, 'detail', { id });
    expect(mine.description).toBe(WRITTEN);
    const texts = mine.timeline.map((t: { text?: string }) => t.text);
    expect(texts).toEqual(expect.arrayContaining([`退款请打到银行卡${CARD}`, '已登记，我们将致电13800138000核实']));
    const list = await complaints(alice, 'listMine', {});
    expect(list.items.find((i: { id: string }) => i.id === id).summary).toBe(WRITTEN);
  });

  it('never shows another member the case', async () => {
    expect(await fn('complaints', bob, 'detail', { id })).toMatchObject({ ok: false, error: { code: 'COMPLAINT.NOT_FOUND' } });
    const list = await complaints(bob, 'listMine', {});
    expect(JSON.stringify(list)).not.toMatch(/13800138000|138\*\*\*\*8000|110105/);
    expect(JSON.stringify(await members(bob, 'myData'))).not.toMatch(/13800138000|110105199001011230/);
  });

  it('gives the member their full texts in 我的数据 and the export', async () => {
    const data = await members(alice, 'myData');
    expect(data.complaints[0].description).toBe(WRITTEN);
    await members(alice, 'answerPrivacyNotice', { noticeVersion: h.system.privacy.notice.version, agree: true });
    await members(alice, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' });
    await members(alice, 'confirmBinding', { policyNo: 'P2026000123', phone: '13800138000', code: lastCode(h) });
    h.clock.advance(61_000);
    await members(alice, 'startExportVerification');
    const exported = await members(alice, 'exportMyData', { code: lastCode(h) });
    const c = exported.data.complaints.find((x: { description: string }) => x.description === WRITTEN);
    expect(c).toBeDefined();
    expect(c.timeline.map((t: { text?: string }) => t.text)).toEqual(expect.arrayContaining([`退款请打到银行卡${CARD}`, '已登记，我们将致电13800138000核实']));
  });
});
