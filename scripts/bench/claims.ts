/**
 * The claims queue and clock scan at two sizes, as the ratio large/small against ≤ 2 (issue 12 item 8):
 * `npx tsx scripts/bench/claims.ts [small] [large]` (defaults 10,000 and 100,000, or 1,000,000 with `--large`; BENCH_CLAIMS_LARGE too).
 * Seeds a temporary SQLite store (removed on exit) with claims spread over every status and due time,
 * a few dozen of them due for the timer, then times the staff queue's first page (whole and per
 * status) and the timer's due read, median of 31 runs each. Runnable alone; not part of CI.
 */
import path from 'node:path';
import { openDatabase } from '../../adapters/sqlite/database';
import { benchDir, benchSizes, median, out, reportRatios } from './twoSizes';
import { sqliteClaimStore } from '../../adapters/sqlite/claimStore';
import type { Claim, ClaimStatus } from '../../core/claims/model';

const SIZES = benchSizes(process.env.BENCH_CLAIMS_LARGE);
const { small: SMALL, large: LARGE } = SIZES;
const NOW = new Date('2026-10-15T02:00:00Z');
const DUE_NOW = 40;

const STATUSES: ClaimStatus[] = ['reported', 'documentsPending', 'underReview', 'decided', 'paid', 'withdrawn'];
const template: Omit<Claim, 'id' | 'number' | 'status' | 'dueAt' | 'slaNextCheckAt'> = {
  memberId: 'openid-bench',
  policyNo: 'P2026000123',
  productName: '安心医疗保险',
  insured: { index: 0, maskedName: '张*敏', relation: '本人' },
  claimType: 'hospital',
  incidentDate: '2026-09-01',
  place: '上海',
  description: '住院治疗五天，已出院',
  sumInsuredFen: 20_000_000,
  checklist: [],
  notices: [],
  clocks: [],
  payments: [],
  timeline: [],
  createdAt: '2026-09-05T02:00:00.000Z',
  updatedAt: '2026-09-05T02:00:00.000Z',
  version: 1,
};

const seed = (n: number) => {
  const dir = benchDir('ms-claims-bench-');
  const db = openDatabase(path.join(dir, 'bench.db'));
  const insert = db.prepare(
    'INSERT INTO claims (id, number, member_id, status, created_at, due_at, sla_next_check_at, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)',
  );
  const started = Date.now();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const status = STATUSES[i % STATUSES.length];
      const open = status !== 'paid' && status !== 'withdrawn';
      // Due times spread over the next 60 days; DUE_NOW of them already due for the timer, the rest later.
      const dueAt = open ? new Date(NOW.getTime() + ((i * 7919) % (60 * 86_400_000))).toISOString() : null;
      const next = open ? (i < DUE_NOW ? new Date(NOW.getTime() - 60_000).toISOString() : new Date(NOW.getTime() + 3_600_000 + ((i * 104_729) % (50 * 86_400_000))).toISOString()) : null;
      const id = `claim-${String(i).padStart(8, '0')}`;
      const number = `LP20260905-${String(i + 1).padStart(4, '0')}`;
      const doc = { ...template, id, number, status, ...(dueAt ? { dueAt } : {}), ...(next ? { slaNextCheckAt: next } : {}), memberId: `openid-${i % 50_000}` };
      insert.run(id, number, doc.memberId, status, template.createdAt, dueAt, next, JSON.stringify(doc));
    }
  });
  for (let i = 0; i < n; i += 10_000) batch(i, Math.min(n, i + 10_000));
  return { db, store: sqliteClaimStore(db), seconds: (Date.now() - started) / 1000 };
};

const measure = async (n: number) => {
  const s = seed(n);
  const r = {
    seconds: s.seconds,
    queue: await median(31, () => s.store.queue({}, { limit: 20 })),
    queueStatus: await median(31, () => s.store.queue({ status: 'underReview' }, { limit: 20 })),
    scan: await median(31, () => s.store.findSlaDue(NOW, 100)),
  };
  s.db.close();
  return r;
};

/** The section for `npm run bench -- --only=claims` (also run alone: `npx tsx scripts/bench/claims.ts`). */
export const benchClaims = async () => {
  const small = await measure(SMALL);
  const large = await measure(LARGE);
  out(`Claims queue and clock scan, median of 31 runs (seeded ${SMALL} rows in ${small.seconds.toFixed(1)} s, ${LARGE} in ${large.seconds.toFixed(1)} s)`);
  reportRatios(SIZES, small, large, [
    ['queue first page (20)', 'queue'],
    ['queue, one status (20)', 'queueStatus'],
    ['timer due read (≤100)', 'scan'],
  ] as const);
};

if (require.main === module)
  benchClaims().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
