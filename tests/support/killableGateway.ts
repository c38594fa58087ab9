/**
 * A gateway in a process of its own, for tests that kill it (tests/functions/submitKill.test.ts): run with
 * `node --import tsx`, it serves the local system in KILL_DATA_DIR and sends its port over IPC.
 */
import type { AddressInfo } from 'node:net';
import { createGateway } from '../../server/local/gateway/gateway';
import { localSystem } from '../../server/local/localSystem';
import { silentLogger } from '../../server/runtime/log';

const system = localSystem({ dataDir: process.env.KILL_DATA_DIR! });
// KILL_WRITER_THREAD=1: submits written on the SQLite writer thread (adapters/sqlite/writerThread.ts).
const server = createGateway({ system, devSecret: process.env.KILL_DEV_SECRET!, log: silentLogger, writerThread: process.env.KILL_WRITER_THREAD === '1' });
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on('disconnect', () => process.exit(0));
