import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The child side of the bench's protocol (scripts/bench/submit.ts): each server under test runs in its own
 * process, says which port it listens on, and measures its own CPU between `start` and `stop`, so the load
 * generator's CPU never counts against the server and one server's garbage never lands on another.
 */
export type ParentMessage = { type: 'start' } | { type: 'stop' } | { type: 'exit' };
export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'cpu'; micros: number; mainThreadMicros?: number }
  | { type: 'loop'; count: number; ms: number; micros: number };

/**
 * CPU of this process's main thread (the event loop) in µs, from Linux's per-thread accounting
 * (/proc/self/task/<pid>/stat, utime + stime in clock ticks of 10 ms): the share a writer or checkpoint thread
 * does not take. Undefined where there is no /proc.
 */
const mainThreadMicros = (): number | undefined => {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
};

export const send = (m: ChildMessage) => process.send?.(m);

/** Serves `server` on a free local port and answers the parent's CPU questions until told to exit. */
export const serveForBench = (server: { listen(port: number, host: string, cb: () => void): unknown; address(): string | AddressInfo | null }, close: () => void) => {
  let started = process.cpuUsage();
  let mainStarted = mainThreadMicros();
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'start') {
      started = process.cpuUsage();
      mainStarted = mainThreadMicros();
    }
    if (m.type === 'stop') {
      const used = process.cpuUsage(started);
      const main = mainThreadMicros();
      send({ type: 'cpu', micros: used.user + used.system, ...(main !== undefined && mainStarted !== undefined ? { mainThreadMicros: main - mainStarted } : {}) });
    }
    if (m.type === 'exit') {
      close();
      process.exit(0);
    }
  });
  // An orphaned child (the bench killed with -9) must not keep serving.
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (server.address() as AddressInfo).port }));
};

export type HttpServer = http.Server;

/** Arguments the parent passes: the store's folder and the run's settings, as JSON in BENCH_CHILD. */
export const childArgs = <T>(): T => JSON.parse(process.env.BENCH_CHILD ?? '{}') as T;
