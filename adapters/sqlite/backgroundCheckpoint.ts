import { Worker } from 'node:worker_threads';
import type { Db } from './database';

/**
 * Checkpoints of a WAL database from a worker thread with its own connection. SQLite's automatic checkpoint
 * runs inside whichever COMMIT crosses the threshold, on the thread that committed: in a server that thread
 * is the event loop, which then stands still for the copy into the main file and its fsync (a third of the
 * submit's cost in `npm run bench -- --only=submit`, and most of its p99). PASSIVE checkpoints never take the
 * write lock, so the writer goes on while the worker copies; committed transactions are in the WAL already,
 * so nothing about durability changes. The worker's CPU is the same process's and counts in the bench.
 */
export const checkpointInBackground = (db: Db, everyMs = 200): { stop(): Promise<void> } => {
  if (db.memory || !db.name) return { stop: async () => undefined };
  // Plain CommonJS evaluated in the worker: no TypeScript loader needed (tsx, ts-jest, bundles alike).
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    const db = new Database(workerData.file, { fileMustExist: true });
    db.pragma('busy_timeout = 1000');
    const timer = setInterval(() => {
      try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next tick tries again */ }
    }, workerData.everyMs);
    parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
  `;
  const worker = new Worker(source, { eval: true, workerData: { file: db.name, driver: require.resolve('better-sqlite3'), everyMs } });
  worker.unref();
  worker.on('error', () => undefined); // a checkpointer that died leaves the connection's own autocheckpoint in charge
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => ((exited = true), resolve())));
  return {
    stop: () => {
      if (!exited) {
        worker.postMessage('stop');
        // unref where the timer has it (Node); the page tests' jsdom hands back a number.
        const t: unknown = setTimeout(() => void worker.terminate(), 2000);
        (t as { unref?: () => void }).unref?.();
      }
      return exit;
    },
  };
};
