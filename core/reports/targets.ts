/**
 * The year's targets for the quarterly report, as data (seed 000, 五、预期成果, in its own words).
 * A target whose number the seed does not give is a compliance placeholder: shown as unconfirmed
 * until a compliance officer confirms a number (CLARIFICATIONS, "(compliance)").
 */
export type TargetRule =
  /** The figure falls by at least `value` (a fraction) against the same quarter a year earlier. */
  | { kind: 'reductionVsLastYear'; value: number }
  /** The figure reaches at least `value` (a fraction). */
  | { kind: 'atLeast'; value: number }
  /** No number yet. */
  | { kind: 'unconfirmed' };

export interface ReportTarget {
  /** The seed's wording, shown as is. */
  wording: string;
  /** How the report measures it. */
  measure: string;
  rule: TargetRule;
  /** A number compliance confirmed for a target the seed left open (core/reports/targetSettings.ts). */
  confirmation?: { value: number; basis: string; at: string; by: string; version: number };
}

export type TargetKey = 'resolveEfficiency' | 'incidents' | 'reach' | 'satisfaction';

export type ReportTargets = Record<TargetKey, ReportTarget>;

export const DEFAULT_REPORT_TARGETS: ReportTargets = {
  resolveEfficiency: {
    wording: '客户投诉处理效率提高30%以上',
    measure: '处理时长中位数较上年同季度缩短30%以上',
    rule: { kind: 'reductionVsLastYear', value: 0.3 },
  },
  incidents: {
    wording: '信息安全事件发生频次下降20%',
    measure: '信息安全事件数较上年同季度下降20%以上',
    rule: { kind: 'reductionVsLastYear', value: 0.2 },
  },
  reach: {
    wording: '客户权益宣传覆盖率达90%以上',
    measure: '期内活跃的已绑定会员中打开过宣传文章的比例',
    rule: { kind: 'atLeast', value: 0.9 },
  },
  satisfaction: {
    wording: '整体客户满意度达到行业领先水平',
    measure: '满意度指数（4–5星 ÷ 已评价）；行业领先的具体数值待合规确认',
    rule: { kind: 'unconfirmed' },
  },
};

/** Targets by year; a year without its own uses the defaults. */
export const targetsFor = (year: number, byYear: Readonly<Record<string, ReportTargets>> = {}): ReportTargets => byYear[String(year)] ?? DEFAULT_REPORT_TARGETS;
