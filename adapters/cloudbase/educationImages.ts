import crypto from 'node:crypto';
import type { ImageStore } from '../../core/education/ports';

/** The part of the SDK app the image store uses. */
export interface CbUploadApp {
  uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID?: string }>;
}

/**
 * Article images in CloudBase storage under `education/` (outside the members' folders, so the member
 * upload sweep never lists them); members read them through getTempFileURL links (fileStorage.ts `link`).
 */
export const cloudbaseImageStore = (app: CbUploadApp): ImageStore => ({
  save: async (_owner, bytes, kind) => {
    const res = await app.uploadFile({ cloudPath: `education/${crypto.randomUUID()}.${kind}`, fileContent: Buffer.from(bytes) });
    if (!res.fileID) throw new Error('uploadFile answered no fileID');
    return res.fileID;
  },
});
