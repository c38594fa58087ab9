import type { AlertTest, TestMethod, UntestedSeries, WarningDim, WeekCount, WeeklySeries } from './model';
import type { EarlyWarningPolicy } from './policy';
import { binomialUpperTail, chiSquareUpperTail, studentTUpperTail } from './stats';
import { weeksBefore, type IsoWeek } from './weeks';

/**
 * The rise test: is this week's count for one value unusually high against that value's own recent weeks?
 *
 * History. The n weeks before the tested week, n = min(historyWeeks, weeks since the value's first
 * complaint in the last `lookbackWeeks`); n < minHistoryWeeks → 历史不足, reported and not tested.
 * S = Σ history, m = S / n (the weekly baseline), x = this week's count.
 *
 * Test, when the history looks Poisson: the exact conditional test of equal rates (Przyborowski &
 * Wilenski). If this week had the same rate as each history week, then given the x + S complaints of
 * the n + 1 weeks, each fell in this week with probability 1 / (n + 1):
 *     p = P(X ≥ x),  X ~ Binomial(x + S, 1 / (n + 1)).
 * Unlike plugging m in as a known Poisson mean, this accounts for the baseline being an estimate
 * (12 weeks of 2 complaints is not a certain rate of 2), so its false-alarm rate is at most the level
 * for any true rate, however small — the property tests/core/earlyWarning/detector.test.ts checks
 * on thousands of simulated quiet series.
 *
 * Overdispersion. Complaint counts often vary more than Poisson (a system outage, a campaign), and
 * the test above then alarms far too often (measured: 70–98% of quiet weeks of negative-binomial
 * series). Pearson's X² = Σ (h_j − m)² / m is χ²(n − 1) under Poisson; when P(χ² ≥ X²) < dispersionAlpha
 * (0.2: lenient on purpose, a missed overdispersion costs false alarms) the history is overdispersed,
 * φ = X² / (n − 1) is reported, and the week must also pass a prediction test on log counts
 * (y = ln(c + 1), which makes negative-binomial noise roughly symmetric):
 *     t = (y_now − ȳ) / (s_y · √(1 + 1/n)),   p_t = P(T ≥ t),  T ~ Student t(n − 1),
 * the usual prediction interval for a new observation, which counts the uncertainty of both the
 * baseline and the spread estimated from n weeks. Then p = max(p_Poisson, p_t): an alarm needs both.
 * A plug-in negative binomial (mean m, variance φ·m) was tried first and rejected: with φ estimated
 * from 12 weeks it still alarmed in 19–25% of quiet weeks; this combination measured ≤ 3% on
 * negative-binomial series of size 1–10, at the cost of power on the noisiest series (a noisy series
 * needs a larger jump, which is the point).
 *
 * Multiplicity: Bonferroni. Every week tests every value of every dimension; at level α each, 40 series
 * would give a false alarm most weeks. The threshold is α / k for the k series tested in the family
 * (k counts every tested series, whatever its count), which bounds the chance of any false alarm in a
 * quiet week by α. Bonferroni rather than Benjamini–Hochberg: an alert costs a manager's time each, the
 * question asked of the screen is "is anything wrong this week" (family-wise), k is small (tens), and a
 * threshold that does not depend on the other series' p-values can be printed on each alert and
 * checked by hand.
 *
 * Minimum count: x ≥ minCount as well, so a value going 1 → 3 never alarms however quiet its history.
 *
 * Trends: the baseline is the mean of the last n weeks, so it follows a slow, steady rise (a few per
 * cent a week), which is not alarmed: such drifts belong to the dashboard's trend lines, not to a
 * weekly alarm. A rise steep enough to leave the lagging mean well behind is alarmed like a spike,
 * though a climb over several weeks is weaker evidence than one jump: the climbing weeks enter the
 * history, which then looks overdispersed and gets the stricter test (measured: a series doubling
 * four weeks running is alarmed in one of those weeks about three times in four).
 */

export interface SeriesTest {
  method: Extract<TestMethod, 'poissonConditional' | 'overdispersedLogT'>;
  pValue: number;
  historyWeeks: number;
  historyTotal: number;
  baselineMean: number;
  /** Pearson dispersion φ of the history (absent when the history is all zeros or one week). */
  dispersion?: number;
  /** For the overdispersed case: the Poisson p-value and the log-count t statistic with its p-value. */
  poissonP?: number;
  tStatistic?: number;
  tP?: number;
}

const ln1 = (c: number) => Math.log(c + 1);

/** The prediction t-test on log counts: one-sided p for `count` against `history`. */
const logTTest = (history: readonly number[], count: number): { t: number; p: number } => {
  const y = history.map(ln1);
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const t = (ln1(count) - mean) / (sd * Math.sqrt(1 + 1 / n));
  return { t, p: studentTUpperTail(t, n - 1) };
};

/** The test of one series: `history` oldest first, `count` this week's. */
export const testAgainstHistory = (history: readonly number[], count: number, dispersionAlpha: number): SeriesTest => {
  const n = history.length;
  const total = history.reduce((a, b) => a + b, 0);
  const mean = total / n;
  const poissonP = binomialUpperTail(count, count + total, 1 / (n + 1));
  const base = { historyWeeks: n, historyTotal: total, baselineMean: mean };
  if (n < 2 || mean === 0) return { method: 'poissonConditional', pValue: poissonP, ...base };
  const pearson = history.reduce((a, h) => a + (h - mean) ** 2, 0) / mean;
  const dispersion = pearson / (n - 1);
  if (dispersion > 1 && chiSquareUpperTail(pearson, n - 1) < dispersionAlpha) {
    const t = logTTest(history, count);
    return { method: 'overdispersedLogT', pValue: Math.max(poissonP, t.p), ...base, dispersion, poissonP, tStatistic: t.t, tP: t.p };
  }
  return { method: 'poissonConditional', pValue: poissonP, ...base, dispersion };
};

/** A series laid out on the weeks the test reads: `lookback` weeks before `week`, then `week`. */
export const layOut = (s: WeeklySeries, week: IsoWeek, lookback: number): { weeks: IsoWeek[]; counts: number[]; current: number } => {
  const byWeek = new Map<string, number>();
  for (const w of s.weeks) byWeek.set(w.week, (byWeek.get(w.week) ?? 0) + w.count);
  const weeks = weeksBefore(week, lookback);
  return { weeks, counts: weeks.map((w) => byWeek.get(w) ?? 0), current: byWeek.get(week) ?? 0 };
};

export interface RiseFinding {
  dim: WarningDim;
  value: string;
  series: WeekCount[];
  test: AlertTest;
}

export interface FamilyResult {
  tested: number;
  threshold: number;
  alarms: RiseFinding[];
  untested: Omit<UntestedSeries, 'label'>[];
}

const fmtP = (p: number) => (p < 1e-4 ? p.toExponential(2) : p.toFixed(4));

const statementOf = (t: SeriesTest, count: number, threshold: number, familySize: number, policy: EarlyWarningPolicy): string => {
  const head = `本周 ${count} 件；此前 ${t.historyWeeks} 周共 ${t.historyTotal} 件（周均 ${t.baselineMean.toFixed(2)}）。`;
  const how =
    t.method === 'poissonConditional'
      ? `泊松率相等的精确条件检验：X ~ 二项(${count + t.historyTotal}, 1/${t.historyWeeks + 1})，P(X ≥ ${count}) = ${fmtP(t.pValue)}。`
      : `历史过度离散（φ = ${t.dispersion?.toFixed(2)}）：泊松精确条件检验 p = ${fmtP(t.poissonP ?? 1)}，对数计数预测 t 检验 t = ${t.tStatistic?.toFixed(2)}（自由度 ${t.historyWeeks - 1}）p = ${fmtP(t.tP ?? 1)}，取两者较大者 p = ${fmtP(t.pValue)}。`;
  return `${head}${how}阈值 ${policy.familyAlpha} ÷ ${familySize} 个序列 = ${fmtP(threshold)}（Bonferroni），且本周至少 ${policy.minCount} 件。`;
};

/**
 * Tests every series of one family for the week. `alarms` are the series whose count is at least
 * minCount and whose p-value is at most familyAlpha ÷ tested; `untested` the ones with too little history.
 */
export const detectRises = (series: readonly WeeklySeries[], week: IsoWeek, policy: EarlyWarningPolicy): FamilyResult => {
  const laid = series.map((s) => {
    const l = layOut(s, week, policy.lookbackWeeks);
    const first = l.counts.findIndex((c) => c > 0);
    const since = first < 0 ? 0 : l.counts.length - first;
    const n = Math.min(policy.historyWeeks, since);
    return { s, l, n };
  });
  const testable = laid.filter((x) => x.n >= policy.minHistoryWeeks);
  const untested = laid.filter((x) => x.n < policy.minHistoryWeeks && x.l.current > 0).map((x) => ({ dim: x.s.dim, value: x.s.value, count: x.l.current, historyWeeks: x.n }));
  const tested = testable.length;
  const threshold = tested ? policy.familyAlpha / tested : policy.familyAlpha;
  const alarms: RiseFinding[] = [];
  for (const { s, l, n } of testable) {
    if (l.current < policy.minCount) continue;
    const history = l.counts.slice(-n);
    const t = testAgainstHistory(history, l.current, policy.dispersionAlpha);
    if (t.pValue > threshold) continue;
    alarms.push({
      dim: s.dim,
      value: s.value,
      series: [...l.weeks.slice(-n).map((w, i) => ({ week: w, count: history[i] })), { week, count: l.current }],
      test: {
        method: t.method,
        count: l.current,
        historyWeeks: t.historyWeeks,
        historyTotal: t.historyTotal,
        baselineMean: t.baselineMean,
        ...(t.dispersion !== undefined ? { dispersion: t.dispersion } : {}),
        ...(t.tStatistic !== undefined ? { poissonP: t.poissonP, tStatistic: t.tStatistic, tP: t.tP } : {}),
        pValue: t.pValue,
        threshold,
        familyAlpha: policy.familyAlpha,
        familySize: tested,
        minCount: policy.minCount,
        statement: statementOf(t, l.current, threshold, tested, policy),
      },
    });
  }
  return { tested, threshold, alarms, untested };
};
