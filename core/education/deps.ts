import type { FileStorage } from '../shared/files';
import type { Clock, IdGenerator } from '../shared/ports';
import type { EducationStore, ImageStore } from './ports';

/** What the education use cases run on (members function, staff area, timer). */
export interface EducationDeps {
  education: EducationStore;
  /** Short-lived per-file links for members (getTempFileURL in production). */
  files: FileStorage;
  clock: Clock;
  ids: IdGenerator;
  /** Whether the member has bound a policy (only bound members count for reach). */
  isBound(memberId: string): Promise<boolean>;
}

/** The staff side adds image uploads. */
export interface EducationStaffDeps extends EducationDeps {
  images: ImageStore;
}

/** The target (seed 000): rights publicity reaching 90% of members. */
export const REACH_GOAL = 0.9;

export const EDUCATION_RULES = {
  /** Staff images arrive base64 inside one admin call (≤ 100 KB): the page shrinks them to fit. */
  imageMaxBytes: 72_000,
  announcePage: 100,
  maxBlocks: 60,
} as const;
