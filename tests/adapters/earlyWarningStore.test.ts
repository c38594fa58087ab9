import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbaseEarlyWarningStore } from '../../adapters/cloudbase/earlyWarningStore';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteEarlyWarningStore } from '../../adapters/sqlite/earlyWarningStore';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { earlyWarningStoreContract } from './earlyWarningStore.contract';

const clock = fixedClock('2026-11-23T01:00:00Z');

describe('EarlyWarningStore contract on SQLite', () => {
  earlyWarningStoreContract(async () => {
    const db = openDatabase(':memory:');
    const audit = sqliteAuditLog(db, clock);
    return {
      store: sqliteEarlyWarningStore(db, audit.appendSync),
      audit,
      close: () => {
        db.close();
      },
    };
  });

  it("reads a week's alerts and the drill-down's week of complaints through indexes", () => {
    const db = openDatabase(':memory:');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT doc FROM early_warning_alerts WHERE week = 'x' ORDER BY kind, id LIMIT 20")).toMatch(/early_warning_alerts_week/);
    expect(plan("SELECT doc FROM complaints WHERE received_at >= 'a' AND received_at < 'b' ORDER BY received_at, id")).toMatch(/complaints_by_received/);
    db.close();
  });
});

describe('EarlyWarningStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  earlyWarningStoreContract(async () => {
    const db = new CloudbaseDatabaseFake();
    return { store: cloudbaseEarlyWarningStore(db), audit: cloudbaseAuditLog(db, clock), close: () => undefined };
  });
});
