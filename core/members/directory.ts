import type { Member, Policy } from './model';

/** One blind index of the policy holder (see sealing.ts): an exact match, never a decryption. */
export type HolderKey = { phoneIndex: string } | { nameIndex: string } | { idNumberIndex: string };

/**
 * Staff lookups over the member register, read-only. Kept apart from MemberStore and PolicyStore so
 * the binding flow's ports stay as they are; each store implements both over the same records.
 * Every method answers in a stable order (policy number, member id) and never more than `limit`.
 */
export interface MemberDirectory {
  /** Policies whose number starts with `prefix` (an exact number is its own prefix), by number. */
  policiesByNumberPrefix(prefix: string, limit: number): Promise<Policy[]>;
  /** Policies whose holder matches one blind index, by number. */
  policiesByHolder(key: HolderKey, limit: number): Promise<Policy[]>;
  /** The policies with these numbers that exist. */
  policies(policyNos: string[]): Promise<Policy[]>;
  /** The member records with these ids that exist (a case's member, a lookup's binders). */
  members(ids: string[]): Promise<Member[]>;
}
