import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbaseBenefitStore } from '../../adapters/cloudbase/benefitStores';
import { cloudbaseMemberStore } from '../../adapters/cloudbase/memberStores';
import { cloudbaseOutboxStore } from '../../adapters/cloudbase/outboxStore';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { sqliteBenefitStore } from '../../adapters/sqlite/benefitStores';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteMemberStore } from '../../adapters/sqlite/memberStores';
import { sqliteOutboxStore } from '../../adapters/sqlite/outboxStore';
import { sqliteSignInGuard } from '../../adapters/sqlite/staffStores';
import { cloudbaseSignInGuard } from '../../adapters/cloudbase/staffStores';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { benefitStoreContract } from './benefitStores.contract';

const clock = fixedClock('2026-11-25T02:00:00Z');

describe('BenefitStore contract on SQLite (a file on disk)', () => {
  benefitStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-benefits-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    return {
      benefits: sqliteBenefitStore(db, audit.appendSync),
      members: sqliteMemberStore(db, audit.appendSync),
      outbox: sqliteOutboxStore(db),
      audit,
      signIn: sqliteSignInGuard(db),
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('BenefitStore contract on the CloudBase adapter over the strict in-memory SDK FAKE', () => {
  benefitStoreContract(async () => {
    const db = new CloudbaseDatabaseFake();
    return { benefits: cloudbaseBenefitStore(db), members: cloudbaseMemberStore(db), outbox: cloudbaseOutboxStore(db), audit: cloudbaseAuditLog(db, clock), signIn: cloudbaseSignInGuard(db) };
  });

  it('fails loudly where the benefit collections were never created', async () => {
    const db = new CloudbaseDatabaseFake({ createAll: false });
    await expect(cloudbaseBenefitStore(db).listBenefits()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
  });
});
