import * as z from 'zod/mini';
import type { Clock } from '../shared/ports';
import { localDateOf } from '../shared/shanghaiTime';
import { parseInput } from '../shared/validation';
import type { StaffPrincipal } from '../staff/model';
import { requirePermission } from '../staff/permissions';
import {
  checkImportableYear,
  noticeContentText,
  noticeDays,
  parseNoticeCsv,
  type HolidayNoticeVersion,
} from './holidayNotice';
import { inForce, type LiveCalendar } from './liveCalendar';
import type { HolidayNoticeStore, RecomputeJob } from './ports';
import { continueRecompute, type DeadlineHolder } from './recompute';

export interface CalendarDeps {
  notices: HolidayNoticeStore;
  live: LiveCalendar;
  holders: DeadlineHolder[];
  clock: Clock;
  hash(text: string): string;
  /** The last year the built-in holiday table covers. */
  builtInThrough: number;
}

const importSchema = z.strictObject({
  year: z.int().check(z.gte(2000), z.lte(2100)),
  source: z.string().check(z.maxLength(80)),
  csv: z.string().check(z.minLength(1), z.maxLength(20_000)),
  /** Check and preview only: nothing is written. */
  dryRun: z._default(z.boolean(), false),
});
const LABELS = { year: '年份', source: '文号', csv: '节假日安排', dryRun: '仅校验' };

export interface HolidayImportResult {
  year: number;
  holidays: { name: string; from: string; to: string; days: number }[];
  makeupWorkdays: { date: string; name: string }[];
  holidayDays: number;
  /** The same content as the version in force: nothing was written. */
  unchanged: boolean;
  replacesVersion?: number;
  imported: boolean;
  version?: number;
  recompute?: RecomputeJob;
}

/** How many records are recomputed inside the import request; the timer finishes the rest. */
const INLINE_RECOMPUTE_BUDGET = 200;

/**
 * Imports a year's holiday notice: validated whole (every problem reported, nothing written if any),
 * kept as a new version (earlier versions stay for the record), audited in the same transaction,
 * then every active case's deadlines are recomputed and members whose dates moved are told.
 * Importing the content in force again changes nothing.
 */
export const importHolidayNotice = async (deps: CalendarDeps, who: StaffPrincipal, raw: unknown): Promise<HolidayImportResult> => {
  requirePermission(who, 'calendar.import');
  const input = parseInput(importSchema, raw, LABELS);
  const now = deps.clock.now();
  checkImportableYear(input.year, deps.builtInThrough, localDateOf(now));
  const notice = parseNoticeCsv(input.csv, input.year, input.source);
  const contentHash = deps.hash(noticeContentText(notice));
  const versions = (await deps.notices.list()).filter((v) => v.year === input.year);
  const current = inForce(versions)[0];
  const days = noticeDays(notice);
  const preview = {
    year: notice.year,
    holidays: notice.holidays.map((h) => ({ ...h, days: Object.keys(days.holidays).filter((d) => d >= h.from && d <= h.to).length })),
    makeupWorkdays: notice.makeupWorkdays,
    holidayDays: Object.keys(days.holidays).length,
    unchanged: current?.contentHash === contentHash,
    replacesVersion: current?.version,
  };
  if (input.dryRun || preview.unchanged) return { ...preview, imported: false };
  const version: HolidayNoticeVersion = {
    ...notice,
    version: (current?.version ?? 0) + 1,
    contentHash,
    importedAt: now.toISOString(),
    importedBy: { id: who.id, name: who.name },
  };
  const jobId = `${version.year}-v${version.version}`;
  await deps.notices.add(
    version,
    { id: jobId, year: version.year, version: version.version, done: false, examined: 0, changed: 0, told: 0, startedAt: version.importedAt },
    {
      actorId: who.id,
      actorRole: who.role,
      action: 'calendar.import',
      subjectType: 'calendar',
      subjectId: String(version.year),
      detail: { version: version.version, source: version.source, contentHash, holidayDays: preview.holidayDays, makeupWorkdays: notice.makeupWorkdays.length },
    },
  );
  await deps.live.reload();
  const [job] = (await continueRecompute(deps, INLINE_RECOMPUTE_BUDGET)).filter((j) => j.id === jobId);
  return { ...preview, imported: true, version: version.version, recompute: job };
};

/** What staff see on the calendar page: years in force, every version, and the recompute jobs. */
export const listHolidayNotices = async (deps: CalendarDeps, who: StaffPrincipal) => {
  requirePermission(who, 'calendar.read');
  const [versions, jobs] = await Promise.all([deps.notices.list(), deps.notices.jobs()]);
  const active = new Set(inForce(versions).map((v) => `${v.year}-v${v.version}`));
  return {
    builtInThrough: deps.builtInThrough,
    versions: versions
      .map((v) => ({ ...v, inForce: active.has(`${v.year}-v${v.version}`), recompute: jobs.find((j) => j.id === `${v.year}-v${v.version}`) }))
      .reverse(),
  };
};
