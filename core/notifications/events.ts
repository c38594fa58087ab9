/**
 * What happened, for someone to be told, in any area (complaints, privacy requests, claims …).
 * `member` events become message-centre entries and, with a credit, WeChat subscribe messages;
 * `staff` events become alerts on the admin page. The area that raised an event also says how it
 * reads (see NotificationArea), so this layer never learns an area's vocabulary.
 */
export interface NotificationEvent {
  area: string;
  /** The area's own event name, e.g. complaints' `acknowledged`. */
  type: string;
  audience: 'member' | 'staff';
  /** The record concerned: its id and the number people read and quote. */
  subject: { id: string; number: string };
  memberId: string;
  at: string;
  /** A short line for the message; members never get internal text. */
  summary: string;
  /** The staff member who owns the record, for alerts. */
  ownerId?: string;
  /** Extra plain values the area's templates read (a deadline's kind and due time …). */
  detail?: Record<string, string>;
}

/** The outbox topic: area and type, so topics never collide across areas. */
export const topicOf = (e: Pick<NotificationEvent, 'area' | 'type'>): string => `${e.area}.${e.type}`;
