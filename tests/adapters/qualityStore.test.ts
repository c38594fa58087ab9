import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { cloudbaseQualityStore } from '../../adapters/cloudbase/qualityStore';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteQualityStore } from '../../adapters/sqlite/qualityStore';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { qualityStoreContract } from './qualityStore.contract';

const clock = fixedClock('2026-11-10T02:00:00Z');

describe('QualityStore contract on SQLite (a file on disk)', () => {
  qualityStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-quality-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    return {
      store: sqliteQualityStore(db, audit.appendSync),
      audit,
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('QualityStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  qualityStoreContract(async () => {
    const db = new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS });
    return { store: cloudbaseQualityStore(db), audit: cloudbaseAuditLog(db, clock), close: () => undefined };
  });
});
