import type { AuditDraft } from '../audit/chain';
import type { HolidayNoticeVersion } from './holidayNotice';

/**
 * After a notice is imported, every case whose deadlines the new days may move is recomputed. The
 * job walks active records by id in slices that fit a function's time limit, and resumes from its cursor.
 */
export interface RecomputeJob {
  id: string;
  year: number;
  version: number;
  cursor?: string;
  done: boolean;
  examined: number;
  changed: number;
  /** Members told that a date they were promised moved. */
  told: number;
  startedAt: string;
  finishedAt?: string;
}

export interface HolidayNoticeStore {
  /** Every imported version of every year, by year then version (a handful of documents a year). */
  list(): Promise<HolidayNoticeVersion[]>;
  /**
   * Adds a year's next version with its recompute job and audit entry, in one transaction. Fails with
   * CALENDAR.VERSION_CONFLICT if that version of the year exists (two imports at once: one wins).
   */
  add(notice: HolidayNoticeVersion, job: RecomputeJob, audit: AuditDraft): Promise<void>;
  jobs(): Promise<RecomputeJob[]>;
  saveJob(job: RecomputeJob): Promise<void>;
}
