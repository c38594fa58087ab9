import type { QueueFilter } from './ports';

/**
 * Which index serves a staff-queue filter (issue 9 item 11). Every index ends in the queue order
 * (next due time, id), so a page of a filter that has its own index is one index range: its cost follows
 * the page, not the table, and the bench gates it (≤ 2× from 10k to 1M complaints). Those filters are
 * none, each single filter, and status × {grade, category, channel, owner}.
 *
 * Any other combination (two non-status filters, or status with two others) uses the best of those
 * indexes for the filters it covers and tests the rest row by row, scanning at most `scanBound` index
 * entries per request. Such a page can come back short, even empty, with a nextCursor that resumes after
 * the last entry scanned: a client keeps asking while there is a cursor (the admin page's 加载更多).
 */
export type QueueKey = keyof QueueFilter;

/** Keys in the order both adapters put them in an index: status first, then the other filter. */
export const QUEUE_KEYS: readonly QueueKey[] = ['status', 'grade', 'category', 'channel', 'ownerId'];

export const QUEUE_INDEXES: readonly (readonly QueueKey[])[] = [
  [],
  ['status'],
  ['grade'],
  ['category'],
  ['channel'],
  ['ownerId'],
  ['status', 'grade'],
  ['status', 'category'],
  ['status', 'channel'],
  ['status', 'ownerId'],
];

/** When two indexes cover as many filters, the one on the likelier-selective key wins (an owner has few cases; three grades split few ways). */
const SELECTIVITY: readonly QueueKey[] = ['ownerId', 'category', 'channel', 'grade', 'status'];

export interface QueuePlan {
  /** The index's equality keys, in index order. */
  index: readonly QueueKey[];
  /** Filters the index does not cover, tested per row within the scan bound. Empty: a gated, pure index range. */
  residual: QueueKey[];
}

const rank = (keys: readonly QueueKey[]) => Math.min(...keys.filter((k) => k !== 'status').map((k) => SELECTIVITY.indexOf(k)), SELECTIVITY.length);

export const planQueue = (filter: QueueFilter): QueuePlan => {
  const set = QUEUE_KEYS.filter((k) => filter[k] !== undefined);
  const usable = QUEUE_INDEXES.filter((ix) => ix.every((k) => set.includes(k)));
  const best = usable.reduce((a, b) => (b.length > a.length || (b.length === a.length && rank(b) < rank(a)) ? b : a));
  return { index: best, residual: set.filter((k) => !best.includes(k)) };
};

/** Whether a record's value for each residual filter matches. */
export const matchesResidual = (plan: QueuePlan, filter: QueueFilter, values: Partial<Record<QueueKey, unknown>>) =>
  plan.residual.every((k) => values[k] === filter[k]);
