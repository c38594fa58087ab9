import type { AttachmentArea } from '../shared/orphanUploads';
import type { LedgerItem } from './model';
import type { LedgerStore } from './ports';

/** The owner a staff upload is stored under (`staff:<id>`), as the orphan sweep sees it. */
export const staffUploadOwner = (staffId: string) => `staff:${staffId}`;

/**
 * The orphan sweep's view of the ledger: evidence files are staff uploads stored under `staff:<id>`;
 * the items holding a staff member's uploads keep them. Other owners (members) hold no evidence.
 */
export const ledgerAttachmentArea = (store: Pick<LedgerStore, 'listByUploader'>): AttachmentArea<LedgerItem> => ({
  area: 'ledger',
  listByMember: async (owner, page) => (owner.startsWith('staff:') ? store.listByUploader(owner.slice('staff:'.length), page) : { items: [] }),
  filesOf: (i) => i.evidence.map((e) => e.fileId),
});
