import type { AttachmentArea } from '../shared/orphanUploads';
import type { Complaint } from './model';
import type { ComplaintStore } from './ports';

/** The orphan sweep's view of complaints: every file a complaint holds (submitted or added later). */
export const complaintAttachmentArea = (store: Pick<ComplaintStore, 'listByMember'>): AttachmentArea<Complaint> => ({
  area: 'complaints',
  listByMember: (memberId, page) => store.listByMember(memberId, page),
  filesOf: (c) => c.attachments,
});
