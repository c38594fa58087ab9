/** The member's in-app message centre, and the staff alert feed: every notification lands in one of them. */
export interface MemberMessage {
  id: string;
  memberId: string;
  subjectId: string;
  title: string;
  body: string;
  page: string;
  createdAt: string;
  readAt?: string;
}

/** An alert for staff from any area: its kind is the area's event type, its title already readable. */
export interface StaffAlert {
  id: string;
  area: string;
  kind: string;
  subjectId: string;
  number: string;
  title: string;
  ownerId?: string;
  summary: string;
  createdAt: string;
}

export interface SandboxMessage {
  id: string;
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  sentAt: string;
}

export interface InboxStore {
  /** Idempotent on id (the outbox entry's id): a retried dispatch files one copy. */
  addMemberMessage(m: MemberMessage): Promise<void>;
  listMemberMessages(memberId: string, limit: number): Promise<MemberMessage[]>;
  markRead(memberId: string, id: string, at: Date): Promise<boolean>;
  /** 全部已读: every unread message of the member, read at `at` (a read one keeps its time). Answers how many changed. */
  markAllRead(memberId: string, at: Date): Promise<number>;
  /** How many of the member's newest `window` messages are unread (the badge; 99+ beyond). */
  countUnread(memberId: string, window: number): Promise<number>;
  addStaffAlert(a: StaffAlert): Promise<void>;
  recentStaffAlerts(sinceIso: string, limit: number): Promise<StaffAlert[]>;
  /** The alerts addressed to one staff member after `sinceIso`, newest first (an index range on owner and time). */
  recentStaffAlertsFor(ownerId: string, sinceIso: string, limit: number): Promise<StaffAlert[]>;
  addSandboxMessage(m: SandboxMessage): Promise<void>;
  listSandboxMessages(limit: number): Promise<SandboxMessage[]>;
}
