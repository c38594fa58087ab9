import type { JobFileStore, JobStore } from '../jobs/model';
import type { QuarterlyReportDeps } from './quarterly';

/** What the admin page's 季度报告 area runs on: the report, and the jobs store (the `jobs` function runs them). */
export type QuarterlyAdminDeps = QuarterlyReportDeps & {
  jobs: JobStore;
  /** Links to finished files; absent where storage links cannot be made. */
  jobFiles?: Pick<JobFileStore, 'link'>;
};
