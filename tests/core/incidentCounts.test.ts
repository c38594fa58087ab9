import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteIncidentStore } from '../../adapters/sqlite/incidentStore';
import { incidentCounts, periodInstants } from '../../core/incidents/counts';
import { incident } from '../adapters/incidentStore.contract';

/** The figures the dashboard and the quarterly report read: by the Shanghai month an incident occurred. */
describe('incident counts', () => {
  const setup = async (months: Record<string, number>) => {
    const store = sqliteIncidentStore(openDatabase(':memory:'));
    let n = 0;
    for (const [month, count] of Object.entries(months))
      for (let i = 0; i < count; i++) await store.create(incident(`inc-${n++}`, { occurredMonth: month, occurredAt: `${month}-10T00:00:00.000Z`, kind: i % 2 ? 'dataLeak' : 'signInBurst' }), []);
    return incidentCounts(store);
  };

  it('compares a quarter with the same quarter a year earlier against −20%', async () => {
    const c = await setup({ '2025-10': 2, '2025-12': 3, '2026-11': 4, '2027-01': 9 });
    expect(await c.quarterComparison('2026-Q4')).toEqual({ quarter: '2026-Q4', count: 4, baselineQuarter: '2025-Q4', baselineCount: 5, change: -0.2, target: -0.2, met: true });
    const worse = await setup({ '2025-10': 5, '2026-10': 5 });
    expect(await worse.quarterComparison('2026-Q4')).toMatchObject({ change: 0, met: false });
    // No incidents a year earlier: nothing to compare with.
    expect(await c.quarterComparison('2027-Q1')).toMatchObject({ count: 9, baselineCount: 0, change: 'n/a', met: 'n/a' });
  });

  it('counts by kind (every kind, zeros too) and by month', async () => {
    const c = await setup({ '2026-10': 3, '2026-11': 1 });
    const byKind = await c.countsByKind(['2026-10', '2026-11']);
    expect(byKind.find((k) => k.kind === 'signInBurst')).toEqual({ kind: 'signInBurst', label: '登录失败激增', count: 3 });
    expect(byKind.find((k) => k.kind === 'dataLeak')).toEqual({ kind: 'dataLeak', label: '个人信息泄露', count: 1 });
    expect(byKind.find((k) => k.kind === 'auditChainBreak')?.count).toBe(0);
    expect(await c.countsByMonth(['2026-09', '2026-10', '2026-11'])).toEqual([
      { month: '2026-09', count: 0 },
      { month: '2026-10', count: 3 },
      { month: '2026-11', count: 1 },
    ]);
  });

  it('reads a period in Shanghai days or months, inclusive, and refuses one that ends before it starts', () => {
    expect(periodInstants('2026-10', '2026-10')).toEqual({ fromAt: '2026-09-30T16:00:00.000Z', toAt: '2026-10-31T16:00:00.000Z' });
    expect(periodInstants('2026-10-05', '2026-10-05')).toEqual({ fromAt: '2026-10-04T16:00:00.000Z', toAt: '2026-10-05T16:00:00.000Z' });
    expect(() => periodInstants('2026-11', '2026-10')).toThrow(expect.objectContaining({ code: 'INCIDENT.BAD_PERIOD' }));
  });
});
