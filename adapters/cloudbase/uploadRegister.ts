import type { ListedUpload, UploadSweepStorage } from '../../core/shared/orphanUploads';
import type { UploadRegister } from '../../core/shared/uploadSlots';
import { sha256 } from '../hash';
import type { CbDatabase } from './database';
import type { CbStorageApp } from './fileStorage';

const SLOTS = 'upload_slots';
const SWEEP = 'upload_sweep';
const SWEEP_DOC = 'cursor';
/** A small file the sweep writes once per warm container to learn the bucket's fileID prefix. */
const MARKER_PATH = 'system/upload-sweep.txt';

interface SlotDoc {
  /** The storage path (`members/<openid>/<area>/<id>.<ext>`). */
  path: string;
  owner: string;
  area: string;
  grantedAt: string;
}

/**
 * The register of granted upload slots (core/shared/uploadSlots.ts): one document per slot, its `_id`
 * the sha256 of the storage path (as the other stores key documents by a hash of their key: a path's `/`
 * is not something to rely on in a document id), so the sweep pages through it in `_id` order — a stable
 * order, which is all a cursor needs — with a plain `_id > cursor` query on the built-in `_id` index.
 */
const slotId = (cloudPath: string) => sha256(cloudPath);
export const cloudbaseUploadRegister = (db: CbDatabase): UploadRegister => ({
  register: async (slot) => {
    const doc: SlotDoc = { path: slot.cloudPath, owner: slot.owner, area: slot.area, grantedAt: slot.grantedAt.toISOString() };
    await db.collection(SLOTS).doc(slotId(slot.cloudPath)).set({ ...doc });
  },
});

/** What the sweep uses of the SDK app: delete a file, and upload the marker that names the bucket. */
export interface CbSweepApp extends Pick<CbStorageApp, 'deleteFile'> {
  uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID?: string }>;
}

/**
 * The orphan sweep's view of CloudBase (core/shared/orphanUploads.ts): the register, not a storage
 * listing (the server SDK has none). Owner and time come from the register entry; the fileID is the
 * bucket's prefix and the path. The prefix (`cloud://<env>.<bucket>/`) appears in no setting the SDK
 * exposes, so it is learned from the fileID `uploadFile` answers for a marker file and kept with the
 * cursor. The cursor is a document rather than a storage file: reading it needs no bucket prefix and no
 * download each minute. Removing deletes the file and then its entry, so a run cut short in between
 * finds the entry again and deletes the (already gone) file once more.
 */
export const cloudbaseUploadSweep = (app: CbSweepApp, db: CbDatabase): UploadSweepStorage => {
  let prefix: string | undefined;
  const learnPrefix = async (): Promise<string> => {
    if (prefix) return prefix;
    const res = await app.uploadFile({ cloudPath: MARKER_PATH, fileContent: Buffer.from('orphan upload sweep: names the bucket (adapters/cloudbase/uploadRegister.ts)\n') });
    if (!res.fileID?.endsWith(`/${MARKER_PATH}`)) throw new Error(`uploadFile answered an unexpected fileID for ${MARKER_PATH}: ${String(res.fileID)}`);
    prefix = res.fileID.slice(0, -MARKER_PATH.length);
    return prefix;
  };
  const sweepDoc = () => db.collection(SWEEP).doc(SWEEP_DOC);
  return {
    listUploads: async ({ after, limit }) => {
      const bucket = await learnPrefix();
      const _ = db.command;
      // One more than asked: whether the register goes on after this page.
      const res = await db
        .collection(SLOTS)
        .where({ _id: _.gt(after ?? '') })
        .orderBy('_id', 'asc')
        .limit(limit + 1)
        .get();
      const docs = res.data as unknown as (SlotDoc & { _id: string })[];
      const page = docs.slice(0, limit);
      const items: ListedUpload[] = page.map((d) => ({ fileId: `${bucket}${d.path}`, owner: d.owner, uploadedAt: new Date(d.grantedAt) }));
      const last = page[page.length - 1]?._id;
      return { items, ...(docs.length > limit && last ? { next: last } : {}) };
    },
    remove: async (fileId) => {
      const bucket = await learnPrefix();
      if (!fileId.startsWith(bucket)) throw new Error(`not a file of this bucket: ${fileId}`);
      await app.deleteFile({ fileList: [fileId] });
      await db.collection(SLOTS).doc(slotId(fileId.slice(bucket.length))).remove();
    },
    loadSweepCursor: async () => {
      const res = (await sweepDoc().get()) as { data: { after?: string | null; filePrefix?: string }[] };
      const d = res.data[0];
      if (d?.filePrefix && !prefix) prefix = d.filePrefix;
      return d?.after ?? undefined;
    },
    saveSweepCursor: async (after) => {
      await sweepDoc().set({ after: after ?? null, ...(prefix ? { filePrefix: prefix } : {}) });
    },
  };
};
