import type { MemberComplaintDeps } from '../../core/complaints/deps';
import {
  addComplaintInformation,
  getMyComplaint,
  listMyComplaints,
  myAttachmentUrl,
  rateComplaint,
  requestComplaintReview,
  submitComplaint,
  withdrawComplaint,
} from '../../core/complaints/memberUseCases';
import { grantUploadSlot, uploadSlotDepsOf } from '../../core/shared/uploadSlots';
import { requireMember, type ActionTable } from '../../server/runtime/functionRuntime';

/** The member's complaint API. Every action acts as the calling member and only on their own records. */
export const complaintActions: ActionTable<MemberComplaintDeps> = {
  submit: (deps, caller, data) => submitComplaint(deps, requireMember(caller), data),
  listMine: (deps, caller, data) => listMyComplaints(deps, requireMember(caller), data),
  detail: (deps, caller, data) => getMyComplaint(deps, requireMember(caller), data),
  rate: (deps, caller, data) => rateComplaint(deps, requireMember(caller), data),
  requestReview: (deps, caller, data) => requestComplaintReview(deps, requireMember(caller), data),
  addInformation: (deps, caller, data) => addComplaintInformation(deps, requireMember(caller), data),
  withdraw: (deps, caller, data) => withdrawComplaint(deps, requireMember(caller), data),
  fileUrl: (deps, caller, data) => myAttachmentUrl(deps, requireMember(caller), data),
  /** Cloud mode: a server-named, registered path the phone uploads to (core/shared/uploadSlots.ts). */
  uploadSlot: (deps, caller, data) => grantUploadSlot(uploadSlotDepsOf(deps), requireMember(caller), 'complaints', data),
};
