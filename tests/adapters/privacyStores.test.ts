import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbaseMemberStore } from '../../adapters/cloudbase/memberStores';
import { cloudbasePrivacyStore } from '../../adapters/cloudbase/privacyStores';
import { cloudbaseInboxStore } from '../../adapters/cloudbase/staffStores';
import { cloudbaseSubscriptionStore } from '../../adapters/cloudbase/subscriptionStore';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteInboxStore } from '../../adapters/sqlite/inboxStore';
import { sqliteMemberStore } from '../../adapters/sqlite/memberStores';
import { sqlitePrivacyStore } from '../../adapters/sqlite/privacyStores';
import { sqliteSubscriptionStore } from '../../adapters/sqlite/subscriptionStore';
import { sandboxSms } from '../../adapters/sms/sandboxSms';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { privacyStoreContract } from './privacyStores.contract';
import { describeRealCloudbase, itNotOnRealCloudbase, realCloudbase } from './realCloudbase';

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
      members: sqliteMemberStore(db, audit.appendSync),
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

  it("erases the local SMS sandbox's texts to the member's phones (binding and export codes), and no one else's", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-privacy-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    const box = { blindIndex: (phone: string) => `idx-${phone}` };
    const sms = sandboxSms(db, box);
    const members = sqliteMemberStore(db, audit.appendSync);
    const privacy = sqlitePrivacyStore(db, audit.appendSync);
    const at = new Date('2026-09-28T02:00:00Z');
    const challenge = { id: 'ch-1', memberId: 'openid-alice', policyNo: 'P1', phoneIndex: 'idx-13800138000', codeHash: 'h', expiresAt: '2026-09-28T02:05:00.000Z', wrongAttempts: 0, createdAt: at.toISOString() };
    await members.putChallenge(challenge);
    await sms.sender.sendCode('13800138000', '111111', at);
    // An export code to her second phone (a later binding) is found through the export verification.
    await privacy.putVerification({ id: 'v-1', memberId: 'openid-alice', phoneIndex: 'idx-13700137000', codeHash: 'h', expiresAt: challenge.expiresAt, wrongAttempts: 0, createdAt: at.toISOString() });
    await sms.sender.sendCode('13700137000', '222222', at, 'export');
    await sms.sender.sendCode('13900139000', '333333', at); // bob's phone: stays
    expect(await privacy.eraseMemberData('openid-alice')).toEqual({ messages: 0, subscriptions: 0, bindingChallenges: 1, rateLimits: 0, smsSandbox: 2 });
    expect(sms.list().map((r) => r.phoneMasked)).toEqual(['139****9000']);
    expect(await privacy.eraseMemberData('openid-alice')).toMatchObject({ smsSandbox: 0 });
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
      members: cloudbaseMemberStore(db),
    };
  });

  it('fails loudly where the privacy collections were never created', async () => {
    const db = new CloudbaseDatabaseFake({ createAll: false });
    await expect(cloudbasePrivacyStore(db).consentsOf('openid-alice')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
  });
});

describeRealCloudbase('PrivacyStore contract', () => {
  privacyStoreContract(async () => {
    const real = realCloudbase();
    return {
      privacy: cloudbasePrivacyStore(real.db),
      audit: cloudbaseAuditLog(real.db, clock),
      inbox: cloudbaseInboxStore(real.db),
      subscriptions: cloudbaseSubscriptionStore(real.db),
      members: cloudbaseMemberStore(real.db),
      // close() is typed void, but the contract's afterEach returns what it returns, so jest awaits the cleanup.
      close: real.cleanup,
    };
  });

  itNotOnRealCloudbase('"fails loudly where the privacy collections were never created" needs an environment without them; the run uses the deployed collections');
});
