import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkpointAudit } from '../../core/audit/checkpoint';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { sha256 } from '../../adapters/hash';
import { DEMO_MEMBERS, seedDemoMembers } from '../../server/local/demoData';
import { adminHarness } from '../support/adminHarness';

const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const ALICE = DEMO_MEMBERS[0].openid;
const OFFICE = '203.0.113.7';
type H = Awaited<ReturnType<typeof adminHarness>>;

type Row = { chain_id: string; action: string; actor_id: string; subject_type: string; subject_id: string; detail: string | null };
const entries = (h: H, action: string) =>
  (h.system.db.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY rowid').all(action) as Row[]).map((r) => ({
    chainId: r.chain_id,
    actorId: r.actor_id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: r.detail ? JSON.parse(r.detail) : undefined,
  }));
const wholeLog = (h: H) => JSON.stringify(h.system.db.prepare('SELECT * FROM audit_log').all());

describe('audited reads (searches and case reads, each with the source address)', () => {
  let h: H;
  let caseId: string;
  let caseNumber: string;
  beforeAll(async () => {
    h = await adminHarness('2026-11-25T02:00:00Z');
    await seedDemoMembers(h.system.members, REGISTER);
    const res = await submitComplaint(h.system.complaints, ALICE, {
      idempotencyKey: 'audit-reads-key-0001',
      category: 'claims',
      description: '住院理赔材料提交三周仍无结果，电话也打不通。',
      policyNo: 'P2026000123',
    });
    caseId = res.complaint.id;
    caseNumber = res.complaint.number;
  });
  afterAll(() => h.close());

  it('records complaint searches on the searcher’s own chain, by kind, the query masked', async () => {
    const agent = await h.as('agent01', OFFICE);
    await agent('complaints/search', { q: caseNumber });
    await agent('complaints/search', { q: '13800138000' });
    await agent('complaints/search', { q: '110105198001011230' });
    const found = entries(h, 'complaint.search');
    expect(found).toEqual([
      { chainId: 'staffActivity:staff-agent-01', actorId: 'staff-agent-01', subjectType: 'staffActivity', subjectId: 'staff-agent-01', detail: { kind: 'number', query: caseNumber, results: 1, source: OFFICE } },
      expect.objectContaining({ subjectId: 'staff-agent-01', detail: { kind: 'phone', query: '138****8000', results: expect.any(Number), source: OFFICE } }),
      expect.objectContaining({ subjectId: 'staff-agent-01', detail: expect.objectContaining({ kind: 'policyNo', results: 0, source: OFFICE }) }),
    ]);
    expect(found[2].detail.query).not.toContain('198001011230');
    expect(wholeLog(h)).not.toContain('13800138000');
    expect(wholeLog(h)).not.toContain('110105198001011230');
  });

  it('records member searches the same way: a phone or a name never in clear', async () => {
    const agent = await h.as('agent01', OFFICE);
    await agent('members/search', { by: 'phone', q: '13800138000' });
    await agent('members/search', { by: 'name', q: '张晓敏' });
    await agent('members/search', { by: 'policyNo', q: 'P2026' });
    expect(entries(h, 'member.search').map((e) => [e.chainId, e.detail])).toEqual([
      ['staffActivity:staff-agent-01', { kind: 'phone', query: '138****8000', results: 2, source: OFFICE }],
      ['staffActivity:staff-agent-01', { kind: 'name', query: '张*敏', results: expect.any(Number), source: OFFICE }],
      ['staffActivity:staff-agent-01', { kind: 'policyNo', query: 'P2026', results: expect.any(Number), source: OFFICE }],
    ]);
    expect(wholeLog(h)).not.toContain('张晓敏');
  });

  it('records each case read on the case’s own chain, and each member page on the member’s', async () => {
    const agent = await h.as('agent01', OFFICE);
    await agent('complaints/detail', { id: caseId });
    expect(entries(h, 'complaint.read')).toEqual([
      { chainId: `complaint:${caseId}`, actorId: 'staff-agent-01', subjectType: 'complaint', subjectId: caseId, detail: { number: caseNumber, source: OFFICE } },
    ]);
    await agent('members/page', { memberId: ALICE });
    await agent('members/page', { policyNo: 'p2026000123' });
    expect(entries(h, 'member.read')).toEqual([
      expect.objectContaining({ subjectType: 'member', subjectId: ALICE, detail: { memberId: ALICE, kind: 'bound', source: OFFICE } }),
      expect.objectContaining({ subjectType: 'member', subjectId: ALICE, detail: { policyNo: 'P2026000123', kind: 'bound', source: OFFICE } }),
    ]);
    // A read that fails (no such case) writes nothing; without an address the entry says so.
    await expect(agent('complaints/detail', { id: 'no-such-case' })).rejects.toMatchObject({ code: expect.any(String) });
    const cookie = await h.signIn('agent01');
    await h.call('complaints/detail', { id: caseId }, cookie);
    expect(entries(h, 'complaint.read').map((e) => e.detail.source)).toEqual([OFFICE, 'unknown']);
  });

  it('anchors checkpoints in the data folder, and audit/verify checks them and refuses a forged one', async () => {
    const anchors = h.system.admin.auditAnchors!;
    const run = await checkpointAudit(h.system.admin.audit, { now: new Date(h.clock.now().getTime() + 10 * 60_000), hash: sha256, anchor: { sign: anchors.sign, sink: anchors.sink! } });
    expect(run).toMatchObject({ written: expect.any(Number), anchor: { seq: run.last!.seq, hash: run.last!.hash } });
    const file = path.join(h.dataDir, 'audit-anchors.log');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(h.dataDir, 'audit-anchor.key')).mode & 0o777).toBe(0o600);
    const compliance = await h.as('comp01', OFFICE);
    expect(await compliance('audit/verify')).toMatchObject({ ok: true, anchors: 1, notAnchored: 0 });

    // A forged anchor in the file (or pasted from elsewhere) is refused, not trusted.
    fs.appendFileSync(file, `${JSON.stringify({ ...run.anchor, hash: 'f'.repeat(64) })}\n`);
    const verdict = await compliance('audit/verify', { anchors: [{ seq: 99, hash: 'a'.repeat(64), at: run.anchor!.at, sig: 'b'.repeat(64) }] });
    expect(verdict).toMatchObject({ ok: false, anchors: 1 });
    expect(verdict.problems).toEqual([
      { chainId: 'anchors', seq: 99, reason: 'anchor signature is not valid: anchor refused' },
      { chainId: 'anchors', seq: run.anchor!.seq, reason: 'anchor signature is not valid: anchor refused' },
    ]);
  });
});

describe('audit anchors outside the data folder (AUDIT_ANCHOR_FILE)', () => {
  it('writes the anchors to the file named, which audit/verify then reads; nothing lands beside the database', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'anchors-'));
    const file = path.join(elsewhere, 'anchors.log');
    process.env.AUDIT_ANCHOR_FILE = file;
    try {
      const h = await adminHarness('2026-11-25T02:00:00Z');
      await (await h.as('comp01', OFFICE))('audit/list', {});
      const anchors = h.system.admin.auditAnchors!;
      const run = await checkpointAudit(h.system.admin.audit, { now: new Date(h.clock.now().getTime() + 10 * 60_000), hash: sha256, anchor: { sign: anchors.sign, sink: anchors.sink! } });
      expect(run.anchor).toMatchObject({ seq: run.last!.seq });
      expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
      expect(fs.existsSync(path.join(h.dataDir, 'audit-anchors.log'))).toBe(false);
      expect(await (await h.as('comp01', OFFICE))('audit/verify')).toMatchObject({ ok: true, anchors: 1 });
      // Long after, still covered; then the file moved away (outside test: this verified clean) is a finding.
      h.clock.advance(30 * 60_000);
      expect(await (await h.as('comp01', OFFICE))('audit/verify')).toMatchObject({ ok: true, anchors: 1, notAnchored: 0 });
      fs.renameSync(file, `${file}.moved`);
      const verdict = await (await h.as('comp01', OFFICE))('audit/verify');
      expect(verdict).toMatchObject({ ok: false, anchors: 0 });
      expect(verdict.problems).toEqual([
        { chainId: 'anchors', seq: 1, reason: expect.stringMatching(/^checkpoints 1–\d+ are older than 15 minutes and no anchor covers them/) },
      ]);
    } finally {
      delete process.env.AUDIT_ANCHOR_FILE;
    }
  });
});
