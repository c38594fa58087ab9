import type { FileStorage } from '../../core/shared/files';
import type { ListedUpload, UploadSweepStorage } from '../../core/shared/orphanUploads';

/** The part of the @cloudbase/node-sdk app this adapter uses. */
export interface CbStorageApp {
  downloadFile(o: { fileID: string }): Promise<{ fileContent: string | Buffer | undefined }>;
  deleteFile(o: { fileList: string[] }): Promise<unknown>;
  getTempFileURL(o: { fileList: { fileID: string; maxAge?: number }[] }): Promise<{ fileList: { code: string; fileID: string; tempFileURL: string }[] }>;
}

/**
 * Member files in CloudBase storage. The phone uploads straight to `members/<openid>/…` (the
 * mini-program asks `complaints.uploadFolder` for its folder); storage rules keep each member to
 * their own folder (README, Files), so the folder is the owner. The first bytes are read when a file
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

/**
 * A page of CloudBase storage keys under a prefix, in key order after `marker` — COS's GetBucket
 * (Prefix, Marker, MaxKeys). The server SDK (@cloudbase/node-sdk) has no list call, so whoever deploys
 * the sweep hands one in (COS SDK or manager-node's `storage` with a key allowed to list the bucket).
 */
export type CbStorageList = (o: { prefix: string; marker?: string; maxKeys: number }) => Promise<{
  contents: { key: string; lastModified: string }[];
  /** COS's IsTruncated: more keys after the last one listed. */
  truncated: boolean;
}>;

/** The part of the SDK app the sweep uses besides the list: delete, and a small file for its cursor. */
export interface CbSweepApp extends Pick<CbStorageApp, 'downloadFile' | 'deleteFile'> {
  uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<unknown>;
}

/** The member upload folders the phone writes (services/api.ts uploadFile's area); never exports/. */
const MEMBER_UPLOAD = /^members\/([\w-]{6,64})\/(?:complaints|consultations|claims)\/[^/]+$/;
const CURSOR_PATH = 'system/upload-sweep.json';

/**
 * The orphan sweep's view of CloudBase storage (core/shared/orphanUploads.ts): the member upload
 * folders (`members/<openid>/complaints/`) listed in key order, the owner from the folder, the time
 * from the object's last modification; the cursor (a key) in a small file beside them. `bucket` is the
 * fileID prefix, `cloud://<env>.<bucket>/`.
 */
export const cloudbaseUploadSweep = (app: CbSweepApp, list: CbStorageList, bucket: string): UploadSweepStorage => ({
  listUploads: async ({ after, limit }) => {
    const res = await list({ prefix: 'members/', ...(after ? { marker: after } : {}), maxKeys: limit });
    const items: ListedUpload[] = [];
    for (const o of res.contents) {
      const owner = MEMBER_UPLOAD.exec(o.key)?.[1];
      if (owner) items.push({ fileId: `${bucket}${o.key}`, owner, uploadedAt: new Date(o.lastModified) });
    }
    const last = res.contents[res.contents.length - 1]?.key;
    return { items, ...(res.truncated && last ? { next: last } : {}) };
  },
  remove: async (fileId) => {
    await app.deleteFile({ fileList: [fileId] });
  },
  loadSweepCursor: async () => {
    try {
      const res = await app.downloadFile({ fileID: `${bucket}${CURSOR_PATH}` });
      return res.fileContent === undefined ? undefined : (JSON.parse(res.fileContent.toString()) as { after?: string | null }).after ?? undefined;
    } catch {
      return undefined;
    }
  },
  saveSweepCursor: async (after) => {
    await app.uploadFile({ cloudPath: CURSOR_PATH, fileContent: Buffer.from(JSON.stringify({ after: after ?? null })) });
  },
});
