import type { AuditDraft } from '../audit/chain';
import type { OutboxEntry } from '../notifications/outbox';
import type { Page } from '../shared/page';
import type { ConsentEvent, ExportVerification, PrivacyRequest, PrivacyRequestKind, PrivacyRequestStatus, VerificationVerdict } from './model';

/**
 * What a deletion erases outside the privacy records: the message centre, subscription credits, binding
 * codes and the rate-limit counters keyed by the member; where a local SMS sandbox exists, the texts it
 * recorded for the member's phones (absent on stores without one).
 */
export interface ErasedCounts {
  messages: number;
  subscriptions: number;
  bindingChallenges: number;
  rateLimits: number;
  smsSandbox?: number;
}

/**
 * Consents, privacy requests and export verifications. Each method is one transaction with its audit
 * entry: a consent, a request or a staff decision is recorded together with the log of it, or not at all.
 */
export interface PrivacyStore {
  /** Append-only: a consent is never edited, a withdrawal is a new event. */
  appendConsents(events: ConsentEvent[], audit: AuditDraft): Promise<void>;
  /** Every consent event of the member, oldest first. */
  consentsOf(memberId: string): Promise<ConsentEvent[]>;

  /**
   * Records a new request. At most one open (received) request per member and kind: a second fails
   * with PRIVACY.REQUEST_OPEN, even when both arrive at once.
   */
  createRequest(request: PrivacyRequest, audit: AuditDraft): Promise<void>;
  getRequest(id: string): Promise<PrivacyRequest | null>;
  /**
   * Writes `request` (version expectedVersion + 1) if the stored version is still expectedVersion, else
   * PRIVACY.VERSION_CONFLICT; with its audit entry and the notices it owes, in one transaction.
   */
  updateRequest(request: PrivacyRequest, expectedVersion: number, audit?: AuditDraft, outbox?: readonly OutboxEntry[]): Promise<void>;
  /** The member's requests, newest first. */
  requestsOf(memberId: string, limit: number): Promise<PrivacyRequest[]>;
  /** Staff queue: requests in one status, earliest due first (keyset on the stored dueAt). */
  queue(status: PrivacyRequestStatus, page: { limit: number; cursor?: string }): Promise<Page<PrivacyRequest>>;
  /** Open requests by id after `after`, for recomputing due dates when the calendar changes. */
  listOpen(page: { after?: string; limit: number }): Promise<PrivacyRequest[]>;

  putVerification(v: ExportVerification): Promise<void>;
  /** Reads the member's newest verification, lets `decide` rule, and writes the verdict's record in the same transaction. */
  settleVerification(memberId: string, decide: (v: ExportVerification | null) => VerificationVerdict): Promise<VerificationVerdict>;

  /**
   * Erases the member's message-centre entries, subscription credits, binding challenges and member-keyed
   * rate-limit counters (retention table: erase), and any local SMS sandbox texts sent to the member's phones.
   */
  eraseMemberData(memberId: string): Promise<ErasedCounts>;
}

export type { PrivacyRequestKind };
