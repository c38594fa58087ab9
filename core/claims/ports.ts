import type { AuditDraft } from '../audit/chain';
import type { OutboxEntry } from '../notifications/outbox';
import type { Page } from '../shared/page';
import type { Claim, ClaimStatus } from './model';

/** The staff queue: submitted, open claims by due time, as a whole or in one status. */
export interface ClaimQueueFilter {
  status?: ClaimStatus;
}

/**
 * The claim store. Each write is one transaction with its outbox entries and audit entries: a change
 * and what it owes are written together or not at all.
 */
export interface ClaimStore {
  /**
   * Inserts unless the (member-scoped) idempotency key was seen: then the first record, `created: false`;
   * `sameRequest: false` when the key came with other content.
   */
  create(input: { claim: Claim; idempotencyKey: string; requestHash: string; outbox: readonly OutboxEntry[]; audit?: readonly AuditDraft[] }): Promise<{
    claim: Claim;
    created: boolean;
    sameRequest: boolean;
  }>;
  get(id: string): Promise<Claim | null>;
  /** By readable number (unique once given). */
  byNumber(number: string): Promise<Claim | null>;
  /** Writes `claim` (version expectedVersion + 1) if the stored version is still expectedVersion, else CLAIM.VERSION_CONFLICT. */
  update(input: { claim: Claim; expectedVersion: number; outbox: readonly OutboxEntry[]; audit?: readonly AuditDraft[] }): Promise<void>;
  /** The member's claims and drafts, newest first. */
  listByMember(memberId: string, page: { limit: number; cursor?: string }): Promise<Page<Claim>>;
  /** Claims with a running clock, earliest due first: keyset on (dueAt, id), one index range per filter. */
  queue(filter: ClaimQueueFilter, page: { limit: number; cursor?: string }): Promise<Page<Claim>>;
  /** Claims whose next deadline check has come by `at`, earliest first (an index range). */
  findSlaDue(at: Date, limit: number): Promise<Claim[]>;
  /** Claims with a running clock by id after `after`, for recomputing due dates when the calendar changes. */
  listOpen(page: { after?: string; limit: number }): Promise<Claim[]>;
  /** Next value of a named counter (readable numbers: one per day, not serialising submits). */
  nextSequence(name: string): Promise<number>;
}
