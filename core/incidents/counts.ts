import type { Page } from '../shared/page';
import { startOfLocalDay } from '../shared/shanghaiTime';
import { incidentErrors } from './errors';
import { INCIDENT_KINDS, INCIDENT_SEVERITIES, INCIDENT_STATUSES, kindLabel, type Incident, type IncidentKind, type IncidentStatus } from './model';
import { INCIDENT_POLICY } from './policy';
import type { IncidentStore } from './ports';

/**
 * Incident figures for the dashboard and the quarterly report, and the list a figure drills into.
 * Counted by the month the incident occurred (Asia/Shanghai), whoever found it and whatever its status.
 * Names are stable: ROLLUPS, DASHUI and REPORT call them.
 */
export interface IncidentSummary {
  id: string;
  kind: IncidentKind;
  kindLabel: string;
  source: 'derived' | 'manual';
  status: IncidentStatus;
  statusLabel: string;
  severity: string;
  severityLabel: string;
  occurredAt: string;
  title: string;
  affectedMembers?: number;
  version: number;
}

export interface QuarterComparison {
  quarter: string;
  count: number;
  /** The same quarter a year earlier. */
  baselineQuarter: string;
  baselineCount: number;
  /** (count − baseline) ÷ baseline, or 'n/a' with no incidents to compare against (no history). */
  change: number | 'n/a';
  /** −0.2: down 20% (seed 000). */
  target: number;
  met: boolean | 'n/a';
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

const nextMonth = (m: string) => {
  const [y, mm] = m.split('-').map(Number);
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
};

/** YYYY-MM or YYYY-MM-DD (Shanghai), inclusive at both ends, as instants [fromAt, toAt). */
export const periodInstants = (from: string, to: string): { fromAt: string; toAt: string } => {
  const start = MONTH.test(from) ? `${from}-01` : from;
  const endDay = MONTH.test(to) ? `${nextMonth(to)}-01` : to;
  if (!DATE.test(start) || !DATE.test(endDay)) throw incidentErrors.badPeriod();
  const fromAt = startOfLocalDay(start);
  const toAt = MONTH.test(to) ? startOfLocalDay(endDay) : new Date(startOfLocalDay(endDay).getTime() + 24 * 3600_000);
  if (fromAt >= toAt) throw incidentErrors.badPeriod();
  return { fromAt: fromAt.toISOString(), toAt: toAt.toISOString() };
};

export const quarterMonths = (quarter: string): string[] => {
  const m = QUARTER.exec(quarter);
  if (!m) throw incidentErrors.badPeriod();
  const first = (Number(m[2]) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${m[1]}-${String(first + i).padStart(2, '0')}`);
};

/** How much of a hand-recorded description its title (the list's 摘要) carries, in characters. */
const TITLE_CHARS = 30;

/** A hand-recorded incident's title: its kind and the start of the description, with "…" when cut so staff see there is more. */
export const manualTitleOf = (kind: IncidentKind, maskedDescription: string): string => {
  const chars = [...maskedDescription];
  return `${kindLabel(kind)}：${chars.slice(0, TITLE_CHARS).join('')}${chars.length > TITLE_CHARS ? '…' : ''}`;
};

/** Titles stored before the cut was marked still get their "…" in the list. */
const shownTitle = (i: Incident): string =>
  i.source === 'manual' && !i.title.endsWith('…') && [...i.description].length > TITLE_CHARS ? `${i.title}…` : i.title;

export const summaryOf = (i: Incident): IncidentSummary => ({
  id: i.id,
  kind: i.kind,
  kindLabel: kindLabel(i.kind),
  source: i.source,
  status: i.status,
  statusLabel: INCIDENT_STATUSES[i.status],
  severity: i.severity,
  severityLabel: INCIDENT_SEVERITIES[i.severity],
  occurredAt: i.occurredAt,
  title: shownTitle(i),
  ...(i.affectedMembers !== undefined ? { affectedMembers: i.affectedMembers } : {}),
  version: i.version,
});

export const incidentCounts = (store: IncidentStore, policy = INCIDENT_POLICY) => {
  const countsByKind = async (months: string[]): Promise<{ kind: string; label: string; count: number }[]> => {
    const rows = await store.countByMonth(months);
    return Object.keys(INCIDENT_KINDS).map((kind) => ({
      kind,
      label: kindLabel(kind),
      count: rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.count, 0),
    }));
  };
  const countsByMonth = async (months: string[]): Promise<{ month: string; count: number }[]> => {
    const rows = await store.countByMonth(months);
    return months.map((month) => ({ month, count: rows.filter((r) => r.month === month).reduce((s, r) => s + r.count, 0) }));
  };
  /** This quarter (YYYY-Qn) against the same quarter a year earlier, target −20%. */
  const quarterComparison = async (quarter: string): Promise<QuarterComparison> => {
    const [, y, q] = QUARTER.exec(quarter) ?? [];
    if (!y) throw incidentErrors.badPeriod();
    const baselineQuarter = `${Number(y) - 1}-Q${q}`;
    const total = async (qq: string) => (await countsByMonth(quarterMonths(qq))).reduce((s, r) => s + r.count, 0);
    const [count, baselineCount] = [await total(quarter), await total(baselineQuarter)];
    const change = baselineCount === 0 ? 'n/a' : (count - baselineCount) / baselineCount;
    const target = -policy.target.reduction;
    return { quarter, count, baselineQuarter, baselineCount, change, target, met: change === 'n/a' ? 'n/a' : change <= target };
  };
  /** The drill-down list: incidents occurring from `from` to `to` (YYYY-MM or YYYY-MM-DD, inclusive), newest first. */
  const list = async (
    query: { from: string; to: string; kind?: IncidentKind; status?: IncidentStatus },
    cursor?: string,
    limit = 20,
  ): Promise<Page<IncidentSummary>> => {
    const page = await store.list({ ...periodInstants(query.from, query.to), ...(query.kind ? { kind: query.kind } : {}), ...(query.status ? { status: query.status } : {}) }, { limit, ...(cursor ? { cursor } : {}) });
    return { items: page.items.map(summaryOf), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  };
  return { countsByKind, countsByMonth, quarterComparison, list };
};

export type IncidentCounts = ReturnType<typeof incidentCounts>;
