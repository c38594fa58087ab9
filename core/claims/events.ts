import type { NotificationEvent } from '../notifications/events';
import type { Claim } from './model';

export const CLAIMS_AREA = 'claims';

/** What members and staff are told about claims (read by core/claims/notifications.ts). */
export type ClaimEventType =
  | 'received'
  | 'documentsNeeded'
  | 'underReview'
  | 'offered'
  | 'refused'
  | 'agreed'
  | 'paid'
  | 'withdrawn'
  | 'converted'
  | 'deadlinesChanged'
  | 'approvalNeeded'
  | 'documentsArrived'
  | 'deadlineWarning'
  | 'deadlineBreached'
  | 'escalated';

export const claimEvent = (
  c: Claim,
  type: ClaimEventType,
  audience: 'member' | 'staff',
  at: string,
  summary: string,
  detail?: Record<string, string>,
  ownerId?: string,
): NotificationEvent => ({
  area: CLAIMS_AREA,
  type,
  audience,
  subject: { id: c.id, number: c.number ?? '' },
  memberId: c.memberId,
  at,
  summary,
  ...(ownerId ?? c.handler?.id ? { ownerId: ownerId ?? c.handler?.id } : {}),
  ...(detail ? { detail } : {}),
});
