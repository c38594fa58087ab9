import { changeText, countText, durationText, NA, pctText, pointsText, ratio, shanghaiText } from './format';
import type { FigureValues, QuarterCommentary, QuarterCorrection, QuarterSnapshot } from './model';
import { quarterLabel, type Quarter } from './quarter';
import { NOT_CONNECTED, type SourceKey } from './sources';
import type { ReportTarget, ReportTargets } from './targets';
import { effectiveValues } from './values';

export type MetricKey = 'received' | 'resolved' | 'resolveMedian' | 'satisfaction' | 'incidents' | 'reach';
export type MetricUnit = 'count' | 'minutes' | 'rate';

export interface ComparedFigure {
  quarter: Quarter;
  value: number | null;
  text: string;
}

export interface MetricLine {
  key: MetricKey;
  label: string;
  unit: MetricUnit;
  /** False: the source is not connected; no number is shown. */
  connected: boolean;
  /** The frozen figure. */
  value: number | null;
  text: string;
  /** What it is made of (e.g. opened ÷ active, the response rate). */
  detail: string;
  previous: ComparedFigure;
  lastYear: ComparedFigure;
  /** Against the same quarter a year earlier: a fraction (or percentage points for rates), null = n/a. */
  change: number | null;
  changeText: string;
  target: {
    key: keyof ReportTargets;
    wording: string;
    measure: string;
    text: string;
    confirmed: boolean;
    /** Set when compliance confirmed the number (core/reports/targetSettings.ts): basis, date, who, version. */
    confirmation?: ReportTarget['confirmation'];
  } | null;
  /** null: no target number, or n/a. */
  meets: boolean | null;
  /** Today's sources give another figure: the corrected one (value and text) and the corrections behind it. */
  corrected?: { value: number | null; text: string; corrections: QuarterCorrection[] };
}

export interface CategoryLine {
  code: string;
  label: string;
  received: number | null;
  resolved: number | null;
  share: number | null;
  medianResolveMinutes: number | null;
  rated: number | null;
  satisfied: number | null;
  satisfactionRate: number | null;
  previousResolved: number | null;
  lastYearResolved: number | null;
  previousMedian: number | null;
  lastYearMedian: number | null;
}

export interface QuarterReport {
  quarter: Quarter;
  label: string;
  previousQuarter: Quarter;
  lastYearQuarter: Quarter;
  generatedAt: string;
  snapshot: { frozenAt: string; hash: string; trigger: QuarterSnapshot['trigger'] };
  connected: Record<SourceKey, boolean>;
  metrics: MetricLine[];
  categories: CategoryLine[];
  timing: { medianMinutes: number | null; p90Minutes: number | null; resolved: number | null; previousMedian: number | null; lastYearMedian: number | null; previousP90: number | null; lastYearP90: number | null };
  satisfaction: { resolved: number | null; rated: number | null; satisfied: number | null; rate: number | null; responseRate: number | null; previousRate: number | null; lastYearRate: number | null };
  incidentKinds: { key: string; label: string; count: number | null }[];
  corrections: QuarterCorrection[];
  commentary: QuarterCommentary | null;
}

export interface QuarterState {
  snapshot: QuarterSnapshot;
  corrections: QuarterCorrection[];
}

type Derive = (v: FigureValues) => number | null;
const val = (k: string): Derive => (v) => v[k] ?? null;

interface MetricDef {
  key: MetricKey;
  label: string;
  unit: MetricUnit;
  source: SourceKey;
  of: Derive;
  /** The keys it is computed from (a correction to any of them corrects it). */
  inputs: string[];
  detail: (v: FigureValues, labels: Record<string, string>) => string;
  target?: keyof ReportTargets;
  /** How it changes against the same quarter a year earlier. */
  change: 'relative' | 'points' | 'efficiency';
}

const METRICS: MetricDef[] = [
  { key: 'received', label: '投诉受理数', unit: 'count', source: 'received', of: val('c.received'), inputs: ['c.received'], detail: () => '', change: 'relative' },
  { key: 'resolved', label: '投诉办结数', unit: 'count', source: 'complaints', of: val('c.resolved'), inputs: ['c.resolved'], detail: () => '按答复（处理决定）日期计', change: 'relative' },
  {
    key: 'resolveMedian',
    label: '处理时长（中位数）',
    unit: 'minutes',
    source: 'complaints',
    of: val('c.median'),
    inputs: ['c.median'],
    detail: (v) => `P90 ${durationText(v['c.p90'] ?? null)}；办结 ${countText(v['c.resolved'])} 件`,
    target: 'resolveEfficiency',
    change: 'efficiency',
  },
  {
    key: 'satisfaction',
    label: '满意度指数',
    unit: 'rate',
    source: 'complaints',
    of: (v) => ratio(v['c.satisfied'], v['c.rated']),
    inputs: ['c.satisfied', 'c.rated'],
    detail: (v) => `满意（4–5星）${countText(v['c.satisfied'])} ÷ 已评价 ${countText(v['c.rated'])}；评价率 ${pctText(ratio(v['c.rated'], v['c.resolved']))}`,
    target: 'satisfaction',
    change: 'points',
  },
  {
    key: 'incidents',
    label: '信息安全事件',
    unit: 'count',
    source: 'incidents',
    of: val('inc.total'),
    inputs: ['inc.total'],
    detail: (v, labels) =>
      Object.entries(v)
        .filter(([k, n]) => k.startsWith('inc.kind.') && n)
        .map(([k, n]) => `${labels[k] ?? k.slice(9)} ${n}`)
        .join('；'),
    target: 'incidents',
    change: 'relative',
  },
  {
    key: 'reach',
    label: '权益宣传覆盖率',
    unit: 'rate',
    source: 'reach',
    of: (v) => ratio(v['reach.opened'], v['reach.active']),
    inputs: ['reach.opened', 'reach.active'],
    detail: (v) => `打开过宣传文章的活跃会员 ${countText(v['reach.opened'])} ÷ 活跃会员 ${countText(v['reach.active'])}`,
    target: 'reach',
    change: 'points',
  },
];

export const figureText = (unit: MetricUnit, value: number | null) => (unit === 'rate' ? pctText(value) : unit === 'minutes' ? durationText(value) : countText(value));

/** A share as a target reads: "95%", "92.5%". */
const targetPct = (v: number) => `${Number((v * 100).toFixed(1))}%`;

/**
 * The target as the report states it. A number compliance confirmed carries its basis and date, and
 * when it was confirmed after the quarter's figures were frozen, says so: the figures stay frozen,
 * the target is the year's as confirmed today.
 */
const targetText = (t: ReportTarget, frozenAt: string) => {
  if (t.rule.kind === 'unconfirmed') return '未确认：数值待合规确认';
  const rule = t.rule.kind === 'atLeast' ? `≥ ${targetPct(t.rule.value)}` : `较上年同季度下降 ≥ ${targetPct(t.rule.value)}`;
  const c = t.confirmation;
  if (!c) return rule;
  const after = c.at > frozenAt ? '，晚于本季度数据冻结' : '';
  return `${rule}（合规确认：${c.basis}；${shanghaiText(c.at).slice(0, 10)}${after}）`;
};

const changeOf = (kind: MetricDef['change'], now: number | null, lastYear: number | null): number | null => {
  if (now === null || lastYear === null) return null;
  if (kind === 'points') return now - lastYear;
  if (lastYear === 0) return null;
  return kind === 'efficiency' ? 1 - now / lastYear : (now - lastYear) / lastYear;
};

const meetsOf = (t: ReportTarget | undefined, value: number | null, change: number | null, def: MetricDef): boolean | null => {
  if (!t || t.rule.kind === 'unconfirmed') return null;
  if (t.rule.kind === 'atLeast') return value === null ? null : value >= t.rule.value;
  if (change === null) return null;
  // Efficiency is already "how much faster"; a count's change is negative when it fell.
  return def.change === 'efficiency' ? change >= t.rule.value : change <= -t.rule.value;
};

const connectedIn = (s: QuarterState, source: SourceKey) => s.snapshot.connected[source] || s.corrections.some((c) => METRICS.some((m) => m.source === source && m.inputs.includes(c.metric)));

/** The report of a quarter from its frozen state, the previous quarter's and the same quarter's a year earlier. */
export const buildQuarterReport = (input: {
  current: QuarterState;
  previous: QuarterState;
  lastYear: QuarterState;
  targets: ReportTargets;
  commentary: QuarterCommentary | null;
  generatedAt: string;
}): QuarterReport => {
  const { current, previous, lastYear, targets } = input;
  const v = current.snapshot.values;
  const pv = previous.snapshot.values;
  const lv = lastYear.snapshot.values;
  const corrected = effectiveValues(v, current.corrections);
  const metrics = METRICS.map((m): MetricLine => {
    const connected = current.snapshot.connected[m.source];
    const value = connected ? m.of(v) : null;
    const ly = connectedIn(lastYear, m.source) ? m.of(lv) : null;
    const pr = connectedIn(previous, m.source) ? m.of(pv) : null;
    const change = connected ? changeOf(m.change, value, ly) : null;
    const t = m.target ? targets[m.target] : undefined;
    const mine = current.corrections.filter((c) => m.inputs.includes(c.metric));
    const correctedValue = m.of(corrected);
    return {
      key: m.key,
      label: m.label,
      unit: m.unit,
      connected,
      value,
      text: connected ? figureText(m.unit, value) : NOT_CONNECTED,
      detail: connected ? m.detail(v, current.snapshot.labels) : '',
      previous: { quarter: previous.snapshot.quarter, value: pr, text: connectedIn(previous, m.source) ? figureText(m.unit, pr) : NOT_CONNECTED },
      lastYear: { quarter: lastYear.snapshot.quarter, value: ly, text: connectedIn(lastYear, m.source) ? figureText(m.unit, ly) : NOT_CONNECTED },
      change,
      changeText: !connected ? NA : m.change === 'points' ? pointsText(change) : m.change === 'efficiency' && change !== null ? `缩短 ${pctText(change)}` : changeText(change),
      target: t
        ? {
            key: m.target!,
            wording: t.wording,
            measure: t.measure,
            text: targetText(t, current.snapshot.frozenAt),
            confirmed: t.rule.kind !== 'unconfirmed',
            ...(t.confirmation ? { confirmation: t.confirmation } : {}),
          }
        : null,
      meets: connected ? meetsOf(t, value, change, m) : null,
      ...(mine.length ? { corrected: { value: correctedValue, text: figureText(m.unit, correctedValue), corrections: mine } } : {}),
    };
  });
  const codes = [...new Set(Object.keys({ ...v, ...pv, ...lv }).flatMap((k) => (/^cat\.([^.]+)\./.exec(k)?.[1] ? [/^cat\.([^.]+)\./.exec(k)![1]] : [])))];
  const labelOf = (code: string) => current.snapshot.labels[`cat.${code}`] ?? previous.snapshot.labels[`cat.${code}`] ?? lastYear.snapshot.labels[`cat.${code}`] ?? code;
  const resolvedAll = v['c.resolved'] ?? null;
  const categories = codes
    .map((code): CategoryLine => {
      const k = `cat.${code}`;
      const resolved = v[`${k}.resolved`] ?? null;
      return {
        code,
        label: labelOf(code),
        received: v[`${k}.received`] ?? null,
        resolved,
        share: ratio(resolved, resolvedAll),
        medianResolveMinutes: v[`${k}.median`] ?? null,
        rated: v[`${k}.rated`] ?? null,
        satisfied: v[`${k}.satisfied`] ?? null,
        satisfactionRate: ratio(v[`${k}.satisfied`], v[`${k}.rated`]),
        previousResolved: pv[`${k}.resolved`] ?? null,
        lastYearResolved: lv[`${k}.resolved`] ?? null,
        previousMedian: pv[`${k}.median`] ?? null,
        lastYearMedian: lv[`${k}.median`] ?? null,
      };
    })
    .sort((a, b) => (b.resolved ?? 0) - (a.resolved ?? 0) || a.label.localeCompare(b.label, 'zh-CN'));
  const kinds = Object.keys(v).filter((k) => k.startsWith('inc.kind.'));
  return {
    quarter: current.snapshot.quarter,
    label: quarterLabel(current.snapshot.quarter),
    previousQuarter: previous.snapshot.quarter,
    lastYearQuarter: lastYear.snapshot.quarter,
    generatedAt: input.generatedAt,
    snapshot: { frozenAt: current.snapshot.frozenAt, hash: current.snapshot.hash, trigger: current.snapshot.trigger },
    connected: current.snapshot.connected,
    metrics,
    categories,
    timing: {
      medianMinutes: v['c.median'] ?? null,
      p90Minutes: v['c.p90'] ?? null,
      resolved: resolvedAll,
      previousMedian: pv['c.median'] ?? null,
      lastYearMedian: lv['c.median'] ?? null,
      previousP90: pv['c.p90'] ?? null,
      lastYearP90: lv['c.p90'] ?? null,
    },
    satisfaction: {
      resolved: resolvedAll,
      rated: v['c.rated'] ?? null,
      satisfied: v['c.satisfied'] ?? null,
      rate: ratio(v['c.satisfied'], v['c.rated']),
      responseRate: ratio(v['c.rated'], resolvedAll),
      previousRate: ratio(pv['c.satisfied'], pv['c.rated']),
      lastYearRate: ratio(lv['c.satisfied'], lv['c.rated']),
    },
    incidentKinds: kinds.map((k) => ({ key: k.slice('inc.kind.'.length), label: current.snapshot.labels[k] ?? k, count: v[k] ?? null })),
    corrections: [...current.corrections].sort(byNoticed),
    commentary: input.commentary,
  };
};

const rank = (metric: string) => ['c.', 'cat.', 'inc.', 'reach.'].findIndex((p) => metric.startsWith(p));
/** Oldest first; within one day's notice, the whole before its parts. */
const byNoticed = (a: QuarterCorrection, b: QuarterCorrection) => a.at.localeCompare(b.at) || rank(a.metric) - rank(b.metric) || a.metric.localeCompare(b.metric);

/** Which source a flat key belongs to. */
export const sourceOfKey = (key: string): SourceKey =>
  key.startsWith('inc.') ? 'incidents' : key.startsWith('reach.') ? 'reach' : key.endsWith('.received') ? 'received' : 'complaints';

/** A correction's metric as staff read it ("满意（4–5星）· 理赔争议"). */
export const correctionLabel = (metric: string, labels: Record<string, string>): string => {
  const names: Record<string, string> = {
    received: '受理数',
    resolved: '办结数',
    rated: '已评价',
    satisfied: '满意（4–5星）',
    median: '处理时长中位数',
    p90: '处理时长P90',
    total: '信息安全事件',
    opened: '打开过宣传文章的活跃会员',
    active: '活跃会员',
  };
  const cat = /^cat\.([^.]+)\.(\w+)$/.exec(metric);
  if (cat) return `${labels[`cat.${cat[1]}`] ?? cat[1]} · ${names[cat[2]] ?? cat[2]}`;
  if (metric.startsWith('inc.kind.')) return `信息安全事件 · ${labels[metric] ?? metric.slice(9)}`;
  const last = metric.split('.').pop()!;
  return metric.startsWith('c.') ? `全部投诉 · ${names[last] ?? last}` : names[last] ?? metric;
};

/** A correction's values as text (minutes for medians). */
export const correctionValueText = (metric: string, value: number | null) =>
  value === null ? NA : /\.(median|p90)$/.test(metric) ? durationText(value) : String(value);
