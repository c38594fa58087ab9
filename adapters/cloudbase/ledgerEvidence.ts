import crypto from 'node:crypto';
import type { EvidenceUploads } from '../../core/ledger/deps';
import { sniffFile } from '../../core/shared/files';
import type { CbUploadApp } from './educationImages';

/**
 * Ledger evidence in CloudBase storage under `ledger/` (outside the members' folders, so the member upload
 * sweep never lists it); staff open it through getTempFileURL links (fileStorage.ts `link`), audited per view.
 */
export const cloudbaseEvidenceUploads = (app: CbUploadApp): EvidenceUploads => ({
  put: async (_owner, bytes) => {
    const kind = sniffFile(bytes.subarray(0, 16));
    if (!kind) throw new Error('evidence reached storage without an allowed type');
    const res = await app.uploadFile({ cloudPath: `ledger/${crypto.randomUUID()}.${kind}`, fileContent: Buffer.from(bytes) });
    if (!res.fileID) throw new Error('uploadFile answered no fileID');
    return res.fileID;
  },
});
