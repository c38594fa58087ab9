import type { JobFileStore } from '../../core/jobs/model';
import type { CbStorageApp } from './fileStorage';
import type { CbUploadApp } from './educationImages';

/**
 * Export jobs' files in CloudBase storage under `exports/` (outside the members' folders, so the member
 * upload sweep never lists them). A job writes one path (its id in it): a step repeated after a crash
 * overwrites the same object. Staff open it through a getTempFileURL link (≤ 5 minutes).
 */
export const cloudbaseJobFiles = (app: CbUploadApp & Pick<CbStorageApp, 'getTempFileURL'>): JobFileStore => ({
  put: async (path, bytes) => {
    const res = await app.uploadFile({ cloudPath: path, fileContent: Buffer.from(bytes) });
    if (!res.fileID) throw new Error('uploadFile answered no fileID');
    return res.fileID;
  },
  link: async (fileId, _viewer, expiresAt) => {
    const maxAge = Math.max(1, Math.min(300, Math.floor((expiresAt.getTime() - Date.now()) / 1000)));
    const res = await app.getTempFileURL({ fileList: [{ fileID: fileId, maxAge }] });
    const hit = res.fileList.find((f) => f.fileID === fileId && f.code === 'SUCCESS');
    if (!hit) throw new Error(`getTempFileURL failed for ${fileId}`);
    return hit.tempFileURL;
  },
});
