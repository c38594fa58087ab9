import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { makeFolders } from '../folders';
import { migrations } from './migrations';

export type Db = Database.Database;

/** Pages (4 KB) of WAL after which a committing connection checkpoints by itself; SQLite's default is 1,000. */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** The database and its WAL files hold personal data (sealed, but also names of cases, texts): owner only. */
const PRIVATE_FILE = 0o600;

/** Creates the file 0600 before SQLite does (SQLite gives -wal and -shm the main file's mode), and tightens an older 0644 one. */
const privateFiles = (file: string) => {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, PRIVATE_FILE);
};

/**
 * Opens (creating if needed) the embedded store: WAL so readers never block the writer, a busy
 * timeout so two processes on one file wait instead of failing, and every pending migration applied.
 * The file and its -wal/-shm are 0600, a folder it creates 0700.
 */
export const openDatabase = (file: string): Db => {
  const onDisk = file !== ':memory:' && file !== '';
  if (onDisk) {
    makeFolders(path.dirname(file));
    privateFiles(file);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  if (onDisk) privateFiles(file);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A long-running server checkpoints from a background thread (backgroundCheckpoint.ts), so the request
  // thread never waits for the checkpoint's copy and fsync; this connection only steps in if the WAL grows
  // past ~40 MB (a stalled checkpointer, or a process that runs none, e.g. a script or a test).
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  migrate(db);
  return db;
};

/** Schema migrations, numbered by PRAGMA user_version; each runs in its own transaction. */
export const migrate = (db: Db): number => {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const [i, sql] of migrations.entries()) {
    const version = i + 1;
    if (version <= current) continue;
    db.transaction(() => {
      if (typeof sql === 'string') db.exec(sql);
      else sql(db);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
};
