import type { AttachmentArea } from '../shared/orphanUploads';
import type { Claim } from './model';
import type { ClaimStore } from './ports';

/**
 * The orphan sweep's view of claims: every document on a checklist item, drafts included (a member may
 * resume a draft days later; what it holds is not an orphan).
 */
export const claimAttachmentArea = (store: Pick<ClaimStore, 'listByMember'>): AttachmentArea<Claim> => ({
  area: 'claims',
  listByMember: (memberId, page) => store.listByMember(memberId, page),
  filesOf: (c) => c.checklist.flatMap((i) => i.files),
});
