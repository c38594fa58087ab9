import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbasePrivacyStore } from '../../adapters/cloudbase/privacyStores';
import { cloudbaseInboxStore } from '../../adapters/cloudbase/staffStores';
import { cloudbaseSubscriptionStore } from '../../adapters/cloudbase/subscriptionStore';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteInboxStore } from '../../adapters/sqlite/inboxStore';
import { sqlitePrivacyStore } from '../../adapters/sqlite/privacyStores';
import { sqliteSubscriptionStore } from '../../adapters/sqlite/subscriptionStore';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { privacyStoreContract } from './privacyStores.contract';

const clock = fixedClock('2026-09-28T02:00:00Z');

describe('PrivacyStore contract on SQLite (a file on disk)', () => {
  privacyStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-privacy-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    return {
      privacy: sqlitePrivacyStore(db, audit.appendSync),
      audit,
      inbox: sqliteInboxStore(db),
      subscriptions: sqliteSubscriptionStore(db),
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  it('refuses to edit a consent event in place (append-only, enforced by a trigger)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-privacy-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    db.prepare("INSERT INTO privacy_consents (id, member_id, at, doc) VALUES ('c1', 'm', 'x', '{}')").run();
    expect(() => db.prepare("UPDATE privacy_consents SET doc = '{\"action\":\"given\"}'").run()).toThrow(/append-only/);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('PrivacyStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  privacyStoreContract(async () => {
    const db = new CloudbaseDatabaseFake();
    return {
      privacy: cloudbasePrivacyStore(db),
      audit: cloudbaseAuditLog(db, clock),
      inbox: cloudbaseInboxStore(db),
      subscriptions: cloudbaseSubscriptionStore(db),
    };
  });

  it('fails loudly where the privacy collections were never created', async () => {
    const db = new CloudbaseDatabaseFake({ createAll: false });
    await expect(cloudbasePrivacyStore(db).consentsOf('openid-alice')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
  });
});
