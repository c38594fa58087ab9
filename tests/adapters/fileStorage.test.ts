import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { cloudbaseFileStorage, type CbStorageApp } from '../../adapters/cloudbase/fileStorage';
import { localFileStorage } from '../../server/local/gateway/uploads';
import { fileStorageContract } from './fileStorage.contract';
import { describeRealCloudbase, RUN_ID } from './realCloudbase';

/**
 * One FileStorage port (core/shared/files.ts), two implementations: the local gateway's data folder
 * (server/local/gateway/uploads.ts) and CloudBase storage (adapters/cloudbase/fileStorage.ts). Putting a
 * file is not on the port (the gateway's upload; the phone's wx.cloud.uploadFile), so each runner brings
 * its own `put`, and opens links as a browser would.
 *
 * CloudBase storage runs over STAND-IN storage below (not CloudBase: it mirrors the SDK calls the adapter
 * makes, as node_modules/@cloudbase/node-sdk/src/storage/index.ts shows them) and, opt-in with
 * credentials, over the environment's real storage through @cloudbase/node-sdk. Not covered by any of
 * these: the storage rules that keep a member to their own folder (the server SDK's key bypasses them;
 * only a phone signed in as the member meets them), and the expiry of a real temporary link (the case
 * skips itself there: it would mean waiting out the link).
 */

describe('FileStorage contract on the local gateway\'s data folder', () => {
  fileStorageContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-files-'));
    const local = localFileStorage(dir, crypto.randomBytes(32));
    return {
      files: local,
      put: async (owner, bytes, name) => local.save(owner, bytes, name),
      missingId: () => `local://uploads/${crypto.randomUUID()}.png`,
      open: async (url, at) => {
        const u = new URL(url, 'http://127.0.0.1');
        const served = local.resolve(decodeURIComponent(u.pathname.replace(/^\/files\/uploads\//, '')), u.searchParams, at);
        return served.ok ? fs.readFileSync(served.path) : null;
      },
      canMoveTime: true,
      close: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  });
});

const BUCKET = 'cloud://test-env-1a2b.7465-test-env-1a2b-1300000000/';
const HOST = 'https://7465-test-env-1a2b-1300000000.tcb.qcloud.la/';

/**
 * STAND-IN for CloudBase storage through @cloudbase/node-sdk, initialised with throwOnCode as
 * adapters/cloudbase/connect.ts does: uploadFile gives `cloud://<env>.<bucket>/<cloudPath>`;
 * downloadFile of a missing file throws (the SDK's processReturn); getTempFileURL answers per file
 * (SUCCESS with a signed URL living maxAge seconds, or STORAGE_FILE_NONEXIST); deleteFile answers per
 * file and does not throw for a missing one.
 */
const storageStandIn = () => {
  const objects = new Map<string, Buffer>();
  const secret = crypto.randomBytes(16);
  const sign = (key: string, t: number) => crypto.createHmac('sha256', secret).update(`${key}\n${t}`).digest('hex');
  const keyOf = (fileID: string) => (fileID.startsWith(BUCKET) ? fileID.slice(BUCKET.length) : undefined);
  const app = {
    uploadFile: async ({ cloudPath, fileContent }: { cloudPath: string; fileContent: Buffer }) => {
      objects.set(cloudPath, Buffer.from(fileContent));
      return { fileID: `${BUCKET}${cloudPath}` };
    },
    downloadFile: async ({ fileID }: { fileID: string }) => {
      const key = keyOf(fileID);
      const body = key === undefined ? undefined : objects.get(key);
      if (!body) throw Object.assign(new Error('STORAGE_FILE_NONEXIST'), { code: 'STORAGE_FILE_NONEXIST' });
      return { fileContent: Buffer.from(body), message: '文件下载完成' };
    },
    deleteFile: async ({ fileList }: { fileList: string[] }) => ({
      fileList: fileList.map((fileID) => {
        const key = keyOf(fileID);
        return { fileID, code: key !== undefined && objects.delete(key) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
      }),
    }),
    getTempFileURL: async ({ fileList }: { fileList: { fileID: string; maxAge?: number }[] }) => ({
      fileList: fileList.map(({ fileID, maxAge = 86400 }) => {
        const key = keyOf(fileID);
        if (key === undefined || !objects.has(key)) return { fileID, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' };
        const t = Date.now() + maxAge * 1000;
        return { fileID, code: 'SUCCESS', tempFileURL: `${HOST}${encodeURI(key)}?sign=${sign(key, t)}&t=${t}` };
      }),
    }),
  };
  /** What the storage host answers a GET of a temporary URL at `at`. */
  const serve = (url: string, at: Date): Buffer | null => {
    if (!url.startsWith(HOST)) return null;
    const u = new URL(url);
    const key = decodeURI(u.pathname.slice(1));
    const t = Number(u.searchParams.get('t'));
    if (u.searchParams.get('sign') !== sign(key, t) || t <= at.getTime()) return null;
    return objects.get(key) ?? null;
  };
  return { app, serve };
};

describe('FileStorage contract on the CloudBase adapter over STAND-IN storage', () => {
  fileStorageContract(async () => {
    const { app, serve } = storageStandIn();
    let n = 0;
    return {
      files: cloudbaseFileStorage(app),
      put: async (owner, bytes, name) => (await app.uploadFile({ cloudPath: `members/${owner}/complaints/${++n}/${name}`, fileContent: bytes })).fileID,
      missingId: (owner) => `${BUCKET}members/${owner}/complaints/never-${crypto.randomUUID()}.png`,
      open: async (url, at) => serve(url, at),
      canMoveTime: true,
    };
  });
});

/**
 * Opt-in: the environment's real storage. Each test puts its files under
 * `members/<owner>/complaints/<run>n<k>/` and deletes every one of them when it closes.
 */
const credentials = ['TCB_ENV', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'].every((k) => Boolean(process.env[k]));
let realApp: (CbStorageApp & { uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }> }) | undefined;
let namespaces = 0;
describeRealCloudbase('FileStorage contract (storage)', () => {
  fileStorageContract(async () => {
    const ns = `${RUN_ID}n${++namespaces}`;
    if (!credentials) {
      // The rehearsal (no account): the same runner over the stand-in.
      const { app, serve } = storageStandIn();
      let n = 0;
      return {
        files: cloudbaseFileStorage(app),
        put: async (owner, bytes, name) => (await app.uploadFile({ cloudPath: `members/${owner}/complaints/${ns}/${++n}/${name}`, fileContent: bytes })).fileID,
        missingId: (owner) => `${BUCKET}members/${owner}/complaints/${ns}/never.png`,
        open: async (url, at) => serve(url, at),
        canMoveTime: false,
      };
    }
    realApp ??= tcb.init({
      env: process.env.TCB_ENV,
      secretId: process.env.TENCENTCLOUD_SECRETID,
      secretKey: process.env.TENCENTCLOUD_SECRETKEY,
      ...(process.env.TENCENTCLOUD_SESSIONTOKEN ? { sessionToken: process.env.TENCENTCLOUD_SESSIONTOKEN } : {}),
      throwOnCode: true,
    } as Parameters<typeof tcb.init>[0]) as unknown as typeof realApp;
    const app = realApp!;
    const written: string[] = [];
    let n = 0;
    let bucket = '';
    return {
      files: cloudbaseFileStorage(app),
      put: async (owner, bytes, name) => {
        const { fileID } = await app.uploadFile({ cloudPath: `members/${owner}/complaints/${ns}/${++n}/${name}`, fileContent: bytes });
        written.push(fileID);
        bucket ||= fileID.slice(0, fileID.indexOf('/members/') + 1);
        return fileID;
      },
      missingId: (owner) => `${bucket}members/${owner}/complaints/${ns}/never.png`,
      open: async (url) => {
        const res = await fetch(url);
        return res.ok ? Buffer.from(await res.arrayBuffer()) : null;
      },
      canMoveTime: false,
      close: async () => {
        if (written.length) await app.deleteFile({ fileList: written }).catch(() => undefined);
      },
    };
  });
});
