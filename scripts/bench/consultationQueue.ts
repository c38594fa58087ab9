/**
 * The consultation queue at two sizes, as the ratio large/small against ≤ 2 (issue 11 item 12):
 * `npx tsx scripts/bench/consultationQueue.ts [small] [large]` (defaults 10,000 and 100,000, or 1,000,000
 * with `--large` as for the rest of the bench; BENCH_CONSULT_LARGE too). Seeds a temporary SQLite store (removed on exit) with consultations in every
 * status, at both stages and spread over 20 advisors, a few dozen due for the timer, then times the staff
 * queue's first page (whole, customer service's, one advisor's) and the timer's due read, median of 31
 * runs each. Runnable alone; not part of CI. Exits 1 when a ratio is over 2.
 */
import path from 'node:path';
import { openDatabase } from '../../adapters/sqlite/database';
import { benchDir, benchSizes, median, out, reportRatios } from './twoSizes';
import { sqliteConsultationStore } from '../../adapters/sqlite/consultationStore';
import type { Consultation, ConsultationStatus } from '../../core/consultations/model';

const SIZES = benchSizes(process.env.BENCH_CONSULT_LARGE);
const { small: SMALL, large: LARGE } = SIZES;
const NOW = new Date('2026-11-25T02:00:00Z');
const DUE_NOW = 40;

const STATUSES: ConsultationStatus[] = ['awaitingReply', 'withAdvisor', 'answered', 'closed', 'converted', 'answered', 'closed'];
const template: Omit<Consultation, 'id' | 'number' | 'status' | 'stage' | 'memberId'> = {
  topic: 'coverage',
  question: '我的住院医疗险，门诊做的检查费用能不能报销？',
  attachments: [],
  steps: [],
  plans: [],
  enrollments: [],
  timeline: [],
  receivedAt: '2026-11-20T02:00:00.000Z',
  createdAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-11-20T02:00:00.000Z',
  version: 1,
};

const seed = (n: number) => {
  const dir = benchDir('ms-consult-bench-');
  const db = openDatabase(path.join(dir, 'bench.db'));
  const insert = db.prepare(
    `INSERT INTO consultations (id, number, member_id, status, stage, advisor_id, handed_at, received_at, due_at, sla_next_check_at, version, doc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const started = Date.now();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const status = STATUSES[i % STATUSES.length];
      const stage = status === 'withAdvisor' || i % 3 === 0 ? 'advisor' : 'customerService';
      const open = status === 'awaitingReply' || status === 'withAdvisor';
      const advisorId = stage === 'advisor' ? `staff-advisor-${i % 20}` : null;
      const handedAt = advisorId ? new Date(NOW.getTime() - ((i * 7919) % (30 * 86_400_000))).toISOString() : null;
      // Due times spread over the next 10 days; DUE_NOW already due for the timer, the rest later.
      const dueAt = open ? new Date(NOW.getTime() + ((i * 104_729) % (10 * 86_400_000))).toISOString() : null;
      const next = open ? (i < DUE_NOW ? new Date(NOW.getTime() - 60_000).toISOString() : new Date(Date.parse(dueAt!) - 4 * 3_600_000).toISOString()) : null;
      const id = `consult-${String(i).padStart(8, '0')}`;
      const number = `ZX20261120-${String(i + 1).padStart(4, '0')}`;
      const memberId = `openid-${i % 50_000}`;
      const doc = {
        ...template,
        id,
        number,
        memberId,
        status,
        stage,
        ...(advisorId ? { advisor: { id: advisorId, handedAt, handedById: 'staff-agent-01' } } : {}),
        ...(dueAt ? { dueAt } : {}),
        ...(next ? { slaNextCheckAt: next } : {}),
      };
      insert.run(id, number, memberId, status, stage, advisorId, handedAt, template.receivedAt, dueAt, next, JSON.stringify(doc));
    }
  });
  for (let i = 0; i < n; i += 10_000) batch(i, Math.min(n, i + 10_000));
  return { db, store: sqliteConsultationStore(db), seconds: (Date.now() - started) / 1000 };
};

const measure = async (n: number) => {
  const s = seed(n);
  for (let i = 0; i < 5; i++) await s.store.queue({}, { limit: 20 }); // warm the page cache
  const r = {
    seconds: s.seconds,
    queue: await median(31, () => s.store.queue({}, { limit: 20 })),
    customerService: await median(31, () => s.store.queue({ stage: 'customerService' }, { limit: 20 })),
    advisor: await median(31, () => s.store.queue({ stage: 'advisor', advisorId: 'staff-advisor-7' }, { limit: 20 })),
    scan: await median(31, () => s.store.findSlaDue(NOW, 100)),
  };
  s.db.close();
  return r;
};

/** The section for `npm run bench` (also run alone: `npx tsx scripts/bench/consultationQueue.ts`); false when a ratio is over 2. */
export const benchConsultationQueue = async (): Promise<boolean> => {
  const small = await measure(SMALL);
  const large = await measure(LARGE);
  out(`Consultation queue and clock scan, median of 31 runs (seeded ${SMALL} rows in ${small.seconds.toFixed(1)} s, ${LARGE} in ${large.seconds.toFixed(1)} s)`);
  return reportRatios(SIZES, small, large, [
    ['queue first page (20)', 'queue'],
    ['customer service (20)', 'customerService'],
    ['one advisor (20)', 'advisor'],
    ['timer due read (≤100)', 'scan'],
  ] as const);
};

if (require.main === module)
  benchConsultationQueue().then(
    (ok) => process.exit(ok ? 0 : 1),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
