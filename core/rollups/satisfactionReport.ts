import type { AuditLog } from '../audit/chain';
import { STAFF_ACTIVITY } from '../audit/reads';
import { localDateOf } from '../shared/shanghaiTime';
import { DomainError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import type { StaffStore } from '../staff/ports';
import type { StaffPrincipal } from '../staff/model';
import { isMonth, monthsBetween, satisfactionCsv, satisfactionFigures, type PeriodKind, type SatisfactionFigures, type StaffInfo } from './figures';
import type { RollupStore } from './ports';
import { FACTS } from './facts';

export interface SatisfactionReportDeps {
  rollups?: RollupStore;
  staff: Pick<StaffStore, 'list'>;
  clock: Clock;
  policy: { satisfaction: { goalRate: number } };
}

export interface SatisfactionQuery {
  period: PeriodKind;
  from?: string;
  to?: string;
}

/** At most three years of months in one answer. */
export const MAX_MONTHS = 36;

export const reportErrors = {
  notConfigured: () => new DomainError('REPORTS.NOT_CONFIGURED', '统计数据暂不可用', 'no rollup store configured for this function'),
  badRange: (from: string, to: string) => new DomainError('REPORTS.BAD_RANGE', '统计区间有误：开始月份应不晚于结束月份，且不超过36个月', `bad range ${from}..${to}`),
};

const addMonths = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

/** The months the query covers: a quarter view widens to whole quarters; the default is the last 6 months or 4 quarters. */
export const monthsOf = (q: SatisfactionQuery, now: Date): string[] => {
  const current = localDateOf(now).slice(0, 7);
  let to = q.to ?? current;
  let from = q.from ?? addMonths(to, q.period === 'quarter' ? -11 : -5);
  if (q.period === 'quarter') {
    from = addMonths(from, -((Number(from.slice(5, 7)) - 1) % 3));
    to = addMonths(to, 2 - ((Number(to.slice(5, 7)) - 1) % 3));
  }
  if (!isMonth(from) || !isMonth(to) || from > to || monthsBetween(from, to, MAX_MONTHS + 1).length > MAX_MONTHS) throw reportErrors.badRange(from, to);
  return monthsBetween(from, to, MAX_MONTHS);
};

const staffInfo = async (deps: SatisfactionReportDeps): Promise<Map<string, StaffInfo>> =>
  new Map((await deps.staff.list()).map((s) => [s.id, { name: s.displayName, ...(s.team ? { team: s.team } : {}) }]));

/** Read from the rollups only: the page costs one read per month, whatever the number of complaints. */
export const satisfactionReport = async (deps: SatisfactionReportDeps, q: SatisfactionQuery): Promise<SatisfactionFigures & { months: string[] }> => {
  if (!deps.rollups) throw reportErrors.notConfigured();
  const months = monthsOf(q, deps.clock.now());
  const rows = await deps.rollups.read(months, [FACTS.complaint]);
  return { ...satisfactionFigures(rows, { kind: q.period, months, goalRate: deps.policy.satisfaction.goalRate, staff: await staffInfo(deps) }), months };
};

/** The same figures as CSV; the export is audited on the exporting staff member's own chain. */
export const satisfactionExport = async (deps: SatisfactionReportDeps & { audit: Pick<AuditLog, 'append'> }, who: StaffPrincipal, q: SatisfactionQuery) => {
  const figures = await satisfactionReport(deps, q);
  await deps.audit.append({
    actorId: who.id,
    actorRole: who.role,
    action: 'reports.satisfaction.export',
    subjectType: STAFF_ACTIVITY,
    subjectId: who.id,
    detail: { period: q.period, from: figures.months[0], to: figures.months[figures.months.length - 1] },
  });
  const range = `${figures.months[0]}至${figures.months[figures.months.length - 1]}`;
  return { fileName: `满意度与时限达成-${range}.csv`, csv: satisfactionCsv(figures) };
};
