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

const why = (e: unknown) => storeFaultReason(e) ?? (e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e)).slice(0, 200);

/**
 * What /healthz answers: not "the process is up" but "the store takes writes". One tiny committed
 * write to the database (a single row rewritten in place, so a read-only file, a full disk refused by
 * SQLite or an I/O error shows) and one tiny file written and removed in the uploads folder (ENOSPC,
 * EROFS). Cheap enough for a load balancer's probe every few seconds.
 */
export const storeHealth = (system: { db: Db; dataDir: string }, now: Date): StoreHealth => {
  let database = 'writable';
  try {
    system.db.prepare('INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET at = excluded.at').run(now.toISOString());
  } catch (e) {
    database = why(e);
  }
  let files = 'writable';
  const dir = path.join(system.dataDir, 'uploads');
  const probe = path.join(dir, `.healthz-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, now.toISOString());
  } catch (e) {
    files = why(e);
  } finally {
    fs.rmSync(probe, { force: true });
  }
  return { ok: database === 'writable' && files === 'writable', database, files };
};
