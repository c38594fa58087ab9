/**
 * Picking and uploading a member's photos and PDFs, shared by the complaint form and the detail
 * page's 补充信息 box: the same limits, the same messages, the same upload path.
 */
import { ApiCallError, uploadFile } from '../services/api';
import { COMPLAINT_LIMITS, FILE_MAX_BYTES } from '../services/complaintLimits';
import type { DraftFile } from './draft';

export const ATTACHMENT_TEXT = {
  tooManyFiles: `图片和PDF最多共${COMPLAINT_LIMITS.attachmentsMax}个`,
  photosTooLarge: (n: number) => `${n}张图片超过5MB，未添加`,
  pdfTooLarge: (name: string) => `${name} 超过5MB，请压缩后重新选择`,
  someLeftOut: (n: number) => `已达${COMPLAINT_LIMITS.attachmentsMax}个上限，${n}个未添加`,
};

/** An upload older than this is sent again: the timer deletes files no record took within 24 h. */
export const REUPLOAD_AFTER_MS = 12 * 3_600_000;

export const sizeText = (bytes: number): string =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Room left for photos and PDFs together (the server's attachment limit); a toast when there is none. */
export const roomLeft = (files: DraftFile[]): number => {
  const room = COMPLAINT_LIMITS.attachmentsMax - files.length;
  if (room <= 0) wx.showToast({ title: ATTACHMENT_TEXT.tooManyFiles, icon: 'none' });
  return room;
};

/**
 * What fits within the count limit after `current`, telling the member about what does not.
 * Returns the list to keep (the same array when nothing was added).
 */
export const withAdded = (current: DraftFile[], files: DraftFile[], tooLarge?: string): DraftFile[] => {
  const room = COMPLAINT_LIMITS.attachmentsMax - current.length;
  const taken = files.slice(0, Math.max(0, room));
  const message = tooLarge ?? (files.length > taken.length ? ATTACHMENT_TEXT.someLeftOut(files.length - taken.length) : '');
  if (message) wx.showToast({ title: message, icon: 'none', duration: 3000 });
  return taken.length ? [...current, ...taken] : current;
};

/** Photos from the album or camera, up to `room`; `done` gets those within the size limit. */
export const choosePhotos = (room: number, done: (files: DraftFile[], tooLarge?: string) => void) =>
  wx.chooseMedia({
    count: room,
    mediaType: ['image'],
    sizeType: ['compressed'],
    success: (res) => {
      const fit = res.tempFiles.filter((f) => !(f.size > FILE_MAX_BYTES));
      const over = res.tempFiles.length - fit.length;
      done(fit.map((f) => ({ path: f.tempFilePath })), over ? ATTACHMENT_TEXT.photosTooLarge(over) : undefined);
    },
  });

/** PDFs come from a chat (wx.chooseMessageFile); what they really are is decided by the server. */
export const choosePdfs = (room: number, done: (files: DraftFile[], tooLarge?: string) => void) =>
  wx.chooseMessageFile({
    count: room,
    type: 'file',
    extension: ['pdf'],
    success: (res) => {
      const fit = res.tempFiles.filter((f) => f.size <= FILE_MAX_BYTES);
      const over = res.tempFiles.find((f) => f.size > FILE_MAX_BYTES);
      done(
        fit.map((f) => ({ path: f.path, kind: 'pdf' as const, name: f.name, size: f.size, sizeText: sizeText(f.size) })),
        over ? ATTACHMENT_TEXT.pdfTooLarge(over.name) : undefined,
      );
    },
  });

/**
 * Uploads what is not uploaded yet (or was uploaded too long ago), in order; `progress` gets the list
 * after each upload so a failure later keeps what went up. A server refusal names the file.
 */
/** Not uploaded yet, or uploaded long enough ago that the sweep may have deleted it (or an older draft with no time). */
export const needsUpload = (f: DraftFile): boolean => !(f.fileID && f.uploadedAt && Date.now() - f.uploadedAt < REUPLOAD_AFTER_MS);

export const uploadPending = async (files: DraftFile[], progress: (files: DraftFile[]) => void): Promise<DraftFile[]> => {
  const out = [...files];
  for (const [i, p] of out.entries()) {
    if (!needsUpload(p)) continue;
    try {
      out[i] = { ...p, fileID: await uploadFile(p.path, p.name), uploadedAt: Date.now() };
    } catch (e) {
      if (e instanceof ApiCallError && p.name && e.code.startsWith('UPLOAD.')) throw new ApiCallError({ code: e.code, message: `${p.name}：${e.message}` });
      throw e;
    }
    progress([...out]);
  }
  return out;
};
