import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { cloudbaseOutboxStore } from '../../adapters/cloudbase/outboxStore';
import { cloudbaseComplaintChangeFeed, cloudbaseRollupStore } from '../../adapters/cloudbase/rollupStore';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteComplaintStore } from '../../adapters/sqlite/complaintStore';
import { sqliteOutboxStore } from '../../adapters/sqlite/outboxStore';
import { sqliteComplaintChangeFeed, sqliteRollupStore } from '../../adapters/sqlite/rollupStore';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { rollupStoreContract } from './rollupStore.contract';
import { describeRealCloudbase, realCloudbase } from './realCloudbase';

/** The rollup store (core/rollups/ports.ts) on SQLite, on the CloudBase adapter over the strict FAKE, and (opt-in) on real CloudBase. */
describe('RollupStore contract on SQLite (a file on disk)', () => {
  rollupStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-rollup-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    return {
      rollups: sqliteRollupStore(db),
      feed: sqliteComplaintChangeFeed(db),
      complaints: sqliteComplaintStore(db),
      outbox: sqliteOutboxStore(db),
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('RollupStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  rollupStoreContract(async () => {
    const db = new CloudbaseDatabaseFake();
    return { rollups: cloudbaseRollupStore(db), feed: cloudbaseComplaintChangeFeed(db), complaints: cloudbaseComplaintStore(db), outbox: cloudbaseOutboxStore(db) };
  });
});

describeRealCloudbase('RollupStore contract', () => {
  rollupStoreContract(async () => {
    const real = realCloudbase();
    return {
      rollups: cloudbaseRollupStore(real.db),
      feed: cloudbaseComplaintChangeFeed(real.db),
      complaints: cloudbaseComplaintStore(real.db),
      outbox: cloudbaseOutboxStore(real.db),
      close: real.cleanup,
    };
  });
});
