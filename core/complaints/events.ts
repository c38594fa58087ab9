import type { NotificationEvent } from '../notifications/events';
import type { Complaint } from './model';

export const COMPLAINTS_AREA = 'complaints';

/** Complaint events, read by core/complaints/notifications.ts. */
export type ComplaintEventType =
  | 'received'
  | 'acknowledged'
  | 'replied'
  | 'informationRequested'
  | 'resolved'
  | 'regulatoryExtended'
  | 'appraisalStarted'
  | 'reviewStarted'
  | 'reopened'
  | 'closed'
  | 'withdrawn'
  | 'greenChannelAlert'
  | 'reviewRequested'
  | 'escalated'
  | 'deadlineWarning'
  | 'deadlineBreached'
  | 'deadlinesChanged'
  /** The one reminder to rate a resolution (core/complaints/satisfactionReminder.ts). */
  | 'satisfactionReminder';

/** A notification event raised by a complaint. */
export type ComplaintEvent = NotificationEvent & { area: typeof COMPLAINTS_AREA; type: ComplaintEventType };

const eventOf = (c: Complaint, type: ComplaintEventType, audience: 'member' | 'staff', at: string, summary: string): ComplaintEvent => ({
  area: COMPLAINTS_AREA,
  type,
  audience,
  subject: { id: c.id, number: c.number },
  memberId: c.memberId,
  at,
  summary,
});

export const memberEvent = (c: Complaint, type: ComplaintEventType, at: string, summary: string): ComplaintEvent =>
  eventOf(c, type, 'member', at, summary);

export const staffEvent = (
  c: Complaint,
  type: ComplaintEventType,
  at: string,
  summary: string,
  extra: { ownerId?: string; detail?: Record<string, string> } = {},
): ComplaintEvent => ({ ...eventOf(c, type, 'staff', at, summary), ownerId: extra.ownerId ?? c.owner?.id, ...(extra.detail ? { detail: extra.detail } : {}) });
