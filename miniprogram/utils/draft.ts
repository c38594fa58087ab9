/**
 * The complaint form survives failures and app restarts: it is kept in storage with the idempotency
 * key, so a retry after a lost reply sends the same key and never makes a second complaint.
 */
export interface ComplaintDraft {
  idempotencyKey: string;
  categoryIndex: number;
  description: string;
  policyNo: string;
  /** Photos and PDFs, in the order chosen (the name is kept for photos too: older drafts have only path/fileID). */
  photos: DraftFile[];
}

export interface DraftFile {
  path: string;
  fileID?: string;
  /** When it was uploaded (ms): an upload older than the orphan sweep's margin is sent again. */
  uploadedAt?: number;
  /** A PDF from wx.chooseMessageFile; absent for photos. */
  kind?: 'pdf';
  name?: string;
  size?: number;
  /** The size as shown on the tile, e.g. 815 KB. */
  sizeText?: string;
}

const KEY = 'complaintDraft';

export const newIdempotencyKey = (): string =>
  `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}-${Math.random().toString(36).slice(2, 12)}`;

export const loadDraft = (): ComplaintDraft => {
  const saved = wx.getStorageSync(KEY) as ComplaintDraft | '';
  if (saved && saved.idempotencyKey) return saved;
  return { idempotencyKey: newIdempotencyKey(), categoryIndex: -1, description: '', policyNo: '', photos: [] };
};

export const saveDraft = (draft: ComplaintDraft) => wx.setStorageSync(KEY, draft);
export const clearDraft = () => wx.removeStorageSync(KEY);
