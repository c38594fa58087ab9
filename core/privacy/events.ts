import type { NotificationEvent } from '../notifications/events';
import { outboxFromEvents, type OutboxEntry } from '../notifications/outbox';
import type { PrivacyRequest } from './model';

export const PRIVACY_AREA = 'privacy';

/** What members and staff are told about privacy requests (read by core/privacy/notifications.ts). */
export type PrivacyEventType = 'requestCompleted' | 'requestRefused' | 'deadlinesChanged' | 'deadlineWarning' | 'deadlineBreached';

export const privacyEvent = (
  r: PrivacyRequest,
  type: PrivacyEventType,
  audience: 'member' | 'staff',
  at: string,
  summary: string,
  detail?: Record<string, string>,
): NotificationEvent => ({
  area: PRIVACY_AREA,
  type,
  audience,
  subject: { id: r.id, number: r.number },
  memberId: r.memberId,
  at,
  summary,
  ownerId: r.handledBy?.id,
  ...(detail ? { detail } : {}),
});

/** The outbox entries for events, stamped now: written in the same transaction as the request. */
export const owed = (events: NotificationEvent[], newId: () => string, now: Date): OutboxEntry[] => outboxFromEvents(events, newId, now);
