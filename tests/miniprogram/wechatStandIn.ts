/**
 * STAND-IN for the WeChat client APIs the pages call — they exist only inside WeChat. Kept as real as
 * this machine allows: wx.request makes real HTTP calls (to the real local gateway in these tests),
 * the file system reads real files, storage persists across page loads like the phone's does.
 * What only the user can do (accept a subscribe prompt, pick photos, confirm a dialog) is scripted
 * per test, and every call is logged in order so tests can check *when* something was called.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';

export interface CallLogEntry {
  api: string;
  args?: unknown;
}

export const standIn = {
  log: [] as CallLogEntry[],
  storage: new Map<string, unknown>(),
  subscribeAnswer: {} as Record<string, string>,
  chosenFiles: [] as string[],
  /** What the member picks from a chat in wx.chooseMessageFile: real files, shown under `name` (default: the file's own name). */
  chosenMessageFiles: [] as { path: string; name?: string }[],
  confirmDialogs: true,
  /** When set, wx.request fails as a dropped network would (after the server may have answered). */
  dropNextResponses: 0,
  cloudCall: undefined as undefined | ((name: string, data: unknown) => Promise<unknown>),
  reset() {
    this.log = [];
    this.storage.clear();
    this.subscribeAnswer = {};
    this.chosenFiles = [];
    this.chosenMessageFiles = [];
    this.confirmDialogs = true;
    this.dropNextResponses = 0;
    this.cloudCall = undefined;
  },
  calls(api: string) {
    return this.log.filter((l) => l.api === api);
  },
};

type Callbacks = { success?: (r: any) => void; fail?: (e: any) => void; complete?: (r: any) => void };
const settle = (o: Callbacks, ok: boolean, value: unknown) => {
  (ok ? o.success : o.fail)?.(value);
  o.complete?.(value);
};

const request = (o: WechatMiniprogram.RequestOption & Callbacks) => {
  standIn.log.push({ api: 'request', args: { url: o.url, data: o.data } });
  const url = new URL(o.url);
  // jsdom and Node have different ArrayBuffer constructors, so instanceof cannot be trusted here.
  const binary = Object.prototype.toString.call(o.data) === '[object ArrayBuffer]';
  const body = binary ? Buffer.from(o.data as ArrayBuffer) : Buffer.from(JSON.stringify(o.data ?? {}));
  const req = http.request(
    { hostname: url.hostname, port: url.port, path: url.pathname, method: o.method ?? 'GET', headers: { ...(o.header as object), 'content-length': body.length } },
    (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (standIn.dropNextResponses > 0) {
          standIn.dropNextResponses -= 1;
          return settle(o, false, { errMsg: 'request:fail timeout' });
        }
        const text = Buffer.concat(chunks).toString('utf8');
        let data: unknown = text;
        try {
          data = JSON.parse(text);
        } catch {
          // not JSON: hand the text over as WeChat would
        }
        settle(o, true, { statusCode: res.statusCode, data, header: res.headers });
      });
    },
  );
  req.on('error', (e) => settle(o, false, { errMsg: `request:fail ${e.message}` }));
  req.end(body);
};

export const wxStandIn = {
  request,
  getStorageSync: (key: string) => (standIn.storage.has(key) ? JSON.parse(JSON.stringify(standIn.storage.get(key))) : ''),
  setStorageSync: (key: string, value: unknown) => {
    standIn.storage.set(key, JSON.parse(JSON.stringify(value)));
  },
  removeStorageSync: (key: string) => {
    standIn.storage.delete(key);
  },
  requestSubscribeMessage: (o: { tmplIds: string[] } & Callbacks) => {
    standIn.log.push({ api: 'requestSubscribeMessage', args: o.tmplIds });
    const res: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
    for (const id of o.tmplIds) res[id] = standIn.subscribeAnswer[id] ?? 'reject';
    Promise.resolve().then(() => settle(o, true, res));
  },
  chooseMedia: (o: Callbacks) => {
    standIn.log.push({ api: 'chooseMedia' });
    settle(o, true, { tempFiles: standIn.chosenFiles.map((p) => ({ tempFilePath: p, size: fs.statSync(p).size, fileType: 'image' })) });
  },
  /**
   * Files from a chat. WeChat filters the list by `extension` before the member picks, so what is picked
   * carries a matching name, whatever is inside it (the test scripts that); at most `count` are returned.
   */
  chooseMessageFile: (o: { count: number; type?: string; extension?: string[] } & Callbacks) => {
    standIn.log.push({ api: 'chooseMessageFile', args: { count: o.count, type: o.type, extension: o.extension } });
    const picked = standIn.chosenMessageFiles
      .map((f) => ({ path: f.path, name: f.name ?? path.basename(f.path) }))
      .filter((f) => !o.extension?.length || o.extension.some((x) => f.name.toLowerCase().endsWith(`.${x.toLowerCase()}`)))
      .slice(0, o.count);
    if (!picked.length) return settle(o, false, { errMsg: 'chooseMessageFile:fail cancel' });
    settle(o, true, {
      errMsg: 'chooseMessageFile:ok',
      tempFiles: picked.map((f) => ({ path: f.path, name: f.name, size: fs.statSync(f.path).size, type: 'file', time: Math.floor(fs.statSync(f.path).mtimeMs / 1000) })),
    });
  },
  /** The phone's user data folder, here a real temporary folder. */
  env: { USER_DATA_PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'wx-user-data-')) },
  shareFileMessage: (o: { filePath: string; fileName?: string } & Callbacks) => {
    standIn.log.push({ api: 'shareFileMessage', args: { filePath: o.filePath, fileName: o.fileName } });
    settle(o, fs.existsSync(o.filePath), { errMsg: 'shareFileMessage:ok' });
  },
  getFileSystemManager: () => ({
    writeFile: (o: { filePath: string; data: string; encoding?: string } & Callbacks) => {
      standIn.log.push({ api: 'writeFile', args: { filePath: o.filePath } });
      try {
        fs.writeFileSync(o.filePath, o.data, 'utf8');
        settle(o, true, { errMsg: 'writeFile:ok' });
      } catch (e) {
        settle(o, false, { errMsg: String(e) });
      }
    },
    readFile: (o: { filePath: string } & Callbacks) => {
      try {
        const b = fs.readFileSync(o.filePath);
        settle(o, true, { data: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) });
      } catch (e) {
        settle(o, false, { errMsg: String(e) });
      }
    },
  }),
  showModal: (o: { title?: string; content?: string } & Callbacks) => {
    standIn.log.push({ api: 'showModal', args: { title: o.title, content: o.content } });
    settle(o, true, { confirm: standIn.confirmDialogs, cancel: !standIn.confirmDialogs });
  },
  showToast: (o: unknown) => standIn.log.push({ api: 'showToast', args: o }),
  navigateTo: (o: { url: string }) => standIn.log.push({ api: 'navigateTo', args: o.url }),
  setNavigationBarTitle: (o: { title: string }) => standIn.log.push({ api: 'setNavigationBarTitle', args: o.title }),
  setClipboardData: (o: { data: string } & Callbacks) => {
    standIn.log.push({ api: 'setClipboardData', args: o.data });
    settle(o, true, { errMsg: 'setClipboardData:ok' });
  },
  showShareImageMenu: (o: { path: string } & Callbacks) => {
    standIn.log.push({ api: 'showShareImageMenu', args: o.path });
    settle(o, true, { errMsg: 'showShareImageMenu:ok' });
  },
  redirectTo: (o: { url: string }) => standIn.log.push({ api: 'redirectTo', args: o.url }),
  navigateBack: () => standIn.log.push({ api: 'navigateBack' }),
  stopPullDownRefresh: () => undefined,
  makePhoneCall: (o: unknown) => standIn.log.push({ api: 'makePhoneCall', args: o }),
  cloud: {
    init: () => undefined,
    callFunction: (o: { name: string; data: unknown } & Callbacks) => {
      standIn.log.push({ api: 'cloud.callFunction', args: o });
      if (!standIn.cloudCall) return settle(o, false, { errMsg: 'cloud.callFunction:fail no cloud' });
      standIn.cloudCall(o.name, o.data).then(
        // The real platform returns the result over the network, as JSON.
        (result) => settle(o, true, { result: JSON.parse(JSON.stringify(result)) }),
        (e) => settle(o, false, { errMsg: String(e) }),
      );
    },
  },
};
