import type { CbDatabase } from '../../adapters/cloudbase/database';
import type { CbUploadApp } from '../../adapters/cloudbase/educationImages';
import { cloudbaseEducationStore } from '../../adapters/cloudbase/educationStore';
import type { CbStorageApp } from '../../adapters/cloudbase/fileStorage';
import { cloudbaseIncidentStore } from '../../adapters/cloudbase/incidentStore';
import { cloudbaseJobFiles } from '../../adapters/cloudbase/jobFiles';
import { cloudbaseJobStore, cloudbaseReportStore } from '../../adapters/cloudbase/reportStores';
import { cloudbaseRollupStore } from '../../adapters/cloudbase/rollupStore';
import { cloudbaseTargetSettingStore } from '../../adapters/cloudbase/targetSettingStore';
import { sha256 } from '../../adapters/hash';
import { incidentCounts } from '../../core/incidents/counts';
import { rollupComplaintSource } from '../../core/reports/complaintSource';
import { incidentSource, reachSource } from '../../core/reports/connectedSources';
import type { QuarterlyReportDeps } from '../../core/reports/quarterly';
import { randomIds, systemClock } from './systemPorts';

/**
 * 季度报告 on CloudBase, as the admin function (report, commentary, starting jobs) and the jobs
 * function (running them) both need it. No exceljs here: the admin bundle must not carry it.
 */
export const cloudQuarterly = (db: CbDatabase, app: CbUploadApp & Pick<CbStorageApp, 'getTempFileURL'>) => {
  const quarterly: QuarterlyReportDeps = {
    reports: cloudbaseReportStore(db),
    // The admin page sets them; the jobs function's XLSX reads the same ones.
    targetSettings: cloudbaseTargetSettingStore(db),
    sources: {
      complaints: rollupComplaintSource(cloudbaseRollupStore(db)),
      incidents: incidentSource(incidentCounts(cloudbaseIncidentStore(db))),
      reach: reachSource({ education: cloudbaseEducationStore(db) }),
    },
    clock: systemClock,
    ids: randomIds,
    hash: sha256,
  };
  return { quarterly, jobs: cloudbaseJobStore(db), files: cloudbaseJobFiles(app) };
};
