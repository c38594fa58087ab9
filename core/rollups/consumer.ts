import type { ComplaintPolicy } from '../complaints/policy';
import type { Complaint } from '../complaints/model';
import type { Policy } from '../members/model';
import type { Clock } from '../shared/ports';
import { bookingRollupEvents, claimRollupEvents, consultationRollupEvents } from './areaEvents';
import { complaintRollupEvents, type PolicyFacts } from './complaintEvents';
import type { FeedCursor, RollupEvent } from './model';
import type { BookingChangeFeed, ChangeFeed, ClaimChangeFeed, ComplaintChangeFeed, ConsultationChangeFeed, RollupStore } from './ports';

/** The feeds' cursor names. The complaint feed's name changed with the fact rows (complaintEvents.ts), so they were built from the start. */
export const COMPLAINT_FEED = 'complaints:facts';
export const CONSULTATION_FEED = 'consultations';
export const CLAIM_FEED = 'claims';
export const BOOKING_FEED = 'bookings';

/**
 * A save is read only once it is this old: a transaction that read the clock before the cursor moved
 * past its time has long committed by then. Anything read twice anyway is skipped by its event id.
 */
export const SETTLE_MS = 2 * 60_000;

export interface RollupConsumerDeps {
  feed: ComplaintChangeFeed;
  rollups: RollupStore;
  clock: Clock;
  policy: Pick<ComplaintPolicy, 'satisfaction'>;
  /** The policy register: a complaint's product, sales channel and seller come from the policy it names. */
  policies?: { listByNos(policyNos: string[]): Promise<Pick<Policy, 'policyNo' | 'productCode' | 'salesChannel' | 'sellerId'>[]> };
  consultations?: ConsultationChangeFeed;
  claims?: ClaimChangeFeed;
  bookings?: BookingChangeFeed;
}

export interface RollupConsumerReport {
  complaints: number;
  consultations: number;
  claims: number;
  bookings: number;
  applied: number;
  skipped: number;
}

export interface RollupConsumerOptions {
  /** Records read per page. */
  pageSize?: number;
  /**
   * Records whose events go into one store transaction (with the cursor at the last of them). 1 on the
   * timer (a CloudBase transaction stays small); larger when building rollups for bulk data (bench).
   */
  batch?: number;
}

const policyFacts = async (deps: RollupConsumerDeps, page: Complaint[]): Promise<Map<string, PolicyFacts>> => {
  const nos = [...new Set(page.map((c) => c.policyNo).filter((n): n is string => !!n))];
  if (!deps.policies || !nos.length) return new Map();
  return new Map((await deps.policies.listByNos(nos)).map((p) => [p.policyNo, { productCode: p.productCode, salesChannel: p.salesChannel, sellerId: p.sellerId }]));
};

/**
 * The one rollup consumer: for each feed in turn (complaints, then consultations, claims and
 * bookings when configured) it reads records saved since that feed's cursor, derives their domain
 * events and applies them in store transactions that move the cursor with them. A crash between two
 * transactions resumes after the last; a second run over the same saves changes nothing (event ids).
 * `budget` is records per run, over every feed: each first gets an equal share, then what the drained
 * ones left goes to those with more waiting, so one busy area never starves the others and a run's
 * work (a timer's time limit) stays what it was with one feed.
 */
export const runRollupConsumer = async (deps: RollupConsumerDeps, budget = 200, opts: RollupConsumerOptions = {}): Promise<RollupConsumerReport> => {
  const report: RollupConsumerReport = { complaints: 0, consultations: 0, claims: 0, bookings: 0, applied: 0, skipped: 0 };
  const until = new Date(deps.clock.now().getTime() - SETTLE_MS).toISOString();
  const pageSize = opts.pageSize ?? 100;
  const batch = Math.max(1, opts.batch ?? 1);

  const drain = async <T extends { id: string; updatedAt: string }>(name: string, source: ChangeFeed<T>, derive: (page: T[]) => Promise<RollupEvent[][]>, limit: number) => {
    let cursor: FeedCursor | undefined = await deps.rollups.cursor(name);
    let n = 0;
    while (n < limit) {
      const page = await source.changedAfter(cursor, until, Math.min(pageSize, limit - n));
      if (!page.length) break;
      const events = await derive(page);
      for (let i = 0; i < page.length; i += batch) {
        const last = page[Math.min(page.length, i + batch) - 1];
        cursor = { at: last.updatedAt, id: last.id };
        const r = await deps.rollups.consume({ feed: name, cursor, events: events.slice(i, i + batch).flat() });
        report.applied += r.applied;
        report.skipped += r.skipped;
      }
      n += page.length;
    }
    return n;
  };

  type Key = 'complaints' | 'consultations' | 'claims' | 'bookings';
  const feeds: { key: Key; run: (limit: number) => Promise<number> }[] = [
    {
      key: 'complaints',
      run: (limit) =>
        drain(
          COMPLAINT_FEED,
          deps.feed,
          async (page) => {
            const facts = await policyFacts(deps, page);
            return page.map((c) => complaintRollupEvents(c, deps.policy.satisfaction.reminderAfterDays, c.policyNo ? facts.get(c.policyNo) : undefined));
          },
          limit,
        ),
    },
  ];
  const { consultations, claims, bookings } = deps;
  if (consultations) feeds.push({ key: 'consultations', run: (limit) => drain(CONSULTATION_FEED, consultations, async (page) => page.map(consultationRollupEvents), limit) });
  if (claims) feeds.push({ key: 'claims', run: (limit) => drain(CLAIM_FEED, claims, async (page) => page.map(claimRollupEvents), limit) });
  if (bookings) feeds.push({ key: 'bookings', run: (limit) => drain(BOOKING_FEED, bookings, async (page) => page.map(bookingRollupEvents), limit) });

  let left = budget;
  const share = Math.ceil(budget / feeds.length);
  const busy: typeof feeds = [];
  for (const f of feeds) {
    const limit = Math.min(share, left);
    if (limit <= 0) break;
    const n = await f.run(limit);
    report[f.key] += n;
    left -= n;
    if (n === limit) busy.push(f);
  }
  for (const f of busy) {
    if (left <= 0) break;
    const n = await f.run(left);
    report[f.key] += n;
    left -= n;
  }
  return report;
};
