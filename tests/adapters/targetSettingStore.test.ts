import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { cloudbaseTargetSettingStore } from '../../adapters/cloudbase/targetSettingStore';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteTargetSettingStore } from '../../adapters/sqlite/targetSettingStore';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { describeRealCloudbase, realCloudbase } from './realCloudbase';
import { targetSettingStoreContract } from './targetSettingStore.contract';

/** 季度报告 targets compliance confirms: SQLite, the CloudBase adapter on the strict FAKE, and (opt-in) real CloudBase. */
const clock = fixedClock('2026-11-26T02:00:00Z');

describe('target settings on SQLite (a file on disk)', () => {
  targetSettingStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-targets-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    return {
      settings: sqliteTargetSettingStore(db, audit.appendSync),
      audit,
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('target settings on the CloudBase adapter over the in-memory SDK FAKE', () => {
  targetSettingStoreContract(async () => {
    const db = new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS });
    return { settings: cloudbaseTargetSettingStore(db), audit: cloudbaseAuditLog(db, clock) };
  });
});

describeRealCloudbase('target settings', () => {
  targetSettingStoreContract(async () => {
    const real = realCloudbase();
    return { settings: cloudbaseTargetSettingStore(real.db), audit: cloudbaseAuditLog(real.db, clock), close: real.cleanup };
  });
});
