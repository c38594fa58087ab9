import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbaseEducationStore } from '../../adapters/cloudbase/educationStore';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteEducationStore } from '../../adapters/sqlite/educationStore';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { educationStoreContract } from './educationStore.contract';

const memberDoc = (id: string, kind: 'bound' | 'visitor') => ({ id, kind, policyNos: [], tier: 'standard', name: { sealed: 'x', masked: '张*' }, version: 1, createdAt: 'x', updatedAt: 'x' });

describe('EducationStore contract on SQLite (a file on disk)', () => {
  educationStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-education-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    return {
      store: sqliteEducationStore(db, () => undefined),
      addMember: async (id, kind) => void db.prepare('INSERT INTO members (id, kind, version, doc) VALUES (?, ?, 1, ?)').run(id, kind, JSON.stringify(memberDoc(id, kind))),
      settleOutbox: async (id, status) => void db.prepare('UPDATE outbox SET status = ? WHERE id = ?').run(status, id),
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  it('counts reach and lists published articles through their indexes', () => {
    const db = openDatabase(':memory:');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT COUNT(*), COUNT(reached_at) FROM education_marks WHERE period = '2026-11'")).toMatch(/USING (INDEX|PRIMARY KEY)/);
    expect(plan("SELECT doc FROM education_articles WHERE status = 'published' AND (published_at < 'x' OR (published_at = 'x' AND id < 'y')) ORDER BY published_at DESC, id DESC LIMIT 5")).not.toMatch(/TEMP B-TREE/);
    db.close();
  });
});

describe('EducationStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  educationStoreContract(async () => {
    const db = new CloudbaseDatabaseFake();
    return {
      store: cloudbaseEducationStore(db),
      addMember: async (id, kind) => void (await db.collection('members').doc(id).set(memberDoc(id, kind))),
      settleOutbox: async (id, status) => void (await db.collection('outbox').doc(id).update({ status })),
      close: () => undefined,
    };
  });
});
