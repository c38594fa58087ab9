import type { TextSealer } from '../shared/sealedTexts';
import type { AuditLog } from '../audit/chain';
import type { WorkingCalendar } from '../calendar/workingCalendar';
import type { ComplaintDeps } from '../complaints/deps';
import type { MemberDirectory } from '../members/directory';
import type { MemberStore, PolicyStore } from '../members/ports';
import type { FileStorage } from '../shared/files';
import type { Clock, IdGenerator } from '../shared/ports';
import type { UploadSlotPorts } from '../shared/uploadSlots';
import type { SecretBox, StaffStore } from '../staff/ports';
import type { ClaimPolicy, ClaimType } from './policy';
import type { ClaimStore } from './ports';

/** What every claim use case runs on. Claim types (with their checklists) and the policy are configuration. */
export interface ClaimDeps {
  store: ClaimStore;
  clock: Clock;
  ids: IdGenerator;
  calendar: WorkingCalendar;
  policy: ClaimPolicy;
  types: readonly ClaimType[];
  /** SHA-256 hex (crypto is a port). */
  hash(text: string): string;
  /** Seals the originals of texts holding a personal number, and opens them (core/claims/personalTexts.ts). */
  box: TextSealer;
}

/**
 * The separate consent (PIPL art 29) every health or bank document upload passes first: built from
 * core/privacy/consent.ts `assertSensitiveUploadAllowed` where the deps are wired.
 */
export interface SensitiveConsent {
  assertAllowed(memberId: string): Promise<void>;
}

/** The member function's deps: the member register (binding, policies), file storage and the consent gate. */
export interface MemberClaimDeps extends ClaimDeps {
  members: Pick<MemberStore, 'get'>;
  policies: Pick<PolicyStore, 'get' | 'listByNos'>;
  /** Opens the insured persons' names for their own policyholder, and seals and opens the claim's texts. */
  box: Pick<SecretBox, 'open' | 'seal'>;
  files: FileStorage;
  sensitiveConsent: SensitiveConsent;
  /** Cloud upload slots (core/shared/uploadSlots.ts): the register and the quota counters; absent, `uploadSlot` is refused. */
  uploadSlots?: UploadSlotPorts;
}

/** The staff side (the admin area's one field on AdminDeps): audit, staff list, member register, files, and the complaints core a conversion goes through. */
export interface StaffClaimDeps extends ClaimDeps {
  audit: AuditLog;
  staff: StaffStore;
  directory: MemberDirectory;
  files: FileStorage;
  complaints: ComplaintDeps;
}
