import { sqliteComplaintDrill } from '../../adapters/sqlite/complaintDrill';
import { sha256 } from '../../adapters/hash';
import { seedDemoData, seedDemoEarlyWarning } from '../../server/local/demoData';
import { adminHarness } from '../support/adminHarness';

type H = Awaited<ReturnType<typeof adminHarness>>;
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code?: string; message?: string }) => e.code ?? e.message);
let n = 0;
const key = () => `ew-route-key-${String(++n).padStart(8, '0')}`;

/** 风险预警's admin routes per role (earlyWarning.read / earlyWarning.handle), bad input, and the status flow with its audit. */
describe('风险预警 admin routes', () => {
  let h: H;
  let alertId: string;
  beforeAll(async () => {
    h = await adminHarness('2026-11-25T02:00:00Z');
    await seedDemoData(h.system.complaints);
    await seedDemoEarlyWarning(h.system.complaints, h.system.admin.earlyWarning!.alerts, sqliteComplaintDrill(h.system.db), sha256);
    const list = await (await h.as('manager01'))('earlyWarning/list', { week: '2026-W47' });
    alertId = list.items[0].id;
  });
  afterAll(() => h.system.db.close());

  it('lets manager, compliance, head office and supervisors read; other roles are refused before anything runs', async () => {
    for (const u of ['manager01', 'comp01', 'ho01', 'super01']) {
      const call = await h.as(u);
      expect((await call('earlyWarning/weeks')).items.map((r: { week: string }) => r.week)).toEqual(['2026-W47']);
    }
    for (const u of ['agent01', 'qa01', 'claims01', 'benefits01', 'advisor01', 'staffadm01', 'partner01']) {
      const call = await h.as(u);
      expect(await codeOf(call('earlyWarning/weeks'))).toBe('AUTH.FORBIDDEN');
      expect(await codeOf(call('earlyWarning/dismiss', { id: alertId, version: 1, reason: '节假日后正常回升' }))).toBe('AUTH.FORBIDDEN');
    }
    const ho = await h.as('ho01');
    expect(await codeOf(ho('earlyWarning/dismiss', { id: alertId, version: 1, reason: '节假日后正常回升' }))).toBe('AUTH.FORBIDDEN');
    // A reader's look changes nothing; the handler's first look marks it 已查看, audited.
    expect((await ho('earlyWarning/detail', { id: alertId })).status).toBe('new');
  });

  it('refuses bad input with specific codes and changes nothing', async () => {
    const m = await h.as('manager01');
    expect(await codeOf(m('earlyWarning/list', { week: '2026-47' }))).toBe('REQUEST.INVALID');
    expect(await codeOf(m('earlyWarning/list', { week: '2026-W54' }))).toBe('REQUEST.INVALID');
    expect(await codeOf(m('earlyWarning/detail', { id: 'ew-nothing-here' }))).toBe('EARLY_WARNING.NOT_FOUND');
    expect(await codeOf(m('earlyWarning/dismiss', { id: alertId, version: 1, reason: '短' }))).toBe('REQUEST.INVALID');
    expect(await codeOf(m('earlyWarning/dismiss', { id: alertId, version: 1, reason: '正常\u202e回升原因说明' }))).toBe('REQUEST.INVALID');
    expect(await codeOf(m('earlyWarning/dismiss', { id: alertId, version: 1, reason: '节假日后正常回升', extra: 1 }))).toBe('REQUEST.INVALID');
    expect(await codeOf(m('earlyWarning/toLedger', { id: alertId, version: 1, idempotencyKey: 'short', ownerId: 'staff-manager-01' }))).toBe('REQUEST.INVALID');
    expect((await m('earlyWarning/detail', { id: alertId })).status).toBe('viewed');
  });

  it('refuses a stale version, dismisses with a reason once, and a dismissed alert cannot go to the ledger', async () => {
    const comp = await h.as('comp01');
    const a = await comp('earlyWarning/detail', { id: alertId });
    expect(await codeOf(comp('earlyWarning/dismiss', { id: alertId, version: a.version - 1, reason: '节假日后正常回升' }))).toBe('EARLY_WARNING.VERSION_CONFLICT');
    const dismissed = await comp('earlyWarning/dismiss', { id: alertId, version: a.version, reason: '扣费程序故障已修复，属一次性事件' });
    expect(dismissed).toMatchObject({ status: 'dismissed', dismissReason: '扣费程序故障已修复，属一次性事件' });
    expect(await codeOf(comp('earlyWarning/dismiss', { id: alertId, version: dismissed.version, reason: '再次排除试试看' }))).toBe('EARLY_WARNING.ALREADY_HANDLED');
    const m = await h.as('manager01');
    const owners = await m('ledger/owners');
    expect(await codeOf(m('earlyWarning/toLedger', { id: alertId, version: dismissed.version, idempotencyKey: key(), ownerId: owners.items[0].id }))).toBe('EARLY_WARNING.ALREADY_HANDLED');
    const audit = h.system.db.prepare("SELECT action, detail FROM audit_log WHERE action LIKE 'earlyWarning.%' ORDER BY rowid").all() as { action: string; detail: string }[];
    expect(audit.map((r) => r.action)).toEqual(['earlyWarning.view', 'earlyWarning.dismiss']);
    expect(audit[1].detail).toContain('扣费程序故障已修复');
  });
});

describe('风险预警 on the local timer', () => {
  it('runs once per ISO week from the real rollups: a second tick reads nothing new and opens nothing', async () => {
    const { runRollupConsumer } = await import('../../core/rollups/consumer');
    const h = await adminHarness('2026-11-25T02:00:00Z');
    try {
      await seedDemoData(h.system.complaints);
      h.clock.advance(10 * 60_000);
      await runRollupConsumer(h.system.rollupDeps, 10_000);
      const watch = h.system.deadlineWatches.find((w) => w.area === 'earlyWarning')!;
      expect(watch).toBeDefined();
      const first = await watch.scan(h.clock.now(), 100);
      const runs = () => h.system.db.prepare('SELECT week FROM early_warning_runs').all() as { week: string }[];
      expect(runs()).toEqual([{ week: '2026-W47' }]);
      // Five demo complaints have no history behind them: nothing alarms, nothing is opened.
      expect(first.changed).toBe(0);
      expect(await watch.scan(h.clock.now(), 100)).toMatchObject({ examined: 0, changed: 0 });
      h.clock.advance(7 * 86_400_000);
      await watch.scan(h.clock.now(), 100);
      expect(runs().map((r) => r.week).sort()).toEqual(['2026-W47', '2026-W48']);
    } finally {
      h.system.db.close();
    }
  });
});
