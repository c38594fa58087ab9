import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { cloudbaseLedgerStore } from '../../adapters/cloudbase/ledgerStore';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteLedgerStore } from '../../adapters/sqlite/ledgerStore';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { ledgerStoreContract } from './ledgerStore.contract';

const clock = fixedClock('2026-10-01T02:00:00Z');

describe('LedgerStore contract on SQLite (a file on disk)', () => {
  ledgerStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ledger-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    return {
      store: sqliteLedgerStore(db, audit.appendSync),
      audit,
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  it('reads each list filter and the timer scan through an index', () => {
    const db = openDatabase(':memory:');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT doc FROM ledger_items INDEXED BY ledger_items_owner WHERE owner_id = 'x' ORDER BY due_at, id LIMIT 20")).not.toMatch(/TEMP B-TREE/);
    expect(plan("SELECT doc FROM ledger_items INDEXED BY ledger_items_status WHERE status = 'open' ORDER BY due_at, id LIMIT 20")).not.toMatch(/TEMP B-TREE/);
    expect(plan("SELECT doc FROM ledger_items INDEXED BY ledger_items_check WHERE next_check_at IS NOT NULL AND next_check_at <= 'x' ORDER BY next_check_at LIMIT 5")).not.toMatch(/TEMP B-TREE/);
    db.close();
  });
});

describe('LedgerStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  ledgerStoreContract(async () => {
    const db = new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS });
    return { store: cloudbaseLedgerStore(db), audit: cloudbaseAuditLog(db, clock), close: () => undefined };
  });
});
