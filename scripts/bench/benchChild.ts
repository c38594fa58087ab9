import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The child side of the bench's protocol (scripts/bench/submit.ts): each server under test runs in its own
 * process, says which port it listens on, and measures its own CPU between `start` and `stop`, so the load
 * generator's CPU never counts against the server and one server's garbage never lands on another.
 */
export type ParentMessage = { type: 'start' } | { type: 'stop' } | { type: 'exit' };
export type ChildMessage = { type: 'ready'; port: number } | { type: 'cpu'; micros: number } | { type: 'loop'; count: number; ms: number; micros: number };

export const send = (m: ChildMessage) => process.send?.(m);

/** Serves `server` on a free local port and answers the parent's CPU questions until told to exit. */
export const serveForBench = (server: { listen(port: number, host: string, cb: () => void): unknown; address(): string | AddressInfo | null }, close: () => void) => {
  let started = process.cpuUsage();
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'start') started = process.cpuUsage();
    if (m.type === 'stop') {
      const used = process.cpuUsage(started);
      send({ type: 'cpu', micros: used.user + used.system });
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
