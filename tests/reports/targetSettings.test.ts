import type { AuditDraft } from '../../core/audit/chain';
import { correctionKey, type QuarterCorrection, type QuarterSnapshot, type ReportStore } from '../../core/reports/model';
import { quarterlyReport, type QuarterlyReportDeps } from '../../core/reports/quarterly';
import type { ComplaintQuarterFigures } from '../../core/reports/sources';
import { setReportTarget, settableTargetKeys, targetErrors, yearTargetSettings, type TargetSetting, type TargetSettingStore } from '../../core/reports/targetSettings';
import { DEFAULT_REPORT_TARGETS } from '../../core/reports/targets';
import { fixedClock } from '../../core/shared/ports';
import type { StaffPrincipal } from '../../core/staff/model';

/** The satisfaction target compliance confirms: the rule it makes, the freeze it must not rewrite, and the refusals. */
const memoryReports = (): ReportStore => {
  const snaps = new Map<string, QuarterSnapshot>();
  const corr: QuarterCorrection[] = [];
  return {
    snapshot: async (q) => snaps.get(q) ?? null,
    freeze: async (s) => {
      if (!snaps.has(s.quarter)) snaps.set(s.quarter, s);
      return snaps.get(s.quarter)!;
    },
    corrections: async (q) => corr.filter((c) => c.quarter === q),
    addCorrection: async (c) => {
      if (corr.some((x) => correctionKey(x) === correctionKey(c))) return false;
      corr.push(c);
      return true;
    },
    commentary: async () => null,
    commentaryHistory: async () => [],
    saveCommentary: async () => undefined,
  };
};

const memorySettings = () => {
  const rows: TargetSetting[] = [];
  const audits: AuditDraft[] = [];
  const store: TargetSettingStore = {
    current: async (year) => [...new Set(rows.filter((r) => r.year === year).map((r) => r.key))].map((k) => rows.filter((r) => r.year === year && r.key === k).pop()!),
    history: async (year, key) => rows.filter((r) => r.year === year && r.key === key),
    save: async (s, expected, audit) => {
      const now = rows.filter((r) => r.year === s.year && r.key === s.key).pop()?.version ?? 0;
      if (now !== expected) throw targetErrors.conflict(s.year, s.key);
      rows.push(s);
      audits.push(audit);
    },
  };
  return { store, rows, audits };
};

const comp: StaffPrincipal = { id: 'staff-compliance-01', role: 'compliance', name: '孙合规' };
const rated = (satisfied: number, of: number): ComplaintQuarterFigures => ({ received: of, resolved: of, rated: of, satisfied, medianResolveMinutes: null, p90ResolveMinutes: null, byCategory: [] });

const setup = (satisfied: number, of = 100) => {
  const clock = fixedClock('2026-10-20T02:00:00Z');
  const settings = memorySettings();
  const deps: QuarterlyReportDeps = {
    reports: memoryReports(),
    targetSettings: settings.store,
    sources: { complaints: async () => rated(satisfied, of) },
    clock,
    ids: { newId: () => `id-${Math.random()}` },
    hash: (t) => `h${t.length}`,
  };
  return { deps, clock, settings };
};
const satisfactionLine = async (deps: QuarterlyReportDeps, quarter = '2026-Q3') => (await quarterlyReport(deps, { quarter })).metrics.find((m) => m.key === 'satisfaction')!;
const BASIS = '2026年行业协会公布的同业平均满意度为93%';

describe('report targets compliance confirms', () => {
  it('lists satisfaction as the one target the seed leaves without a number', () => {
    expect(settableTargetKeys(2026)).toEqual(['satisfaction']);
    expect(settableTargetKeys(2027, { '2027': { ...DEFAULT_REPORT_TARGETS, reach: { ...DEFAULT_REPORT_TARGETS.reach, rule: { kind: 'unconfirmed' } } } })).toEqual(['reach', 'satisfaction']);
  });

  it('turns the unconfirmed target into ≥ the number, with basis and date, and judges the figure against it', async () => {
    const { deps } = setup(96);
    expect(await satisfactionLine(deps)).toMatchObject({ meets: null, target: { confirmed: false, text: '未确认：数值待合规确认' } });
    await setReportTarget(deps, comp, { year: 2026, key: 'satisfaction', percent: 95, basis: BASIS, expectedVersion: 0 });
    const line = await satisfactionLine(deps);
    expect(line.meets).toBe(true);
    expect(line.target).toMatchObject({ key: 'satisfaction', confirmed: true, confirmation: { basis: BASIS, by: '孙合规', version: 1, at: '2026-10-20T02:00:00.000Z' } });
    // Frozen by the first report at the same instant: not after the freeze.
    expect(line.target!.text).toBe(`≥ 95%（合规确认：${BASIS}；2026-10-20）`);
    // The same number against a lower figure: not met. Another year keeps its own (unconfirmed) target.
    const low = setup(90);
    await setReportTarget(low.deps, comp, { year: 2026, key: 'satisfaction', percent: 92.5, basis: BASIS, expectedVersion: 0 });
    expect(await satisfactionLine(low.deps)).toMatchObject({ meets: false, target: { text: expect.stringMatching(/^≥ 92\.5%（/) } });
    expect(await satisfactionLine(low.deps, '2025-Q4')).toMatchObject({ meets: null, target: { confirmed: false } });
  });

  it('never rewrites a frozen quarter: the snapshot and its hash stay, the target states it came after the freeze', async () => {
    const { deps, clock } = setup(96);
    const before = await quarterlyReport(deps, { quarter: '2026-Q3' });
    clock.advance(7 * 86_400_000);
    await setReportTarget(deps, comp, { year: 2026, key: 'satisfaction', percent: 95, basis: BASIS, expectedVersion: 0 });
    const after = await quarterlyReport(deps, { quarter: '2026-Q3' });
    expect(after.snapshot).toEqual(before.snapshot);
    expect(after.corrections).toEqual([]);
    expect(after.metrics.find((m) => m.key === 'satisfaction')!.target!.text).toContain('2026-10-27，晚于本季度数据冻结');
    // A quarter first reported after the number was confirmed: the target is simply dated.
    clock.set('2027-01-20T02:00:00Z');
    const q4 = await satisfactionLine(deps, '2026-Q4');
    expect(q4.target!.text).toBe(`≥ 95%（合规确认：${BASIS}；2026-10-27）`);
  });

  it('versions each change, keeps the basis (personal numbers masked), and audits before and after', async () => {
    const { deps, settings } = setup(96);
    await setReportTarget(deps, comp, { year: 2026, key: 'satisfaction', percent: 93, basis: '  行业协会通报，联系人 13812345678  ', expectedVersion: 0 });
    const second = await setReportTarget(deps, { id: 'staff-ho-01', role: 'headOffice', name: '周总部' }, { year: 2026, key: 'satisfaction', percent: 95, basis: BASIS, expectedVersion: 1 });
    expect(second).toMatchObject({ version: 2, value: 0.95, setBy: { name: '周总部' } });
    expect(settings.rows[0].basis).not.toContain('13812345678');
    expect(settings.rows[0].basis.startsWith('行业协会通报')).toBe(true);
    expect(settings.audits.map((a) => a.detail)).toEqual([
      { version: 1, before: null, after: { value: 0.93, basis: settings.rows[0].basis } },
      { version: 2, before: { value: 0.93, basis: settings.rows[0].basis, version: 1 }, after: { value: 0.95, basis: BASIS } },
    ]);
    expect(settings.audits[1]).toMatchObject({ actorId: 'staff-ho-01', action: 'reports.targets.set', subjectType: 'reportTarget', subjectId: '2026:satisfaction' });
    const listed = await yearTargetSettings(deps, { year: 2026 });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ key: 'satisfaction', current: { version: 2 }, history: [{ version: 1 }, { version: 2 }] });
  });

  it.each([
    ['percent 0', { percent: 0 }, 'REPORTS.TARGET_VALUE_INVALID'],
    ['percent over 100', { percent: 100.5 }, 'REPORTS.TARGET_VALUE_INVALID'],
    ['two decimals', { percent: 95.55 }, 'REPORTS.TARGET_VALUE_INVALID'],
    ['not a number', { percent: Number.NaN }, 'REPORTS.TARGET_VALUE_INVALID'],
    ['blank basis', { basis: '   ' }, 'REPORTS.TARGET_BASIS_REQUIRED'],
    ['three-character basis', { basis: '行业领' }, 'REPORTS.TARGET_BASIS_REQUIRED'],
    ['basis too long', { basis: '依'.repeat(201) }, 'REPORTS.TARGET_BASIS_TOO_LONG'],
    ['a target the seed numbers', { key: 'reach' }, 'REPORTS.TARGET_NOT_SETTABLE'],
    ['an unknown target', { key: 'profit' }, 'REPORTS.TARGET_NOT_SETTABLE'],
    ['a year before 2020', { year: 2019 }, 'REPORTS.TARGET_YEAR_INVALID'],
    ['a year after next', { year: 2028 }, 'REPORTS.TARGET_YEAR_INVALID'],
    ['a version not current', { expectedVersion: 1 }, 'REPORTS.TARGET_CONFLICT'],
  ])('refuses %s with its code and a Chinese message, changing nothing', async (_name, change, code) => {
    const { deps, settings } = setup(96);
    const err = await setReportTarget(deps, comp, { year: 2026, key: 'satisfaction', percent: 95, basis: BASIS, expectedVersion: 0, ...change }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code, memberMessage: expect.stringMatching(/[\u4e00-\u9fff]/) });
    expect(settings.rows).toEqual([]);
    expect(settings.audits).toEqual([]);
    expect(await satisfactionLine(deps)).toMatchObject({ target: { confirmed: false } });
  });
});
