import {
  consultationAdvisors,
  consultationConvert,
  consultationDetail,
  consultationFileUrl,
  consultationMemberProfile,
  consultationQueue,
  consultationSearch,
  consultationUnmaskMember,
  consultationUnmaskText,
  consultationWrites,
} from '../../../../core/consultations/staffUseCases';
import type { StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

/**
 * 咨询: the queue per role by due time, the record, customer service's replies and hand-offs, the
 * advisor's replies, plans and enrollment requests, conversion into a complaint, take-over. Every write
 * and every read of personal data is audited (the records and their permissions live in core/consultations).
 */
export const consultationsArea: StaffArea<AdminDeps> = {
  queue: consultationQueue,
  search: consultationSearch,
  detail: consultationDetail,
  advisors: consultationAdvisors,
  memberProfile: consultationMemberProfile,
  unmaskMember: consultationUnmaskMember,
  unmaskText: consultationUnmaskText,
  fileUrl: consultationFileUrl,
  ...consultationWrites,
  convertToComplaint: consultationConvert,
};
