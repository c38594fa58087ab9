import type { NotificationEvent } from '../notifications/events';
import { outboxFromEvents, type OutboxEntry } from '../notifications/outbox';

export const BENEFITS_AREA = 'benefits';

/** What members are told about their benefits (read by core/benefits/notifications.ts). */
export type BenefitEventType = 'booked' | 'reminder' | 'cancelled' | 'expiring' | 'tierChanged' | 'tierDowngradeNotice' | 'changeAnnounced';

export const benefitEvent = (
  type: BenefitEventType,
  memberId: string,
  subject: { id: string; number: string },
  at: string,
  summary: string,
  detail?: Record<string, string>,
): NotificationEvent => ({ area: BENEFITS_AREA, type, audience: 'member', subject, memberId, at, summary, ...(detail ? { detail } : {}) });

export const owed = (events: NotificationEvent[], newId: () => string, now: Date): OutboxEntry[] => outboxFromEvents(events, newId, now);
