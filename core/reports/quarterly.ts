import type { AuditLog } from '../audit/chain';
import { maskPersonalText } from '../shared/personalText';
import { DomainError } from '../shared/errors';
import type { Clock, IdGenerator } from '../shared/ports';
import type { StaffPrincipal } from '../staff/model';
import type { QuarterCommentary, QuarterCorrection, QuarterSnapshot, ReportStore } from './model';
import { lastEndedQuarter, previousQuarter, quarterEnd, requirePastQuarter, sameQuarterLastYear, type Quarter } from './quarter';
import { buildQuarterReport, sourceOfKey, type QuarterReport, type QuarterState } from './report';
import type { QuarterSources } from './sources';
import { withConfirmedTargets, type TargetSettingStore } from './targetSettings';
import { targetsFor, type ReportTargets } from './targets';
import { canonicalFigures, collectFigures, differences, effectiveValues } from './values';

export interface QuarterlyReportDeps {
  reports: ReportStore;
  sources: QuarterSources;
  clock: Clock;
  ids: IdGenerator;
  hash: (text: string) => string;
  /** Numbers compliance confirmed for the targets the seed leaves open; read live, each dated. */
  targetSettings?: TargetSettingStore;
  policy?: {
    /** Days after a quarter ends before the timer freezes it (late ratings and reopenings settle). */
    settleDays?: number;
    /** Targets by year (data); the seed's defaults otherwise. */
    targetsByYear?: Readonly<Record<string, ReportTargets>>;
  };
}

export const DEFAULT_SETTLE_DAYS = 15;

export const commentaryErrors = {
  conflict: (q: Quarter) => new DomainError('REPORTS.COMMENTARY_CONFLICT', '评述已被他人更新，请刷新后重试', `commentary of ${q} changed`),
};

/** The quarter's snapshot, freezing today's figures if this is the first time it is asked for. */
export const frozenQuarter = async (deps: QuarterlyReportDeps, quarter: Quarter, trigger: QuarterSnapshot['trigger']): Promise<QuarterSnapshot> => {
  const existing = await deps.reports.snapshot(quarter);
  if (existing) return existing;
  const figures = await collectFigures(deps.sources, quarter);
  return deps.reports.freeze({ ...figures, frozenAt: deps.clock.now().toISOString(), trigger, hash: deps.hash(canonicalFigures(figures)) });
};

/**
 * Compares today's sources with the frozen figures (and corrections already recorded) and records
 * each new difference once, dated. Sources not connected today are left out: a source going away
 * is not a correction.
 */
export const noticeCorrections = async (deps: QuarterlyReportDeps, snapshot: QuarterSnapshot): Promise<QuarterCorrection[]> => {
  const recorded = await deps.reports.corrections(snapshot.quarter);
  const today = await collectFigures(deps.sources, snapshot.quarter);
  const known = effectiveValues(snapshot.values, recorded);
  const at = deps.clock.now().toISOString();
  let added = false;
  for (const d of differences(known, today.values)) {
    if (!today.connected[sourceOfKey(d.metric)]) continue;
    const c: QuarterCorrection = { id: deps.ids.newId(), quarter: snapshot.quarter, metric: d.metric, frozen: snapshot.values[d.metric] ?? null, corrected: d.now, at };
    if (await deps.reports.addCorrection(c)) added = true;
  }
  return added ? deps.reports.corrections(snapshot.quarter) : recorded;
};

/**
 * The year's targets: the seed's (or policy's), with the numbers compliance has confirmed. Targets are
 * not part of the frozen figures: a number confirmed later applies to the year's reports from then on,
 * and the report states the date it was confirmed (and that it came after the freeze).
 */
const yearTargets = async (deps: QuarterlyReportDeps, year: number): Promise<ReportTargets> => {
  const base = targetsFor(year, deps.policy?.targetsByYear);
  return deps.targetSettings ? withConfirmedTargets(base, await deps.targetSettings.current(year)) : base;
};

const stateOf = async (deps: QuarterlyReportDeps, quarter: Quarter): Promise<QuarterState> => {
  const snapshot = await frozenQuarter(deps, quarter, 'report');
  return { snapshot, corrections: await noticeCorrections(deps, snapshot) };
};

/**
 * 季度报告 of a past quarter: its frozen figures (frozen now if first asked), with the previous
 * quarter and the same quarter a year earlier (frozen alike), the year's targets, the corrections
 * and the manager's commentary. The same figures on every run; a late change is a correction.
 */
export const quarterlyReport = async (deps: QuarterlyReportDeps, input: { quarter: string }): Promise<QuarterReport> => {
  const now = deps.clock.now();
  const quarter = requirePastQuarter(input.quarter, now);
  const current = await stateOf(deps, quarter);
  const previous = await stateOf(deps, previousQuarter(quarter));
  const lastYear = await stateOf(deps, sameQuarterLastYear(quarter));
  return buildQuarterReport({
    current,
    previous,
    lastYear,
    targets: await yearTargets(deps, Number(quarter.slice(0, 4))),
    commentary: await deps.reports.commentary(quarter),
    generatedAt: now.toISOString(),
  });
};

/**
 * The timer's part: once the last ended quarter is past its settle period, freeze it (if no report
 * froze it first) and record any correction since. Returns the quarter it froze, if any.
 */
export const freezeSettledQuarter = async (deps: QuarterlyReportDeps): Promise<{ froze?: Quarter; corrections: number }> => {
  const now = deps.clock.now();
  const quarter = lastEndedQuarter(now);
  const settleMs = (deps.policy?.settleDays ?? DEFAULT_SETTLE_DAYS) * 86_400_000;
  if (quarterEnd(quarter).getTime() + settleMs > now.getTime()) return { corrections: 0 };
  const had = await deps.reports.snapshot(quarter);
  const snapshot = had ?? (await frozenQuarter(deps, quarter, 'timer'));
  const corrections = await noticeCorrections(deps, snapshot);
  return { ...(had ? {} : { froze: quarter }), corrections: corrections.length };
};

/** The commentary and its every version (who wrote what, when). */
export const commentaryHistory = async (deps: Pick<QuarterlyReportDeps, 'reports' | 'clock'>, input: { quarter: string }) =>
  deps.reports.commentaryHistory(requirePastQuarter(input.quarter, deps.clock.now()));

/** A manager's commentary on a past quarter: versioned (stale edits refused), audited. */
export const saveCommentary = async (
  deps: Pick<QuarterlyReportDeps, 'reports' | 'clock'> & { audit?: Pick<AuditLog, 'append'> },
  who: StaffPrincipal,
  input: { quarter: string; text: string; expectedVersion: number },
): Promise<QuarterCommentary> => {
  const quarter = requirePastQuarter(input.quarter, deps.clock.now());
  const current = await deps.reports.commentary(quarter);
  if ((current?.version ?? 0) !== input.expectedVersion) throw commentaryErrors.conflict(quarter);
  const next: QuarterCommentary = {
    quarter,
    // Staff's words: a phone, ID or card number in them is masked as written.
    text: maskPersonalText(input.text).text,
    version: input.expectedVersion + 1,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: { id: who.id, role: who.role, name: who.name },
  };
  await deps.reports.saveCommentary(next, input.expectedVersion, {
    actorId: who.id,
    actorRole: who.role,
    action: 'reports.quarterly.comment',
    subjectType: 'quarterlyReport',
    subjectId: quarter,
    detail: { version: next.version, chars: input.text.length },
  });
  return next;
};
