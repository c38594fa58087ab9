import * as z from 'zod/mini';
import { defineStaffAction } from '../staff/actions';
import { fileErrors, fileLink, type FileStorage } from '../shared/files';
import { fileId } from '../shared/ids';
import { loadComplaint } from './persist';
import { STAFF_FIELD_LABELS as L, staffByIdSchema } from './staffSchemas';
import type { StaffComplaintDeps } from './staffUseCases';

export type StaffAttachmentDeps = StaffComplaintDeps & { files: FileStorage };

/**
 * A short-lived link (≤ 5 minutes, bound to this staff member) to one attachment of a case; every
 * link handed out is audited with the case, the file and whether it was a thumbnail or the full view.
 * Only files on the case's record are served: a file id alone opens nothing.
 */
export const attachmentUrl = defineStaffAction({
  permission: 'complaint.read',
  input: z.extend(staffByIdSchema, { fileId, purpose: z._default(z.enum(['thumbnail', 'open']), 'open') }),
  labels: { ...L, fileId: '附件', purpose: '用途' },
  run: async (deps: StaffAttachmentDeps, who, { id, fileId: file, purpose }) => {
    const c = await loadComplaint(deps, id);
    if (!c.attachments.includes(file)) throw fileErrors.notOnRecord();
    const link = await fileLink(deps.files, file, `staff:${who.id}`, deps.clock.now());
    await deps.audit.append({
      actorId: who.id,
      actorRole: who.role,
      action: 'complaint.viewAttachment',
      subjectType: 'complaint',
      subjectId: c.id,
      detail: { number: c.number, fileId: file, purpose, expiresAt: link.expiresAt },
    });
    return link;
  },
});
