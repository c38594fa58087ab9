import { durationText, NA, ratio, shanghaiText } from './format';
import { correctionLabel, correctionValueText, type QuarterReport } from './report';
import { NOT_CONNECTED } from './sources';

/** A cell: numbers stay numbers (rates as fractions, formatted as percent by the column). */
export type Cell = string | number | null;
export interface SheetRows {
  name: string;
  /** Column formats: 'pct' shows a fraction as a percentage. */
  formats?: Record<number, 'pct' | 'int'>;
  widths: number[];
  rows: Cell[][];
}

export const SHEET_NAMES = ['指标汇总', '投诉分类', '时效', '满意度'] as const;

const meetsText = (m: boolean | null) => (m === null ? NA : m ? '达标' : '未达标');
const n = (v: number | null) => (v === null ? null : v);

/** 指标汇总: each seed-000 metric with the previous quarter, the same quarter a year earlier, the target and the change; corrections; commentary. */
export const summarySheet = (r: QuarterReport): SheetRows => {
  const rows: Cell[][] = [
    ['季度报告', r.label],
    ['生成时间', shanghaiText(r.generatedAt)],
    ['数据冻结时间', `${shanghaiText(r.snapshot.frozenAt)}（${r.snapshot.trigger === 'timer' ? '季度结算后自动冻结' : '首次出具报告时冻结'}）`],
    ['快照校验值', r.snapshot.hash],
    [],
    ['指标', '本季度', '说明', `上季度（${r.previousQuarter}）`, `上年同季度（${r.lastYearQuarter}）`, '同比变化', '年度目标（原文）', '目标口径', '是否达标', '更正'],
  ];
  for (const m of r.metrics) {
    const cell = (v: number | null, text: string): Cell => (text === NOT_CONNECTED ? NOT_CONNECTED : m.unit === 'minutes' ? text : v);
    rows.push([
      m.label,
      m.connected ? cell(m.value, m.text) : NOT_CONNECTED,
      m.detail,
      cell(m.previous.value, m.previous.text),
      cell(m.lastYear.value, m.lastYear.text),
      m.changeText,
      m.target?.wording ?? NA,
      m.target?.text ?? NA,
      meetsText(m.meets),
      m.corrected ? `已更正为 ${m.corrected.text}` : '',
    ]);
  }
  if (r.connected.incidents) {
    rows.push([], ['信息安全事件（按类别）'], ['类别', '本季度']);
    for (const k of r.incidentKinds) rows.push([k.label, k.count]);
  }
  rows.push([], ['更正记录'], ['指标', '冻结值', '更正值', '发现日期']);
  if (!r.corrections.length) rows.push(['无更正']);
  const labels = Object.fromEntries(r.categories.map((c) => [`cat.${c.code}`, c.label]));
  for (const c of r.corrections) rows.push([correctionLabel(c.metric, labels), correctionValueText(c.metric, c.frozen), correctionValueText(c.metric, c.corrected), shanghaiText(c.at).slice(0, 10)]);
  rows.push([], ['管理层评述']);
  if (r.commentary) rows.push([r.commentary.text], [`第 ${r.commentary.version} 版，${r.commentary.updatedBy.name}，${shanghaiText(r.commentary.updatedAt)}`]);
  else rows.push(['（暂无评述）']);
  // Rates sit in columns B, D and E of the metric rows only; those cells are formatted per row by the writer.
  return { name: '指标汇总', widths: [22, 16, 44, 18, 18, 18, 30, 34, 10, 20], rows };
};

export const categorySheet = (r: QuarterReport): SheetRows => ({
  name: '投诉分类',
  formats: { 3: 'pct', 7: 'pct' },
  widths: [16, 10, 10, 10, 14, 16, 16, 12],
  rows: [
    ['投诉类别', '受理数', '办结数', '办结占比', '上季度办结数', '上年同季度办结数', '处理时长中位数', '满意度指数'],
    ...r.categories.map((c): Cell[] => [
      c.label,
      r.connected.received ? n(c.received) : NOT_CONNECTED,
      n(c.resolved),
      n(c.share),
      n(c.previousResolved),
      n(c.lastYearResolved),
      durationText(c.medianResolveMinutes),
      n(c.satisfactionRate),
    ]),
  ],
});

export const timingSheet = (r: QuarterReport): SheetRows => {
  const t = r.timing;
  const gain = (now: number | null, before: number | null) => (now === null || before === null || before === 0 ? null : 1 - now / before);
  return {
    name: '时效',
    formats: { 7: 'pct' },
    widths: [16, 10, 16, 14, 16, 16, 18, 14],
    rows: [
      ['范围', '办结数', '处理时长中位数（分钟）', '中位数', 'P90（分钟）', '上季度中位数（分钟）', '上年同季度中位数（分钟）', '较上年同季度缩短'],
      ['全部', n(t.resolved), n(t.medianMinutes), durationText(t.medianMinutes), n(t.p90Minutes), n(t.previousMedian), n(t.lastYearMedian), gain(t.medianMinutes, t.lastYearMedian)],
      ...r.categories.map((c): Cell[] => [c.label, n(c.resolved), n(c.medianResolveMinutes), durationText(c.medianResolveMinutes), null, n(c.previousMedian), n(c.lastYearMedian), gain(c.medianResolveMinutes, c.lastYearMedian)]),
    ],
  };
};

export const satisfactionSheet = (r: QuarterReport): SheetRows => {
  const s = r.satisfaction;
  return {
    name: '满意度',
    formats: { 4: 'pct', 5: 'pct', 6: 'pct', 7: 'pct' },
    widths: [16, 10, 10, 14, 12, 10, 14, 16],
    rows: [
      ['范围', '办结数', '已评价', '满意（4–5星）', '满意度指数', '评价率', '上季度满意度', '上年同季度满意度'],
      ['全部', n(s.resolved), n(s.rated), n(s.satisfied), n(s.rate), n(s.responseRate), n(s.previousRate), n(s.lastYearRate)],
      ...r.categories.map((c): Cell[] => [c.label, n(c.resolved), n(c.rated), n(c.satisfied), n(c.satisfactionRate), ratio(c.rated, c.resolved), null, null]),
    ],
  };
};

export const SHEET_BUILDERS = [summarySheet, categorySheet, timingSheet, satisfactionSheet];

/** The job's file name. */
export const reportFileName = (r: Pick<QuarterReport, 'quarter'>) => `季度报告-${r.quarter}.xlsx`;
