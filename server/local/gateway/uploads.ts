import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../../core/shared/errors';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** Images only, recognised by their first bytes: a renamed file is refused whatever it is called. */
const sniff = (b: Buffer): 'jpg' | 'png' | 'webp' | undefined => {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 12 && b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WEBP') return 'webp';
  return undefined;
};

export const uploadErrors = {
  notImage: () => new DomainError('UPLOAD.NOT_IMAGE', '只能上传 JPG、PNG 或 WebP 图片', 'upload is not a recognised image'),
  tooLarge: () => new DomainError('UPLOAD.TOO_LARGE', '图片不能超过 5MB', `upload exceeds ${MAX_UPLOAD_BYTES} bytes`),
  empty: () => new DomainError('UPLOAD.EMPTY', '请选择要上传的图片', 'empty upload'),
};

/** Stores an upload under the data folder and returns its file id (local://uploads/<random>.<ext>). */
export const saveUpload = (dataDir: string, body: Buffer): string => {
  if (!body.length) throw uploadErrors.empty();
  if (body.length > MAX_UPLOAD_BYTES) throw uploadErrors.tooLarge();
  const ext = sniff(body);
  if (!ext) throw uploadErrors.notImage();
  const name = `${crypto.randomUUID()}.${ext}`;
  const dir = path.join(dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), body);
  return `local://uploads/${name}`;
};

export const uploadPath = (dataDir: string, name: string): string | undefined =>
  /^[0-9a-f-]{36}\.(jpg|png|webp)$/.test(name) ? path.join(dataDir, 'uploads', name) : undefined;
