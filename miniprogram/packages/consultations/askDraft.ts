import type { DraftFile } from '../../utils/draft';
import { newIdempotencyKey } from '../../utils/draft';

/** The ask form survives failures and restarts with its idempotency key: a retry never asks twice. */
export interface AskDraft {
  idempotencyKey: string;
  topicIndex: number;
  question: string;
  policyNo: string;
  photos: DraftFile[];
}

const KEY = 'consultationDraft';

export const loadAskDraft = (): AskDraft => {
  const saved = wx.getStorageSync(KEY) as AskDraft | '';
  if (saved && saved.idempotencyKey) return saved;
  return { idempotencyKey: newIdempotencyKey(), topicIndex: -1, question: '', policyNo: '', photos: [] };
};
export const saveAskDraft = (d: AskDraft) => wx.setStorageSync(KEY, d);
export const clearAskDraft = () => wx.removeStorageSync(KEY);
