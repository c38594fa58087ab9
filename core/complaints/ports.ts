import type { AuditDraft } from '../audit/chain';
import type { OutboxEntry } from '../notifications/outbox';
import type { Page } from '../shared/page';
import type { Complaint } from './model';


/**
 * The complaint store. Each method is one atomic unit: a change and its outbox entries are written
 * together or not at all, so an acknowledged record is never lost and every notification is owed.
 */
export interface ComplaintStore {
  /**
   * Insert a new complaint unless `idempotencyKey` (already scoped to the member) was seen:
   * then return the first record and `created: false`. `requestHash` detects a key reused for other content.
   */
  create(input: NewComplaintRecord & { idempotencyKey: string; requestHash: string; audit?: AuditDraft[] }): Promise<{ complaint: Complaint; created: boolean; sameRequest: boolean }>;
  /** The record first created under this (member-scoped) idempotency key, if any. */
  findByIdempotencyKey(idempotencyKey: string): Promise<{ complaint: Complaint; requestHash: string } | null>;
  /** Write `complaint` (whose version is expectedVersion + 1) if the stored version is still expectedVersion. */
  update(input: { complaint: Complaint; expectedVersion: number; outbox: OutboxEntry[]; audit?: AuditDraft[] }): Promise<void>;
  /** Open complaints, earliest due first (keyset on the indexed due time), with optional filters. */
  queue(filter: QueueFilter, page: { limit: number; cursor?: string }): Promise<Page<Complaint>>;
  /** Exact-match lookups for staff: readable number, phone (by blind index) or policy number. */
  search(by: { number?: string; phoneIndex?: string; policyNo?: string }, limit: number): Promise<Complaint[]>;
  get(id: string): Promise<Complaint | null>;
  listByMember(memberId: string, page: { limit: number; cursor?: string }): Promise<Page<Complaint>>;
  /** Cases whose SLA must be looked at by `at`, earliest first; served by an index. */
  findSlaDue(at: Date, limit: number): Promise<Complaint[]>;
  /** Cases not yet closed or withdrawn (their deadlines can still move), by id after `after`. */
  listActive(page: { after?: string; limit: number }): Promise<Complaint[]>;
  /** Next value of a named counter (readable numbers: one counter per day). */
  nextSequence(name: string): Promise<number>;
}

/**
 * A new record as built, or built by the store once it has taken the record's readable number from `counter`
 * (nextSequence's counters): the SQLite store does that inside the record's transaction, after the
 * idempotency check, so a retry or a failed write takes no number; CloudBase takes it just before.
 */
export type NewComplaintRecord =
  | { complaint: Complaint; outbox: OutboxEntry[] }
  | { numbered: { counter: string; build(seq: number): { complaint: Complaint; outbox: OutboxEntry[] } } };

export interface QueueFilter {
  status?: Complaint['status'];
  grade?: Complaint['grade']['value'];
  category?: Complaint['category'];
  channel?: Complaint['channel'];
  ownerId?: string;
}
