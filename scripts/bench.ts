/**
 * npm run bench — figures as ratios against baselines measured in the same run (shared, noisy machines):
 *  1. complaint submit over HTTP through the gateway vs bare node:http doing the same JSON work;
 *  2. the SLA monitor's scan and the staff queue's first page at 10k and at 1M complaints;
 *  3. peak memory while the gateway serves on the 1M-complaint store;
 *  4. the mini-program's main package and each subpackage against WeChat's size limits (scripts/packageSizes.ts).
 * BENCH_LARGE (default 1000000) and BENCH_SECONDS (default 5) tune the run.
 */
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- autocannon ships no types
import autocannon from 'autocannon';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openComplaint } from '../core/complaints/lifecycle';
import { defaultComplaintPolicy } from '../core/complaints/policy';
import { chinaCalendar } from '../core/calendar/chinaCalendar';
import { createGateway } from '../server/local/gateway/gateway';
import { localSystem } from '../server/local/localSystem';
import { silentLogger } from '../server/runtime/log';
import { devTokens } from '../server/local/gateway/devTokens';
import { formatPackageReport, measurePackages } from './packageSizes';

const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const SMALL = 10_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const out = (s: string) => process.stdout.write(`${s}\n`);

const listen = (server: http.Server) =>
  new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));

const load = (port: number, path: string, body: (i: number) => string, headers: Record<string, string> = {}) => {
  let i = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 32,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', ...headers },
        setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body(i++) }),
      },
    ],
  });
};

const submitBody = (i: number) =>
  JSON.stringify({
    action: 'submit',
    data: { idempotencyKey: `bench-${process.pid}-${String(i).padStart(10, '0')}`, category: 'service', description: '客服多次承诺回电但一直没有联系我，请尽快处理' },
  });

/** The same work a thin handler does without the product: read the body, parse it, answer JSON. */
const bareServer = () =>
  http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, data: { action: parsed.action } }));
    });
  });

const httpBench = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-http-'));
  const bare = bareServer();
  const barePort = await listen(bare);
  const system = localSystem({ dataDir: dir });
  const gateway = createGateway({ system, devSecret: 'bench', log: silentLogger });
  const gwPort = await listen(gateway);
  const token = devTokens('bench').issue('openid-bench');
  await load(barePort, '/api/complaints', submitBody); // warm-up
  const b = await load(barePort, '/api/complaints', submitBody);
  const g = await load(gwPort, '/api/complaints', submitBody, { authorization: `Bearer ${token}` });
  const stored = (system.db.prepare('SELECT COUNT(*) n FROM complaints').get() as { n: number }).n;
  bare.close();
  gateway.close();
  system.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  out('\n1. Complaint submit over HTTP (32 connections, ' + SECONDS + ' s each)');
  out(`   bare node:http   ${b.requests.average.toFixed(0).padStart(7)} req/s   p99 ${b.latency.p99} ms   errors ${b.errors + b.non2xx}`);
  out(`   gateway submit   ${g.requests.average.toFixed(0).padStart(7)} req/s   p99 ${g.latency.p99} ms   errors ${g.errors + g.non2xx}   (${stored} complaints stored)`);
  out(`   throughput ratio gateway/bare = ${(g.requests.average / b.requests.average).toFixed(2)}   (target ≥ 0.40)`);
  out(`   p99 ratio gateway/bare        = ${(g.latency.p99 / Math.max(1, b.latency.p99)).toFixed(2)}`);
};

/** Fills a store with `n` realistic complaints fast: one real record as a template, ids and times varied per row. */
const fill = (n: number) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${n}-`));
  const system = localSystem({ dataDir: dir });
  const now = Date.parse('2026-11-23T06:00:00Z');
  const ctx = { now: new Date(now), calendar: chinaCalendar, policy: defaultComplaintPolicy, newId: () => 'evt' };
  const template = openComplaint(ctx, {
    id: '__ID__', number: '__NUM__', memberId: '__MEMBER__', channel: 'miniprogram', receivedAt: new Date(now),
    category: 'service', description: '客服多次承诺回电但一直没有联系我，请尽快处理', attachments: [],
    factors: { vulnerableMember: false, mediaInvolved: false, regulatorInvolved: false, repeatComplaint: false, urgent: false },
  }).complaint;
  const doc = JSON.stringify(template);
  const insert = system.db.prepare(`INSERT INTO complaints (id, number, member_id, status, grade, green_channel, category, channel, owner_id,
    policy_no, phone_index, received_at, next_due_at, sla_next_check_at, version, updated_at, doc)
    VALUES (?, ?, ?, 'submitted', 'ordinary', 0, 'service', 'miniprogram', NULL, NULL, NULL, ?, ?, ?, 1, ?, ?)`);
  const batch = system.db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = `c${String(i).padStart(9, '0')}`;
      // Spread over the past 60 days; the same 100 cases are due for the SLA monitor at every size,
      // because its cost must follow the due items, not the table.
      const received = new Date(now - (i % 5_184_000) * 1000).toISOString();
      const check = new Date(now + (i < 100 ? -60_000 : 3600_000 + (i % 86_400) * 1000)).toISOString();
      const due = new Date(now + 3600_000 + ((i * 7919) % 1_209_600) * 1000).toISOString();
      insert.run(id, `TS-B${i}`, `m${i % 200_000}`, received, due, check, received, doc.replace('__ID__', id).replace('__NUM__', `TS-B${i}`).replace('__MEMBER__', `m${i % 200_000}`));
    }
  });
  for (let i = 0; i < n; i += 20_000) batch(i, Math.min(n, i + 20_000));
  return { system, dir };
};

const median = async (runs: number, fn: () => Promise<unknown>) => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
};

const scaleBench = async () => {
  const at = new Date('2026-11-23T06:00:00Z');
  const measure = async (n: number) => {
    const started = Date.now();
    const { system, dir } = fill(n);
    const seeded = (Date.now() - started) / 1000;
    const scan = await median(31, () => system.complaints.store.findSlaDue(at, 200));
    const queue = await median(31, () => system.complaints.store.queue({}, { limit: 20 }));
    const due = (await system.complaints.store.findSlaDue(at, 200)).length;
    return { n, system, dir, scan, queue, due, seeded };
  };
  const small = await measure(SMALL);
  const large = await measure(LARGE);
  out(`\n2. Reads that must not grow with the table (median of 31 runs; seeded ${SMALL} rows in ${small.seeded.toFixed(1)} s, ${LARGE} in ${large.seeded.toFixed(1)} s)`);
  out(`   SLA scan (200 due max)  ${SMALL}: ${small.scan.toFixed(3)} ms (${small.due} due)   ${LARGE}: ${large.scan.toFixed(3)} ms (${large.due} due)   ratio ${(large.scan / small.scan).toFixed(2)}   (target ≤ 2)`);
  out(`   queue first page (20)   ${SMALL}: ${small.queue.toFixed(3)} ms   ${LARGE}: ${large.queue.toFixed(3)} ms   ratio ${(large.queue / small.queue).toFixed(2)}   (target ≤ 2)`);
  small.system.db.close();
  fs.rmSync(small.dir, { recursive: true, force: true });
  return large;
};

const memoryBench = async (large: Awaited<ReturnType<typeof scaleBench>>) => {
  const rssBefore = process.memoryUsage().rss;
  const gateway = createGateway({ system: large.system, devSecret: 'bench', log: silentLogger });
  const port = await listen(gateway);
  const token = devTokens('bench').issue('m42');
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const r = await load(port, '/api/complaints', (i) => (i % 2 ? submitBody(i) : JSON.stringify({ action: 'listMine', data: { limit: 20 } })), { authorization: `Bearer ${token}` });
  clearInterval(sampler);
  gateway.close();
  out(`\n3. Gateway memory on the ${LARGE}-complaint store (in-process, half submits / half listMine, ${r.requests.average.toFixed(0)} req/s)`);
  out(`   RSS before serving ${(rssBefore / 2 ** 20).toFixed(0)} MB, peak while serving ${(peak / 2 ** 20).toFixed(0)} MB; database file ${(fs.statSync(path.join(large.dir, 'member-service.db')).size / 2 ** 30).toFixed(2)} GB`);
  large.system.db.close();
  fs.rmSync(large.dir, { recursive: true, force: true });
};

const packageBench = () => {
  out('\n4. Mini-program package sizes (WeChat: each package ≤ 2 MB, total ≤ 20 MB)');
  for (const line of formatPackageReport(measurePackages(path.resolve(__dirname, '..')))) out(line);
};

const main = async () => {
  out(`bench on ${os.cpus().length} cores, node ${process.version}`);
  await httpBench();
  const large = await scaleBench();
  await memoryBench(large);
  packageBench();
};

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
