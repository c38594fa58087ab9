import type { MemberStore, PolicyStore } from '../members/ports';
import type { Clock, IdGenerator } from '../shared/ports';
import type { BenefitPolicy } from './policy';
import type { BenefitStore, QrRenderer } from './ports';

/** What the benefits use cases run on (member function, staff area, timer). */
export interface BenefitDeps {
  benefits: BenefitStore;
  members: Pick<MemberStore, 'get'>;
  policies: Pick<PolicyStore, 'listByNos'>;
  qr: QrRenderer;
  clock: Clock;
  ids: IdGenerator;
  /** SHA-256 hex (crypto is a port). */
  hash(text: string): string;
  /** A uniformly random 6-digit code; a redemption code is two of them (12 digits stay short-lived and single-use). */
  newCode(): string;
  policy: BenefitPolicy;
}
