import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FILE_KINDS, FILE_RULES, contentDisposition, fileErrors, sniffFile, type FileKind, type FileStorage, type StoredFileHead } from '../../../core/shared/files';
import type { ListedUpload, UploadSweepStorage } from '../../../core/shared/orphanUploads';
import type { Clock } from '../../../core/shared/ports';

export const MAX_UPLOAD_BYTES = FILE_RULES.maxBytes;

/** Members' files are readable by the service's user only, not merely behind the 0700 data folder. */
export const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * An uploads folder made before files were private (0755, files 0644) is tightened when the system opens,
 * folder and files, as the database file is (adapters/sqlite/database.ts). What cannot be changed is left
 * as it is: uploads into it then answer STORE.UNAVAILABLE and /healthz says so.
 */
const tightenFolder = (dir: string) => {
  try {
    // A 0700 folder was made (or already tightened) by a version that writes files 0600: nothing to scan at start.
    if ((fs.statSync(dir).mode & 0o777) === PRIVATE_DIR) return;
    fs.chmodSync(dir, PRIVATE_DIR);
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      const st = fs.statSync(file);
      if (st.isFile() && (st.mode & 0o077) !== 0) fs.chmodSync(file, PRIVATE_FILE);
    }
  } catch {
    /* absent (made 0700 on first upload) or unchangeable */
  }
};

interface UploadMeta {
  owner: string;
  kind: FileKind;
  size: number;
  name?: string;
  uploadedAt: string;
}

const NAME = /^([0-9a-f-]{36})\.(jpg|png|webp|pdf)$/;
const ID = /^local:\/\/uploads\/([0-9a-f-]{36}\.(?:jpg|png|webp|pdf))$/;

/** The viewer a link is bound to, as it appears in the link: a keyed hash, so no openid is put in a URL. */
const viewerTag = (secret: Buffer, viewer: string) => crypto.createHmac('sha256', secret).update(`viewer\n${viewer}`).digest('base64url').slice(0, 22);
const signature = (secret: Buffer, name: string, tag: string, exp: number) =>
  crypto.createHmac('sha256', secret).update(`file\n${name}\n${tag}\n${exp}`).digest('base64url');

/**
 * Member files on the local gateway: stored in the data folder with a sidecar recording who uploaded
 * them, their sniffed kind and size. Served only through `/files/uploads/<name>?u=&exp=&sig=`: an
 * HMAC over file + viewer + expiry, minted by an API call for the file's member or a staff member,
 * valid ≤ 5 minutes. It plays the part of CloudBase's getTempFileURL; no session token is ever in a URL.
 */
export const localFileStorage = (dataDir: string, secret: Buffer, clock: Clock = { now: () => new Date() }) => {
  const dir = path.join(dataDir, 'uploads');
  tightenFolder(dir);
  const cursorFile = path.join(dataDir, 'upload-sweep.json');
  const fileOf = (name: string) => path.join(dir, name);
  const metaOf = (name: string) => path.join(dir, `${name}.json`);
  const nameOf = (fileId: string) => ID.exec(fileId)?.[1];
  const readMeta = (name: string): UploadMeta | undefined => {
    try {
      return JSON.parse(fs.readFileSync(metaOf(name), 'utf8')) as UploadMeta;
    } catch {
      return undefined;
    }
  };

  /** The name a client sent (`x-file-name`, URI-encoded): display only, sanitised again when served. */
  const clientName = (header: string | string[] | undefined): string | undefined => {
    if (typeof header !== 'string' || !header) return undefined;
    try {
      return decodeURIComponent(header);
    } catch {
      return undefined;
    }
  };

  /** The refusals an upload gets before anything is counted or written: empty, too large, not a kind we take. */
  const accept = (body: Buffer) => {
    if (!body.length) throw fileErrors.empty();
    if (body.length > FILE_RULES.maxBytes) throw fileErrors.tooLarge();
    const kind = sniffFile(body);
    if (!kind) throw fileErrors.typeNotAllowed();
    return kind;
  };

  /** Stores an upload for `owner` after sniffing it; returns its file id (local://uploads/<random>.<ext>). */
  const save = (owner: string, body: Buffer, name?: string): string => {
    const kind = accept(body);
    const file = `${crypto.randomUUID()}.${kind}`;
    const meta: UploadMeta = { owner, kind, size: body.length, ...(name ? { name: name.slice(0, 120) } : {}), uploadedAt: clock.now().toISOString() };
    try {
      fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
      fs.writeFileSync(fileOf(file), body, { mode: PRIVATE_FILE });
      fs.writeFileSync(metaOf(file), JSON.stringify(meta), { mode: PRIVATE_FILE });
    } catch (e) {
      // A write that fails part-way (disk full, read-only or immutable folder) leaves no partial file or
      // sidecar; the error itself becomes STORE.UNAVAILABLE at the boundary (server/runtime/storeFaults.ts).
      // A folder that refuses the write may refuse the removal too: the write's error is the one to report.
      for (const f of [fileOf(file), metaOf(file)]) {
        try {
          fs.rmSync(f, { force: true });
        } catch {
          /* reported below */
        }
      }
      throw e;
    }
    return `local://uploads/${file}`;
  };

  const storage: FileStorage = {
    head: async (fileId) => {
      const name = nameOf(fileId);
      const meta = name && readMeta(name);
      if (!name || !meta || !fs.existsSync(fileOf(name))) return null;
      const fd = fs.openSync(fileOf(name), 'r');
      try {
        const firstBytes = Buffer.alloc(FILE_RULES.sniffBytes);
        const n = fs.readSync(fd, firstBytes, 0, firstBytes.length, 0);
        const head: StoredFileHead = { owner: meta.owner, size: fs.fstatSync(fd).size, firstBytes: firstBytes.subarray(0, n), name: meta.name };
        return head;
      } finally {
        fs.closeSync(fd);
      }
    },
    remove: async (fileId) => {
      const name = nameOf(fileId);
      if (!name) return;
      fs.rmSync(fileOf(name), { force: true });
      fs.rmSync(metaOf(name), { force: true });
    },
    link: async (fileId, viewer, expiresAt) => {
      const name = nameOf(fileId);
      if (!name) throw fileErrors.notOnRecord();
      const tag = viewerTag(secret, viewer);
      const exp = expiresAt.getTime();
      return `/files/uploads/${name}?u=${tag}&exp=${exp}&sig=${signature(secret, name, tag, exp)}`;
    },
  };

  /**
   * What `/files/uploads/<name>` may serve for this request: the link's signature and expiry are
   * checked (constant time); a link minted more than 5 minutes ahead is refused as well.
   */
  const resolve = (name: string, query: URLSearchParams, now: Date): { ok: true; path: string; headers: Record<string, string> } | { ok: false; status: number; code: string; message: string } => {
    const m = NAME.exec(name);
    const tag = query.get('u') ?? '';
    const exp = Number(query.get('exp'));
    const sig = query.get('sig') ?? '';
    if (!m || !tag || !sig || !Number.isSafeInteger(exp)) return { ok: false, status: 403, code: 'FILE.LINK_INVALID', message: '文件链接无效' };
    const want = Buffer.from(signature(secret, name, tag, exp));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !crypto.timingSafeEqual(want, got)) return { ok: false, status: 403, code: 'FILE.LINK_INVALID', message: '文件链接无效' };
    if (exp <= now.getTime() || exp - now.getTime() > FILE_RULES.linkTtlMs) return { ok: false, status: 403, code: 'FILE.LINK_EXPIRED', message: '文件链接已过期，请刷新页面' };
    const meta = readMeta(name);
    if (!meta || !fs.existsSync(fileOf(name))) return { ok: false, status: 404, code: 'FILE.NOT_FOUND', message: '文件不存在' };
    return {
      ok: true,
      path: fileOf(name),
      headers: {
        'content-type': FILE_KINDS[meta.kind].mime,
        'content-length': String(meta.size),
        'content-disposition': contentDisposition(meta.kind, meta.name, m[1].slice(0, 8)),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=300',
        'referrer-policy': 'no-referrer',
      },
    };
  };

  /**
   * The orphan sweep's view (core/shared/orphanUploads.ts): the files of the uploads folder by name
   * (random, so a stable order), each with its sidecar's owner and time. A file whose sidecar is
   * missing or unreadable has no owner (nobody can attach it) and its file time stands in.
   */
  const sweep: UploadSweepStorage = {
    listUploads: async ({ after, limit }) => {
      let names: string[];
      try {
        names = fs.readdirSync(dir).filter((n) => NAME.test(n) && (!after || n > after)).sort();
      } catch {
        return { items: [] };
      }
      const items = names.slice(0, limit).map((name): ListedUpload => {
        const meta = readMeta(name);
        const at = meta?.uploadedAt ? new Date(meta.uploadedAt) : fs.statSync(fileOf(name)).mtime;
        return { fileId: `local://uploads/${name}`, ...(meta?.owner ? { owner: meta.owner } : {}), uploadedAt: at };
      });
      return { items, ...(names.length > limit ? { next: names[limit - 1] } : {}) };
    },
    remove: storage.remove,
    loadSweepCursor: async () => {
      try {
        return (JSON.parse(fs.readFileSync(cursorFile, 'utf8')) as { after?: string }).after;
      } catch {
        return undefined;
      }
    },
    saveSweepCursor: async (after) => {
      if (after) fs.writeFileSync(cursorFile, JSON.stringify({ after }));
      else fs.rmSync(cursorFile, { force: true });
    },
  };

  return { ...storage, accept, save, resolve, clientName, sweep };
};

export type LocalFileStorage = ReturnType<typeof localFileStorage>;
