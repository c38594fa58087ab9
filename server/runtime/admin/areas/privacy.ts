import { completeDeletion, privacyDetail, privacyQueue, privacyRetention, recordCorrection, refuseRequest } from '../../../../core/privacy/staffUseCases';
import type { StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

/**
 * 个人信息申请: members' correction and deletion requests (and the record of their exports), due in 15
 * working days. Read: supervisors, head office, compliance; act: supervisors and compliance. Every
 * decision and every opened request is audited (the records and their permissions live in core/privacy).
 */
export const privacyArea: StaffArea<AdminDeps> = {
  queue: privacyQueue,
  detail: privacyDetail,
  retention: privacyRetention,
  complete: completeDeletion,
  recordCorrection,
  refuse: refuseRequest,
};
