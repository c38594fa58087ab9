import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseClaimStore } from '../../adapters/cloudbase/claimStore';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteClaimStore } from '../../adapters/sqlite/claimStore';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { claimStoreContract } from './claimStore.contract';

describe('ClaimStore contract on SQLite (a file on disk)', () => {
  claimStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-claims-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    return {
      store: sqliteClaimStore(db),
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  it('reads the queue and the timer scan through their indexes', () => {
    const db = openDatabase(':memory:');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT doc FROM claims INDEXED BY claims_queue_status WHERE due_at IS NOT NULL AND status = 'reported' ORDER BY due_at, id LIMIT 20")).toMatch(/claims_queue_status/);
    expect(plan("SELECT doc FROM claims INDEXED BY claims_sla WHERE sla_next_check_at IS NOT NULL AND sla_next_check_at <= 'x' ORDER BY sla_next_check_at LIMIT 5")).not.toMatch(/TEMP B-TREE/);
    db.close();
  });
});

describe('ClaimStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  claimStoreContract(async () => ({ store: cloudbaseClaimStore(new CloudbaseDatabaseFake()), close: () => undefined }));
});
