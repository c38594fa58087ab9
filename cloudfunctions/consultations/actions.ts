import type { MemberConsultationDeps } from '../../core/consultations/deps';
import {
  askQuestion,
  followUpConsultation,
  getMyConsultation,
  listMyConsultations,
  myConsultationFileUrl,
  rateConsultation,
} from '../../core/consultations/memberUseCases';
import { grantUploadSlot, uploadSlotDepsOf } from '../../core/shared/uploadSlots';
import { requireMember, type ActionTable } from '../../server/runtime/functionRuntime';

/**
 * The member's consultation API. Every action acts as the calling member (a visitor too: the channel
 * stays open to people without a bound policy) and only on their own consultations.
 */
export const consultationActions: ActionTable<MemberConsultationDeps> = {
  ask: (deps, caller, data) => askQuestion(deps, requireMember(caller), data),
  listMine: (deps, caller, data) => listMyConsultations(deps, requireMember(caller), data),
  detail: (deps, caller, data) => getMyConsultation(deps, requireMember(caller), data),
  followUp: (deps, caller, data) => followUpConsultation(deps, requireMember(caller), data),
  rate: (deps, caller, data) => rateConsultation(deps, requireMember(caller), data),
  fileUrl: (deps, caller, data) => myConsultationFileUrl(deps, requireMember(caller), data),
  /** Cloud mode: a server-named, registered path the phone uploads to (core/shared/uploadSlots.ts). */
  uploadSlot: (deps, caller, data) => grantUploadSlot(uploadSlotDepsOf(deps), requireMember(caller), 'consultations', data),
};
