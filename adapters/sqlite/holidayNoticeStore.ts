import type { AuditDraft } from '../../core/audit/chain';
import type { HolidayNoticeVersion } from '../../core/calendar/holidayNotice';
import type { HolidayNoticeStore, RecomputeJob } from '../../core/calendar/ports';
import { commonErrors } from '../../core/shared/errors';
import type { Db } from './database';

/** Read synchronously at start-up, so the local system's calendar is complete before it serves anything. */
export const listHolidayNoticesSync = (db: Db): HolidayNoticeVersion[] =>
  (db.prepare('SELECT doc FROM holiday_notices ORDER BY year, version').all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as HolidayNoticeVersion);

export const sqliteHolidayNoticeStore = (db: Db, appendAudit: (d: AuditDraft, at: Date) => unknown): HolidayNoticeStore => {
  const insertNotice = db.prepare('INSERT INTO holiday_notices (year, version, doc) VALUES (?, ?, ?)');
  const exists = db.prepare('SELECT 1 FROM holiday_notices WHERE year = ? AND version = ?');
  const putJob = db.prepare(
    'INSERT INTO recompute_jobs (id, done, doc) VALUES (@id, @done, @doc) ON CONFLICT(id) DO UPDATE SET done = excluded.done, doc = excluded.doc',
  );
  const saveJob = (job: RecomputeJob) => putJob.run({ id: job.id, done: job.done ? 1 : 0, doc: JSON.stringify(job) });
  const add = db.transaction((notice: HolidayNoticeVersion, job: RecomputeJob, audit: AuditDraft) => {
    if (exists.get(notice.year, notice.version)) throw commonErrors.versionConflict('CALENDAR', `${notice.year}-v${notice.version}`);
    insertNotice.run(notice.year, notice.version, JSON.stringify(notice));
    saveJob(job);
    appendAudit(audit, new Date(notice.importedAt));
  });
  return {
    list: async () => listHolidayNoticesSync(db),
    add: async (notice, job, audit) => {
      add.immediate(notice, job, audit);
    },
    jobs: async () => (db.prepare('SELECT doc FROM recompute_jobs ORDER BY id').all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as RecomputeJob),
    saveJob: async (job) => {
      saveJob(job);
    },
  };
};
