import type { ComplaintEvent } from '../complaints/events';

/**
 * A notification owed, written in the same transaction as the change that caused it.
 * The dispatcher sends member entries as WeChat subscribe messages (and always files a copy in
 * the member's message centre); staff entries become alerts on the admin page.
 */
export interface OutboxEntry {
  id: string;
  audience: 'member' | 'staff';
  memberId: string;
  topic: ComplaintEvent['type'];
  subjectId: string;
  payload: ComplaintEvent;
  createdAt: string;
  /** pending → sending (leased to one dispatcher) → sent | failed | skipped, or back to pending to retry. */
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
}

export const outboxFromEvents = (events: ComplaintEvent[], newId: () => string, now: Date): OutboxEntry[] =>
  events.map((e) => ({
    id: newId(),
    audience: e.audience,
    memberId: e.memberId,
    topic: e.type,
    subjectId: e.complaintId,
    payload: e,
    createdAt: now.toISOString(),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
  }));
