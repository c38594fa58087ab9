import { sqliteOutboxStore } from '../../adapters/sqlite/outboxStore';
import { ledgerDeadlineWatch } from '../../core/ledger/deadlineWatch';
import { ledgerNotifications } from '../../core/ledger/notifications';
import { openLedgerItem } from '../../core/ledger/openItem';
import type { OutboxEntry } from '../../core/notifications/outbox';
import { STAFF, key, ledgerWorld, sh, who } from './ledgerSupport';

/**
 * 整改台账 deadlines reach people: the warning and the breach go to the item's owner, the escalation to
 * the supervisor or manager it was escalated to, each once, written with the item's change (SQLite store,
 * injected clock).
 */
const open = (w: ReturnType<typeof ledgerWorld>, ownerId = STAFF.agent.id) =>
  openLedgerItem(w.deps, who(STAFF.qa), {
    idempotencyKey: key(),
    title: '投诉回访不及时',
    description: '九月抽查的投诉中三件结案后未按时回访',
    source: { kind: 'manual', ref: 'manual-1' },
    ownerId,
    deadline: { workingDays: 3 },
  } as any);

const alertsOf = async (w: ReturnType<typeof ledgerWorld>, itemId: string) =>
  (await sqliteOutboxStore(w.db).listForSubject(itemId)).map((e: OutboxEntry) => ({ topic: e.topic, audience: e.audience, ownerId: e.payload.ownerId, title: ledgerNotifications.alertTitle(e.payload) }));

describe('ledger deadline alerts', () => {
  it('tells the owner of the warning and the breach and the supervisor of the escalation, once each however often the timer runs', async () => {
    const w = ledgerWorld('2026-09-29T10:00:00');
    const watch = ledgerDeadlineWatch(w.deps);
    const { item } = await open(w);
    await watch.scan(sh('2026-10-06T12:00:00'), 50);
    expect(await alertsOf(w, item.id)).toEqual([]);
    await watch.scan(sh('2026-10-07T09:00:00'), 50);
    await watch.scan(sh('2026-10-07T09:00:00'), 50);
    await watch.scan(sh('2026-10-07T10:00:00'), 50);
    expect(await alertsOf(w, item.id)).toEqual([{ topic: 'ledger.deadlineWarning', audience: 'staff', ownerId: STAFF.agent.id, title: `整改事项即将到期：${item.number}` }]);
    await watch.scan(sh('2026-10-10T09:00:00'), 50);
    await watch.scan(sh('2026-10-10T09:00:00'), 50);
    await watch.scan(sh('2026-10-12T09:00:00'), 50);
    expect(await alertsOf(w, item.id)).toEqual([
      { topic: 'ledger.deadlineWarning', audience: 'staff', ownerId: STAFF.agent.id, title: `整改事项即将到期：${item.number}` },
      { topic: 'ledger.deadlineBreached', audience: 'staff', ownerId: STAFF.agent.id, title: `整改事项已逾期：${item.number}` },
      { topic: 'ledger.escalated', audience: 'staff', ownerId: STAFF.sup.id, title: `整改事项逾期升级：${item.number}` },
    ]);
    // Never a member's message: no member id, no template.
    const rows = await sqliteOutboxStore(w.db).listForSubject(item.id);
    expect(rows.every((e) => e.memberId === '' && ledgerNotifications.templateFor(e.payload) === undefined)).toBe(true);
    w.close();
  });

  it('tells a manager of the escalation when the owner has no team supervisor', async () => {
    const w = ledgerWorld('2026-09-29T10:00:00');
    const { item } = await open(w, STAFF.agent2.id);
    await ledgerDeadlineWatch(w.deps).scan(sh('2026-10-10T09:00:00'), 50);
    // Found overdue without an earlier warning: one breach alert, not a warning as well.
    expect((await alertsOf(w, item.id)).map((a) => [a.topic, a.ownerId])).toEqual([
      ['ledger.deadlineBreached', STAFF.agent2.id],
      ['ledger.escalated', STAFF.manager.id],
    ]);
    w.close();
  });

  it('sends no escalation alert while the clock guard holds escalations, and one when the escalation is taken', async () => {
    const w = ledgerWorld('2026-09-29T10:00:00');
    const watch = ledgerDeadlineWatch(w.deps);
    const { item } = await open(w);
    await watch.scan(sh('2026-10-10T09:00:00'), 50, { holdEscalations: true });
    await watch.scan(sh('2026-10-10T09:30:00'), 50, { holdEscalations: true });
    expect((await alertsOf(w, item.id)).map((a) => a.topic)).toEqual(['ledger.deadlineBreached']);
    await watch.scan(sh('2026-10-10T10:00:00'), 50);
    await watch.scan(sh('2026-10-11T10:00:00'), 50);
    expect((await alertsOf(w, item.id)).map((a) => [a.topic, a.ownerId])).toEqual([
      ['ledger.deadlineBreached', STAFF.agent.id],
      ['ledger.escalated', STAFF.sup.id],
    ]);
    w.close();
  });

  it('writes the alerts in the item’s transaction: a failed item write leaves no alert, a failed alert write leaves the item as it was', async () => {
    const w = ledgerWorld('2026-09-29T10:00:00');
    const watch = ledgerDeadlineWatch(w.deps);
    const { item } = await open(w);
    w.db.exec("CREATE TRIGGER fail_item BEFORE UPDATE ON ledger_items BEGIN SELECT RAISE(ABORT, 'forced item write failure'); END");
    // Matched by message: better-sqlite3's error class may come from another test file's realm in a shared worker.
    const failure = (p: Promise<unknown>) => p.then(() => 'ran', (e: { message?: string }) => e.message);
    expect(await failure(watch.scan(sh('2026-10-10T09:00:00'), 50))).toBe('forced item write failure');
    expect(await alertsOf(w, item.id)).toEqual([]);
    w.db.exec('DROP TRIGGER fail_item');
    // The other way round: the item is written first, then its alerts; an alert that cannot be stored undoes the item.
    w.db.exec("CREATE TRIGGER fail_alert BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'forced outbox failure'); END");
    expect(await failure(watch.scan(sh('2026-10-10T09:00:00'), 50))).toBe('forced outbox failure');
    const unchanged = (await w.deps.store.getItem(item.id))!;
    expect(unchanged).toMatchObject({ version: item.version });
    expect(unchanged.breachedAt).toBeUndefined();
    w.db.exec('DROP TRIGGER fail_alert');
    // Once writes succeed again, the next run records the breach and its alerts together, once.
    await watch.scan(sh('2026-10-10T09:00:00'), 50);
    expect((await alertsOf(w, item.id)).map((a) => a.topic)).toEqual(['ledger.deadlineBreached', 'ledger.escalated']);
    w.close();
  });
});
