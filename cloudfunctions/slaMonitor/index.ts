import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseStaffStore } from '../../adapters/cloudbase/staffStores';
import { runSlaMonitor } from '../../core/complaints/slaMonitor';
import { jsonLogger } from '../../server/log';
import { complaintDeps } from '../../server/systemPorts';

const { db } = connectCloudbase();
const deps = { ...complaintDeps(cloudbaseComplaintStore(db)), staff: cloudbaseStaffStore(db) };
const log = jsonLogger({ fn: 'slaMonitor' });

/** Timer-triggered every 5 minutes (Asia/Shanghai cron, 7 fields). Safe to run twice. */
export const main = async () => {
  const report = await runSlaMonitor(deps);
  log.info('sla scan', { ...report });
  return report;
};
