import type { FileStorage } from '../../core/shared/files';

/** The part of the @cloudbase/node-sdk app this adapter uses. */
export interface CbStorageApp {
  downloadFile(o: { fileID: string }): Promise<{ fileContent: string | Buffer | undefined }>;
  deleteFile(o: { fileList: string[] }): Promise<unknown>;
  getTempFileURL(o: { fileList: { fileID: string; maxAge?: number }[] }): Promise<{ fileList: { code: string; fileID: string; tempFileURL: string }[] }>;
}

/**
 * Member files in CloudBase storage. The phone uploads straight to `members/<openid>/<area>/<id>.<ext>`
 * (the path an area function's `uploadSlot` named and registered, uploadRegister.ts); storage rules keep
 * each member to their own folder (README, Files), so the folder is the owner. The first bytes are read when a file
 * is attached (downloadFile: files are ≤ 5 MB), and `link` is getTempFileURL with maxAge ≤ 300 s:
 * the short-lived link, no session token in it.
 */
export const cloudbaseFileStorage = (app: CbStorageApp): FileStorage => ({
  head: async (fileId) => {
    const owner = /^cloud:\/\/[^/]+\/members\/([\w-]{6,64})\//.exec(fileId)?.[1];
    let content: Buffer;
    try {
      const res = await app.downloadFile({ fileID: fileId });
      if (res.fileContent === undefined) return null;
      content = Buffer.isBuffer(res.fileContent) ? res.fileContent : Buffer.from(res.fileContent);
    } catch {
      return null;
    }
    return { owner, size: content.length, firstBytes: content.subarray(0, 16), name: fileId.split('/').pop() };
  },
  remove: async (fileId) => {
    await app.deleteFile({ fileList: [fileId] });
  },
  link: async (fileId, _viewer, expiresAt) => {
    const maxAge = Math.max(1, Math.min(300, Math.floor((expiresAt.getTime() - Date.now()) / 1000)));
    const res = await app.getTempFileURL({ fileList: [{ fileID: fileId, maxAge }] });
    const hit = res.fileList.find((f) => f.fileID === fileId && f.code === 'SUCCESS');
    if (!hit) throw new Error(`getTempFileURL failed for ${fileId}`);
    return hit.tempFileURL;
  },
});
