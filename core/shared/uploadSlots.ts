import * as z from 'zod/mini';
import { takeUploadCountQuota, type LimitTaker, type MemberQuotas } from '../members/quotas';
import { DomainError } from './errors';
import type { Clock, IdGenerator } from './ports';
import { parseInput } from './validation';

/**
 * Cloud uploads go through a slot: the phone asks its area function for one, the server names the file
 * (`members/<openid>/<area>/<id>.<ext>`), counts it against the member's daily uploads and registers it;
 * the phone then uploads to exactly that path. The register is what the orphan sweep walks in CloudBase
 * (adapters/cloudbase/uploadRegister.ts), because the server SDK cannot list storage.
 */
export const UPLOAD_AREAS = ['complaints', 'consultations', 'claims'] as const;
export type UploadArea = (typeof UPLOAD_AREAS)[number];

/** The extensions of the kinds the server can sniff (files.ts FILE_KINDS); jpeg is jpg's other name. */
export const UPLOAD_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'pdf'] as const;

export interface UploadSlot {
  /** The storage path the phone uploads to, relative to the bucket. */
  cloudPath: string;
  owner: string;
  area: UploadArea;
  grantedAt: Date;
}

/** Where granted slots are written (a document per slot in CloudBase, a row locally). */
export interface UploadRegister {
  register(slot: UploadSlot): Promise<void>;
}

/** What an area function hands the use case: the register and the member's quota counters. */
export interface UploadSlotPorts {
  register: UploadRegister;
  limits: LimitTaker;
}

export interface UploadSlotDeps extends UploadSlotPorts {
  ids: IdGenerator;
  clock: Clock;
  quotas?: MemberQuotas;
}

export const uploadSlotErrors = {
  extensionNotAllowed: () =>
    new DomainError('UPLOAD.TYPE_NOT_ALLOWED', '只能上传 JPG、PNG、WebP 图片或 PDF 文件', 'upload slot asked for an extension off the allow-list'),
  notConfigured: () => new Error('upload slots are not wired into this function (deps.uploadSlots)'),
};

const INPUT = z.strictObject({ ext: z.string().check(z.minLength(1), z.maxLength(10)) });

/** The area functions' deps carry the ports under one optional field; a function built without them cannot grant. */
export const uploadSlotDepsOf = (d: { uploadSlots?: UploadSlotPorts; ids: IdGenerator; clock: Clock; quotas?: MemberQuotas }): UploadSlotDeps => {
  if (!d.uploadSlots) throw uploadSlotErrors.notConfigured();
  return { ...d.uploadSlots, ids: d.ids, clock: d.clock, ...(d.quotas ? { quotas: d.quotas } : {}) };
};

/**
 * Grants one upload: refused before anything is counted or written when the extension is not one the
 * server can check; then the day's upload count (the bytes are checked when the file is attached).
 */
export const grantUploadSlot = async (deps: UploadSlotDeps, memberId: string, area: UploadArea, raw: unknown): Promise<{ cloudPath: string }> => {
  const { ext } = parseInput(INPUT, raw ?? {}, { ext: '文件类型' });
  const lower = ext.toLowerCase();
  if (!(UPLOAD_EXTENSIONS as readonly string[]).includes(lower)) throw uploadSlotErrors.extensionNotAllowed();
  const now = deps.clock.now();
  await takeUploadCountQuota(deps.limits, memberId, now, deps.quotas);
  const cloudPath = `members/${memberId}/${area}/${deps.ids.newId()}.${lower}`;
  await deps.register.register({ cloudPath, owner: memberId, area, grantedAt: now });
  return { cloudPath };
};
