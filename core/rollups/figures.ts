import { csvCell } from '../audit/view';
import { COMPLAINT_CATEGORIES } from '../complaints/model';
import { decodeTuple, FACTS, HISTS, UNASSIGNED } from './facts';
import { addInto, emptyCounters, type RollupCounters, type RollupRow } from './model';

export type PeriodKind = 'month' | 'quarter';

/** Rates are fractions (0–1) or null when nothing was counted: 0 of 0 is no figure, not 0%. */
export interface SatisfactionLine {
  key: string;
  label: string;
  resolved: number;
  rated: number;
  satisfied: number;
  /** 4–5★ ÷ rated. */
  satisfactionRate: number | null;
  /** rated ÷ resolved, shown beside the rate: a high rate on few answers says little. */
  responseRate: number | null;
  meetsGoal: boolean | null;
  /** Resolve time in minutes, exact at minute resolution (nearest rank on the histogram). */
  medianResolveMinutes: number | null;
  p90ResolveMinutes: number | null;
}

export interface SlaLine {
  key: string;
  label: string;
  due: number;
  met: number;
  /** Deadlines met ÷ deadlines that came due. */
  complianceRate: number | null;
}

export interface PeriodFigures {
  period: string;
  label: string;
  overall: SatisfactionLine;
  byHandler: SatisfactionLine[];
  byCategory: SatisfactionLine[];
  sla: { overall: SlaLine; byHandler: SlaLine[]; byTeam: SlaLine[] };
}

export interface SatisfactionFigures {
  kind: PeriodKind;
  goalRate: number;
  periods: PeriodFigures[];
}

export interface StaffInfo {
  name: string;
  team?: string;
}

export const UNASSIGNED_LABEL = '未分配';
export const NO_TEAM_LABEL = '未分组';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const isMonth = (s: string) => MONTH.test(s);

/** Every month from `from` to `to` inclusive (YYYY-MM), at most `max` of them. */
export const monthsBetween = (from: string, to: string, max = 36): string[] => {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  while (out.length < max) {
    const s = `${y}-${String(m).padStart(2, '0')}`;
    if (s > to) break;
    out.push(s);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
};

export const periodOf = (month: string, kind: PeriodKind): string =>
  kind === 'month' ? month : `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;

export const periodLabel = (period: string): string => {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  return q ? `${q[1]}年第${q[2]}季度` : `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
};

/** The smallest minute with at least ⌈p·n⌉ resolutions at or below it. */
export const percentileMinutes = (hist: Record<string, number>, p: number): number | null => {
  const entries = Object.entries(hist).map(([m, n]) => [Number(m), n] as const).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [m, n] of entries) {
    seen += n;
    if (seen >= rank) return m;
  }
  return entries[entries.length - 1][0];
};

const ratio = (a: number, b: number) => (b ? a / b : null);

const n = (c: RollupCounters, k: string) => c.counts[k] ?? 0;

const satisfactionLine = (key: string, label: string, c: RollupCounters, goal: number): SatisfactionLine => {
  const rate = ratio(n(c, 'satisfied'), n(c, 'rated'));
  const hist = c.hists[HISTS.resolve] ?? {};
  return {
    key,
    label,
    resolved: n(c, 'resolved'),
    rated: n(c, 'rated'),
    satisfied: n(c, 'satisfied'),
    satisfactionRate: rate,
    responseRate: ratio(n(c, 'rated'), n(c, 'resolved')),
    meetsGoal: rate === null ? null : rate >= goal,
    medianResolveMinutes: percentileMinutes(hist, 0.5),
    p90ResolveMinutes: percentileMinutes(hist, 0.9),
  };
};

const slaLine = (key: string, label: string, c: RollupCounters): SlaLine => ({
  key,
  label,
  due: n(c, 'deadlinesDue'),
  met: n(c, 'deadlinesMet'),
  complianceRate: ratio(n(c, 'deadlinesMet'), n(c, 'deadlinesDue')),
});

const byLabel = <T extends { label: string; key: string }>(a: T, b: T) => a.label.localeCompare(b.label, 'zh-CN') || a.key.localeCompare(b.key);

/**
 * The supervisors' figures from the monthly complaint fact rows (facts.ts; other rows are ignored): per period (month or quarter, the months
 * summed), overall, per handler and per category against the goal, and SLA compliance per handler
 * and per team (a staff attribute, read now: a handler who changed team takes their figures along).
 */
export const satisfactionFigures = (
  rows: readonly RollupRow[],
  opts: { kind: PeriodKind; months: readonly string[]; goalRate: number; staff: ReadonlyMap<string, StaffInfo> },
): SatisfactionFigures => {
  const periods = [...new Set(opts.months.map((m) => periodOf(m, opts.kind)))];
  const handlerLabel = (id: string) => (id === UNASSIGNED ? UNASSIGNED_LABEL : opts.staff.get(id)?.name ?? id);
  const facts = rows.filter((r) => r.dim === FACTS.complaint).map((r) => ({ month: r.month, t: decodeTuple(r.value), counters: r.counters }));
  const figures = periods.map((period): PeriodFigures => {
    const mine = facts.filter((r) => periodOf(r.month, opts.kind) === period);
    const group = (keyOf: (r: (typeof mine)[number]) => string) => {
      const out = new Map<string, RollupCounters>();
      for (const r of mine) {
        const k = keyOf(r);
        let acc = out.get(k);
        if (!acc) out.set(k, (acc = emptyCounters()));
        addInto(acc, r.counters);
      }
      return out;
    };
    const all = group(() => '').get('') ?? emptyCounters();
    const handlers = group((r) => r.t.handler);
    // A category appears once it has a resolution or a rating (received-only rows are not satisfaction figures).
    const categories = new Map([...group((r) => r.t.category)].filter(([, c]) => n(c, 'resolved') || n(c, 'rated')));
    const teams = group((r) => opts.staff.get(r.t.handler)?.team ?? '');
    const g = opts.goalRate;
    return {
      period,
      label: periodLabel(period),
      overall: satisfactionLine('all', '全部', all, g),
      byHandler: [...handlers].filter(([, c]) => n(c, 'resolved') || n(c, 'rated')).map(([id, c]) => satisfactionLine(id, handlerLabel(id), c, g)).sort(byLabel),
      byCategory: [...categories]
        .map(([cat, c]) => satisfactionLine(cat, COMPLAINT_CATEGORIES[cat as keyof typeof COMPLAINT_CATEGORIES] ?? cat, c, g))
        .sort(byLabel),
      sla: {
        overall: slaLine('all', '全部', all),
        byHandler: [...handlers].filter(([, c]) => n(c, 'deadlinesDue')).map(([id, c]) => slaLine(id, handlerLabel(id), c)).sort(byLabel),
        byTeam: [...teams].filter(([, c]) => n(c, 'deadlinesDue')).map(([team, c]) => slaLine(team || 'none', team || NO_TEAM_LABEL, c)).sort(byLabel),
      },
    };
  });
  return { kind: opts.kind, goalRate: opts.goalRate, periods: figures };
};

const pct = (r: number | null) => (r === null ? '' : `${(r * 100).toFixed(1)}%`);
const num = (n: number | null) => (n === null ? '' : String(n));

export const SATISFACTION_CSV_COLUMNS = [
  '期间', '维度', '名称', '已答复', '已评价', '满意(4-5星)', '满意率', '目标', '是否达标', '评价率', '处理时长中位数(分钟)', '处理时长P90(分钟)', '到期时限', '按时完成', '时限达成率',
];

/** The same figures as CSV: UTF-8 with a BOM for Excel, CRLF line ends, cells quoted as the audit export's. */
export const satisfactionCsv = (f: SatisfactionFigures): string => {
  const lines: string[][] = [];
  const goal = pct(f.goalRate);
  const sat = (p: PeriodFigures, dim: string, l: SatisfactionLine, sla?: SlaLine) =>
    lines.push([
      p.label, dim, l.label, String(l.resolved), String(l.rated), String(l.satisfied), pct(l.satisfactionRate), goal,
      l.meetsGoal === null ? '' : l.meetsGoal ? '达标' : '未达标', pct(l.responseRate), num(l.medianResolveMinutes), num(l.p90ResolveMinutes),
      sla ? String(sla.due) : '', sla ? String(sla.met) : '', sla ? pct(sla.complianceRate) : '',
    ]);
  for (const p of f.periods) {
    sat(p, '全部', p.overall, p.sla.overall);
    for (const h of p.byHandler) sat(p, '处理人', h, p.sla.byHandler.find((s) => s.key === h.key));
    // Handlers with deadlines but no resolution in the period still have an SLA line.
    for (const s of p.sla.byHandler.filter((s) => !p.byHandler.some((h) => h.key === s.key)))
      lines.push([p.label, '处理人', s.label, '', '', '', '', goal, '', '', '', '', String(s.due), String(s.met), pct(s.complianceRate)]);
    for (const c of p.byCategory) sat(p, '投诉类别', c);
    for (const t of p.sla.byTeam) lines.push([p.label, '团队', t.label, '', '', '', '', '', '', '', '', '', String(t.due), String(t.met), pct(t.complianceRate)]);
  }
  return '\uFEFF' + [SATISFACTION_CSV_COLUMNS, ...lines].map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
};
