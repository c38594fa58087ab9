import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseHolidayNoticeStore } from '../../adapters/cloudbase/holidayNoticeStore';
import { cloudbaseStaffStore } from '../../adapters/cloudbase/staffStores';
import { liveCalendar } from '../../core/calendar/liveCalendar';
import { continueRecompute } from '../../core/calendar/recompute';
import { complaintDeadlineWatch } from '../../core/complaints/slaMonitor';
import { runDeadlineWatches } from '../../core/deadlines/watch';
import { jsonLogger } from '../../server/runtime/log';
import { builtInHolidayTable, calendarDeps, complaintDeps, systemClock } from '../../server/runtime/systemPorts';

const { db } = connectCloudbase();
const notices = cloudbaseHolidayNoticeStore(db);
const live = liveCalendar(builtInHolidayTable, notices, systemClock);
const complaints = complaintDeps(cloudbaseComplaintStore(db), systemClock, live.calendar);
const deps = { ...complaints, staff: cloudbaseStaffStore(db) };
const holidays = calendarDeps(notices, live, complaints);
/** Every area with deadlines; a new area adds its watch here. */
const watches = [complaintDeadlineWatch(deps)];
let run = 0;
const log = jsonLogger({ fn: 'slaMonitor' });

/**
 * Timer-triggered every 5 minutes (Asia/Shanghai cron, 7 fields). Safe to run twice. Also finishes
 * the deadline recompute after a holiday-notice import, a slice per run.
 */
export const main = async () => {
  await live.reload();
  const recompute = await continueRecompute(holidays);
  const areas = await runDeadlineWatches(watches, systemClock.now(), { run: run++ });
  for (const a of areas.filter((x) => x.error)) log.error('deadline scan failed', { area: a.area, error: a.error });
  log.info('deadline scan', { areas, recompute: recompute.map((j) => ({ id: j.id, done: j.done, examined: j.examined })) });
  return { areas };
};
