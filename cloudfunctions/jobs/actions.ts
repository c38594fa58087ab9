import type { CbDatabase } from '../../adapters/cloudbase/database';
import type { CbUploadApp } from '../../adapters/cloudbase/educationImages';
import type { CbStorageApp } from '../../adapters/cloudbase/fileStorage';
import { cloudQuarterly } from '../../server/runtime/cloudQuarterly';
import { jobsTick } from '../../server/runtime/jobsRun';

/**
 * The jobs function's one action, the timer tick: export jobs a chunk at a time within the budget
 * (well inside the 60 s timeout, so a slow chunk still ends before the platform stops the run), then
 * the settled quarter frozen. No personal data is read: the report's sources are counts.
 */
export const JOBS_FUNCTION_BUDGET_MS = 40_000;

export const cloudJobsDeps = (db: CbDatabase, app: CbUploadApp & Pick<CbStorageApp, 'getTempFileURL'>) => cloudQuarterly(db, app);

export const tick = (deps: ReturnType<typeof cloudJobsDeps>) => jobsTick(deps, JOBS_FUNCTION_BUDGET_MS);
