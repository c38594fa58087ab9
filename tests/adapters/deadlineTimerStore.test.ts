import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { cloudbaseDeadlineTimerStore } from '../../adapters/cloudbase/deadlineTimerStore';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteDeadlineTimerStore } from '../../adapters/sqlite/deadlineTimerStore';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { deadlineTimerStoreContract } from './deadlineTimerStore.contract';
import { describeRealCloudbase, realCloudbase } from './realCloudbase';

/**
 * The deadline timer's own state (core/deadlines/clockGuard.ts: last run, escalation hold, release): on
 * SQLite, on the CloudBase adapter over the strict in-memory SDK FAKE, and (opt-in) on real CloudBase.
 * `other` is a second store over the same database, as the admin function's is beside slaMonitor's.
 */
describe('DeadlineTimerStore contract on SQLite (a file on disk)', () => {
  deadlineTimerStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-timer-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    return {
      timer: sqliteDeadlineTimerStore(db),
      other: sqliteDeadlineTimerStore(db),
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('DeadlineTimerStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  deadlineTimerStoreContract(async () => {
    const db = new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS });
    return { timer: cloudbaseDeadlineTimerStore(db), other: cloudbaseDeadlineTimerStore(db) };
  });
});

describeRealCloudbase('DeadlineTimerStore contract', () => {
  deadlineTimerStoreContract(async () => {
    const real = realCloudbase();
    return { timer: cloudbaseDeadlineTimerStore(real.db), other: cloudbaseDeadlineTimerStore(real.db), close: real.cleanup };
  });
});
