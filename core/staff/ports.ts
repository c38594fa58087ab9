import type { AuditDraft } from '../audit/chain';
import type { StaffSession, StaffUser } from './model';

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

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
}

export interface TotpPort {
  newSecret(): string;
  /** True for the current 30-second step or the one either side (clock drift on phones). */
  verify(secret: string, code: string, at: Date): boolean;
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
