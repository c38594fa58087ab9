import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { cloudbaseImportJobStore } from '../../adapters/cloudbase/importJobStore';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteImportJobStore } from '../../adapters/sqlite/importJobStore';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { importJobStoreContract } from './importJobStore.contract';
import { describeRealCloudbase, realCloudbase } from './realCloudbase';

/**
 * The register import jobs' store (core/members/importJobs.ts, the admin page's 保单导入): on SQLite (a
 * file in WAL mode), on the CloudBase adapter over the strict in-memory SDK FAKE, and (opt-in, with
 * credentials) on real CloudBase, one namespace per test (tests/adapters/realCloudbase.ts).
 */
const clock = fixedClock('2026-11-25T02:00:00Z');

describe('ImportJobStore contract on SQLite (a file on disk)', () => {
  importJobStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-jobs-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    return {
      jobs: sqliteImportJobStore(db, audit.appendSync),
      audit,
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('ImportJobStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  importJobStoreContract(async () => {
    const db = new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS });
    return { jobs: cloudbaseImportJobStore(db), audit: cloudbaseAuditLog(db, clock) };
  });
});

describeRealCloudbase('ImportJobStore contract', () => {
  importJobStoreContract(async () => {
    const real = realCloudbase();
    return { jobs: cloudbaseImportJobStore(real.db), audit: cloudbaseAuditLog(real.db, clock), close: real.cleanup };
  });
});
