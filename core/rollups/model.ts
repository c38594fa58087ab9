/**
 * Management figures (rollups): counters built from domain events by one timer consumer
 * (consumer.ts), never on a request path. A counter row is one period and one slice:
 * - period: a Shanghai month (YYYY-MM) for the dashboard's facts, an ISO week (YYYY-Www) for the
 *   weekly received counts the early warning reads;
 * - dim: which fact table the row belongs to (facts.ts): complaint facts keyed by the full tuple of
 *   complaint filters, consultation, claim and booking facts, and one weekly table per dimension;
 * - value: the slice's key within that table (facts.ts encodes tuples).
 * A query sums the rows whose key matches its filters: the number of rows grows with the distinct
 * combinations, never with the records. Times are kept as per-minute histograms, so medians and
 * percentiles of any sum are exact at minute resolution.
 */
export type RollupDimension = string;

export interface RollupKey {
  /** YYYY-MM (Asia/Shanghai) or YYYY-Www (ISO week, Asia/Shanghai). */
  month: string;
  dim: RollupDimension;
  value: string;
}

export interface RollupCounters {
  /** Counter name → count (facts.ts lists the names per table). */
  counts: Record<string, number>;
  /** Histogram name → minutes → how many took that long. */
  hists: Record<string, Record<string, number>>;
  /** A display name carried by the events (a benefit's name), the latest one consumed. */
  label?: string;
}

export interface RollupRow extends RollupKey {
  counters: RollupCounters;
}

/** What one event adds to one row: counts, one entry per histogram named, and a label. */
export interface RollupDelta {
  key: RollupKey;
  add: Record<string, number>;
  minutes?: Record<string, number>;
  label?: string;
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

export const emptyCounters = (): RollupCounters => ({ counts: {}, hists: {} });

/**
 * Adds a delta to counters the caller owns, in place (both stores apply deltas with this, so they
 * cannot disagree): a histogram holds up to thousands of minutes, and copying it per delta would make
 * a bulk build quadratic.
 */
export const applyDeltaInPlace = (c: RollupCounters, d: Pick<RollupDelta, 'add' | 'minutes' | 'label'>): RollupCounters => {
  for (const [k, n] of Object.entries(d.add)) if (n) c.counts[k] = (c.counts[k] ?? 0) + n;
  for (const [h, minute] of Object.entries(d.minutes ?? {})) {
    const hist = (c.hists[h] ??= {});
    const m = String(minute);
    hist[m] = (hist[m] ?? 0) + 1;
  }
  if (d.label !== undefined) c.label = d.label;
  return c;
};

const copy = (c: RollupCounters): RollupCounters => ({
  ...c,
  counts: { ...c.counts },
  hists: Object.fromEntries(Object.entries(c.hists).map(([h, x]) => [h, { ...x }])),
});

/** The same, pure. */
export const applyDelta = (c: RollupCounters, d: Pick<RollupDelta, 'add' | 'minutes' | 'label'>): RollupCounters => applyDeltaInPlace(copy(c), d);

/** Adds `b` into counters the caller owns, in place (sums over months and slices). */
export const addInto = (acc: RollupCounters, b: RollupCounters): RollupCounters => {
  for (const [k, n] of Object.entries(b.counts)) acc.counts[k] = (acc.counts[k] ?? 0) + n;
  for (const [h, hist] of Object.entries(b.hists)) {
    const into = (acc.hists[h] ??= {});
    for (const [m, n] of Object.entries(hist)) into[m] = (into[m] ?? 0) + n;
  }
  if (b.label !== undefined) acc.label = b.label;
  return acc;
};

/** Sums counters, pure. */
export const addCounters = (a: RollupCounters, b: RollupCounters): RollupCounters => addInto(copy(a), b);

export const rowIdOf = (k: RollupKey): string => `${k.month}|${k.dim}|${k.value}`;
