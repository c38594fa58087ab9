/**
 * Sign-in throttling, the pure half: what one counter (an account, a source address, an account from one
 * source, an account's TOTP step) holds and how an attempt, a success and time change it. The stores
 * (adapters/sqlite/staffStores.ts, adapters/cloudbase/staffStores.ts) apply these inside one transaction,
 * so parallel attempts are counted exactly like serial ones.
 *
 * Growing delays, not a hard lock: the first `free` attempts pass; each further attempt closes the
 * counter for `baseMs`, doubling per attempt, at most `maxMs`. Attempts refused while a counter is
 * closed are not counted (they verify nothing), so waiting out the delay is always enough. One counted
 * attempt is forgiven per `decayMs` without attempts, so a quiet counter returns to its full budget.
 */
export interface ThrottleRule {
  key: string;
  free: number;
  baseMs: number;
  maxMs: number;
  decayMs: number;
  /**
   * A closed counter does not refuse when a marker with this key (or any of these keys) exists: the account
   * already signed in from this source, or from this browser (its device marker).
   */
  exemptIf?: string | string[];
}

/** The marker keys that exempt a rule (none, one or several). */
export const exemptKeys = (rule: Pick<ThrottleRule, 'exemptIf'>): string[] =>
  rule.exemptIf === undefined ? [] : Array.isArray(rule.exemptIf) ? rule.exemptIf : [rule.exemptIf];

export interface ThrottleState {
  /** Attempts counted toward the delay (decays). */
  count: number;
  lastAt: string;
  /** Closed until this time. */
  openAt?: string;
  /** Attempts since the counter was last cleared (never decays): what the staff member is told. */
  total: number;
  since: string;
}

export type ThrottleVerdict =
  | { allowed: true; /** Keys this attempt closed (the next attempt must wait). */ closedNow: string[] }
  | { allowed: false; retryAfterMs: number };

/** What a cleared counter held: attempts since `since`, the last of them the successful one. */
export interface ClearedCounter {
  key: string;
  total: number;
  since: string;
}

export const decayedCount = (s: ThrottleState, rule: Pick<ThrottleRule, 'decayMs'>, now: Date) =>
  Math.max(0, s.count - Math.floor((now.getTime() - Date.parse(s.lastAt)) / rule.decayMs));

/** Milliseconds until the counter opens again; 0 when open. */
export const closedFor = (s: ThrottleState | null, now: Date) => (s?.openAt ? Math.max(0, Date.parse(s.openAt) - now.getTime()) : 0);

export const delayAfter = (count: number, rule: ThrottleRule) =>
  count < rule.free ? 0 : Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(30, count - rule.free));

/** One more attempt on an open counter. */
export const counted = (s: ThrottleState | null, rule: ThrottleRule, now: Date): ThrottleState => {
  const count = (s ? decayedCount(s, rule, now) : 0) + 1;
  const delay = delayAfter(count, rule);
  return {
    count,
    lastAt: now.toISOString(),
    ...(delay > 0 ? { openAt: new Date(now.getTime() + delay).toISOString() } : {}),
    total: (s?.total ?? 0) + 1,
    since: s?.since ?? now.toISOString(),
  };
};

/**
 * An attempt that turned out right gives its count back (a source address shared by an office must not
 * run out because its staff sign in); the delay it set goes when the count falls below the free budget.
 */
export const refunded = (s: ThrottleState, rule: Pick<ThrottleRule, 'decayMs' | 'free'>, now: Date): ThrottleState => {
  const count = Math.max(0, decayedCount(s, rule, now) - 1);
  const { openAt, ...rest } = s;
  return { ...rest, count, lastAt: now.toISOString(), total: Math.max(0, s.total - 1), ...(openAt && count >= rule.free ? { openAt } : {}) };
};

/**
 * The whole decision for a set of rules, given their current states (null = never seen) and exemption
 * markers. An exempt rule's closed counter does not refuse this attempt, but the attempt is still counted
 * on it (the account's counter is also what its owner is told about).
 */
export const decide = (
  rules: ThrottleRule[],
  states: (ThrottleState | null)[],
  exempt: boolean[],
  now: Date,
): { verdict: ThrottleVerdict; writes: { key: string; state: ThrottleState }[] } => {
  const wait = Math.max(0, ...states.filter((_, i) => !exempt[i]).map((s) => closedFor(s, now)));
  if (wait > 0) return { verdict: { allowed: false, retryAfterMs: wait }, writes: [] };
  const writes = rules.map((r, i) => ({ key: r.key, state: counted(states[i], r, now) }));
  return { verdict: { allowed: true, closedNow: writes.filter((w, i) => w.state.openAt && !exempt[i]).map((w) => w.key) }, writes };
};

/**
 * How long the sign-in guard keeps a row nobody wrote to. Counters are fully forgiven long before (one
 * attempt per quiet decay period), a TOTP step that old can never verify again (±1 step), and a source
 * address unused for this long may well be someone else's now: 90 days loses nothing and keeps the
 * table from growing with every address that ever tried.
 */
export const SIGN_IN_GUARD_KEEP_DAYS = 90;

/** The deadline timer's housekeeping step for the sign-in guard. */
export const pruneSignInGuard = (guard: { pruneStale(before: Date): Promise<number> }, now: Date): Promise<number> =>
  guard.pruneStale(new Date(now.getTime() - SIGN_IN_GUARD_KEEP_DAYS * 86_400_000));
