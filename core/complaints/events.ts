import type { Complaint, DeadlineKind } from './model';

/**
 * What happened, for someone to be told. `member` events become WeChat subscribe messages and
 * message-centre entries; `staff` events become alerts (green channel, near-breach, breach).
 */
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
  | 'deadlinesChanged';

export interface ComplaintEvent {
  type: ComplaintEventType;
  audience: 'member' | 'staff';
  complaintId: string;
  number: string;
  memberId: string;
  at: string;
  /** A short line for the message; members never get internal text. */
  summary: string;
  deadlineKind?: DeadlineKind;
  dueAt?: string;
  ownerId?: string;
}

export const memberEvent = (c: Complaint, type: ComplaintEventType, at: string, summary: string): ComplaintEvent => ({
  type,
  audience: 'member',
  complaintId: c.id,
  number: c.number,
  memberId: c.memberId,
  at,
  summary,
});

export const staffEvent = (
  c: Complaint,
  type: ComplaintEventType,
  at: string,
  summary: string,
  extra: Partial<ComplaintEvent> = {},
): ComplaintEvent => ({
  type,
  audience: 'staff',
  complaintId: c.id,
  number: c.number,
  memberId: c.memberId,
  at,
  summary,
  ownerId: c.owner?.id,
  ...extra,
});
