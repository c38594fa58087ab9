import type { AuditLog } from '../../core/audit/chain';
import type { EarlyWarningAlert, WeekRun } from '../../core/earlyWarning/model';
import type { EarlyWarningStore } from '../../core/earlyWarning/ports';
import { auditEntries, codeOf } from './contractSupport';

const alert = (id: string, over: Partial<EarlyWarningAlert> = {}): EarlyWarningAlert => ({
  id,
  key: `2026-W47|rise|category|${id}`,
  week: '2026-W47',
  kind: 'rise',
  dim: 'category',
  value: id,
  label: id,
  series: [{ week: '2026-W46', count: 3 }, { week: '2026-W47', count: 20 }],
  test: { method: 'poissonConditional', count: 20, pValue: 1e-6, threshold: 0.001, statement: '…' },
  evidence: { complaints: [{ id: 'c1', number: 'TS20261118-0001', receivedAt: '2026-11-18T02:00:00.000Z', category: 'claims', channel: 'phone', memberMasked: '会员 ****0001' }], total: 1, truncated: false },
  status: 'new',
  version: 1,
  createdAt: '2026-11-23T01:00:00.000Z',
  updatedAt: '2026-11-23T01:00:00.000Z',
  ...over,
});

const run = (week: string, alerts: number): WeekRun => ({ week, ranAt: '2026-11-23T01:00:00.000Z', families: [{ family: 'rise', tested: 12, threshold: 0.05 / 12 }], untested: [], alerts });

/** The EarlyWarningStore contract, on SQLite and on the CloudBase adapter over the strict fake. */
export const earlyWarningStoreContract = (open: () => Promise<{ store: EarlyWarningStore; audit: AuditLog; close(): void | Promise<void> }>) => {
  let s: Awaited<ReturnType<typeof open>>;
  beforeEach(async () => {
    s = await open();
  });
  afterEach(async () => {
    await s.close();
  });

  it('opens a week once: a re-run opens nothing new and leaves handled alerts as they are', async () => {
    expect(await s.store.weekRun('2026-W47')).toBeNull();
    expect(await s.store.openWeek(run('2026-W47', 2), [alert('ew-a'), alert('ew-b')])).toEqual({ opened: 2 });
    expect((await s.store.weekRun('2026-W47'))?.alerts).toBe(2);
    const a = (await s.store.get('ew-a'))!;
    await s.store.update({ alert: { ...a, status: 'dismissed', dismissReason: '节假日后正常回升', version: 2 }, expectedVersion: 1, audit: [] });
    expect(await s.store.openWeek(run('2026-W47', 3), [alert('ew-a'), alert('ew-b'), alert('ew-c')])).toEqual({ opened: 1 });
    expect((await s.store.get('ew-a'))?.status).toBe('dismissed');
    // The first run record stays.
    expect((await s.store.weekRun('2026-W47'))?.alerts).toBe(2);
  });

  it("lists a week's alerts by kind then id, page by page, and runs newest week first", async () => {
    await s.store.openWeek(run('2026-W46', 1), [alert('ew-old', { week: '2026-W46', key: 'w46' })]);
    await s.store.openWeek(run('2026-W47', 4), [
      alert('ew-3', { kind: 'rise', key: 'k3' }),
      alert('ew-1', { kind: 'rise', key: 'k1' }),
      alert('ew-2', { kind: 'cluster', key: 'k2' }),
      alert('ew-4', { kind: 'repeatComplainant', key: 'k4' }),
    ]);
    const p1 = await s.store.listWeek('2026-W47', { limit: 2 });
    expect(p1.items.map((a) => a.id)).toEqual(['ew-2', 'ew-4']);
    const p2 = await s.store.listWeek('2026-W47', { limit: 5, cursor: p1.nextCursor });
    expect(p2.items.map((a) => a.id)).toEqual(['ew-1', 'ew-3']);
    expect(p2.nextCursor).toBeUndefined();
    expect((await s.store.recentRuns(5)).map((r) => r.week)).toEqual(['2026-W47', '2026-W46']);
    expect(await s.store.get('ew-missing')).toBeNull();
    expect(p1.items[0].evidence.complaints[0].number).toBe('TS20261118-0001');
  });

  it('refuses a stale version with EARLY_WARNING.VERSION_CONFLICT, writes the audit entry with the change', async () => {
    await s.store.openWeek(run('2026-W47', 1), [alert('ew-a')]);
    const a = (await s.store.get('ew-a'))!;
    const audit = [{ actorId: 'st-manager', actorRole: 'manager', action: 'earlyWarning.view', subjectType: 'earlyWarning', subjectId: 'ew-a' }];
    await s.store.update({ alert: { ...a, status: 'viewed', version: 2, updatedAt: '2026-11-23T02:00:00.000Z' }, expectedVersion: 1, audit });
    const err = await s.store.update({ alert: { ...a, status: 'dismissed', version: 2 }, expectedVersion: 1, audit }).catch((e) => e);
    expect(codeOf(err)).toBe('EARLY_WARNING.VERSION_CONFLICT');
    expect((await s.store.get('ew-a'))?.status).toBe('viewed');
    expect((await auditEntries(s.audit)).filter((e) => e.subjectId === 'ew-a').map((e) => e.action)).toEqual(['earlyWarning.view']);
  });
};
