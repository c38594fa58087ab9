import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbaseConsultationStore } from '../../adapters/cloudbase/consultationStore';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { sqliteConsultationStore } from '../../adapters/sqlite/consultationStore';
import { openDatabase } from '../../adapters/sqlite/database';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { consultationStoreContract } from './consultationStore.contract';

const clock = fixedClock('2026-11-25T02:00:00Z');

describe('ConsultationStore contract on SQLite (a file on disk)', () => {
  consultationStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-consult-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    return {
      store: sqliteConsultationStore(db, audit.appendSync),
      audit,
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  it('serves each queue page from an index range ending in the due time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-consult-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const plan = (sql: string) => JSON.stringify(db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all());
    expect(plan("SELECT doc FROM consultations INDEXED BY consultations_queue_stage WHERE due_at IS NOT NULL AND stage = 'advisor' ORDER BY due_at, id LIMIT 20")).not.toContain('TEMP B-TREE');
    expect(plan("SELECT doc FROM consultations INDEXED BY consultations_queue_advisor WHERE due_at IS NOT NULL AND advisor_id = 'a' ORDER BY due_at, id LIMIT 20")).not.toContain('TEMP B-TREE');
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('ConsultationStore contract on the strict CloudBase fake', () => {
  consultationStoreContract(async () => {
    const db = new CloudbaseDatabaseFake();
    return { store: cloudbaseConsultationStore(db), audit: cloudbaseAuditLog(db, clock) };
  });
});
