/**
 * Section 1 of `npm run bench`: complaint submit over HTTP, each server in its own child process doing the same
 * storage work (baselineStore.ts), loaded by autocannon in this process at 32 connections; the raw transaction
 * loop without HTTP as the ceiling. Three rounds, servers interleaved within a round so a noisy neighbour hits
 * all of them alike; every figure is the median of the three, printed beside its baseline as a ratio.
 * Gates (CLARIFICATIONS, Performance): gateway ≥ 1.3 × Fastify; ≥ 0.6 × the raw loop is a stretch goal.
 * CPU µs per request is the server child's own process.cpuUsage over the run divided by the requests answered.
 */
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- autocannon ships no types
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { devTokens } from '../../server/local/gateway/devTokens';
import { MEMBER_QUOTAS } from '../../core/members/quotas';
import type { ChildMessage, ParentMessage } from './benchChild';

export interface SubmitBenchOptions {
  seconds: number;
  rounds: number;
  tempDir: (prefix: string) => string;
  out: (line: string) => void;
  /** Writes a V8 CPU profile of the gateway child into this folder (node --cpu-prof), for `--profile`. */
  profileDir?: string;
  /** `--baseline-checkpoint`: the baselines checkpoint from a background thread as the gateway does. */
  baselineCheckpoint?: boolean;
  /**
   * Where the gateway writes member submits: on its SQLite writer thread (adapters/sqlite/writerThread.ts, the
   * gateway's `writerThread` option), as npm start does; `--event-loop-writes` (read here, so bench.ts needs no
   * change) measures writes on the event loop instead.
   */
  writerThread?: boolean;
}

interface Figures {
  rps: number;
  p99: number;
  cpuUs: number;
  /** The event loop's own share of cpuUs (Linux only): what a writer or checkpoint thread does not carry. */
  mainUs?: number;
  errors: number;
}

const DESCRIPTION = '客服多次承诺回电但一直没有联系我，请尽快处理';
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

const spawnChild = (file: string, args: Record<string, unknown>, execArgv: string[] = []) => {
  const child = fork(path.join(__dirname, file), [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, BENCH_CHILD: JSON.stringify(args) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
};

const nextMessage = <T extends ChildMessage['type']>(child: ChildProcess, type: T) =>
  new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
    const onMessage = (m: ChildMessage) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`bench child exited (${code}) before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });

const tell = (child: ChildProcess, m: ParentMessage) => child.send(m);

/**
 * Every request a new idempotency key; the gateway's members rotate so no member passes the hourly quota
 * (the quota is the product's and is paid in full: counted, atomically, per request).
 */
let sequence = 0;
const perMember = MEMBER_QUOTAS.submitsPerHour;
const submitRequest = (auth: (member: string) => string) => () => {
  const i = sequence++;
  const member = `bench-${process.pid}-${Math.floor(i / perMember)}`;
  return {
    body: JSON.stringify({ action: 'submit', data: { idempotencyKey: `bench-${String(i).padStart(12, '0')}`, category: 'service', description: DESCRIPTION } }),
    headers: { 'content-type': 'application/json', authorization: auth(member) },
  };
};

const load = async (port: number, seconds: number, next: () => { body: string; headers: Record<string, string> }) =>
  (await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 32,
    duration: seconds,
    requests: [{ method: 'POST', path: '/api/complaints', setupRequest: (req: Record<string, unknown>) => ({ ...req, ...next() }) }],
  })) as { requests: { average: number; total: number }; latency: { p99: number }; errors: number; non2xx: number; '2xx': number };

const measureServer = async (child: ChildProcess, port: number, seconds: number, next: () => { body: string; headers: Record<string, string> }): Promise<Figures> => {
  tell(child, { type: 'start' });
  const r = await load(port, seconds, next);
  const cpu = nextMessage(child, 'cpu');
  tell(child, { type: 'stop' });
  const { micros, mainThreadMicros } = await cpu;
  const answered = Math.max(1, r['2xx']);
  return {
    rps: r.requests.average,
    p99: r.latency.p99,
    cpuUs: micros / answered,
    ...(mainThreadMicros !== undefined ? { mainUs: mainThreadMicros / answered } : {}),
    errors: r.errors + r.non2xx,
  };
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medianOf = (runs: Figures[]): Figures => ({
  rps: median(runs.map((r) => r.rps)),
  p99: median(runs.map((r) => r.p99)),
  cpuUs: median(runs.map((r) => r.cpuUs)),
  ...(runs.every((r) => r.mainUs !== undefined) ? { mainUs: median(runs.map((r) => r.mainUs!)) } : {}),
  errors: runs.reduce((s, r) => s + r.errors, 0),
});

export const submitBench = async (o: SubmitBenchOptions) => {
  // The product (npm start) writes submits on its writer thread; --event-loop-writes measures the other way.
  const writerThread = o.writerThread ?? !process.argv.includes('--event-loop-writes');
  // Absolute figures follow the machine's other work; the ratios, taken in one run, compare.
  const loadAtStart = os.loadavg()[0];
  const devSecret = crypto.randomBytes(16).toString('hex');
  const tokens = devTokens(devSecret);
  const tokenCache = new Map<string, string>();
  const bearer = (member: string) => {
    let t = tokenCache.get(member);
    if (!t) tokenCache.set(member, (t = `Bearer ${tokens.issue(member)}`));
    return t;
  };
  const plain = (member: string) => `Bearer ${member}`;
  const servers = [
    { name: 'gateway submit', file: 'gatewayServer.ts', auth: bearer, execArgv: o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [] },
    { name: 'Fastify + zod', file: 'fastifyServer.ts', auth: plain, execArgv: [] },
    { name: 'bare node:http', file: 'bareServer.ts', auth: plain, execArgv: [] },
  ].map((s) => {
    const child = spawnChild(s.file, { dir: o.tempDir('bench-submit-'), devSecret, backgroundCheckpoint: o.baselineCheckpoint, writerThread }, s.execArgv);
    return { ...s, child, ready: nextMessage(child, 'ready'), runs: [] as Figures[] };
  });
  const raw: Figures[] = [];
  for (const s of servers) {
    const { port } = await s.ready;
    await load(port, 1, submitRequest(s.auth)); // warm-up: JIT, the store's first pages
  }
  for (let round = 0; round < o.rounds; round++) {
    for (const s of servers) s.runs.push(await measureServer(s.child, (await s.ready).port, o.seconds, submitRequest(s.auth)));
    const loop = spawnChild('rawLoop.ts', { dir: o.tempDir('bench-raw-'), seconds: o.seconds, round, backgroundCheckpoint: o.baselineCheckpoint });
    const l = await nextMessage(loop, 'loop');
    raw.push({ rps: (l.count / l.ms) * 1000, p99: 0, cpuUs: l.micros / l.count, errors: 0 });
  }
  for (const s of servers) {
    const exited = new Promise((r) => s.child.once('exit', r));
    tell(s.child, { type: 'exit' });
    await exited;
  }
  const [gateway, fastify, bare] = servers.map((s) => medianOf(s.runs));
  const loop = medianOf(raw);
  // The event loop's own µs beside the process's: the gateway's writer and checkpoint threads carry the rest.
  const line = (name: string, f: Figures, note = '') =>
    `   ${name.padEnd(16)} ${f.rps.toFixed(0).padStart(6)} req/s   CPU ${f.cpuUs.toFixed(0).padStart(4)} µs/req${
      f.mainUs !== undefined ? ` (event loop ${f.mainUs.toFixed(0).padStart(3)})` : ''
    }   p99 ${String(f.p99).padStart(3)} ms   errors ${f.errors}${note}`;
  o.out(`\n1. Complaint submit over HTTP: each server its own process, same storage work, 32 connections, ${o.seconds} s × ${o.rounds} rounds (medians)`);
  o.out(`   (same pragmas everywhere; WAL checkpoints: the gateway from a background thread, the baselines ${o.baselineCheckpoint ? 'too (--baseline-checkpoint)' : 'on their own thread, SQLite-style'})`);
  o.out(`   (the gateway's submits written ${writerThread ? 'on its SQLite writer thread, as npm start does (--event-loop-writes for the other way)' : 'on its event loop (--event-loop-writes)'}; 1-min load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end)`);
  o.out(line('gateway submit', gateway));
  o.out(line('Fastify + zod', fastify));
  o.out(line('bare node:http', bare));
  o.out(`   ${'raw tx loop'.padEnd(16)} ${loop.rps.toFixed(0).padStart(6)} tx/s    CPU ${loop.cpuUs.toFixed(0).padStart(4)} µs/tx    (no HTTP, one complaint + outbox row per transaction)`);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const gate = gateway.rps / fastify.rps;
  o.out(`   gateway / Fastify   ${ratio(gateway.rps, fastify.rps)}   (gate ≥ 1.30${gate >= 1.3 ? ', met' : ', MISSED'})   per round: ${servers[0].runs.map((r, i) => ratio(r.rps, servers[1].runs[i].rps)).join(' ')}`);
  o.out(`   gateway / bare      ${ratio(gateway.rps, bare.rps)}`);
  o.out(`   gateway / raw loop  ${ratio(gateway.rps, loop.rps)}   (stretch goal ≥ 0.60)`);
  o.out(`   CPU per request gateway/Fastify ${ratio(gateway.cpuUs, fastify.cpuUs)}, gateway/bare ${ratio(gateway.cpuUs, bare.cpuUs)}; p99 gateway/Fastify ${ratio(gateway.p99, Math.max(1, fastify.p99))} (reported, not gated)`);
  if (gateway.mainUs !== undefined && fastify.mainUs !== undefined)
    o.out(`   event-loop CPU per request gateway/Fastify ${ratio(gateway.mainUs, fastify.mainUs)}: under 1/1.3 = 0.77 is what the gate needs when each server's loop is its limit`);
  return { gateway, fastify, bare, loop };
};
