import type { WorkingCalendar } from '../calendar/workingCalendar';
import type { LimitTaker, MemberQuotas } from '../members/quotas';
import type { ContentCheck } from '../shared/contentSafety';
import type { FileStorage } from '../shared/files';
import type { Clock, IdGenerator } from '../shared/ports';
import type { UploadSlotPorts } from '../shared/uploadSlots';
import type { LifecycleContext } from './lifecycle';
import type { ComplaintPolicy } from './policy';
import type { TextSealer } from './personalTexts';
import type { ComplaintStore } from './ports';

export interface ComplaintDeps {
  store: ComplaintStore;
  clock: Clock;
  ids: IdGenerator;
  calendar: WorkingCalendar;
  policy: ComplaintPolicy;
  /** SHA-256 hex of a string (crypto is a port: the core does no I/O and picks no library). */
  hash(text: string): string;
  /** Screens member text (msgSecCheck in production); flags for staff, never refuses. */
  contentCheck: ContentCheck;
  /** Seals the originals of free texts holding personal numbers, and opens them for their member (personalTexts.ts). */
  box: TextSealer;
}

export const lifecycleContext = (deps: ComplaintDeps): LifecycleContext => ({
  now: deps.clock.now(),
  calendar: deps.calendar,
  policy: deps.policy,
  newId: () => deps.ids.newId(),
});

/**
 * What the member-facing complaint actions need beyond the record store: the member's quotas (the
 * member store's atomic `takeLimits`) and file storage, to check attachments and hand out links.
 */
export interface MemberComplaintDeps extends ComplaintDeps {
  limits: LimitTaker;
  files: FileStorage;
  quotas?: MemberQuotas;
  /** Cloud upload slots (core/shared/uploadSlots.ts): the register and the quota counters; absent, `uploadSlot` is refused. */
  uploadSlots?: UploadSlotPorts;
}
