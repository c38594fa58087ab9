/**
 * npm run bench — figures as ratios against baselines measured in the same run (shared, noisy machines):
 *  1. complaint submit over HTTP: the gateway, a Fastify + zod baseline and a bare node:http baseline, each in its
 *     own child process doing the same storage work, plus the raw transaction loop (scripts/bench/submit.ts);
 *  2. the SLA monitor's scan and the staff queue's first page at 10k and at 100k complaints (1M with --large);
 *  3. peak memory while the gateway serves on the large store;
 *  4. the mini-program's main package and each subpackage against WeChat's size limits (scripts/packageSizes.ts);
 *  5. the staff queue's first page for each gated filter (core/complaints/queuePlan.ts) at 10k and at 100k
 *     complaints, or at 1M with `npm run bench -- --large`, as the ratio large/small against ≤ 2.
 * Flags: `--only=submit|scale|packages|filters|coldstart|booking|consultations|claims|dashboard` runs one section; `--large` seeds 1M rows instead of 100k;
 * `--profile` writes a CPU profile of the gateway child (section 1) into artifacts/profiles; `--baseline-checkpoint`
 * gives the baselines the gateway's background WAL checkpointing too (section 1).
 * BENCH_SECONDS (default 5) is each load run; BENCH_LARGE overrides the large size.
 * Every store the bench seeds lives in a temporary directory removed on exit (also on Ctrl-C or an error).
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
import { CHANNELS, COMPLAINT_CATEGORIES } from '../core/complaints/model';
import type { QueueFilter } from '../core/complaints/ports';
import { defaultComplaintPolicy } from '../core/complaints/policy';
import { chinaCalendar } from '../core/calendar/chinaCalendar';
import { createGateway } from '../server/local/gateway/gateway';
import { localSystem } from '../server/local/localSystem';
import { silentLogger } from '../server/runtime/log';
import { devTokens } from '../server/local/gateway/devTokens';
import { formatPackageReport, measurePackages } from './packageSizes';
import { submitBench } from './bench/submit';

const ARGS = process.argv.slice(2);
const LARGE_FLAG = ARGS.includes('--large');
const LARGE = Number(process.env.BENCH_LARGE ?? (LARGE_FLAG ? 1_000_000 : 100_000));
const SMALL = 10_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const out = (s: string) => process.stdout.write(`${s}\n`);
const FILTER_LARGE = LARGE_FLAG ? 1_000_000 : 100_000;
/** `--only=<section>`: submit, scale (sections 2 and 3), packages, filters, coldstart, booking, consultations, claims. */
const ONLY = ARGS.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const section = (name: string) => !ONLY || ONLY === name;

/** Seeded stores, removed however the bench ends. */
const tempDirs = new Set<string>();
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
};
const removeDir = (dir: string) => {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
};
process.on('exit', () => [...tempDirs].forEach(removeDir));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

const listen = (server: http.Server) =>
  new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));

const load = (port: number, path: string, next: (i: number) => { body: string; headers: Record<string, string> }) => {
  let i = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 32,
    duration: SECONDS,
    requests: [{ method: 'POST', path, setupRequest: (req: Record<string, unknown>) => ({ ...req, ...next(i++) }) }],
  });
};

const submitBody = (i: number) =>
  JSON.stringify({
    action: 'submit',
    data: { idempotencyKey: `bench-${process.pid}-${String(i).padStart(10, '0')}`, category: 'service', description: '客服多次承诺回电但一直没有联系我，请尽快处理' },
  });

/** Fills a store with `n` realistic complaints fast: one real record as a template, ids and times varied per row. */
const fill = (n: number) => {
  const dir = tempDir(`bench-${n}-`);
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
  removeDir(small.dir);
  return large;
};

const memoryBench = async (large: Awaited<ReturnType<typeof scaleBench>>) => {
  const rssBefore = process.memoryUsage().rss;
  const gateway = createGateway({ system: large.system, devSecret: 'bench', log: silentLogger });
  const port = await listen(gateway);
  const tokens = devTokens('bench');
  // A new member every few requests, so the member's hourly quota (MEMBER_QUOTAS) does not turn submits into 429s.
  const auth = (i: number) => ({ 'content-type': 'application/json', authorization: `Bearer ${tokens.issue(`m${Math.floor(i / 4)}`)}` });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const r = await load(port, '/api/complaints', (i) => ({ body: i % 2 ? submitBody(i) : JSON.stringify({ action: 'listMine', data: { limit: 20 } }), headers: auth(i) }));
  clearInterval(sampler);
  gateway.close();
  out(`\n3. Gateway memory on the ${LARGE}-complaint store (in-process, half submits / half listMine, ${r.requests.average.toFixed(0)} req/s)`);
  out(`   RSS before serving ${(rssBefore / 2 ** 20).toFixed(0)} MB, peak while serving ${(peak / 2 ** 20).toFixed(0)} MB; database file ${(fs.statSync(path.join(large.dir, 'member-service.db')).size / 2 ** 30).toFixed(2)} GB`);
  large.system.db.close();
  removeDir(large.dir);
};

const packageBench = () => {
  out('\n4. Mini-program package sizes (WeChat: each package ≤ 2 MB, total ≤ 20 MB)');
  for (const line of formatPackageReport(measurePackages(path.resolve(__dirname, '..')))) out(line);
};

/**
 * A store whose rows vary in every queue filter: 7 statuses (closed and withdrawn leave the queue), 3 grades,
 * 8 categories, 5 channels, 50 owners (a tenth unassigned). Exactly 7 rows at every size are `underReview`,
 * owned by `staff-rare`, category privacy: the filters that match fewer than a page.
 */
const fillForFilters = (n: number) => {
  const dir = tempDir(`bench-filters-${n}-`);
  const system = localSystem({ dataDir: dir });
  const now = Date.parse('2026-11-23T06:00:00Z');
  const ctx = { now: new Date(now), calendar: chinaCalendar, policy: defaultComplaintPolicy, newId: () => 'evt' };
  const doc = JSON.stringify(
    openComplaint(ctx, {
      id: '__ID__', number: '__NUM__', memberId: '__MEMBER__', channel: 'miniprogram', receivedAt: new Date(now),
      category: 'service', description: '客服多次承诺回电但一直没有联系我，请尽快处理', attachments: [],
      factors: { vulnerableMember: false, mediaInvolved: false, regulatorInvolved: false, repeatComplaint: false, urgent: false },
    }).complaint,
  );
  const statuses = ['submitted', 'acknowledged', 'inProgress', 'waitingForMember', 'reopened', 'closed', 'withdrawn'];
  const categories = Object.keys(COMPLAINT_CATEGORIES).filter((c) => c !== 'privacy');
  const channels = Object.keys(CHANNELS);
  const rareEvery = Math.floor(n / 7);
  const insert = system.db.prepare(`INSERT INTO complaints (id, number, member_id, status, grade, green_channel, category, channel, owner_id,
    policy_no, phone_index, received_at, next_due_at, sla_next_check_at, version, updated_at, doc)
    VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, NULL, NULL, ?, ?, ?, 1, ?, ?)`);
  const batch = system.db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = `c${String(i).padStart(9, '0')}`;
      const rare = i % rareEvery === 11;
      const status = rare ? 'underReview' : statuses[i % 7];
      const open = status !== 'closed' && status !== 'withdrawn';
      const grade = i % 20 === 0 ? 'major' : i % 5 === 0 ? 'significant' : 'ordinary';
      const category = rare ? 'privacy' : categories[Math.floor(i / 2) % categories.length];
      const channel = channels[Math.floor(i / 3) % channels.length];
      const owner = rare ? 'staff-rare' : i % 10 === 9 ? null : `staff-${Math.floor(i / 11) % 50}`;
      const received = new Date(now - (i % 5_184_000) * 1000).toISOString();
      const due = open ? new Date(now + 3600_000 + ((i * 7919) % 1_209_600) * 1000).toISOString() : null;
      const check = open ? due : null;
      insert.run(id, `TS-F${i}`, `m${i % 200_000}`, status, grade, category, channel, owner, received, due, check, received,
        doc.replace('__ID__', id).replace('__NUM__', `TS-F${i}`).replace('__MEMBER__', `m${i % 200_000}`));
    }
  });
  for (let i = 0; i < n; i += 20_000) batch(i, Math.min(n, i + 20_000));
  return { system, dir };
};

const GATED_FILTERS: [string, QueueFilter][] = [
  ['none', {}],
  ['status=submitted', { status: 'submitted' }],
  ['grade=major', { grade: 'major' }],
  ['category=claims', { category: 'claims' }],
  ['channel=phone', { channel: 'phone' }],
  ['owner=staff-7', { ownerId: 'staff-7' }],
  ['status=submitted × grade=significant', { status: 'submitted', grade: 'significant' }],
  ['status=submitted × category=claims', { status: 'submitted', category: 'claims' }],
  ['status=acknowledged × channel=phone', { status: 'acknowledged', channel: 'phone' }],
  ['status=inProgress × owner=staff-7', { status: 'inProgress', ownerId: 'staff-7' }],
  ['owner=staff-rare (7 rows)', { ownerId: 'staff-rare' }],
  ['status=underReview (7 rows)', { status: 'underReview' }],
  ['status=underReview × category=privacy (7 rows)', { status: 'underReview', category: 'privacy' }],
];
/** Not gated (clarification): the best index plus a bounded scan; reported for the record. */
const SCANNED_FILTERS: [string, QueueFilter][] = [
  ['grade=major × category=claims', { grade: 'major', category: 'claims' }],
  ['status=submitted × grade=major × owner=staff-7', { status: 'submitted', grade: 'major', ownerId: 'staff-7' }],
];

const filterBench = async () => {
  const seed = (n: number) => {
    const started = Date.now();
    const { system, dir } = fillForFilters(n);
    return { n, system, dir, seeded: (Date.now() - started) / 1000, times: new Map<string, { ms: number; items: number }>(), old: 0 };
  };
  const small = seed(SMALL);
  const large = seed(FILTER_LARGE);
  // Both stores stay open and each filter is timed on them in turn, so warm-up and GC fall on both sizes alike.
  for (const [name, filter] of [...GATED_FILTERS, ...SCANNED_FILTERS]) {
    for (const s of [small, large]) for (let i = 0; i < 5; i++) await s.system.complaints.store.queue(filter, { limit: 20 });
    for (const s of [small, large]) {
      const items = (await s.system.complaints.store.queue(filter, { limit: 20 })).items.length;
      s.times.set(name, { ms: await median(101, () => s.system.complaints.store.queue(filter, { limit: 20 })), items });
    }
  }
  for (const s of [small, large]) {
    // Before migration 13: the due-time index, status and category tested row by row (the issue's figure).
    const before = s.system.db.prepare(`SELECT doc, next_due_at, id FROM complaints INDEXED BY complaints_queue
      WHERE next_due_at IS NOT NULL AND status = ? AND category = ? ORDER BY next_due_at, id LIMIT 21`);
    s.old = await median(11, async () => before.all('underReview', 'privacy').map((r) => JSON.parse((r as { doc: string }).doc)));
    s.system.db.close();
    removeDir(s.dir);
  }
  out(`\n5. Staff queue first page (20) per filter, median of 101 runs (seeded ${SMALL} rows in ${small.seeded.toFixed(1)} s, ${FILTER_LARGE} in ${large.seeded.toFixed(1)} s)`);
  const row = (name: string, gated: boolean) => {
    const a = small.times.get(name)!;
    const b = large.times.get(name)!;
    const ratio = b.ms / a.ms;
    return `   ${name.padEnd(48)} ${a.ms.toFixed(3).padStart(7)} ms (${String(a.items).padStart(2)})  ${b.ms.toFixed(3).padStart(7)} ms (${String(b.items).padStart(2)})  ratio ${ratio.toFixed(2)}${gated ? (ratio <= 2 ? '  ok' : '  OVER ≤ 2') : '  (not gated)'}`;
  };
  out(`   ${'filter'.padEnd(48)} ${String(SMALL).padStart(10)} (rows)  ${String(FILTER_LARGE).padStart(10)} (rows)`);
  const worst = Math.max(...GATED_FILTERS.map(([name]) => large.times.get(name)!.ms / small.times.get(name)!.ms));
  for (const [name] of GATED_FILTERS) out(row(name, true));
  for (const [name] of SCANNED_FILTERS) out(row(name, false));
  out(`   worst gated ratio ${worst.toFixed(2)} (target ≤ 2)${worst <= 2 ? '' : ' — MISSED'}`);
  out(`   before migration 13, status=underReview × category=privacy walked the due-time index: ${small.old.toFixed(2)} ms at ${SMALL}, ${large.old.toFixed(2)} ms at ${FILTER_LARGE}`);
};

const main = async () => {
  out(`bench on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}`);
  if (section('submit')) {
    const profileDir = ARGS.includes('--profile') ? path.resolve(__dirname, '..', 'artifacts', 'profiles') : undefined;
    await submitBench({ seconds: SECONDS, rounds: 3, tempDir, out, profileDir, baselineCheckpoint: ARGS.includes('--baseline-checkpoint') });
    if (profileDir) out(`   CPU profile of the gateway child written to ${profileDir}`);
  }
  if (section('scale')) await memoryBench(await scaleBench());
  if (section('packages')) packageBench();
  if (section('filters')) await filterBench();
  if (section('coldstart')) await (await import('./bench/coldStart')).coldStartSection(out);
  if (section('booking')) await (await import('./bench/booking')).benchBooking({ out });
  if (section('consultations')) await (await import('./bench/consultationQueue')).benchConsultationQueue();
  if (section('claims')) await (await import('./bench/claims')).benchClaims();
  if (section('dashboard')) await (await import('./bench/dashboard')).benchDashboard();
};

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
