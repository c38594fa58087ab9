import { topicOf, type NotificationEvent } from './events';

/**
 * A notification owed, written in the same transaction as the change that caused it.
 * The dispatcher files member entries in the message centre and sends them as WeChat subscribe
 * messages where the member holds a credit; staff entries become alerts on the admin page.
 */
export interface OutboxEntry {
  id: string;
  audience: 'member' | 'staff';
  memberId: string;
  /** `<area>.<type>`, e.g. `complaints.acknowledged`. */
  topic: string;
  subjectId: string;
  payload: NotificationEvent;
  createdAt: string;
  /** pending → sending (leased to one dispatcher) → sent | failed | skipped, or back to pending to retry. */
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  /**
   * Set (durably) just before a push is handed to WeChat and cleared when the attempt is settled.
   * An entry found `sending` with this set after its lease ran out was interrupted mid-send: its
   * push is closed as unknown, never sent again (at most once).
   */
  pushAttemptAt?: string;
}

export const outboxFromEvents = (events: NotificationEvent[], newId: () => string, now: Date): OutboxEntry[] =>
  events.map((e) => ({
    id: newId(),
    audience: e.audience,
    memberId: e.memberId,
    topic: topicOf(e),
    subjectId: e.subject.id,
    payload: e,
    createdAt: now.toISOString(),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
  }));
