import { logComplaint, staffDetail, staffQueue, staffSearch, staffWrites, unmaskText, viewPersonalData } from '../../../../core/complaints/staffUseCases';
import { attachmentUrl } from '../../../../core/complaints/staffAttachments';
import type { StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

/** Working complaints: the records (and their permissions) live with the use cases. */
export const complaintsArea: StaffArea<AdminDeps> = {
  queue: staffQueue,
  search: staffSearch,
  detail: staffDetail,
  viewPersonalData,
  unmaskText,
  attachmentUrl,
  log: logComplaint,
  ...staffWrites,
};
