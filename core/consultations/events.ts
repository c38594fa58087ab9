import type { NotificationEvent } from '../notifications/events';
import type { Consultation } from './model';

export const CONSULTATIONS_AREA = 'consultations';

/** What members and staff are told about consultations (read by core/consultations/notifications.ts). */
export type ConsultationEventType =
  | 'answered'
  | 'handedToAdvisor'
  | 'planProposed'
  | 'enrollmentRecorded'
  | 'converted'
  | 'newQuestion'
  | 'followUp'
  | 'assignedToAdvisor'
  | 'deadlineWarning'
  | 'deadlineBreached'
  | 'escalated';

export const consultationEvent = (
  c: Consultation,
  type: ConsultationEventType,
  audience: 'member' | 'staff',
  at: string,
  summary: string,
  extra: { ownerId?: string; detail?: Record<string, string> } = {},
): NotificationEvent => ({
  area: CONSULTATIONS_AREA,
  type,
  audience,
  subject: { id: c.id, number: c.number },
  memberId: c.memberId,
  at,
  summary,
  ...(extra.ownerId ? { ownerId: extra.ownerId } : {}),
  ...(extra.detail ? { detail: extra.detail } : {}),
});
