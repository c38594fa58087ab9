import type { AuditLog } from '../audit/chain';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import type { ComplaintDeps } from '../complaints/deps';
import type { MemberDirectory } from '../members/directory';
import type { MemberStore, PolicyStore } from '../members/ports';
import type { LimitTaker } from '../members/quotas';
import type { ContentCheck } from '../shared/contentSafety';
import type { FileStorage } from '../shared/files';
import type { Clock, IdGenerator } from '../shared/ports';
import type { UploadSlotPorts } from '../shared/uploadSlots';
import type { SecretBox, StaffStore } from '../staff/ports';
import type { ConsultationPolicy } from './policy';
import type { TextSealer } from './personalTexts';
import type { ConsultationStore } from './ports';

/** What every consultation use case runs on. */
export interface ConsultationDeps {
  store: ConsultationStore;
  clock: Clock;
  ids: IdGenerator;
  calendar: WorkingCalendar;
  policy: ConsultationPolicy;
  /** SHA-256 hex (crypto is a port). */
  hash(text: string): string;
  /** Seals member texts holding personal numbers and opens them for their member (personalTexts.ts). */
  box: TextSealer;
}

/** The member function's deps: quotas, file storage and content safety beside the store. */
export interface MemberConsultationDeps extends ConsultationDeps {
  limits: LimitTaker;
  files: FileStorage;
  /** msgSecCheck in production: flags for staff, never refuses. */
  contentCheck: ContentCheck;
  /** The caller's record and the register: a policy number on a question must be one the caller has bound. */
  members: Pick<MemberStore, 'get'>;
  policies: Pick<PolicyStore, 'get'>;
  /** Cloud upload slots (core/shared/uploadSlots.ts): the register and the quota counters; absent, `uploadSlot` is refused. */
  uploadSlots?: UploadSlotPorts;
}

/**
 * The staff side (the admin area's one field on AdminDeps): the audit log, staff list and member
 * register, file links, and the complaints core a conversion creates its complaint through.
 */
export interface StaffConsultationDeps extends ConsultationDeps {
  box: SecretBox;
  audit: AuditLog;
  staff: StaffStore;
  directory: MemberDirectory;
  files: FileStorage;
  complaints: ComplaintDeps;
}
