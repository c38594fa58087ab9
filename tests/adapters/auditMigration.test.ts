import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { migrate, type Db } from '../../adapters/sqlite/database';
import { migrations } from '../../adapters/sqlite/migrations';
import { GENESIS_HASH } from '../../core/audit/chain';
import { verifyAudit } from '../../core/audit/verify';
import { fixedClock } from '../../core/shared/ports';
import { sha256 } from '../support/fixtures';

/**
 * SQLite migration 9: the old single audit chain is rebuilt, once, into one chain per subject, and the
 * old chain's own verdict is audited. Built on a file at the schema before it, with old-style entries.
 */
const MIGRATION = migrations.findIndex((m) => typeof m === 'function') + 1;

describe(`SQLite migration ${MIGRATION}: per-subject audit chains`, () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-audit-mig-'));
    db = new Database(path.join(dir, 'store.db'));
    for (const [i, m] of migrations.slice(0, MIGRATION - 1).entries()) {
      if (typeof m !== 'string') throw new Error(`migration ${i + 1} is not SQL`);
      db.exec(m);
    }
    db.pragma(`user_version = ${MIGRATION - 1}`);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Entries as the single-chain adapter wrote them (global seq, global links). */
  const oldChain = (subjects: string[], breakAt?: number) => {
    let prev = GENESIS_HASH;
    subjects.forEach((subjectId, i) => {
      const seq = i + 1;
      const at = new Date(Date.UTC(2026, 10, 1, 0, seq)).toISOString();
      const detail = { n: seq };
      const hash = sha256(JSON.stringify([seq, at, 'staff-1', 'agent', 'complaint.reply', 'complaint', subjectId, detail, prev]));
      db.prepare('INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        seq, at, 'staff-1', 'agent', 'complaint.reply', 'complaint', subjectId, JSON.stringify(seq === breakAt ? { n: 0 } : detail), prev, hash,
      );
      prev = hash;
    });
  };

  it('rebuilds the old entries into the chains of their subjects, in their old order, and audits that it did', async () => {
    oldChain(['c-1', 'c-2', 'c-1', 'c-3', 'c-1']);
    expect(migrate(db)).toBe(migrations.length);
    const log = sqliteAuditLog(db, fixedClock('2026-11-25T02:00:00Z'));
    const byChain = [];
    for await (const e of log.byChain()) byChain.push(e);
    expect(byChain.filter((e) => e.subjectId === 'c-1').map((e) => [e.seq, e.detail])).toEqual([
      [1, { n: 1 }],
      [2, { n: 3 }],
      [3, { n: 5 }],
    ]);
    const [migrated] = await log.list({ limit: 1, subjectType: 'audit', subjectId: 'migration' });
    expect(migrated).toMatchObject({ action: 'audit.migrate', detail: { rebuilt: 5, oldChain: { ok: true, entries: 5 } } });
    expect(await verifyAudit(log, sha256)).toMatchObject({ ok: true, entries: 6, chains: 4 });
    // The old rows stay, read-only.
    expect(db.prepare('SELECT COUNT(*) FROM audit_log_v1').pluck().get()).toBe(5);
    expect(() => db.prepare('DELETE FROM audit_log_v1').run()).toThrow(/append-only/);
  });

  it('says so when the old chain was already broken, rather than laundering it', async () => {
    oldChain(['c-1', 'c-2', 'c-1'], 2);
    migrate(db);
    const log = sqliteAuditLog(db, fixedClock('2026-11-25T02:00:00Z'));
    const [migrated] = await log.list({ limit: 1, subjectId: 'migration' });
    expect(migrated.detail).toEqual({ rebuilt: 3, oldChain: { ok: false, firstBrokenSeq: 2 } });
  });

  it('on a fresh store creates the tables and writes nothing', async () => {
    migrate(db);
    expect(db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(0);
  });
});
