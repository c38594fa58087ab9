import type { Page } from './page';
import type { Clock } from './ports';

/**
 * Orphan uploads: a member's file that no record took within 24 hours (the phone uploads before the
 * submit, and a member may give up). The timer deletes them, a bounded slice per run, resuming from a
 * cursor the storage keeps, so each run costs the same however many files there are.
 */
export interface OrphanSweepRules {
  graceMs: number;
  examinePerRun: number;
  recordsPerMember: number;
}

export const ORPHAN_UPLOADS: Readonly<OrphanSweepRules> = {
  /** A file younger than this may still be attached (a submit in progress, a retry after a lost reply). */
  graceMs: 24 * 3_600_000,
  /** Files looked at per run (so at most this many deletions). */
  examinePerRun: 200,
  /** A member's complaints read to learn what is attached, at most (beyond it: keep, never guess). */
  recordsPerMember: 1_000,
};

export interface ListedUpload {
  fileId: string;
  /** The member who uploaded it (the sidecar locally, the upload-slot register in CloudBase); none: nobody can attach it. */
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

/**
 * An area whose records hold member uploads (complaints, consultations, claims …): how to read a member's
 * records a page at a time and the files each holds. The sweep keeps a file any area holds; an area with
 * uploads that is not listed here would see its files deleted after the grace period, so every area
 * that attaches files registers itself (server/local/localSystem.ts `attachmentAreas`).
 */
export interface AttachmentArea<R = unknown> {
  area: string;
  listByMember(memberId: string, page: { limit: number; cursor?: string }): Promise<Page<R>>;
  filesOf(record: R): readonly string[];
}

export interface OrphanSweepDeps {
  uploads: UploadSweepStorage;
  areas: readonly AttachmentArea<any>[];
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

/** Every file on the member's records in every area; 'unknown' when an area has more records than `max`. */
const attachedFiles = async (deps: OrphanSweepDeps, memberId: string, max: number): Promise<Set<string> | 'unknown'> => {
  const ids = new Set<string>();
  for (const area of deps.areas) {
    let cursor: string | undefined;
    let read = 0;
    do {
      const page = await area.listByMember(memberId, { limit: 20, ...(cursor ? { cursor } : {}) });
      for (const r of page.items) for (const f of area.filesOf(r)) ids.add(f);
      read += page.items.length;
      cursor = page.nextCursor;
      if (cursor && read >= max) return 'unknown';
    } while (cursor);
  }
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
      if (!byOwner.has(f.owner)) byOwner.set(f.owner, await attachedFiles(deps, f.owner, rules.recordsPerMember));
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
