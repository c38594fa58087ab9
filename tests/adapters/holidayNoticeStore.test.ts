import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbaseHolidayNoticeStore } from '../../adapters/cloudbase/holidayNoticeStore';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { sqliteHolidayNoticeStore } from '../../adapters/sqlite/holidayNoticeStore';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { holidayNoticeStoreContract } from './holidayNoticeStore.contract';
import { describeRealCloudbase, realCloudbase } from './realCloudbase';

const clock = fixedClock('2026-11-25T02:00:00Z');

describe('HolidayNoticeStore contract on SQLite (a file on disk)', () => {
  holidayNoticeStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-notice-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    return {
      notices: sqliteHolidayNoticeStore(db, audit.appendSync),
      audit,
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('HolidayNoticeStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  holidayNoticeStoreContract(async () => {
    const db = new CloudbaseDatabaseFake();
    return { notices: cloudbaseHolidayNoticeStore(db), audit: cloudbaseAuditLog(db, clock) };
  });
});

describeRealCloudbase('HolidayNoticeStore contract', () => {
  holidayNoticeStoreContract(async () => {
    const real = realCloudbase();
    // close() is typed void, but the contract's afterEach returns what it returns, so jest awaits the cleanup.
    return { notices: cloudbaseHolidayNoticeStore(real.db), audit: cloudbaseAuditLog(real.db, clock), close: real.cleanup };
  });
});
