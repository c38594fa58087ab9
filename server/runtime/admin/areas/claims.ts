import { claimConvert, claimDetail, claimFileUrl, claimQueue, claimSearch, claimTypesForStaff, claimUnmaskText, claimWrites } from '../../../../core/claims/staffUseCases';
import type { StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

/**
 * 理赔: the queue by due time, the claim, the art-22 documents notice, assessment, decision (amount with
 * approval above the handler's band, or refusal with its letter), the member's phone acceptance,
 * payments, conversion of a dispute into a complaint. Every write and every document view is audited
 * (the records and their permissions live in core/claims).
 */
export const claimsArea: StaffArea<AdminDeps> = {
  queue: claimQueue,
  search: claimSearch,
  types: claimTypesForStaff,
  detail: claimDetail,
  fileUrl: claimFileUrl,
  unmaskText: claimUnmaskText,
  ...claimWrites,
  convertToComplaint: claimConvert,
};
