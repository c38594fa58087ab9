import type { AuditDraft } from '../audit/chain';
import { DomainError } from '../shared/errors';
import { maskPersonalText } from '../shared/personalText';
import type { Clock } from '../shared/ports';
import { visibleLength } from '../shared/validation';
import type { StaffPrincipal } from '../staff/model';
import { targetsFor, type ReportTargets, type TargetKey } from './targets';

/**
 * The number compliance confirms for a year's target the seed gives without one (整体客户满意度达到
 * 行业领先水平): a percentage with its basis (依据), versioned per year and target, every version kept
 * and audited. The report reads the latest version live and says when it was confirmed, so a number
 * set after a quarter was frozen is visibly dated rather than silently part of the frozen figures.
 */
export interface TargetSetting {
  year: number;
  key: TargetKey;
  /** A fraction: 0.95 is 95%. */
  value: number;
  /** Why this number, as compliance wrote it (personal numbers masked). */
  basis: string;
  version: number;
  setAt: string;
  setBy: { id: string; role: string; name: string };
}

export interface TargetSettingStore {
  /** The latest version of each target set for the year. */
  current(year: number): Promise<TargetSetting[]>;
  /** Every version of one target, oldest first. */
  history(year: number, key: TargetKey): Promise<TargetSetting[]>;
  /** Version-checked (REPORTS.TARGET_CONFLICT): `expectedVersion` 0 for the first; the audit entry in the same write. */
  save(s: TargetSetting, expectedVersion: number, audit: AuditDraft): Promise<void>;
}

export const BASIS_MIN = 4;
export const BASIS_MAX = 200;
export const FIRST_TARGET_YEAR = 2020;

export const targetErrors = {
  conflict: (year: number, key: string) => new DomainError('REPORTS.TARGET_CONFLICT', '目标已被他人更新，请刷新后重试', `target ${key} of ${year} changed`),
  year: (year: number) => new DomainError('REPORTS.TARGET_YEAR_INVALID', `年度须在 ${FIRST_TARGET_YEAR} 年至明年之间`, `target year ${year} out of range`),
  notSettable: (key: string) => new DomainError('REPORTS.TARGET_NOT_SETTABLE', '该目标的数值已由工作方案给出，不需要合规确认', `target ${key.slice(0, 40)} has a number already`),
  value: () => new DomainError('REPORTS.TARGET_VALUE_INVALID', '目标数值须为 0.1–100 之间的百分数，最多一位小数', 'target percent out of range or too precise'),
  basisRequired: () => new DomainError('REPORTS.TARGET_BASIS_REQUIRED', `请填写依据（至少 ${BASIS_MIN} 个字）`, 'target basis missing or too short'),
  basisTooLong: () => new DomainError('REPORTS.TARGET_BASIS_TOO_LONG', `依据不能超过 ${BASIS_MAX} 个字`, 'target basis too long'),
  notConfigured: () => new DomainError('REPORTS.TARGETS_NOT_CONFIGURED', '年度目标设置暂不可用', 'no target setting store configured'),
};

/** The year's targets the seed leaves without a number (data: those whose rule is `unconfirmed`). */
export const settableTargetKeys = (year: number, byYear?: Readonly<Record<string, ReportTargets>>): TargetKey[] =>
  (Object.entries(targetsFor(year, byYear)) as [TargetKey, ReportTargets[TargetKey]][]).filter(([, t]) => t.rule.kind === 'unconfirmed').map(([k]) => k);

/**
 * The year's targets with compliance's numbers in place of the unconfirmed ones: such a target
 * becomes "at least" the number, carrying who confirmed it, when, on what basis, and the version.
 */
export const withConfirmedTargets = (base: ReportTargets, settings: readonly TargetSetting[]): ReportTargets => {
  const out = { ...base };
  for (const s of settings) {
    const t = out[s.key];
    if (!t || t.rule.kind !== 'unconfirmed') continue;
    out[s.key] = { ...t, rule: { kind: 'atLeast', value: s.value }, confirmation: { value: s.value, basis: s.basis, at: s.setAt, by: s.setBy.name, version: s.version } };
  }
  return out;
};

/** Percent as entered (95, 92.5) → a fraction, or the coded refusal. */
const fractionOf = (percent: number): number => {
  if (!Number.isFinite(percent) || percent < 0.1 || percent > 100 || Math.abs(percent * 10 - Math.round(percent * 10)) > 1e-9) throw targetErrors.value();
  return Math.round(percent * 10) / 1000;
};

const requireYear = (year: number, now: Date) => {
  const thisYear = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  if (!Number.isInteger(year) || year < FIRST_TARGET_YEAR || year > thisYear + 1) throw targetErrors.year(year);
  return year;
};

export interface TargetSettingDeps {
  targetSettings?: TargetSettingStore;
  clock: Clock;
  policy?: { targetsByYear?: Readonly<Record<string, ReportTargets>> };
}

const store = (deps: TargetSettingDeps) => {
  if (!deps.targetSettings) throw targetErrors.notConfigured();
  return deps.targetSettings;
};

/** The year's settable targets: wording, the current setting (if any) and every version. */
export const yearTargetSettings = async (deps: TargetSettingDeps, input: { year: number }) => {
  const year = requireYear(input.year, deps.clock.now());
  const s = store(deps);
  const base = targetsFor(year, deps.policy?.targetsByYear);
  const current = await s.current(year);
  return Promise.all(
    settableTargetKeys(year, deps.policy?.targetsByYear).map(async (key) => ({
      key,
      wording: base[key].wording,
      measure: base[key].measure,
      current: current.find((c) => c.key === key) ?? null,
      history: await s.history(year, key),
    })),
  );
};

/**
 * Compliance (or head office) sets the number of a target the seed leaves open: a percentage and a
 * basis, version-checked, audited with the number and basis before and after. Bad input is refused
 * with its own code before anything is written.
 */
export const setReportTarget = async (
  deps: TargetSettingDeps,
  who: StaffPrincipal,
  input: { year: number; key: string; percent: number; basis: string; expectedVersion: number },
): Promise<TargetSetting> => {
  const year = requireYear(input.year, deps.clock.now());
  const key = input.key as TargetKey;
  if (!settableTargetKeys(year, deps.policy?.targetsByYear).includes(key)) throw targetErrors.notSettable(input.key);
  const value = fractionOf(input.percent);
  const basisText = input.basis.trim();
  if (visibleLength(basisText) < BASIS_MIN) throw targetErrors.basisRequired();
  if ([...basisText].length > BASIS_MAX) throw targetErrors.basisTooLong();
  const s = store(deps);
  const before = (await s.current(year)).find((c) => c.key === key) ?? null;
  if ((before?.version ?? 0) !== input.expectedVersion) throw targetErrors.conflict(year, key);
  const next: TargetSetting = {
    year,
    key,
    value,
    // Staff's words: a phone, ID or card number in them is masked as written.
    basis: maskPersonalText(basisText).text,
    version: input.expectedVersion + 1,
    setAt: deps.clock.now().toISOString(),
    setBy: { id: who.id, role: who.role, name: who.name },
  };
  await s.save(next, input.expectedVersion, {
    actorId: who.id,
    actorRole: who.role,
    action: 'reports.targets.set',
    subjectType: 'reportTarget',
    subjectId: `${year}:${key}`,
    detail: {
      version: next.version,
      before: before ? { value: before.value, basis: before.basis, version: before.version } : null,
      after: { value: next.value, basis: next.basis },
    },
  });
  return next;
};
