import type { AuditDraft } from '../audit/chain';
import type { StaffSession, StaffUser } from './model';
import type { ClearedCounter, ThrottleRule, ThrottleVerdict } from './throttle';

export interface StaffStore {
  getByUsername(username: string): Promise<StaffUser | null>;
  getById(id: string): Promise<StaffUser | null>;
  /**
   * The sign-in steps' bookkeeping (failure count, lock, last sign-in): replaces the record, refused with
   * STAFF.VERSION_CONFLICT when the stored version is not `user.version` (an account change landed since
   * it was read), so a sign-in never undoes a disable or a TOTP reset. Does not move the version.
   */
  save(user: StaffUser): Promise<void>;
  list(): Promise<StaffUser[]>;
  /** A new account and its audit entry in one transaction; false (nothing written) when the id or username is taken. */
  create(user: StaffUser, audit: AuditDraft): Promise<boolean>;
  /** An account change and its audit entry in one transaction, when the stored version is `expectedVersion`; else STAFF.VERSION_CONFLICT. */
  update(user: StaffUser, expectedVersion: number, audit: AuditDraft): Promise<void>;
}

export interface SessionStore {
  create(session: StaffSession): Promise<void>;
  get(idHash: string): Promise<StaffSession | null>;
  save(session: StaffSession): Promise<void>;
  remove(idHash: string): Promise<void>;
}

/**
 * Sign-in counters (core/staff/throttle.ts), kept apart from the staff record so that no read-modify-write
 * of an account can undo them. Every method is one transaction.
 */
export interface SignInGuard {
  /**
   * Before any password or code is checked: refused (nothing counted) while a counter of a rule is closed,
   * unless that rule's `exemptIf` marker exists; else one attempt counted on every rule.
   */
  take(rules: ThrottleRule[], now: Date): Promise<ThrottleVerdict>;
  /** After a success: `clear` counters are forgotten (returned: what they held), `refund` rules get this attempt back, `remember` markers are set. */
  settle(change: { clear: string[]; refund: ThrottleRule[]; remember: string[] }, now: Date): Promise<ClearedCounter[]>;
  /**
   * True, and recorded (with `by`, e.g. a keyed hash of the source address), when `step` is later than the
   * last step accepted under `key`; false (nothing written) otherwise.
   */
  acceptTotpStep(key: string, step: number, now: Date, by?: string): Promise<boolean>;
  /** The last step accepted under `key` and who it was recorded `by`: tells a colleague's second tab from a guesser's replay. */
  lastTotpStep(key: string): Promise<{ step: number; by?: string } | null>;
  /** Forgets every counter, marker and TOTP step last written before `before`; how many went (the timer's housekeeping). */
  pruneStale(before: Date): Promise<number>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
}

export interface TotpPort {
  newSecret(): string;
  /** True for the current 30-second step or the one either side (clock drift on phones). */
  verify(secret: string, code: string, at: Date): boolean;
  /** The 30-second time step the code belongs to (current or either side), or null: what replay protection records. */
  matchStep(secret: string, code: string, at: Date): number | null;
  uri(secret: string, account: string): string;
}

/** Authenticated encryption for personal data and secrets at rest. */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
  /** Keyed hash for exact-match search without decrypting (phone numbers). */
  blindIndex(plain: string): string;
}

export interface TokenSource {
  /** An unguessable token for a session cookie. */
  newToken(): string;
  sha256(text: string): string;
}
