import { connectCloudbase } from '../../adapters/cloudbase/connect';
import type { CbStorageApp } from '../../adapters/cloudbase/fileStorage';
import type { CbUploadApp } from '../../adapters/cloudbase/educationImages';
import { jsonLogger } from '../../server/runtime/log';
import { assertStartable } from '../../server/runtime/startupCheck';
import { cloudJobsDeps, tick } from './actions';
import { backgroundWork } from './background';
import type { CbSweepApp } from '../../adapters/cloudbase/uploadRegister';

assertStartable('jobs');
const { app, db } = connectCloudbase();
const deps = cloudJobsDeps(db, app as unknown as CbUploadApp & Pick<CbStorageApp, 'getTempFileURL'>);
const log = jsonLogger({ fn: 'jobs' });
const background = backgroundWork(db, app as unknown as CbSweepApp);

/**
 * Timer-triggered every minute: export jobs (季度报告 XLSX; exceljs lives in this function only), a
 * chunk per tick, resumable after a crash; then the settled quarter's figures frozen; then the background
 * work moved out of slaMonitor (background.ts). Safe to run twice.
 */
export const main = async () => {
  const out = await tick(deps);
  log.info('jobs tick', out);
  // Then the timer work that is not a deadline (background.ts): rollups, incidents, early warning, announcements, orphan uploads, imports.
  const work = await background().catch((e: unknown) => ({ error: String(e) }));
  if ('areas' in work) for (const a of work.areas.filter((x) => x.error)) log.error('background work failed', { area: a.area, error: a.error });
  log.info('background work', work);
  return { ...out, background: work };
};
