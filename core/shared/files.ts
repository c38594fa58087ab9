import { DomainError } from './errors';

/**
 * Member files (photos, PDFs): what is accepted is decided by the first bytes, never by the name or
 * the type the client claims, and only from an allow-list. HTML, SVG or script inside a file named
 * .jpg has none of these signatures and is refused.
 */
export const FILE_KINDS = {
  jpg: { mime: 'image/jpeg', image: true, label: 'JPG 图片' },
  png: { mime: 'image/png', image: true, label: 'PNG 图片' },
  webp: { mime: 'image/webp', image: true, label: 'WebP 图片' },
  pdf: { mime: 'application/pdf', image: false, label: 'PDF 文件' },
} as const;

export type FileKind = keyof typeof FILE_KINDS;

export const FILE_RULES = {
  maxBytes: 5 * 1024 * 1024,
  /** How many first bytes the sniffer needs. */
  sniffBytes: 16,
  /** A link to a file (signed locally, getTempFileURL in production) lives at most this long. */
  linkTtlMs: 5 * 60_000,
} as const;

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The kind of a file from its first bytes (magic numbers), or undefined when it is not on the allow-list. */
export const sniffFile = (b: Uint8Array): FileKind | undefined => {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(b, ascii('%PDF-'))) return 'pdf';
  return undefined;
};

export const fileErrors = {
  empty: () => new DomainError('UPLOAD.EMPTY', '请选择要上传的文件', 'empty upload'),
  tooLarge: () => new DomainError('UPLOAD.TOO_LARGE', '文件不能超过 5MB', `upload exceeds ${FILE_RULES.maxBytes} bytes`),
  typeNotAllowed: () =>
    new DomainError('UPLOAD.TYPE_NOT_ALLOWED', '只能上传 JPG、PNG、WebP 图片或 PDF 文件', 'upload content is not an allowed type'),
  /** Someone else's file, or none: answered alike, so a file id reveals nothing. */
  notYours: () => new DomainError('ATTACHMENT.NOT_YOURS', '附件不存在或不属于您，请重新上传', 'attachment not owned by the caller'),
  notOnRecord: () => new DomainError('ATTACHMENT.NOT_FOUND', '该附件不存在', 'file is not an attachment of this record'),
};

/** What storage knows about a file: who stored it, its size and its first bytes. */
export interface StoredFileHead {
  owner?: string;
  size: number;
  firstBytes: Uint8Array;
  /** The name shown when it is opened (sanitised by whoever serves it). */
  name?: string;
}

/**
 * File storage, a port: the gateway's data folder locally, CloudBase storage in production (owner =
 * the member's folder, kept to them by storage rules; `link` = getTempFileURL).
 */
export interface FileStorage {
  head(fileId: string): Promise<StoredFileHead | null>;
  remove(fileId: string): Promise<void>;
  /** A link to the file for `viewer` (e.g. `member:<openid>`, `staff:<id>`), valid until `expiresAt` (≤ 5 minutes). */
  link(fileId: string, viewer: string, expiresAt: Date): Promise<string>;
}

/**
 * Checked when files are attached to a record (in production the phone uploads straight to storage):
 * each must be the member's own, within the size limit and of an allowed kind by its first bytes.
 * A file that fails the size or type check is deleted; someone else's file is left alone.
 */
export const checkAttachments = async (files: FileStorage, memberId: string, ids: readonly string[]): Promise<void> => {
  for (const id of ids) {
    const head = await files.head(id);
    if (!head || head.owner !== memberId) throw fileErrors.notYours();
    if (head.size > FILE_RULES.maxBytes) {
      await files.remove(id);
      throw fileErrors.tooLarge();
    }
    if (!head.size || !sniffFile(head.firstBytes)) {
      await files.remove(id);
      throw fileErrors.typeNotAllowed();
    }
  }
};

/** A link for `viewer`, expiring within FILE_RULES.linkTtlMs. */
export const fileLink = async (files: FileStorage, fileId: string, viewer: string, now: Date) => {
  const expiresAt = new Date(now.getTime() + FILE_RULES.linkTtlMs);
  return { url: await files.link(fileId, viewer, expiresAt), expiresAt: expiresAt.toISOString() };
};

/** A name safe inside Content-Disposition: no quotes, slashes, control characters; ASCII fallback plus RFC 5987 UTF-8. */
export const contentDisposition = (kind: FileKind, name: string | undefined, fallbackStem: string): string => {
  const ext = kind;
  const stem = (name ?? '').replace(/\.[^.]*$/, '').replace(/[\u0000-\u001f\u007f"\\/:*?<>|;%]/g, '').trim().slice(0, 60) || fallbackStem;
  const asciiStem = stem.replace(/[^\w.-]/g, '_');
  const disposition = FILE_KINDS[kind].image ? 'inline' : 'attachment';
  return `${disposition}; filename="${asciiStem}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${stem}.${ext}`)}`;
};
