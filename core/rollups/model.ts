/**
 * Management figures (rollups): counters built from domain events by one timer consumer
 * (consumer.ts), never on a request path. A counter row is one month (Shanghai) and one slice:
 * everything (`all`), one handler, or one category. Quarters and longer periods are sums of months,
 * and the resolve-time histogram is kept per minute, so medians and percentiles of any sum are exact
 * at minute resolution.
 */
export type RollupDimension = 'all' | 'handler' | 'category';

export interface RollupKey {
  /** YYYY-MM in Asia/Shanghai: of the resolution (satisfaction) or of the due time (deadlines). */
  month: string;
  dim: RollupDimension;
  /** '' for `all`; a staff id; a category code. */
  value: string;
}

export interface RollupCounters {
  /** Resolutions (decision notices) sent; a reopened case resolved again counts again. */
  resolved: number;
  /** Resolutions the member rated, and rated 4–5★. */
  rated: number;
  satisfied: number;
  /** Deadlines that came due (met or breached), and those met in time. */
  deadlinesDue: number;
  deadlinesMet: number;
  /** Minutes from the start of a resolve cycle to its resolution → how many resolutions took that long. */
  resolveMinutes: Record<string, number>;
}

export interface RollupRow extends RollupKey {
  counters: RollupCounters;
}

/** What one event adds to one row. */
export interface RollupDelta {
  key: RollupKey;
  add: Partial<Omit<RollupCounters, 'resolveMinutes'>> & { resolveMinute?: number };
}

/** A reminder the satisfaction loop owes at `dueAt`, unless the member rated first. */
export interface SatisfactionReminderDue {
  /** `<complaint id>#<resolution>`: one per resolution. */
  id: string;
  complaintId: string;
  resolution: number;
  dueAt: string;
}

/**
 * A domain event as the consumer applies it: its stable id (the consumed-events marker), what it
 * adds, and what it schedules.
 */
export interface RollupEvent {
  id: string;
  deltas: RollupDelta[];
  reminders?: SatisfactionReminderDue[];
}

/** Where the consumer is in its source: keyset on (updatedAt, id). */
export interface FeedCursor {
  at: string;
  id: string;
}

export const emptyCounters = (): RollupCounters => ({ resolved: 0, rated: 0, satisfied: 0, deadlinesDue: 0, deadlinesMet: 0, resolveMinutes: {} });

/** Adds a delta to counters (pure; both stores apply deltas with this, so they cannot disagree). */
export const applyDelta = (c: RollupCounters, add: RollupDelta['add']): RollupCounters => {
  const next: RollupCounters = { ...c, resolveMinutes: { ...c.resolveMinutes } };
  for (const k of ['resolved', 'rated', 'satisfied', 'deadlinesDue', 'deadlinesMet'] as const) next[k] += add[k] ?? 0;
  if (add.resolveMinute !== undefined) {
    const m = String(add.resolveMinute);
    next.resolveMinutes[m] = (next.resolveMinutes[m] ?? 0) + 1;
  }
  return next;
};

export const rowIdOf = (k: RollupKey): string => `${k.month}|${k.dim}|${k.value}`;
