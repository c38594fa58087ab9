import { Worker } from 'node:worker_threads';
import type { LimitRule } from '../../core/members/ports';
import type { Db } from './database';
import { groupCommit } from './groupCommit';

/**
 * A SQLite writer on a thread of its own (issue 9 item 11). The gateway is CPU-bound on one thread; the
 * member submit's storage work (key check, quota counters, number, complaint row, outbox row, COMMIT) is
 * about half its CPU. Here that work runs as named operations with serialisable input on a worker thread
 * that owns a second connection to the same file and group-commits what reaches it in one of its turns
 * (groupCommit.ts, unchanged): each caller is answered only after the COMMIT that holds its write, as on
 * the main connection, so a kill -9 loses nothing acknowledged. The main thread keeps HTTP, JSON, zod, the
 * domain and every read; writes other than the submit's stay on the main connection (they are rare: the
 * two connections then take turns on the WAL write lock, waiting via busy_timeout).
 *
 * Opt-in per process (the local gateway's `writerThread` option): a connection with no thread attached
 * writes in-thread exactly as before, which is what unit tests and scripts get.
 */
export interface WriterThread {
  /** Runs the named operation (writerThread.worker.ts) in the writer's next shared transaction; answers after COMMIT. */
  call<T>(op: WriterOp, input: unknown): Promise<T>;
  /** Lets the calls already sent finish, then closes the writer's connection. Later calls go in-thread again. */
  stop(): Promise<void>;
}

export type WriterOp = 'complaint.create' | 'limits.take';

interface Call {
  id: number;
  op: WriterOp;
  input: unknown;
}
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string; code?: unknown; stack?: string } };

const attached = new WeakMap<Db, WriterThread>();

/** The writer thread serving this connection's file, if the process started one. */
export const writerThreadOf = (db: Db): WriterThread | undefined => attached.get(db);

/** Structured clone keeps an Error's message but not its `code` (SQLITE_FULL …), which storeFaults.ts reads. */
const rebuild = (e: { name: string; message: string; code?: unknown; stack?: string }) => Object.assign(new Error(e.message), { name: e.name, code: e.code, stack: e.stack });

/**
 * Starts the writer for `db`'s file and attaches it to `db`. The worker is TypeScript loaded through tsx's
 * CommonJS hook (the local system runs under tsx; it is not part of any cloud bundle).
 */
export const startWriterThread = (db: Db): WriterThread => {
  const existing = attached.get(db);
  if (existing) return existing;
  if (db.memory || !db.name) throw new Error('a writer thread needs a database file');
  const source = `
    require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();
    require(${JSON.stringify(require.resolve('./writerThread.worker.ts'))});
  `;
  const worker = new Worker(source, { eval: true, workerData: { file: db.name } });
  worker.unref();
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  let outgoing: Call[] = [];
  let nextId = 0;
  let dead: Error | undefined;
  const failAll = (e: Error) => {
    dead = e;
    if (attached.get(db) === thread) attached.delete(db);
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (replies: Reply[]) => {
    for (const r of replies) {
      const p = pending.get(r.id);
      if (!p) continue;
      pending.delete(r.id);
      if (r.ok) p.resolve(r.value);
      else p.reject(rebuild(r.error));
    }
  });
  // A writer that died took its open transaction with it: nothing of it committed, nobody is told "saved".
  worker.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => failAll(new Error(`writer thread exited (${code})`)));
  // The calls of one event-loop turn go over in one message (setImmediate: after the turn's I/O callbacks).
  const post = () => {
    const calls = outgoing;
    outgoing = [];
    if (dead) return;
    worker.postMessage({ type: 'calls', calls });
  };
  let stopping: Promise<void> | undefined;
  const thread: WriterThread = {
    call: <T>(op: WriterOp, input: unknown) =>
      new Promise<T>((resolve, reject) => {
        if (dead) return reject(dead);
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        if (!outgoing.length) setImmediate(post);
        outgoing.push({ id, op, input });
      }),
    stop: () => {
      if (attached.get(db) === thread) attached.delete(db);
      stopping ??= new Promise<void>((resolve) => {
        if (dead) return resolve();
        worker.once('exit', () => resolve());
        // After the calls of this turn: the worker answers them, then closes its connection and exits.
        setImmediate(() => {
          post();
          worker.postMessage({ type: 'stop' });
        });
        const t: unknown = setTimeout(() => void worker.terminate(), 5000);
        (t as { unref?: () => void }).unref?.();
      });
      return stopping;
    },
  };
  attached.set(db, thread);
  return thread;
};

/**
 * The member-quota counters for a submit: on the writer thread when one serves `db` (a write on the main
 * connection would wait for the writer's lock with the event loop stopped), else in the main connection's
 * group commit (a savepoint of the turn's transaction, not a commit of its own).
 */
export const writerLimits = (db: Db, inThread: (rules: LimitRule[], now: Date) => Promise<string | null>) => ({
  takeLimits: (rules: LimitRule[], now: Date): Promise<string | null> => {
    const writer = attached.get(db);
    return writer ? writer.call<string | null>('limits.take', { rules, now }) : groupCommit(db).write(() => inThread(rules, now));
  },
});
