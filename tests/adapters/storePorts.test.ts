import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AUDIT, cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import type { CbDatabase } from '../../adapters/cloudbase/database';
import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { cloudbaseOutboxStore } from '../../adapters/cloudbase/outboxStore';
import { cloudbaseInboxStore, cloudbaseSessionStore, cloudbaseSignInGuard, cloudbaseStaffStore } from '../../adapters/cloudbase/staffStores';
import { cloudbaseSubscriptionStore } from '../../adapters/cloudbase/subscriptionStore';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { sqliteComplaintStore } from '../../adapters/sqlite/complaintStore';
import { openDatabase, type Db } from '../../adapters/sqlite/database';
import { sqliteInboxStore } from '../../adapters/sqlite/inboxStore';
import { sqliteOutboxStore } from '../../adapters/sqlite/outboxStore';
import { sqliteSessionStore, sqliteSignInGuard, sqliteStaffStore } from '../../adapters/sqlite/staffStores';
import { sqliteSubscriptionStore } from '../../adapters/sqlite/subscriptionStore';
import { fixedClock, type Clock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { auditLogContract, type AuditTamper } from './auditLog.contract';
import { inboxStoreContract } from './inboxStore.contract';
import { outboxStoreContract } from './outboxStore.contract';
import { describeRealCloudbase, realCloudbase } from './realCloudbase';
import { staffStoresContract } from './staffStores.contract';
import { subscriptionStoreContract } from './subscriptionStore.contract';

/**
 * The store ports besides complaints, calendar and members, each contract run twice: on SQLite (a real
 * file in WAL mode) and on the CloudBase adapter over the strict in-memory SDK FAKE, whose collections
 * come from the CLOUDBASE_COLLECTIONS declaration. The FAKE is not CloudBase (see its header). With
 * credentials each also runs on real CloudBase, one namespace per test (tests/adapters/realCloudbase.ts).
 */
const clock = fixedClock('2026-11-25T02:00:00Z');

const onSqlite = <T extends object>(build: (db: Db) => T) => async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-'));
  const db = openDatabase(path.join(dir, 'store.db'));
  return {
    ...build(db),
    close: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};
const onFake = <T extends object>(build: (db: CloudbaseDatabaseFake) => T) => async () => build(new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS }));
const onReal = <T extends object>(build: (db: CbDatabase) => T) => async () => {
  const real = realCloudbase();
  return { ...build(real.db), close: real.cleanup };
};

const SQLITE = 'on SQLite (a file on disk)';
const FAKE = 'on the CloudBase adapter over the in-memory SDK FAKE';

describe.each([
  [SQLITE, onSqlite((db) => ({ staff: sqliteStaffStore(db), sessions: sqliteSessionStore(db), signIn: sqliteSignInGuard(db) }))],
  [FAKE, onFake((db) => ({ staff: cloudbaseStaffStore(db), sessions: cloudbaseSessionStore(db), signIn: cloudbaseSignInGuard(db) }))],
])('StaffStore + SessionStore contract %s', (_name, make) => staffStoresContract(make));
describeRealCloudbase('StaffStore + SessionStore contract', () =>
  staffStoresContract(onReal((db) => ({ staff: cloudbaseStaffStore(db), sessions: cloudbaseSessionStore(db), signIn: cloudbaseSignInGuard(db) }))),
);

describe.each([
  [SQLITE, onSqlite((db) => ({ inbox: sqliteInboxStore(db) }))],
  [FAKE, onFake((db) => ({ inbox: cloudbaseInboxStore(db) }))],
])('InboxStore contract %s', (_name, make) => inboxStoreContract(make));
describeRealCloudbase('InboxStore contract', () => inboxStoreContract(onReal((db) => ({ inbox: cloudbaseInboxStore(db) }))));

describe.each([
  [SQLITE, onSqlite((db) => ({ subscriptions: sqliteSubscriptionStore(db) }))],
  [FAKE, onFake((db) => ({ subscriptions: cloudbaseSubscriptionStore(db) }))],
])('SubscriptionStore contract %s', (_name, make) => subscriptionStoreContract(make));
describeRealCloudbase('SubscriptionStore contract', () => subscriptionStoreContract(onReal((db) => ({ subscriptions: cloudbaseSubscriptionStore(db) }))));

/** The attacker of the tamper tests: straight to the tables (triggers dropped) or the CloudBase documents. */
const sqliteTamper = (db: Db): AuditTamper => {
  const unguard = () => db.exec(['audit_log_no_update', 'audit_log_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete'].map((t) => `DROP TRIGGER IF EXISTS ${t};`).join(''));
  return {
    rewrite: async (id, e) => {
      unguard();
      db.prepare(
        `UPDATE audit_log SET chain_id = @chainId, seq = @seq, at = @at, actor_id = @actorId, actor_role = @actorRole, action = @action, subject_type = @subjectType,
         subject_id = @subjectId, detail = @detail, prev_hash = @prevHash, hash = @hash WHERE id = @target`,
      ).run({ ...e, detail: e.detail === undefined ? null : JSON.stringify(e.detail), target: id });
    },
    remove: async (id) => {
      unguard();
      db.prepare('DELETE FROM audit_log WHERE id = ?').run(id);
    },
    setHead: async (h) => {
      db.prepare('UPDATE audit_heads SET seq = ?, hash = ?, at = ?, move_key = ? WHERE chain_id = ?').run(h.seq, h.hash, h.at, h.moveKey, h.chainId);
    },
    rewriteCheckpoint: async (c) => {
      unguard();
      db.prepare('UPDATE audit_checkpoints SET doc = ? WHERE seq = ?').run(JSON.stringify(c), c.seq);
    },
    removeCheckpoint: async (seq) => {
      unguard();
      db.prepare('DELETE FROM audit_checkpoints WHERE seq = ?').run(seq);
    },
  };
};
const cloudbaseTamper = (db: CbDatabase): AuditTamper => {
  const bare = <T extends object>(d: T) => Object.fromEntries(Object.entries(d).filter(([k, v]) => k !== 'id' && v !== undefined));
  return {
    rewrite: async (id, e) => void (await db.collection(AUDIT.log).doc(id).set(bare(e))),
    remove: async (id) => void (await db.collection(AUDIT.log).doc(id).remove()),
    setHead: async (h) => void (await db.collection(AUDIT.heads).doc(h.chainId).set(bare(h))),
    rewriteCheckpoint: async (c) => void (await db.collection(AUDIT.checkpoints).doc(String(c.seq).padStart(10, '0')).set(bare(c))),
    removeCheckpoint: async (seq) => void (await db.collection(AUDIT.checkpoints).doc(String(seq).padStart(10, '0')).remove()),
  };
};

describe.each([
  [SQLITE, (auditClock: Clock) => onSqlite((db) => ({ audit: sqliteAuditLog(db, auditClock), tamper: sqliteTamper(db) }))()],
  [FAKE, (auditClock: Clock) => onFake((db) => ({ audit: cloudbaseAuditLog(db, auditClock), tamper: cloudbaseTamper(db) }))()],
])('AuditLog contract %s', (_name, make) => auditLogContract(make));
describeRealCloudbase('AuditLog contract', () =>
  auditLogContract((auditClock: Clock) => onReal((db) => ({ audit: cloudbaseAuditLog(db, auditClock), tamper: cloudbaseTamper(db) }))()),
);

describe.each([
  [SQLITE, onSqlite((db) => ({ complaints: sqliteComplaintStore(db), outbox: sqliteOutboxStore(db) }))],
  [FAKE, onFake((db) => ({ complaints: cloudbaseComplaintStore(db), outbox: cloudbaseOutboxStore(db) }))],
])('OutboxStore contract %s', (_name, make) => outboxStoreContract(make));
describeRealCloudbase('OutboxStore contract', () =>
  outboxStoreContract(onReal((db) => ({ complaints: cloudbaseComplaintStore(db), outbox: cloudbaseOutboxStore(db) }))),
);
