import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbaseIncidentStore } from '../../adapters/cloudbase/incidentStore';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteIncidentStore } from '../../adapters/sqlite/incidentStore';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { incidentStoreContract } from './incidentStore.contract';

const clock = { now: () => new Date('2026-11-01T00:00:00.000Z') };

describe('IncidentStore contract on SQLite (a file on disk)', () => {
  incidentStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-incidents-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    return {
      store: sqliteIncidentStore(db, audit.appendSync),
      audit,
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  it('reads its lists through their indexes', () => {
    const db = openDatabase(':memory:');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT doc FROM incidents WHERE occurred_at >= 'a' AND occurred_at < 'b' AND kind = 'x' ORDER BY occurred_at DESC, id DESC LIMIT 5")).toMatch(/incidents_by_kind/);
    expect(plan("SELECT occurred_month, kind, COUNT(*) FROM incidents WHERE occurred_month IN ('2026-10') GROUP BY occurred_month, kind")).toMatch(/incidents_by_month/);
    db.close();
  });
});

describe('IncidentStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  incidentStoreContract(async () => {
    const db = new CloudbaseDatabaseFake();
    return { store: cloudbaseIncidentStore(db), audit: cloudbaseAuditLog(db, clock), close: () => undefined };
  });
});
