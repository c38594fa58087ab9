import type { AuditLog } from '../../core/audit/chain';
import type { TargetSetting, TargetSettingStore } from '../../core/reports/targetSettings';
import { auditEntries, codeOf } from './contractSupport';

export interface TargetSettingStoreUnderTest {
  settings: TargetSettingStore;
  audit: AuditLog;
  close?(): Promise<void> | void;
}

const setting = (version: number, value: number, year = 2026, basis = `依据第${version}版`): TargetSetting => ({
  year,
  key: 'satisfaction',
  value,
  basis,
  version,
  setAt: `2026-11-0${version}T02:00:00.000Z`,
  setBy: { id: 'staff-compliance-01', role: 'compliance', name: '孙合规' },
});
const audit = (year: number, version: number) => ({
  actorId: 'staff-compliance-01',
  actorRole: 'compliance',
  action: 'reports.targets.set',
  subjectType: 'reportTarget',
  subjectId: `${year}:satisfaction`,
  detail: { version },
});

/** Targets compliance confirms (core/reports/targetSettings.ts TargetSettingStore), on every adapter. */
export const targetSettingStoreContract = (make: () => Promise<TargetSettingStoreUnderTest>) => {
  let s: TargetSettingStoreUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  it('keeps every version per year, answers the latest as current, and writes the audit entry with each', async () => {
    expect(await s.settings.current(2026)).toEqual([]);
    await s.settings.save(setting(1, 0.93), 0, audit(2026, 1));
    await s.settings.save(setting(2, 0.95), 1, audit(2026, 2));
    await s.settings.save(setting(1, 0.9, 2027), 0, audit(2027, 1));
    expect(await s.settings.current(2026)).toEqual([setting(2, 0.95)]);
    expect(await s.settings.current(2027)).toEqual([setting(1, 0.9, 2027)]);
    expect(await s.settings.current(2025)).toEqual([]);
    expect((await s.settings.history(2026, 'satisfaction')).map((h) => [h.version, h.value, h.basis])).toEqual([
      [1, 0.93, '依据第1版'],
      [2, 0.95, '依据第2版'],
    ]);
    const entries = (await auditEntries(s.audit)).filter((e) => e.action === 'reports.targets.set');
    expect(entries.map((e) => [e.subjectId, e.detail?.version]).sort((a, b) => String(a).localeCompare(String(b)))).toEqual([
      ['2026:satisfaction', 1],
      ['2026:satisfaction', 2],
      ['2027:satisfaction', 1],
    ]);
  });

  it('refuses a stale or skipped version with REPORTS.TARGET_CONFLICT and writes nothing (no audit entry either)', async () => {
    await s.settings.save(setting(1, 0.93), 0, audit(2026, 1));
    const stale = await s.settings.save(setting(1, 0.99, 2026, '同时写的另一版'), 0, audit(2026, 1)).catch((e: unknown) => e);
    expect(codeOf(stale)).toBe('REPORTS.TARGET_CONFLICT');
    const skipped = await s.settings.save(setting(3, 0.99), 2, audit(2026, 3)).catch((e: unknown) => e);
    expect(codeOf(skipped)).toBe('REPORTS.TARGET_CONFLICT');
    const mismatched = await s.settings.save(setting(3, 0.99), 1, audit(2026, 3)).catch((e: unknown) => e);
    expect(codeOf(mismatched)).toBe('REPORTS.TARGET_CONFLICT');
    expect(await s.settings.current(2026)).toEqual([setting(1, 0.93)]);
    expect(await s.settings.history(2026, 'satisfaction')).toHaveLength(1);
    expect((await auditEntries(s.audit)).filter((e) => e.action === 'reports.targets.set')).toHaveLength(1);
  });

  it('lets one of two writers of the same next version win', async () => {
    await s.settings.save(setting(1, 0.93), 0, audit(2026, 1));
    const results = await Promise.allSettled([s.settings.save(setting(2, 0.95, 2026, '甲'), 1, audit(2026, 2)), s.settings.save(setting(2, 0.96, 2026, '乙'), 1, audit(2026, 2))]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(['REPORTS.TARGET_CONFLICT', 'STORE.BUSY']).toContain(codeOf(r.reason));
    expect(await s.settings.history(2026, 'satisfaction')).toHaveLength(2);
  });
};
