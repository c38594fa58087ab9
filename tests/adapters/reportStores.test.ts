import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { cloudbaseJobStore, cloudbaseReportStore } from '../../adapters/cloudbase/reportStores';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteJobStore, sqliteReportStore } from '../../adapters/sqlite/reportStores';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { reportStoresContract } from './reportStores.contract';
import { describeRealCloudbase, realCloudbase } from './realCloudbase';

/** 季度报告's snapshots, corrections, commentary and export jobs: SQLite, the CloudBase adapter on the strict FAKE, and (opt-in) real CloudBase. */
const clock = fixedClock('2026-10-02T02:00:00Z');

describe('report stores on SQLite (a file on disk)', () => {
  reportStoresContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-reports-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    return {
      reports: sqliteReportStore(db, audit.appendSync),
      jobs: sqliteJobStore(db, audit.appendSync),
      audit,
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('report stores on the CloudBase adapter over the in-memory SDK FAKE', () => {
  reportStoresContract(async () => {
    const db = new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS });
    return { reports: cloudbaseReportStore(db), jobs: cloudbaseJobStore(db), audit: cloudbaseAuditLog(db, clock) };
  });
});

describeRealCloudbase('report stores', () => {
  reportStoresContract(async () => {
    const real = realCloudbase();
    return { reports: cloudbaseReportStore(real.db), jobs: cloudbaseJobStore(real.db), audit: cloudbaseAuditLog(real.db, clock), close: real.cleanup };
  });
});
