import type { StaffSession, StaffUser } from './model';

export interface StaffStore {
  getByUsername(username: string): Promise<StaffUser | null>;
  getById(id: string): Promise<StaffUser | null>;
  save(user: StaffUser): Promise<void>;
  list(): Promise<StaffUser[]>;
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
