import type { Clock, IdGenerator } from '../shared/ports';
import type { StaffStore } from '../staff/ports';
import { earlyWarningOutbox, earlyWarningRecipients } from './notifications';
import { detectRises, type RiseFinding } from './detector';
import { maskMember, maskPolicyNo, valueLabel } from './labels';
import { RISE_DIMS, type AlertKind, type AlertTest, type EarlyWarningAlert, type EvidenceComplaint, type WarningDim, type WeekCount, type WeeklySeries, type WeekRun } from './model';
import type { EarlyWarningPolicy } from './policy';
import type { ComplaintDrill, DrilledComplaint, EarlyWarningStore, WeeklyCounts } from './ports';
import { distinctMembers, repeatWindow } from './rules';
import { addWeeks, isoWeekOf, weekRange, weeksBefore, type IsoWeek } from './weeks';
import { DAY_MS } from '../shared/shanghaiTime';

export interface EarlyWarningRunDeps {
  counts: WeeklyCounts;
  drill: ComplaintDrill;
  alerts: EarlyWarningStore;
  clock: Clock;
  /** sha256 hex: alert ids are derived from their keys. */
  hash: (s: string) => string;
  policy: EarlyWarningPolicy;
  /** Where a new alert is announced (staff alert feed); without it alerts appear on their screen only. */
  notify?: { staff: Pick<StaffStore, 'list'>; ids: IdGenerator };
}

export interface EarlyWarningRunReport {
  week: IsoWeek;
  ran: boolean;
  opened: number;
  candidates: number;
}

/** The week a run at `now` evaluates: the last complete ISO week, once `runAfterMs` of the next has passed. */
export const weekToRun = (now: Date, policy: Pick<EarlyWarningPolicy, 'runAfterMs'>): IsoWeek => addWeeks(isoWeekOf(new Date(now.getTime() - policy.runAfterMs)), -1);

const alertKey = (week: IsoWeek, kind: AlertKind, dim: WarningDim, value: string) => `${week}|${kind}|${dim}|${value}`;

/** The member as an alert names them: a hash prefix, stable across weeks, not reversible to the openid by staff. */
export const memberPseudonym = (hash: (s: string) => string, memberId: string) => `m-${hash(`earlyWarning:member\n${memberId}`).slice(0, 16)}`;

/** Values that name nothing (complaints without a policy) are not a product, seller or policy to alert on. */
const NEEDS_VALUE: readonly WarningDim[] = ['product', 'salesChannel', 'seller', 'policy', 'member'];

const toSeries = (dim: WarningDim, rows: { week: IsoWeek; value: string; count: number }[]): WeeklySeries[] => {
  const by = new Map<string, WeekCount[]>();
  for (const r of rows) {
    if (NEEDS_VALUE.includes(dim) && r.value === '') continue;
    const list = by.get(r.value) ?? [];
    list.push({ week: r.week, count: r.count });
    by.set(r.value, list);
  }
  return [...by].map(([value, weeks]) => ({ dim, value, weeks }));
};

const evidenceOf = (items: readonly DrilledComplaint[]): EvidenceComplaint[] =>
  items.map((c) => ({
    id: c.id,
    number: c.number,
    receivedAt: c.receivedAt,
    category: c.category,
    channel: c.channel,
    memberMasked: maskMember(c.memberId),
    ...(c.policyNo ? { policyNoMasked: maskPolicyNo(c.policyNo) } : {}),
  }));

/**
 * The weekly run (a watch on the deadline timer, every 5 minutes): evaluates the last complete week
 * once. Reads the weekly counts, tests every rise series (detector.ts), applies the data rules to
 * members, policies and sellers, drills each alert's complaints (its evidence, resolved now), and
 * opens the alerts with the week's run record. A week already run is skipped; a run cut short before
 * its record re-runs and opens only what is missing (alert ids come from week|kind|dim|value).
 */
export const runEarlyWarningWeek = async (deps: EarlyWarningRunDeps, weekArg?: IsoWeek): Promise<EarlyWarningRunReport> => {
  const { policy } = deps;
  const now = deps.clock.now();
  const week = weekArg ?? weekToRun(now, policy);
  if (await deps.alerts.weekRun(week)) return { week, ran: false, opened: 0, candidates: 0 };
  const { from, to } = weekRange(week);
  const lookback = [...weeksBefore(week, policy.lookbackWeeks), week];
  const seriesOf = async (dim: WarningDim, weeks: readonly IsoWeek[] = lookback) => toSeries(dim, await deps.counts.received(dim, weeks));

  const rise = detectRises((await Promise.all(RISE_DIMS.map((d) => seriesOf(d)))).flat(), week, policy);
  const sellers = await seriesOf('seller');
  const sellerRise = detectRises(sellers, week, policy);

  const alerts: EarlyWarningAlert[] = [];
  const at = now.toISOString();
  const open = (kind: AlertKind, dim: WarningDim, raw: string, series: WeekCount[], test: AlertTest, drilled: { items: DrilledComplaint[]; total: number }) => {
    // A member is kept in the alert as a pseudonym (their openid never reaches a staff screen or response).
    const value = dim === 'member' ? memberPseudonym(deps.hash, raw) : raw;
    const key = alertKey(week, kind, dim, value);
    alerts.push({
      id: `ew-${week}-${deps.hash(key).slice(0, 24)}`,
      key,
      week,
      kind,
      dim,
      value,
      label: valueLabel(dim, raw),
      series,
      test,
      evidence: { complaints: evidenceOf(drilled.items), total: drilled.total, truncated: drilled.total > drilled.items.length },
      status: 'new',
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
  };
  const drillWeek = (dim: WarningDim, value: string) => deps.drill.received({ dim, value, from, to, limit: policy.evidenceLimit });
  const riseAlarm = async (kind: AlertKind, f: RiseFinding) => open(kind, f.dim, f.value, f.series, f.test, await drillWeek(f.dim, f.value));

  for (const f of rise.alarms) await riseAlarm('rise', f);
  // Clusters on one seller: a rise against the seller's own history (the same test, its own family), or
  // complaints from several different members in the week (a rule, for sellers with little history).
  const sellerAlarmed = new Set(sellerRise.alarms.map((f) => f.value));
  for (const f of sellerRise.alarms) await riseAlarm('cluster', f);
  const thisWeek = (s: WeeklySeries) => s.weeks.filter((w) => w.week === week).reduce((a, w) => a + w.count, 0);
  const seriesFor = (s: WeeklySeries, n: number): WeekCount[] => {
    const by = new Map(s.weeks.map((w) => [w.week, w.count]));
    return [...weeksBefore(week, n), week].map((w) => ({ week: w, count: by.get(w) ?? 0 }));
  };
  const candidates = (list: WeeklySeries[], min: number) =>
    list
      .map((s) => ({ s, n: thisWeek(s) }))
      .filter((x) => x.n >= min)
      .sort((a, b) => b.n - a.n || a.s.value.localeCompare(b.s.value))
      .slice(0, policy.maxCandidates);
  let examined = 0;
  const minMembers = policy.sellerCluster.minDistinctMembers;
  for (const { s } of candidates(sellers.filter((s) => !sellerAlarmed.has(s.value)), minMembers)) {
    examined += 1;
    const drilled = await deps.drill.received({ dim: 'seller', value: s.value, from, to, limit: Math.max(policy.evidenceLimit, 500) });
    const members = distinctMembers(drilled.items);
    if (members < minMembers) continue;
    open('cluster', 'seller', s.value, seriesFor(s, policy.historyWeeks), {
      method: 'distinctMembersRule',
      count: drilled.total,
      distinctMembers: members,
      threshold: minMembers,
      statement: `本周该销售人员经手保单收到 ${drilled.total} 件投诉，来自 ${members} 位不同投诉人（规则：≥ ${minMembers} 位）。`,
    }, { items: drilled.items.slice(0, policy.evidenceLimit), total: drilled.total });
  }
  // Clusters on one policy: several complaints on one policy in one week.
  const minPolicy = policy.policyCluster.minComplaints;
  for (const { s, n } of candidates(await seriesOf('policy', [week]), minPolicy)) {
    examined += 1;
    open('cluster', 'policy', s.value, [{ week, count: n }], {
      method: 'policyRule',
      count: n,
      threshold: minPolicy,
      statement: `本周同一保单收到 ${n} 件投诉（规则：≥ ${minPolicy} 件）。`,
    }, await drillWeek('policy', s.value));
  }
  // Repeat complainants: weeks covering the window, then each candidate's complaints read exactly.
  const { minComplaints, windowDays } = policy.repeat;
  const windowWeeks = [...weeksBefore(week, Math.ceil(windowDays / 7)), week];
  const members = (await seriesOf('member', windowWeeks)).map((s) => ({ s, total: s.weeks.reduce((a, w) => a + w.count, 0), now: thisWeek(s) }));
  const memberCandidates = members
    .filter((m) => m.now > 0 && m.total >= minComplaints)
    .sort((a, b) => b.total - a.total || a.s.value.localeCompare(b.s.value))
    .slice(0, policy.maxCandidates);
  for (const { s } of memberCandidates) {
    examined += 1;
    const drilled = await deps.drill.received({ dim: 'member', value: s.value, from: new Date(Date.parse(from) - windowDays * DAY_MS).toISOString(), to, limit: 500 });
    const found = repeatWindow(drilled.items, from, to, windowDays);
    if (found.count < minComplaints) continue;
    open('repeatComplainant', 'member', s.value, seriesFor(s, windowWeeks.length - 1), {
      method: 'repeatRule',
      count: found.count,
      threshold: minComplaints,
      statement: `同一投诉人在 ${windowDays} 天内投诉 ${found.count} 件，最近一件在本周（规则：${windowDays} 天内 ≥ ${minComplaints} 件）。`,
    }, { items: found.complaints.slice(-policy.evidenceLimit), total: found.count });
  }

  const run: WeekRun = {
    week,
    ranAt: at,
    families: [
      { family: 'rise', tested: rise.tested, threshold: rise.threshold },
      { family: 'seller', tested: sellerRise.tested, threshold: sellerRise.threshold },
    ],
    // Capped: a register with many new sellers must not make the run record large.
    untested: [...rise.untested, ...sellerRise.untested].slice(0, 200).map((u) => ({ ...u, label: valueLabel(u.dim, u.value) })),
    alerts: alerts.length,
  };
  const outbox = deps.notify && alerts.length ? earlyWarningOutbox(alerts, earlyWarningRecipients(await deps.notify.staff.list()), () => deps.notify!.ids.newId(), now) : undefined;
  const { opened } = await deps.alerts.openWeek(run, alerts, outbox);
  return { week, ran: true, opened, candidates: examined + rise.tested + sellerRise.tested };
};
