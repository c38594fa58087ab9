import { CHANNELS, COMPLAINT_CATEGORIES, GRADES } from '../complaints/model';
import type { StaffStore } from '../staff/ports';
import type { ComplaintFilters, ComplianceLine, CountLine, DashboardFigures, DashboardQuery, Distribution, DrillSpec } from './dashboard';
import { decodeTuple, FACTS, HISTS, UNASSIGNED, type ComplaintTuple } from './facts';
import { isMonth, monthsBetween, NO_TEAM_LABEL, percentileMinutes, UNASSIGNED_LABEL } from './figures';
import { emptyCounters, type RollupCounters } from './model';
import { COMPLAINT_FEED } from './consumer';
import type { RollupStore } from './ports';
import { MAX_MONTHS, reportErrors } from './satisfactionReport';

/** What the dashboard reads: the rollups only, plus staff names and teams (read now) and the goal. */
export interface DashboardFigureDeps {
  rollups: RollupStore;
  staff: Pick<StaffStore, 'list'>;
  policy: { satisfaction: { goalRate: number } };
  /** Security incidents per kind in these months (issue 13, INCIDENTS); absent → no incident figures. */
  incidents?: { countsByKind(months: string[]): Promise<{ kind: string; label: string; count: number }[]> };
}

const COMPLAINT_FILTER_KEYS = ['category', 'grade', 'channel', 'product', 'handler', 'team'] as const;

/** The team filter's value for handlers without a team (and the key of their SLA line). */
export const NO_TEAM = 'none';

/** The filters of the query that are set, as the drill-down carries them. */
export const complaintFiltersOf = (q: ComplaintFilters): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const k of COMPLAINT_FILTER_KEYS) if (q[k] !== undefined) out[k] = q[k] as string;
  return out;
};

/** The months of a query (at most 36), or REPORTS.BAD_RANGE. */
export const dashboardMonths = (q: Pick<DashboardQuery, 'from' | 'to'>): string[] => {
  if (!isMonth(q.from) || !isMonth(q.to) || q.from > q.to || monthsBetween(q.from, q.to, MAX_MONTHS + 1).length > MAX_MONTHS) throw reportErrors.badRange(q.from, q.to);
  return monthsBetween(q.from, q.to, MAX_MONTHS);
};

export const distributionOf = (hist: Record<string, number> | undefined): Distribution => {
  const h = hist ?? {};
  const count = Object.values(h).reduce((s, n) => s + n, 0);
  return { count, medianMinutes: percentileMinutes(h, 0.5), p90Minutes: percentileMinutes(h, 0.9) };
};

/**
 * Whether a complaint fact row's tuple is inside the filters. Team is the handler's team read now
 * (`none` for a handler without one); a filter on it keeps the rows of that team's handlers.
 */
export const tupleMatches = (t: ComplaintTuple, q: ComplaintFilters, teamOf: (handler: string) => string): boolean =>
  (q.category === undefined || t.category === q.category) &&
  (q.grade === undefined || t.grade === q.grade) &&
  (q.channel === undefined || t.channel === q.channel) &&
  (q.product === undefined || t.product === q.product) &&
  (q.handler === undefined || t.handler === q.handler) &&
  (q.team === undefined || (teamOf(t.handler) || NO_TEAM) === (q.team || NO_TEAM));

const ratio = (a: number, b: number) => (b ? a / b : null);
const n = (c: RollupCounters, k: string) => c.counts[k] ?? 0;
const byLabel = <T extends { label: string; key: string }>(a: T, b: T) => a.label.localeCompare(b.label, 'zh-CN') || a.key.localeCompare(b.key);

/** Sums rows' counters by a key (counts only: the histograms are summed once, for the total). */
const groupBy = <R extends { counters: RollupCounters }>(rows: readonly R[], keyOf: (r: R) => string): Map<string, RollupCounters> => {
  const out = new Map<string, RollupCounters>();
  for (const r of rows) {
    const k = keyOf(r);
    let acc = out.get(k);
    if (!acc) out.set(k, (acc = emptyCounters()));
    for (const [c, v] of Object.entries(r.counters.counts)) acc.counts[c] = (acc.counts[c] ?? 0) + v;
  }
  return out;
};
/** Sums rows' counters and histograms (histograms in Maps: minute keys are integer-like, slow as object keys). */
const total = (rows: readonly { counters: RollupCounters }[]): RollupCounters => {
  const counts: Record<string, number> = {};
  const hists = new Map<string, Map<string, number>>();
  for (const { counters } of rows) {
    for (const c in counters.counts) counts[c] = (counts[c] ?? 0) + counters.counts[c];
    for (const h in counters.hists) {
      let into = hists.get(h);
      if (!into) hists.set(h, (into = new Map()));
      const from = counters.hists[h];
      for (const m in from) into.set(m, (into.get(m) ?? 0) + from[m]);
    }
  }
  return { counts, hists: Object.fromEntries([...hists].map(([h, m]) => [h, Object.fromEntries(m)])) };
};

/**
 * The management dashboard's figures for a period and any complaint filters, from the rollup rows
 * only: one read per month, whatever the number of records. Complaint figures sum the fact rows
 * whose tuple matches the filters; the other areas' figures take the period only.
 */
export const dashboardFigures = async (deps: DashboardFigureDeps, query: DashboardQuery): Promise<DashboardFigures> => {
  const months = dashboardMonths(query);
  const { from, to } = query;
  const filters = complaintFiltersOf(query);
  const drill = (area: DrillSpec['area'], measure: string, extra: Record<string, string> = {}, base: Record<string, string> = filters): DrillSpec => ({
    area,
    from,
    to,
    measure,
    filters: { ...base, ...extra },
  });
  const [staffList, rows, cursor, incidents] = await Promise.all([
    deps.staff.list(),
    deps.rollups.read(months, [FACTS.complaint, FACTS.consultation, FACTS.claim, FACTS.booking]),
    deps.rollups.cursor(COMPLAINT_FEED),
    deps.incidents ? deps.incidents.countsByKind(months) : Promise.resolve([]),
  ]);
  const staff = new Map(staffList.map((s) => [s.id, { name: s.displayName, team: s.team ?? '' }]));
  const handlerLabel = (id: string) => (id === UNASSIGNED ? UNASSIGNED_LABEL : staff.get(id)?.name ?? id);
  const teamOf = (id: string) => staff.get(id)?.team ?? '';

  const facts = rows
    .filter((r) => r.dim === FACTS.complaint)
    .map((r) => ({ t: decodeTuple(r.value), counters: r.counters }))
    .filter((r) => tupleMatches(r.t, query, teamOf));
  const all = total(facts);
  const counted = (key: string, label: string, count: number, d: DrillSpec): CountLine => ({ key, label, count, drill: d });
  const countLines = (dim: keyof ComplaintTuple, labels: Record<string, string>, emptyLabel = '未关联保单'): CountLine[] =>
    [...groupBy(facts, (r) => r.t[dim])]
      .filter(([, c]) => n(c, 'received') > 0)
      .map(([key, c]) => counted(key, key === '' ? emptyLabel : labels[key] ?? key, n(c, 'received'), drill('complaints', 'received', { [dim]: key })))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const compliance = (key: string, label: string, c: RollupCounters, dueKey: string, metKey: string, d: DrillSpec): ComplianceLine => ({
    key,
    label,
    due: n(c, dueKey),
    met: n(c, metKey),
    rate: ratio(n(c, metKey), n(c, dueKey)),
    drill: d,
  });

  const area = (dim: string) => rows.filter((r) => r.dim === dim);
  const consult = total(area(FACTS.consultation));
  const claims = total(area(FACTS.claim));
  const bookingRows = area(FACTS.booking);
  const bookings = total(bookingRows);
  const benefitLabels = new Map(bookingRows.filter((r) => r.counters.label).map((r) => [r.value, r.counters.label as string]));
  const goalRate = deps.policy.satisfaction.goalRate;

  return {
    query,
    asOf: cursor?.at ?? null,
    complaints: {
      received: counted('received', '投诉量', n(all, 'received'), drill('complaints', 'received')),
      byCategory: countLines('category', COMPLAINT_CATEGORIES),
      byGrade: countLines('grade', GRADES),
      byChannel: countLines('channel', CHANNELS),
      byProduct: countLines('product', {}),
      acknowledge: distributionOf(all.hists[HISTS.acknowledge]),
      resolve: distributionOf(all.hists[HISTS.resolve]),
      slaByHandler: [...groupBy(facts, (r) => r.t.handler)]
        .filter(([, c]) => n(c, 'deadlinesDue'))
        .map(([id, c]) => compliance(id, handlerLabel(id), c, 'deadlinesDue', 'deadlinesMet', drill('complaints', 'deadlines', { handler: id })))
        .sort(byLabel),
      slaByTeam: [...groupBy(facts, (r) => teamOf(r.t.handler) || NO_TEAM)]
        .filter(([, c]) => n(c, 'deadlinesDue'))
        .map(([team, c]) => compliance(team, team === NO_TEAM ? NO_TEAM_LABEL : team, c, 'deadlinesDue', 'deadlinesMet', drill('complaints', 'deadlines', { team })))
        .sort(byLabel),
      satisfaction: {
        resolved: n(all, 'resolved'),
        rated: n(all, 'rated'),
        satisfied: n(all, 'satisfied'),
        rate: ratio(n(all, 'satisfied'), n(all, 'rated')),
        responseRate: ratio(n(all, 'rated'), n(all, 'resolved')),
        goalRate,
        drill: drill('complaints', 'rated'),
      },
    },
    consultations: {
      asked: counted('asked', '咨询量', n(consult, 'asked'), drill('consultations', 'asked', {}, {})),
      replied: n(consult, 'replied'),
      reply: distributionOf(consult.hists[HISTS.reply]),
    },
    claims: {
      reported: counted('reported', '报案量', n(claims, 'reported'), drill('claims', 'reported', {}, {})),
      decided: counted('decided', '已作出理赔决定', n(claims, 'decided'), drill('claims', 'decided', {}, {})),
      decisionClock: compliance('decisionClock', '理赔决定时限（30日）', claims, 'decisionDue', 'decisionMet', drill('claims', 'decisionClock', {}, {})),
      paymentClock: compliance('paymentClock', '赔款支付时限（10日）', claims, 'paymentDue', 'paymentMet', drill('claims', 'paymentClock', {}, {})),
    },
    benefits: {
      bookings: counted('booked', '权益预约量', n(bookings, 'booked'), drill('bookings', 'booked', {}, {})),
      redeemed: counted('redeemed', '权益使用量', n(bookings, 'redeemed'), drill('bookings', 'redeemed', {}, {})),
      byBenefit: [...groupBy(bookingRows, (r) => r.value)]
        .filter(([, c]) => n(c, 'booked') || n(c, 'redeemed'))
        .map(([id, c]) => counted(id, benefitLabels.get(id) ?? id, n(c, 'booked'), drill('bookings', 'booked', { benefit: id }, {})))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    },
    incidents: {
      total: counted('incidents', '信息安全事件', incidents.reduce((s, i) => s + i.count, 0), drill('incidents', 'incidents', {}, {})),
      byKind: incidents.map((i) => counted(i.kind, i.label, i.count, drill('incidents', 'incidents', { kind: i.kind }, {}))),
    },
  };
};
