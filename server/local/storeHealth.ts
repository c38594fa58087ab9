import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../adapters/sqlite/database';
import { storeFaultReason } from '../runtime/storeFaults';

export interface StoreHealth {
  ok: boolean;
  /** Each part of the local store and whether it takes a write now. */
  database: 'writable' | string;
  files: 'writable' | string;
}

const why = (e: unknown) => {
  const known = storeFaultReason(e);
  if (known) return known;
  if (!(e instanceof Error)) return String(e).slice(0, 200);
  const code = (e as { code?: string }).code ?? e.name;
  // Node's messages already begin with their code (EPERM: operation not permitted, …): not twice.
  return (e.message.startsWith(`${code}:`) ? e.message : `${code}: ${e.message}`).slice(0, 200);
};

/**
 * What /healthz may tell anyone who asks: the reason's code (ENOSPC, EPERM, SQLITE_FULL …), never its
 * message, which names folders on the server; the whole reason goes to the log.
 */
export const publicReason = (reason: string): string => (reason === 'writable' ? reason : (/^[A-Z][A-Z0-9_]*/.exec(reason)?.[0] ?? 'UNWRITABLE'));

/**
 * Below this much free space in the data folder's file system the store is reported full: SQLite's
 * next WAL frames or an upload would not fit, although a one-row probe still might.
 */
export const MIN_FREE_BYTES = 1024 * 1024;

/** `ENOSPC: …` when the data folder's file system has less than MIN_FREE_BYTES for us, else undefined. */
const diskFull = (dir: string): string | undefined => {
  try {
    const s = fs.statfsSync(dir);
    const free = Number(s.bavail) * Number(s.bsize);
    return free < MIN_FREE_BYTES ? `ENOSPC: ${free} bytes free in ${dir}` : undefined;
  } catch {
    return undefined; // no statfs here: the write probes below still run
  }
};

/** Room for a new page or two: an insert that must grow the database, as a real write does. */
const GROWTH_PROBE_BYTES = 16 * 1024;

/**
 * What /healthz answers: not "the process is up" but "the store takes writes". For the database, one
 * tiny committed write (a single row rewritten in place: a read-only file or an I/O error shows), then
 * an insert that needs new pages, rolled back (a database that may not grow, SQLITE_FULL, shows
 * although the in-place write fits), and the free space of the data folder's file system (a full disk
 * shows before the next insert fails). For files, one tiny file written and removed in the uploads
 * folder (ENOSPC, EROFS, EPERM). Cheap enough for a load balancer's probe every few seconds.
 */
export const storeHealth = (system: { db: Db; dataDir: string }, now: Date): StoreHealth => {
  const full = diskFull(system.dataDir);
  let database = 'writable';
  try {
    system.db.prepare('INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET at = excluded.at').run(now.toISOString());
    system.db.exec('SAVEPOINT healthz_growth');
    try {
      system.db.prepare('INSERT INTO health_probe (id, at) VALUES (2, ?)').run('x'.repeat(GROWTH_PROBE_BYTES));
    } finally {
      // SQLITE_FULL rolls the whole transaction back itself, savepoint included.
      if (system.db.inTransaction) system.db.exec('ROLLBACK TO healthz_growth; RELEASE healthz_growth');
    }
    if (full) database = full;
  } catch (e) {
    database = why(e);
  }
  let files = full ?? 'writable';
  const dir = path.join(system.dataDir, 'uploads');
  const probe = path.join(dir, `.healthz-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(probe, now.toISOString());
  } catch (e) {
    files = why(e);
  } finally {
    try {
      fs.rmSync(probe, { force: true });
    } catch {
      /* a folder that refused the write may refuse this too; reported above */
    }
  }
  return { ok: database === 'writable' && files === 'writable', database, files };
};
