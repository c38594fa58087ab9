import type { OutboxEntry } from './outbox';

/**
 * The outbox as the dispatcher sees it. An entry is leased before it is sent, so two dispatchers
 * running at once never send the same message; a lease that expires (the dispatcher died) makes
 * the entry due again.
 */
export interface OutboxStore {
  /** Entries to attempt now: pending and due, or leased with an expired lease; oldest first. */
  due(at: Date, limit: number): Promise<OutboxEntry[]>;
  /** Lease an entry until `leaseUntil`. False when another dispatcher holds it or it is settled. */
  claim(id: string, now: Date, leaseUntil: Date): Promise<boolean>;
  /**
   * Record, before the push is sent, that it is being attempted. True only for a leased entry with no
   * attempt already recorded, so after a crash (or a lease lost to another dispatcher) the push is not
   * sent a second time. `settle` clears the mark.
   */
  markPushAttempt(id: string, at: Date): Promise<boolean>;
  /** Record the outcome of the attempt that holds the lease (and clear any push-attempt mark). */
  settle(
    id: string,
    outcome: { status: 'pending' | 'sent' | 'failed' | 'skipped'; attempts: number; nextAttemptAt: string; lastError?: string },
  ): Promise<void>;
  listForSubject(subjectId: string): Promise<OutboxEntry[]>;
}
