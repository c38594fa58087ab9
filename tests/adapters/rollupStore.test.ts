import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { cloudbaseOutboxStore } from '../../adapters/cloudbase/outboxStore';
import {
  cloudbaseBookingChangeFeed,
  cloudbaseClaimChangeFeed,
  cloudbaseComplaintChangeFeed,
  cloudbaseConsultationChangeFeed,
  cloudbaseRollupStore,
} from '../../adapters/cloudbase/rollupStore';
import type { CbDatabase } from '../../adapters/cloudbase/database';
import type { Db } from '../../adapters/sqlite/database';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteComplaintStore } from '../../adapters/sqlite/complaintStore';
import { sqliteOutboxStore } from '../../adapters/sqlite/outboxStore';
import {
  sqliteBookingChangeFeed,
  sqliteClaimChangeFeed,
  sqliteComplaintChangeFeed,
  sqliteConsultationChangeFeed,
  sqliteRollupStore,
} from '../../adapters/sqlite/rollupStore';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { rollupStoreContract, type RollupStoreUnderTest } from './rollupStore.contract';

type Put = RollupStoreUnderTest['put'];

/** Rows as the area stores write them (their other columns only serve their own lists). */
const sqlitePut =
  (db: Db): Put =>
  async (area, r) => {
    const doc = JSON.stringify(r);
    const m = String(r.memberId);
    if (area === 'consultations')
      db.prepare(`INSERT INTO consultations (id, number, member_id, status, stage, received_at, version, doc) VALUES (?, ?, ?, 'awaitingReply', 'customerService', ?, 1, ?)`).run(
        r.id, String(r.number), m, r.updatedAt, doc,
      );
    else if (area === 'claims')
      db.prepare(`INSERT INTO claims (id, number, member_id, status, created_at, version, doc) VALUES (?, ?, ?, 'reported', ?, 1, ?)`).run(r.id, String(r.number), m, r.updatedAt, doc);
    else db.prepare(`INSERT INTO benefit_bookings (id, member_id, status, booked_at, version, doc) VALUES (?, ?, 'booked', ?, 1, ?)`).run(r.id, m, r.updatedAt, doc);
  };

const cloudbasePut =
  (db: CbDatabase): Put =>
  async (area, { id, ...rest }) => {
    await db.collection(area === 'bookings' ? 'benefit_bookings' : area).doc(id).set(area === 'bookings' ? { id, ...rest } : rest);
  };

const sqliteFeeds = (db: Db) => ({ consultations: sqliteConsultationChangeFeed(db), claims: sqliteClaimChangeFeed(db), bookings: sqliteBookingChangeFeed(db) });
const cloudbaseFeeds = (db: CbDatabase) => ({ consultations: cloudbaseConsultationChangeFeed(db), claims: cloudbaseClaimChangeFeed(db), bookings: cloudbaseBookingChangeFeed(db) });
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
      feeds: sqliteFeeds(db),
      put: sqlitePut(db),
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
    return {
      rollups: cloudbaseRollupStore(db),
      feed: cloudbaseComplaintChangeFeed(db),
      complaints: cloudbaseComplaintStore(db),
      outbox: cloudbaseOutboxStore(db),
      feeds: cloudbaseFeeds(db),
      put: cloudbasePut(db),
    };
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
      feeds: cloudbaseFeeds(real.db),
      put: cloudbasePut(real.db),
      close: real.cleanup,
    };
  });
});
