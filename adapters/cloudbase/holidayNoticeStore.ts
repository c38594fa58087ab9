import type { HolidayNoticeVersion } from '../../core/calendar/holidayNotice';
import type { HolidayNoticeStore, RecomputeJob } from '../../core/calendar/ports';
import { commonErrors } from '../../core/shared/errors';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase } from './database';
import { inTransaction } from './retry';

export const HOLIDAY_COLLECTIONS = { notices: 'holiday_notices', jobs: 'recompute_jobs' } as const;

const strip = <T>(d: Record<string, unknown>): T => {
  const { _id, ...rest } = d;
  return rest as T;
};

/** One document per (year, version), its id `YYYY-vN`: two imports of the same version meet on one document. */
export const cloudbaseHolidayNoticeStore = (db: CbDatabase): HolidayNoticeStore => ({
  list: async () =>
    (await db.collection(HOLIDAY_COLLECTIONS.notices).orderBy('year', 'asc').orderBy('version', 'asc').limit(1000).get()).data.map((d) =>
      strip<HolidayNoticeVersion>(d),
    ),
  add: (notice, job, audit) =>
    inTransaction(db, async (tx) => {
      const ref = tx.collection(HOLIDAY_COLLECTIONS.notices).doc(`${notice.year}-v${notice.version}`);
      if ((await ref.get()).data) throw commonErrors.versionConflict('CALENDAR', `${notice.year}-v${notice.version}`);
      await ref.set(toDocument(notice));
      const { id, ...rest } = job;
      await tx.collection(HOLIDAY_COLLECTIONS.jobs).doc(id).set(toDocument(rest));
      await appendAuditInTx(tx, audit, new Date(notice.importedAt));
    }),
  jobs: async () =>
    (await db.collection(HOLIDAY_COLLECTIONS.jobs).orderBy('_id', 'asc').limit(1000).get()).data.map((d) => ({
      ...strip<Omit<RecomputeJob, 'id'>>(d),
      id: String(d._id),
    })),
  saveJob: async (job) => {
    const { id, ...rest } = job;
    await db.collection(HOLIDAY_COLLECTIONS.jobs).doc(id).set(toDocument(rest));
  },
});
