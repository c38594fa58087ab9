import type { AuditDraft } from '../audit/chain';
import type { OutboxEntry } from '../notifications/outbox';
import type { Page } from '../shared/page';
import type { Consultation, Stage } from './model';

/** The staff queue: open consultations, earliest due first; by stage, or one advisor's. */
export interface ConsultationQueueFilter {
  stage?: Stage;
  advisorId?: string;
}

/**
 * The consultation store. Each write is one transaction with its outbox entries and audit entries:
 * a change and what it owes are written together or not at all.
 */
export interface ConsultationStore {
  /**
   * Inserts unless the (member-scoped) idempotency key was seen: then the first record, `created: false`;
   * `sameRequest: false` when the key came with other content.
   */
  create(input: {
    consultation: Consultation;
    idempotencyKey: string;
    requestHash: string;
    outbox: readonly OutboxEntry[];
    audit?: readonly AuditDraft[];
  }): Promise<{ consultation: Consultation; created: boolean; sameRequest: boolean }>;
  /** The record first created under this (member-scoped) key, with the hash of what was sent. */
  findByIdempotencyKey(idempotencyKey: string): Promise<{ consultation: Consultation; requestHash: string } | null>;
  get(id: string): Promise<Consultation | null>;
  byNumber(number: string): Promise<Consultation | null>;
  /** Writes `consultation` (version expectedVersion + 1) if the stored version is still expectedVersion, else CONSULTATION.VERSION_CONFLICT. */
  update(input: { consultation: Consultation; expectedVersion: number; outbox: readonly OutboxEntry[]; audit?: readonly AuditDraft[] }): Promise<void>;
  /** The member's consultations, newest first. */
  listByMember(memberId: string, page: { limit: number; cursor?: string }): Promise<Page<Consultation>>;
  /** Open consultations (a reply owed), earliest due first: keyset on (dueAt, id), one index range per filter. */
  queue(filter: ConsultationQueueFilter, page: { limit: number; cursor?: string }): Promise<Page<Consultation>>;
  /** Everything handed to one advisor, newest hand-off first (their own list, answered ones included). */
  listByAdvisor(advisorId: string, page: { limit: number; cursor?: string }): Promise<Page<Consultation>>;
  /** Consultations with a reply owed, by id after `after`: for recomputing due times when the calendar changes. */
  listOpen(page: { after?: string; limit: number }): Promise<Consultation[]>;
  /** Consultations whose deadline check has come by `at`, earliest first (an index range). */
  findSlaDue(at: Date, limit: number): Promise<Consultation[]>;
  /** Next value of a named counter (readable numbers: one per day). */
  nextSequence(name: string): Promise<number>;
}
