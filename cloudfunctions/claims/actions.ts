import type { MemberClaimDeps } from '../../core/claims/deps';
import {
  acceptOffer,
  attachDocuments,
  claimTypes,
  getMyClaim,
  listMyClaims,
  messageOnClaim,
  myClaimFileUrl,
  myPolicies,
  saveDraft,
  submitClaim,
  withdrawClaim,
} from '../../core/claims/memberUseCases';
import { grantUploadSlot, uploadSlotDepsOf } from '../../core/shared/uploadSlots';
import { requireMember, type ActionTable } from '../../server/runtime/functionRuntime';

/** The member's claims API. Every action acts as the calling member and only on their own claims and bound policies. */
export const claimActions: ActionTable<MemberClaimDeps> = {
  types: (deps) => claimTypes(deps),
  myPolicies: (deps, caller) => myPolicies(deps, requireMember(caller)),
  saveDraft: (deps, caller, data) => saveDraft(deps, requireMember(caller), data),
  submit: (deps, caller, data) => submitClaim(deps, requireMember(caller), data),
  listMine: (deps, caller, data) => listMyClaims(deps, requireMember(caller), data),
  detail: (deps, caller, data) => getMyClaim(deps, requireMember(caller), data),
  attach: (deps, caller, data) => attachDocuments(deps, requireMember(caller), data),
  acceptOffer: (deps, caller, data) => acceptOffer(deps, requireMember(caller), data),
  withdraw: (deps, caller, data) => withdrawClaim(deps, requireMember(caller), data),
  message: (deps, caller, data) => messageOnClaim(deps, requireMember(caller), data),
  fileUrl: (deps, caller, data) => myClaimFileUrl(deps, requireMember(caller), data),
  /** Cloud mode: a server-named, registered path the phone uploads to (core/shared/uploadSlots.ts). */
  uploadSlot: (deps, caller, data) => grantUploadSlot(uploadSlotDepsOf(deps), requireMember(caller), 'claims', data),
};
