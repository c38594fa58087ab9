import { correctionKey, type QuarterCommentary, type QuarterCorrection, type QuarterSnapshot, type ReportStore } from '../../core/reports/model';
import { previousQuarter, quarterEnd, requirePastQuarter, sameQuarterLastYear } from '../../core/reports/quarter';
import { quarterlyReport, type QuarterlyReportDeps } from '../../core/reports/quarterly';
import type { ComplaintQuarterFigures, QuarterSources } from '../../core/reports/sources';
import { fixedClock } from '../../core/shared/ports';

/** The report's rules on made sources: not-connected states, the −20% and 90% targets, sources connected later. */
const memoryStore = (): ReportStore => {
  const snaps = new Map<string, QuarterSnapshot>();
  const corr: QuarterCorrection[] = [];
  const comments: QuarterCommentary[] = [];
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
    commentary: async (q) => comments.filter((c) => c.quarter === q).pop() ?? null,
    commentaryHistory: async (q) => comments.filter((c) => c.quarter === q),
    saveCommentary: async (c) => {
      comments.push(c);
    },
  };
};

const noComplaints: ComplaintQuarterFigures = { received: 0, resolved: 0, rated: 0, satisfied: 0, medianResolveMinutes: null, p90ResolveMinutes: null, byCategory: [] };
let n = 0;
const deps = (sources: QuarterSources, reports = memoryStore()): QuarterlyReportDeps => ({
  reports,
  sources,
  clock: fixedClock('2026-10-20T02:00:00Z'),
  ids: { newId: () => `id-${++n}` },
  hash: (t) => String(t.length),
});
const incidentsBy = (byQuarterMonth: Record<string, number>) => async (months: string[]) => {
  const total = byQuarterMonth[months[0]] ?? 0;
  return { total, byKind: [{ key: 'manual', label: '人工登记', count: total }] };
};
const metric = async (d: QuarterlyReportDeps, key: string, quarter = '2026-Q3') => (await quarterlyReport(d, { quarter })).metrics.find((m) => m.key === key)!;

describe('quarterly report rules', () => {
  it('shows a source with no port as not connected: no number, no change, no verdict', async () => {
    const d = deps({ complaints: async () => noComplaints });
    for (const key of ['incidents', 'reach']) {
      expect(await metric(d, key)).toMatchObject({ connected: false, value: null, text: '数据源未接入', change: null, meets: null });
    }
    expect((await d.reports.snapshot('2026-Q3'))!.connected).toEqual({ complaints: true, received: true, incidents: false, reach: false });
  });

  it('holds incidents to −20% against the same quarter a year earlier, n/a without history', async () => {
    const down30 = await metric(deps({ complaints: async () => noComplaints, incidents: incidentsBy({ '2025-07': 10, '2026-07': 7 }) }), 'incidents');
    expect(down30).toMatchObject({ value: 7, lastYear: { value: 10 }, meets: true, changeText: '−30.0%' });
    expect(down30.change).toBeCloseTo(-0.3, 10);
    expect(await metric(deps({ complaints: async () => noComplaints, incidents: incidentsBy({ '2025-07': 10, '2026-07': 9 }) }), 'incidents')).toMatchObject({ meets: false });
    expect(await metric(deps({ complaints: async () => noComplaints, incidents: incidentsBy({ '2026-07': 3 }) }), 'incidents')).toMatchObject({ value: 3, change: null, meets: null, changeText: '无可比数据' });
  });

  it('gives publicity reach as opened ÷ active against 90%, both figures shown', async () => {
    const reach = (opened: number, active: number) => deps({ complaints: async () => noComplaints, reach: async () => ({ opened, active }) });
    expect(await metric(reach(45, 50), 'reach')).toMatchObject({ value: 0.9, text: '90.0%', meets: true, detail: expect.stringContaining('45 ÷ 活跃会员 50') });
    expect(await metric(reach(44, 50), 'reach')).toMatchObject({ meets: false });
    expect(await metric(reach(0, 0), 'reach')).toMatchObject({ value: null, meets: null });
  });

  it('measures efficiency as the median resolve time against a year earlier', async () => {
    const med = (m: Record<string, number>) => async (months: string[]) => ({ ...noComplaints, resolved: 5, medianResolveMinutes: m[months[0]] ?? null });
    const faster = await metric(deps({ complaints: med({ '2025-07': 1000, '2026-07': 600 }) }), 'resolveMedian');
    expect(faster).toMatchObject({ value: 600, meets: true, changeText: '缩短 40.0%' });
    expect(await metric(deps({ complaints: med({ '2025-07': 1000, '2026-07': 800 }) }), 'resolveMedian')).toMatchObject({ meets: false });
    expect(await metric(deps({ complaints: med({ '2026-07': 800 }) }), 'resolveMedian')).toMatchObject({ change: null, meets: null });
  });

  it('records a source connected after the freeze as a correction; a source going away records nothing', async () => {
    const reports = memoryStore();
    await quarterlyReport(deps({ complaints: async () => noComplaints }, reports), { quarter: '2026-Q3' });
    const later = await quarterlyReport(deps({ complaints: async () => noComplaints, incidents: incidentsBy({ '2026-07': 4 }) }, reports), { quarter: '2026-Q3' });
    const inc = later.metrics.find((m) => m.key === 'incidents')!;
    expect(inc).toMatchObject({ connected: false, text: '数据源未接入', corrected: { value: 4 } });
    expect(later.corrections.find((c) => c.metric === 'inc.total')).toMatchObject({ frozen: null, corrected: 4 });
    const gone = await quarterlyReport(deps({ complaints: async () => noComplaints }, reports), { quarter: '2026-Q3' });
    expect(gone.corrections).toEqual(later.corrections);
  });

  it('knows Shanghai quarters: ends, neighbours, and which can be reported', () => {
    expect(quarterEnd('2026-Q3').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect([previousQuarter('2026-Q1'), sameQuarterLastYear('2026-Q1')]).toEqual(['2025-Q4', '2025-Q1']);
    expect(() => requirePastQuarter('2026-Q3', new Date('2026-09-30T15:59:59Z'))).toThrow(expect.objectContaining({ code: 'REPORTS.QUARTER_NOT_ENDED' }));
    expect(requirePastQuarter('2026-Q3', new Date('2026-09-30T16:00:00Z'))).toBe('2026-Q3');
    expect(() => requirePastQuarter('2026-Q4', new Date('2026-09-30T16:00:00Z'))).toThrow(expect.objectContaining({ code: 'REPORTS.QUARTER_NOT_ENDED' }));
    expect(() => requirePastQuarter('2027-Q1', new Date('2026-09-30T16:00:00Z'))).toThrow(expect.objectContaining({ code: 'REPORTS.QUARTER_IN_FUTURE' }));
    expect(() => requirePastQuarter('2026-Q0', new Date())).toThrow(expect.objectContaining({ code: 'REPORTS.BAD_QUARTER' }));
    expect(() => requirePastQuarter('0001-Q1', new Date())).toThrow(expect.objectContaining({ code: 'REPORTS.BAD_QUARTER' }));
  });
});
