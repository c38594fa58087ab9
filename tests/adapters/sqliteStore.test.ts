import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from '../../adapters/sqlite/database';
import { sqliteComplaintStore } from '../../adapters/sqlite/complaintStore';
import { sqliteOutboxStore } from '../../adapters/sqlite/outboxStore';
import { complaintStoreContract } from './complaintStore.contract';

describe('ComplaintStore contract on SQLite (a file on disk, WAL)', () => {
  complaintStoreContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-sqlite-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    return {
      complaints: sqliteComplaintStore(db),
      outbox: sqliteOutboxStore(db),
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('SQLite schema migrations', () => {
  it('runs in WAL mode and applies each migration once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-mig-'));
    const db = openDatabase(path.join(dir, 'm.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const version = db.pragma('user_version', { simple: true });
    expect(version).toBeGreaterThan(0);
    expect(migrate(db)).toBe(version);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
