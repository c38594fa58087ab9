import type { AttachmentArea } from '../shared/orphanUploads';
import type { Consultation } from './model';
import type { ConsultationStore } from './ports';

/** The orphan sweep's view of consultations: every photo the member sent (question and follow-ups). */
export const consultationAttachmentArea = (store: Pick<ConsultationStore, 'listByMember'>): AttachmentArea<Consultation> => ({
  area: 'consultations',
  listByMember: (memberId, page) => store.listByMember(memberId, page),
  filesOf: (c) => c.attachments,
});
