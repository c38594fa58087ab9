import { runDeadlineWatches } from '../../core/deadlines/watch';
import { seedDemoLedger } from '../../server/local/demoData';
import { adminHarness } from '../support/adminHarness';

type H = Awaited<ReturnType<typeof adminHarness>>;
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code?: string; message?: string }) => e.code ?? e.message);
const PDF = Buffer.from('%PDF-1.4\n% evidence\n').toString('base64');
let n = 0;
const key = () => `ledger-route-${String(++n).padStart(8, '0')}`;

/** The ledger's admin routes per role (core/staff/permissions.ts ledger.*), on the local system. */
describe('整改台账 admin routes', () => {
  let h: H;
  beforeAll(async () => {
    h = await adminHarness('2026-11-02T02:00:00Z');
  });
  afterAll(() => h.system.db.close());

  it('lets manager, inspector and compliance enter inspections, findings and items; other roles are refused before anything runs', async () => {
    const qa = await h.as('qa01');
    const manager = await h.as('manager01');
    const insp = { kind: 'claims', title: '理赔流程专项检查', period: '2026年10月', scope: '理赔材料通知与时限', inspector: '冯质检' };
    const made = await qa('ledger/createInspection', { idempotencyKey: key(), ...insp });
    expect(made.created).toBe(true);
    await manager('ledger/createFinding', { idempotencyKey: key(), inspectionId: made.inspection.id, description: '补充材料通知未一次性告知' });
    // Compliance manages the ledger too: it runs special inspections and turns early-warning alerts into items.
    for (const u of ['agent01', 'super01', 'ho01', 'claims01', 'advisor01', 'partner01']) {
      const as = await h.as(u);
      expect(await codeOf(as('ledger/createInspection', { idempotencyKey: key(), ...insp }))).toBe('AUTH.FORBIDDEN');
      expect(await codeOf(as('ledger/open', {}))).toBe('AUTH.FORBIDDEN');
    }
    expect((await qa('ledger/inspections')).items).toHaveLength(1);
    // Readers: supervisors, head office and compliance read; agents and partners do not.
    for (const u of ['super01', 'ho01', 'comp01']) expect((await (await h.as(u))('ledger/inspections')).items).toHaveLength(1);
    for (const u of ['agent01', 'partner01']) expect(await codeOf((await h.as(u))('ledger/inspections'))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf((await h.as('partner01'))('ledger/items'))).toBe('AUTH.FORBIDDEN');
  });

  it('runs an item from a complaint link to closure: the owner works it, compliance verifies, the owner may not', async () => {
    const qa = await h.as('qa01');
    const agent = await h.as('agent01');
    const comp = await h.as('comp01');
    const opened = await qa('ledger/open', {
      idempotencyKey: key(),
      title: '回访话术修订',
      description: '投诉根因：回访话术未说明复核途径',
      source: { kind: 'complaintRootCause', ref: 'cmp-00000001' },
      links: [{ area: 'complaints', id: 'cmp-00000001', number: 'TS20261101-0001' }],
      ownerId: 'staff-agent-01',
      deadline: { workingDays: 5 },
    });
    const id = opened.item.id;
    // Found by its number as staff type it (case and the dash do not matter).
    const found = await qa('ledger/search', { number: opened.item.number.toLowerCase().replace('-', '') });
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([id]);
    // The owner sees only their own items, and may work this one.
    const mine = await agent('ledger/items');
    expect(mine.canReadAll).toBe(false);
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const withFile = await agent('ledger/evidence', { id, version: 1, contentBase64: PDF, name: '新话术' });
    const submitted = await agent('ledger/submit', { id, version: withFile.item.version, note: '话术已更新并培训' });
    expect(submitted.item.status).toBe('awaitingVerification');
    expect(await codeOf(agent('ledger/verify', { id, version: submitted.item.version, note: '自己验证' }))).toBe('AUTH.FORBIDDEN');
    const closed = await comp('ledger/verify', { id, version: submitted.item.version, note: '抽查三通回访录音' });
    expect(closed.item.status).toBe('closed');
    // Managers read the item: linked cases by number only, nothing personal.
    const detail = await (await h.as('manager01'))('ledger/item', { id });
    expect(detail.links).toEqual([expect.objectContaining({ number: 'TS20261101-0001', areaLabel: '投诉' })]);
    expect(JSON.stringify(detail)).not.toMatch(/1[3-9]\d{9}/);
    const audits = (h.system.db.prepare("SELECT action FROM audit_log WHERE subject_id = ? ORDER BY rowid").all(id) as { action: string }[]).map((r) => r.action);
    expect(audits).toEqual(expect.arrayContaining(['ledger.item.open', 'ledger.item.evidence', 'ledger.item.submit', 'ledger.item.verify', 'ledger.item.read']));
  });

  it('seeds the demo ledger once, and the one deadline timer escalates its overdue item once', async () => {
    expect(await seedDemoLedger(h.system.admin.ledger!, h.system.complaints)).toBe(true);
    expect(await seedDemoLedger(h.system.admin.ledger!, h.system.complaints)).toBe(false);
    const first = await runDeadlineWatches(h.system.deadlineWatches, h.clock.now());
    const ledger = first.find((r) => r.area === 'ledger')!;
    expect(ledger.error).toBeUndefined();
    expect(ledger.report).toMatchObject({ breaches: 1, extra: { escalated: 1 } });
    const again = await runDeadlineWatches(h.system.deadlineWatches, h.clock.now());
    expect(again.find((r) => r.area === 'ledger')!.report).toMatchObject({ breaches: 0, changed: 0 });
    const overdue = await (await h.as('manager01'))('ledger/items', { overdue: true });
    expect(overdue.items).toEqual([expect.objectContaining({ ownerName: '陈主管', escalatedTo: expect.objectContaining({ name: expect.any(String) }) })]);
  });
});
