import { cloudbaseClaimStore } from '../../adapters/cloudbase/claimStore';
import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { cloudbaseConsultationStore } from '../../adapters/cloudbase/consultationStore';
import type { CbDatabase } from '../../adapters/cloudbase/database';
import { cloudbaseEducationStore } from '../../adapters/cloudbase/educationStore';
import { cloudbaseLedgerStore } from '../../adapters/cloudbase/ledgerStore';
import { cloudbaseUploadSweep, type CbSweepApp } from '../../adapters/cloudbase/uploadRegister';
import { claimAttachmentArea } from '../../core/claims/attachmentArea';
import { complaintAttachmentArea } from '../../core/complaints/attachmentArea';
import { consultationAttachmentArea } from '../../core/consultations/attachmentArea';
import type { DeadlineWatch } from '../../core/deadlines/watch';
import { educationAttachmentArea } from '../../core/education/attachmentArea';
import { ledgerAttachmentArea } from '../../core/ledger/attachmentArea';
import { ORPHAN_UPLOADS, sweepOrphanUploads, type AttachmentArea, type OrphanSweepRules } from '../../core/shared/orphanUploads';

/**
 * Every area whose records hold uploads, over the CloudBase stores: the same list, in the same order,
 * as the local system's `attachmentAreas` (server/local/localSystem.ts). An area missing here would see
 * its members' files deleted after the grace period, so a new attaching area adds itself to both.
 */
export const cloudAttachmentAreas = (db: CbDatabase): AttachmentArea[] => [
  complaintAttachmentArea(cloudbaseComplaintStore(db)),
  consultationAttachmentArea(cloudbaseConsultationStore(db)),
  claimAttachmentArea(cloudbaseClaimStore(db)),
  ledgerAttachmentArea(cloudbaseLedgerStore(db)),
  educationAttachmentArea(cloudbaseEducationStore(db)),
];

/**
 * The orphan sweep as one of the jobs timer's watches: a slice of the upload register per run (at most
 * the watch's share of the run's budget), files no record of any area holds after 24 hours deleted with
 * their register entries (adapters/cloudbase/uploadRegister.ts).
 */
export const orphanUploadWatch = (app: CbSweepApp, db: CbDatabase, rules: OrphanSweepRules = ORPHAN_UPLOADS): DeadlineWatch => {
  const uploads = cloudbaseUploadSweep(app, db);
  const areas = cloudAttachmentAreas(db);
  return {
    area: 'orphanUploads',
    scan: async (now, budget) => {
      const r = await sweepOrphanUploads({ uploads, areas, clock: { now: () => now } }, { ...rules, examinePerRun: Math.max(1, Math.min(rules.examinePerRun, budget)) });
      return { examined: r.examined, changed: r.removed.length, warnings: 0, breaches: 0, extra: { removed: r.removed.length, kept: r.kept, young: r.young, wrapped: r.wrapped ? 1 : 0 } };
    },
  };
};
