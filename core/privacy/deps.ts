import type { WorkingCalendar } from '../calendar/workingCalendar';
import type { ComplaintStore } from '../complaints/ports';
import type { MemberStore, PolicyStore, SmsSender } from '../members/ports';
import type { InboxStore } from '../notifications/inbox';
import type { Clock, IdGenerator } from '../shared/ports';
import type { SecretBox } from '../staff/ports';
import type { PrivacyNotice, PrivacyRequestPolicy, RetentionRule } from './policy';
import type { PrivacyStore } from './ports';

/** What the privacy use cases run on; the notice, the request policy and the retention table are configuration. */
export interface PrivacyDeps {
  records: PrivacyStore;
  members: MemberStore;
  policies: PolicyStore;
  complaints: ComplaintStore;
  inbox: InboxStore;
  box: SecretBox;
  sms: SmsSender;
  clock: Clock;
  ids: IdGenerator;
  calendar: WorkingCalendar;
  notice: PrivacyNotice;
  requestPolicy: PrivacyRequestPolicy;
  retention: readonly RetentionRule[];
  /** SHA-256 hex (crypto is a port). */
  hash(text: string): string;
  /** A uniformly random 6-digit code. */
  newCode(): string;
}
