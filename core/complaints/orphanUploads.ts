import type { Clock } from '../shared/ports';
import type { ComplaintStore } from './ports';

/**
 * Orphan uploads: a member's file that no record took within 24 hours (the phone uploads before the
 * submit, and a member may give up). The timer deletes them, a bounded slice per run, resuming from a
 * cursor the storage keeps, so each run costs the same however many files there are.
 */
export interface OrphanSweepRules {
  graceMs: number;
  examinePerRun: number;
  complaintsPerMember: number;
}

export const ORPHAN_UPLOADS: Readonly<OrphanSweepRules> = {
  /** A file younger than this may still be attached (a submit in progress, a retry after a lost reply). */
  graceMs: 24 * 3_600_000,
  /** Files looked at per run (so at most this many deletions). */
  examinePerRun: 200,
  /** A member's complaints read to learn what is attached, at most (beyond it: keep, never guess). */
  complaintsPerMember: 1_000,
};

export interface ListedUpload {
  fileId: string;
  /** The member who uploaded it (the sidecar locally, the folder in CloudBase); none: nobody can attach it. */
  owner?: string;
  uploadedAt: Date;
}

/** What storage must offer the sweep: member uploads in a stable order, and a place for the cursor. */
export interface UploadSweepStorage {
  listUploads(page: { after?: string; limit: number }): Promise<{ items: ListedUpload[]; next?: string }>;
  remove(fileId: string): Promise<void>;
  loadSweepCursor(): Promise<string | undefined>;
  saveSweepCursor(cursor: string | undefined): Promise<void>;
}

export interface OrphanSweepDeps {
  uploads: UploadSweepStorage;
  complaints: Pick<ComplaintStore, 'listByMember'>;
  clock: Clock;
}

export interface OrphanSweepResult {
  examined: number;
  removed: string[];
  /** Attached to a record, or an owner with too many records to read. */
  kept: number;
  /** Younger than the grace period. */
  young: number;
  /** The listing came to its end: the next run starts again from the first file. */
  wrapped: boolean;
}

/** Every file on the member's complaints (submitted or added later: `attachments` holds both). */
const attachedFiles = async (deps: OrphanSweepDeps, memberId: string, max: number): Promise<Set<string> | 'unknown'> => {
  const ids = new Set<string>();
  let cursor: string | undefined;
  let read = 0;
  do {
    const page = await deps.complaints.listByMember(memberId, { limit: 20, ...(cursor ? { cursor } : {}) });
    for (const c of page.items) for (const f of c.attachments) ids.add(f);
    read += page.items.length;
    cursor = page.nextCursor;
    if (cursor && read >= max) return 'unknown';
  } while (cursor);
  return ids;
};

export const sweepOrphanUploads = async (deps: OrphanSweepDeps, rules: OrphanSweepRules = ORPHAN_UPLOADS): Promise<OrphanSweepResult> => {
  const now = deps.clock.now().getTime();
  const after = await deps.uploads.loadSweepCursor();
  const page = await deps.uploads.listUploads({ ...(after ? { after } : {}), limit: rules.examinePerRun });
  const byOwner = new Map<string, Set<string> | 'unknown'>();
  const result: OrphanSweepResult = { examined: page.items.length, removed: [], kept: 0, young: 0, wrapped: !page.next };
  for (const f of page.items) {
    if (now - f.uploadedAt.getTime() < rules.graceMs) {
      result.young += 1;
      continue;
    }
    if (f.owner) {
      if (!byOwner.has(f.owner)) byOwner.set(f.owner, await attachedFiles(deps, f.owner, rules.complaintsPerMember));
      const attached = byOwner.get(f.owner)!;
      if (attached === 'unknown' || attached.has(f.fileId)) {
        result.kept += 1;
        continue;
      }
    }
    await deps.uploads.remove(f.fileId);
    result.removed.push(f.fileId);
  }
  await deps.uploads.saveSweepCursor(page.next);
  return result;
};
