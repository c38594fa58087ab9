import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FILE_RULES } from '../../core/shared/files';
import type { JobFileStore } from '../../core/jobs/model';

const NAME = /^(job-[0-9a-f]{32})\.xlsx$/;
const ID = /^local:\/\/exports\/(job-[0-9a-f]{32}\.xlsx)$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Export jobs' files on the local gateway (the data folder's exports/), served by the admin page's
 * file route `/files/uploads/<name>` like attachments: an HMAC over file + viewer + expiry, valid
 * ≤ 5 minutes (as CloudBase's getTempFileURL). One file per job path, overwritten when a step repeats.
 */
export const localExportFiles = (dataDir: string, secret: Buffer) => {
  const dir = path.join(dataDir, 'exports');
  const sign = (name: string, tag: string, exp: number) => crypto.createHmac('sha256', secret).update(`export\n${name}\n${tag}\n${exp}`).digest('base64url');
  const tagOf = (viewer: string) => crypto.createHmac('sha256', secret).update(`viewer\n${viewer}`).digest('base64url').slice(0, 22);
  const store: JobFileStore & { resolve(name: string, q: URLSearchParams, now: Date): { ok: true; path: string; headers: Record<string, string> } | { ok: false; status: number; code: string; message: string }; owns(name: string): boolean } = {
    put: async (jobPath, bytes) => {
      const name = `job-${crypto.createHash('sha256').update(jobPath).digest('hex').slice(0, 32)}.xlsx`;
      fs.mkdirSync(dir, { recursive: true });
      const tmp = path.join(dir, `${name}.tmp`);
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, path.join(dir, name));
      fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ displayName: jobPath.split('/').pop() }));
      return `local://exports/${name}`;
    },
    link: async (fileId, viewer, expiresAt) => {
      const name = ID.exec(fileId)?.[1];
      if (!name) throw new Error(`not an export file id: ${fileId}`);
      const tag = tagOf(viewer);
      const exp = expiresAt.getTime();
      return `/files/uploads/${name}?u=${tag}&exp=${exp}&sig=${sign(name, tag, exp)}`;
    },
    owns: (name) => NAME.test(name),
    resolve: (name, q, now) => {
      const tag = q.get('u') ?? '';
      const exp = Number(q.get('exp'));
      const want = Buffer.from(sign(name, tag, exp));
      const got = Buffer.from(q.get('sig') ?? '');
      if (!NAME.test(name) || !tag || !Number.isSafeInteger(exp) || want.length !== got.length || !crypto.timingSafeEqual(want, got))
        return { ok: false, status: 403, code: 'FILE.LINK_INVALID', message: '文件链接无效' };
      if (exp <= now.getTime() || exp - now.getTime() > FILE_RULES.linkTtlMs) return { ok: false, status: 403, code: 'FILE.LINK_EXPIRED', message: '文件链接已过期，请刷新页面' };
      const file = path.join(dir, name);
      if (!fs.existsSync(file)) return { ok: false, status: 404, code: 'FILE.NOT_FOUND', message: '文件不存在' };
      let display = '导出文件.xlsx';
      try {
        display = (JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as { displayName?: string }).displayName ?? display;
      } catch {
        /* the sidecar is only the download name */
      }
      return {
        ok: true,
        path: file,
        headers: {
          'content-type': XLSX,
          'content-length': String(fs.statSync(file).size),
          'content-disposition': `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(display.replace(/[\u0000-\u001f"\\/]/g, ''))}`,
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, max-age=300',
          'referrer-policy': 'no-referrer',
        },
      };
    },
  };
  return store;
};
