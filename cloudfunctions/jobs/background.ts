import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbaseComplaintDrill } from '../../adapters/cloudbase/complaintDrill';
import type { CbDatabase } from '../../adapters/cloudbase/database';
import { cloudbaseEarlyWarningStore } from '../../adapters/cloudbase/earlyWarningStore';
import { cloudbaseEducationStore } from '../../adapters/cloudbase/educationStore';
import { cloudbaseImportJobStore } from '../../adapters/cloudbase/importJobStore';
import { cloudbaseIncidentStore } from '../../adapters/cloudbase/incidentStore';
import { cloudbasePolicyStore } from '../../adapters/cloudbase/memberStores';
import { cloudbaseStaffStore } from '../../adapters/cloudbase/staffStores';
import {
  cloudbaseBookingChangeFeed,
  cloudbaseClaimChangeFeed,
  cloudbaseComplaintChangeFeed,
  cloudbaseConsultationChangeFeed,
  cloudbaseRollupStore,
} from '../../adapters/cloudbase/rollupStore';
import { keyRingBox, keyRingFromEnv } from '../../adapters/crypto/secretBox';
import { sha256 } from '../../adapters/hash';
import { defaultComplaintPolicy } from '../../core/complaints/policy';
import { runDeadlineWatches, type DeadlineWatch } from '../../core/deadlines/watch';
import { EARLY_WARNING_POLICY } from '../../core/earlyWarning/policy';
import { earlyWarningWatch } from '../../core/earlyWarning/watch';
import { rollupWeeklyCounts } from '../../core/earlyWarning/weeklyCountsFromRollups';
import { educationDeadlineWatch } from '../../core/education/announce';
import { incidentWatch } from '../../core/incidents/watch';
import { runImportJobs } from '../../core/members/importJobs';
import { runRollupConsumer } from '../../core/rollups/consumer';
import type { SecretBox } from '../../core/staff/ports';
import { randomIds, systemClock } from '../../server/runtime/systemPorts';
import type { CbSweepApp } from '../../adapters/cloudbase/uploadRegister';
import { orphanUploadWatch } from './uploadSweep';

/**
 * The timer work that is not a deadline, moved here from slaMonitor so that function stays a small
 * member-data-free deadline timer (≤ 150 KB, CLARIFICATIONS "Performance"): the management rollups' one
 * consumer, the security-incident detector, the weekly early warning, article announcements, the orphan
 * upload sweep (uploadSweep.ts), and the register import jobs. Each is a watch run in turn within one budget, as the deadline timer runs its own;
 * each is idempotent, so a run cut short or run twice changes nothing twice.
 */
export const backgroundWork = (db: CbDatabase, app: CbSweepApp) => {
  const rollups = cloudbaseRollupStore(db);
  const rollupDeps = {
    feed: cloudbaseComplaintChangeFeed(db),
    rollups,
    clock: systemClock,
    policy: defaultComplaintPolicy,
    policies: cloudbasePolicyStore(db),
    consultations: cloudbaseConsultationChangeFeed(db),
    claims: cloudbaseClaimChangeFeed(db),
    bookings: cloudbaseBookingChangeFeed(db),
  };
  // The key only when an import job is applied (it seals the register's names, phones and ID numbers): PII_KEY.
  let box: SecretBox | undefined;
  const importJobs = {
    jobs: cloudbaseImportJobStore(db),
    policies: cloudbasePolicyStore(db),
    clock: systemClock,
    ids: randomIds,
    hash: sha256,
    get box(): SecretBox {
      return (box ??= keyRingBox(keyRingFromEnv(process.env)));
    },
  };
  const watches: DeadlineWatch[] = [
    {
      area: 'rollups',
      scan: async (_now, budget) => {
        const r = await runRollupConsumer(rollupDeps, budget);
        return { examined: r.complaints + r.consultations + r.claims + r.bookings, changed: r.applied, warnings: 0, breaches: 0, extra: { ...r } };
      },
    },
    incidentWatch({ incidents: cloudbaseIncidentStore(db), audit: cloudbaseAuditLog(db, systemClock), clock: systemClock, hash: sha256 }),
    earlyWarningWatch({ counts: rollupWeeklyCounts(rollups), drill: cloudbaseComplaintDrill(db), alerts: cloudbaseEarlyWarningStore(db), clock: systemClock, hash: sha256, policy: EARLY_WARNING_POLICY, notify: { staff: cloudbaseStaffStore(db), ids: randomIds } }),
    educationDeadlineWatch({ education: cloudbaseEducationStore(db), ids: randomIds }),
    orphanUploadWatch(app, db),
  ];
  let run = 0;
  return async () => {
    const areas = await runDeadlineWatches(watches, systemClock.now(), { budget: 600, run: run++ });
    const imports = await runImportJobs(importJobs).catch((e: unknown) => [{ error: String(e) }]);
    return { areas, imports };
  };
};
