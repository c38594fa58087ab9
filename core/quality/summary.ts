import { QUALITY_AREAS, type QualityArea, type QualityScore } from './model';

export interface QualityLine {
  key: string;
  label: string;
  scored: number;
  /** Mean of the totals (after appeals), one decimal; null when nothing was scored. */
  average: number | null;
  passed: number;
  /** passed ÷ scored. */
  passRate: number | null;
  fatal: number;
  appealed: number;
}

export interface QualitySummary {
  overall: QualityLine;
  byArea: QualityLine[];
  byHandler: QualityLine[];
  byTeam: QualityLine[];
  byPeriod: QualityLine[];
}

const line = (key: string, label: string, xs: QualityScore[]): QualityLine => ({
  key,
  label,
  scored: xs.length,
  average: xs.length ? Math.round((xs.reduce((s, x) => s + x.total, 0) / xs.length) * 10) / 10 : null,
  passed: xs.filter((x) => x.passed).length,
  passRate: xs.length ? xs.filter((x) => x.passed).length / xs.length : null,
  fatal: xs.filter((x) => x.fatal.length).length,
  appealed: xs.filter((x) => x.appeal).length,
});

const groupBy = (xs: QualityScore[], keyOf: (s: QualityScore) => string) => {
  const m = new Map<string, QualityScore[]>();
  for (const x of xs) m.set(keyOf(x), [...(m.get(keyOf(x)) ?? []), x]);
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
};

/** Scores per area, handler, team and month: what the dashboard shows beside satisfaction and SLA compliance. */
export const summarise = (scores: QualityScore[], names: Map<string, { name: string; team?: string }>): QualitySummary => ({
  overall: line('all', '全部', scores),
  byArea: groupBy(scores, (s) => s.area).map(([k, xs]) => line(k, QUALITY_AREAS[k as QualityArea], xs)),
  byHandler: groupBy(scores, (s) => s.handlerId).map(([k, xs]) => line(k, names.get(k)?.name ?? k, xs)),
  byTeam: groupBy(scores, (s) => s.team ?? names.get(s.handlerId)?.team ?? '').map(([k, xs]) => line(k, k || '未分组', xs)),
  byPeriod: groupBy(scores, (s) => s.period).map(([k, xs]) => line(k, `${k.slice(0, 4)}年${Number(k.slice(5, 7))}月`, xs)),
});
