/**
 * The complaint form survives failures and app restarts: it is kept in storage with the idempotency
 * key, so a retry after a lost reply sends the same key and never makes a second complaint.
 */
export interface ComplaintDraft {
  idempotencyKey: string;
  categoryIndex: number;
  description: string;
  policyNo: string;
  photos: { path: string; fileID?: string }[];
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
