import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the embedded store: WAL so readers never block the writer, a busy
 * timeout so two processes on one file wait instead of failing, and every pending migration applied.
 */
export const openDatabase = (file: string): Db => {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
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
