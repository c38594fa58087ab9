import type { Db } from './database';

/**
 * Group commit: the writes that reach one connection in one event-loop turn share one transaction. Each write
 * runs in a savepoint of its own (a failing write rolls back alone and fails alone), and every caller is
 * answered only after the shared COMMIT, so nothing is acknowledged that a crash could still take back.
 * With WAL and synchronous=NORMAL a committed transaction survives the process being killed; what batching
 * saves is the per-commit work (WAL frames of the same index pages, lock and header updates) paid once for
 * the turn instead of once per request (issue 9 item 11; measured in `npm run bench -- --only=submit`).
 */
export interface GroupCommit {
  /**
   * Runs `work` (synchronous SQL on this connection) in the next shared transaction; resolves with its
   * result after COMMIT, or rejects with its error (its savepoint rolled back) or the COMMIT's.
   */
  write<T>(work: () => T): Promise<Awaited<T>>;
}

interface Pending {
  work: () => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const perConnection = new WeakMap<Db, GroupCommit>();

/** The connection's one group-commit queue (every store on the connection shares it, so one turn is one commit). */
export const groupCommit = (db: Db): GroupCommit => {
  const existing = perConnection.get(db);
  if (existing) return existing;
  let queue: Pending[] = [];
  // By hand, not db.transaction: a port method may be `async` around synchronous SQL (its work is done when it
  // returns; its promise only carries the answer), which better-sqlite3's wrapper refuses to return.
  const begin = db.prepare('SAVEPOINT group_commit_item');
  const release = db.prepare('RELEASE group_commit_item');
  const rollback = db.prepare('ROLLBACK TO group_commit_item');
  const savepoint = (work: () => unknown) => {
    begin.run();
    try {
      const value = work();
      release.run();
      return value;
    } catch (error) {
      if (db.inTransaction) {
        rollback.run();
        release.run();
      }
      throw error;
    }
  };
  const batch = db.transaction((items: Pending[]) => {
    if (items.length === 1) return [{ ok: true, value: items[0].work() }] as Outcome[];
    return items.map((item): Outcome => {
      try {
        return { ok: true, value: savepoint(item.work) };
      } catch (error) {
        // A fault that ended the whole transaction (SQLite may roll back on SQLITE_FULL or an I/O error):
        // the earlier writes are gone too, so the batch fails as one and nobody is told "saved".
        if (!db.inTransaction) throw error;
        return { ok: false, error };
      }
    });
  });
  const flush = () => {
    const items = queue;
    queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = batch.immediate(items);
    } catch (error) {
      // Nothing of the batch committed: every write in it fails with the reason (one item alone: its own error).
      for (const item of items) item.reject(error);
      return;
    }
    outcomes.forEach((o, i) => (o.ok ? items[i].resolve(o.value) : items[i].reject(o.error)));
  };
  const gc: GroupCommit = {
    write: <T>(work: () => T) =>
      new Promise<Awaited<T>>((resolve, reject) => {
        // The first write of a turn schedules the commit after the turn's I/O callbacks (setImmediate runs
        // after the poll phase): every request parsed in this turn joins the same transaction.
        if (!queue.length) setImmediate(flush);
        queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      }),
  };
  perConnection.set(db, gc);
  return gc;
};
