import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { cloudbaseEarlyWarningStore } from '../../adapters/cloudbase/earlyWarningStore';
import { cloudbaseLedgerStore } from '../../adapters/cloudbase/ledgerStore';
import { cloudbaseOutboxStore } from '../../adapters/cloudbase/outboxStore';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteEarlyWarningStore } from '../../adapters/sqlite/earlyWarningStore';
import { sqliteLedgerStore } from '../../adapters/sqlite/ledgerStore';
import { sqliteOutboxStore } from '../../adapters/sqlite/outboxStore';
import type { EarlyWarningAlert, WeekRun } from '../../core/earlyWarning/model';
import type { EarlyWarningStore } from '../../core/earlyWarning/ports';
import type { LedgerStore } from '../../core/ledger/ports';
import type { OutboxStore } from '../../core/notifications/ports';
import { outboxFromEvents, type OutboxEntry } from '../../core/notifications/outbox';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { codeOf } from './contractSupport';
import { ledgerItem } from './ledgerStore.contract';

const AT = '2026-10-18T01:00:00.000Z';
let n = 0;
const staffAlert = (subjectId: string, type: string, ownerId: string): OutboxEntry[] =>
  outboxFromEvents([{ area: 'ledger', type, audience: 'staff', subject: { id: subjectId, number: 'N-1' }, memberId: '', at: AT, ownerId, summary: '…' }], () => `ob-${++n}`, new Date(AT));

const ewAlert = (id: string): EarlyWarningAlert => ({
  id,
  key: `2026-W47|rise|category|${id}`,
  week: '2026-W47',
  kind: 'rise',
  dim: 'category',
  value: id,
  label: id,
  series: [{ week: '2026-W47', count: 20 }],
  test: { method: 'poissonConditional', count: 20, pValue: 1e-6, threshold: 0.001, statement: '…' },
  evidence: { complaints: [], total: 0, truncated: false },
  status: 'new',
  version: 1,
  createdAt: AT,
  updatedAt: AT,
});
const run: WeekRun = { week: '2026-W47', ranAt: AT, families: [], untested: [], alerts: 2 };

/** Staff alerts are written in the transaction of the record change that owes them, on both stores. */
const contract = (open: () => { ledger: LedgerStore; earlyWarning: EarlyWarningStore; outbox: OutboxStore }) => {
  it('writes a ledger item and its alerts together, and neither when the version check fails', async () => {
    const s = open();
    const item = ledgerItem('item-0001');
    await s.ledger.createItem({ item, keyHash: 'k1', requestHash: 'r1', audit: [] });
    const stale = s.ledger.updateItem({ item: { ...item, warnedAt: AT, version: 3 }, expectedVersion: 2, outbox: staffAlert(item.id, 'deadlineWarning', 'staff-a') }).catch((e) => e);
    expect(codeOf(await stale)).toBe('LEDGER.VERSION_CONFLICT');
    expect(await s.outbox.listForSubject(item.id)).toEqual([]);
    await s.ledger.updateItem({ item: { ...item, warnedAt: AT, version: 2 }, expectedVersion: 1, outbox: staffAlert(item.id, 'deadlineWarning', 'staff-a') });
    expect((await s.outbox.listForSubject(item.id)).map((e) => [e.topic, e.audience, e.payload.ownerId, e.status])).toEqual([['ledger.deadlineWarning', 'staff', 'staff-a', 'pending']]);
    expect((await s.ledger.getItem(item.id))!.warnedAt).toBe(AT);
  });

  it('writes an early-warning alert’s staff alerts only when that alert is opened, not on a re-run', async () => {
    const s = open();
    const owed = () => new Map([['ew-a', staffAlert('ew-a', 'alertOpened', 'staff-m')], ['ew-b', staffAlert('ew-b', 'alertOpened', 'staff-m')]]);
    expect(await s.earlyWarning.openWeek(run, [ewAlert('ew-a')], owed())).toEqual({ opened: 1 });
    expect(await s.earlyWarning.openWeek(run, [ewAlert('ew-a'), ewAlert('ew-b')], owed())).toEqual({ opened: 1 });
    expect(await s.outbox.listForSubject('ew-a')).toHaveLength(1);
    expect(await s.outbox.listForSubject('ew-b')).toHaveLength(1);
  });
};

describe('staff alerts with their record on SQLite', () => {
  contract(() => {
    const db = openDatabase(':memory:');
    return { ledger: sqliteLedgerStore(db), earlyWarning: sqliteEarlyWarningStore(db), outbox: sqliteOutboxStore(db) };
  });
});

describe('staff alerts with their record on the CloudBase adapter over the strict fake', () => {
  contract(() => {
    const db = new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS });
    return { ledger: cloudbaseLedgerStore(db), earlyWarning: cloudbaseEarlyWarningStore(db), outbox: cloudbaseOutboxStore(db) };
  });
});
