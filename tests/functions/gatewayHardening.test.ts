import { MEMBER_QUOTAS } from '../../core/members/quotas';
import fs from 'node:fs';
import type http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createGateway } from '../../server/local/gateway/gateway';
import { adminHttp } from '../../server/runtime/adminHttp';
import { httpStatusFor } from '../../server/runtime/functionRuntime';
import { silentLogger, type Logger } from '../../server/runtime/log';
import { storeFault } from '../../server/runtime/storeFaults';
import { storeHealth } from '../../server/local/storeHealth';
import { adminHarness } from '../support/adminHarness';

/**
 * Findings of an outside test of the running local system (gateway, admin page): each reproduced here
 * over HTTP or on the piece that failed.
 */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type H = Awaited<ReturnType<typeof adminHarness>>;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');

const recordingLogger = () => {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const log: Logger = { info: (msg, fields) => lines.push({ level: 'info', msg, fields }), error: (msg, fields) => lines.push({ level: 'error', msg, fields }) };
  return { log, lines };
};

const serve = async (h: H, opts: { staticDir?: string; log?: Logger; requestTimeoutMs?: number; headersTimeoutMs?: number } = {}) => {
  const log = opts.log ?? silentLogger;
  const server = createGateway({
    system: h.system,
    devSecret: 'test-secret',
    log,
    extraRoutes: adminHttp({ deps: h.deps, staticDir: opts.staticDir ?? path.join(h.dataDir, 'no-build'), secureCookies: false, log }),
    ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    ...(opts.headersTimeoutMs ? { headersTimeoutMs: opts.headersTimeoutMs } : {}),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const token = async (openid = 'openid-alice') =>
    ((await (await fetch(`${base}/dev/login`, { method: 'POST', body: JSON.stringify({ openid }), headers: { 'content-type': 'application/json' } })).json()) as Json).data.token as string;
  return { server, port, base, token, close: () => new Promise<void>((r) => (server as http.Server).close(() => r())) };
};

/** Bytes out on a raw socket; resolves with everything the server sent and when the socket closed. */
const rawExchange = (port: number, send: (s: net.Socket) => void, timeoutMs: number) =>
  new Promise<{ text: string; ms: number }>((resolve, reject) => {
    const started = Date.now();
    const s = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => (s.destroy(), reject(new Error(`socket still open after ${timeoutMs} ms`))), timeoutMs);
    s.on('data', (c) => chunks.push(c));
    s.on('error', () => undefined);
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started });
    });
    s.on('connect', () => send(s));
  });

describe('findings of the outside test', () => {
  let h: H;
  beforeEach(async () => {
    h = await adminHarness();
  });
  afterEach(() => {
    jest.restoreAllMocks();
    h.close();
  });

  describe('1. an uploads folder that refuses writes', () => {
    it('maps EPERM, EACCES and EROFS like a full disk', () => {
      for (const code of ['EPERM', 'EACCES', 'EROFS', 'ENOSPC']) expect(storeFault(Object.assign(new Error('x'), { code }))?.code).toBe('STORE.UNAVAILABLE');
    });

    // Faults injected by monkeypatching fs (root ignores modes and `chattr +i` needs privileges tests do not have).
    it.each(['EPERM', 'EACCES', 'EROFS'])('an upload refused with %s answers the coded 503 in Chinese and leaves no partial file', async (code) => {
      const gw = await serve(h);
      const uploads = path.join(h.dataDir, 'uploads');
      const real = fs.writeFileSync;
      jest.spyOn(fs, 'writeFileSync').mockImplementation((p, data, opts) => {
        if (String(p).startsWith(uploads)) {
          real(p, Buffer.from(data as string).subarray(0, 8));
          throw Object.assign(new Error(`${code}: operation not permitted, open '${String(p)}'`), { code, syscall: 'open' });
        }
        return real(p, data, opts);
      });
      try {
        const res = await fetch(`${gw.base}/api/upload`, { method: 'POST', body: PNG as unknown as string, headers: { 'content-type': 'image/png', authorization: `Bearer ${await gw.token()}` } });
        expect(res.status).toBe(503);
        const reply: Json = await res.json();
        expect(reply.error).toMatchObject({ code: 'STORE.UNAVAILABLE', message: expect.stringMatching(/存储/) });
        expect(fs.readdirSync(uploads)).toEqual([]);
      } finally {
        await gw.close();
      }
    });

    it('an upload the store refused, or a file refused for its type, costs nothing of the day\'s uploads', async () => {
      const gw = await serve(h);
      const uploads = path.join(h.dataDir, 'uploads');
      const real = fs.writeFileSync;
      let refusing = true;
      jest.spyOn(fs, 'writeFileSync').mockImplementation((p, data, opts) => {
        if (refusing && String(p).startsWith(uploads)) throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
        return real(p, data, opts);
      });
      const token = await gw.token('openid-quota-refund');
      const upload = (body: Buffer) =>
        fetch(`${gw.base}/api/upload`, { method: 'POST', body: body as unknown as string, headers: { 'content-type': 'image/png', authorization: `Bearer ${token}` } }).then((r) => r.status);
      try {
        for (let i = 0; i < 3; i++) expect(await upload(PNG)).toBe(503);
        expect(await upload(Buffer.from('<html>not an image</html>'))).toBe(400);
        refusing = false;
        const statuses: number[] = [];
        for (let i = 0; i < MEMBER_QUOTAS.uploadsPerDay + 1; i++) statuses.push(await upload(PNG));
        expect(statuses.filter((s) => s === 200)).toHaveLength(MEMBER_QUOTAS.uploadsPerDay);
        expect(statuses[MEMBER_QUOTAS.uploadsPerDay]).toBe(429);
      } finally {
        await gw.close();
      }
    });

    it('an uploads folder that cannot be created (EACCES on mkdir) is the same 503', async () => {
      const gw = await serve(h);
      const real = fs.mkdirSync;
      jest.spyOn(fs, 'mkdirSync').mockImplementation(((p: fs.PathLike, o?: fs.MakeDirectoryOptions) => {
        if (String(p).endsWith('uploads')) throw Object.assign(new Error('EACCES: permission denied, mkdir'), { code: 'EACCES' });
        return real(p, o);
      }) as typeof fs.mkdirSync);
      try {
        const res = await fetch(`${gw.base}/api/upload`, { method: 'POST', body: PNG as unknown as string, headers: { 'content-type': 'image/png', authorization: `Bearer ${await gw.token()}` } });
        expect(res.status).toBe(503);
        expect(((await res.json()) as Json).error.code).toBe('STORE.UNAVAILABLE');
      } finally {
        await gw.close();
      }
    });
  });

  it('2. the admin API answers a form-encoded or text body 415 REQUEST.NOT_JSON, as the member API', async () => {
    const gw = await serve(h);
    try {
      for (const [type, body] of [
        ['application/x-www-form-urlencoded', 'username=x'],
        ['text/plain', '{"username":"x"}'],
        ['multipart/form-data; boundary=x', '--x--'],
        ['', 'username=x'],
      ]) {
        const res = await fetch(`${gw.base}/admin/api/auth/login`, { method: 'POST', body, headers: type ? { 'content-type': type } : {} });
        expect([type, res.status]).toEqual([type, 415]);
        expect(((await res.json()) as Json).error).toMatchObject({ code: 'REQUEST.NOT_JSON', message: '请求格式不正确：仅接受 JSON' });
      }
    } finally {
      await gw.close();
    }
  });

  it('3. ownership refusals are 403, not 400', () => {
    for (const code of ['COMPLAINT.NOT_YOUR_CASE', 'CONSULTATION.NOT_YOURS', 'CONSULTATION.POLICY_NOT_YOURS', 'CLAIM.POLICY_NOT_YOURS', 'QA.NOT_YOUR_SAMPLE'])
      expect([code, httpStatusFor(code)]).toEqual([code, 403]);
    // "Missing or not yours" for a file id does not say which: answered as bad input.
    for (const code of ['ATTACHMENT.NOT_YOURS', 'LEDGER.UPLOAD_NOT_YOURS', 'REQUEST.INVALID']) expect([code, httpStatusFor(code)]).toEqual([code, 400]);
  });

  describe('5. slow requests', () => {
    it('sets the timeouts deliberately: 30 s for a request, 15 s for its headers', async () => {
      const gw = await serve(h);
      try {
        expect(gw.server.requestTimeout).toBe(30_000);
        expect(gw.server.headersTimeout).toBe(15_000);
      } finally {
        await gw.close();
      }
    });

    it('an answer given before the body was read closes the connection: one answer, never a second 408 on it', async () => {
      const gw = await serve(h, { requestTimeoutMs: 1500, headersTimeoutMs: 1000 });
      try {
        const out = await rawExchange(
          gw.port,
          (s) => {
            s.write('POST /api/upload HTTP/1.1\r\nHost: x\r\nauthorization: Bearer not-a-token\r\ncontent-type: image/png\r\ncontent-length: 200000\r\n\r\n');
            s.write(PNG.subarray(0, 1));
          },
          5_000,
        );
        expect(out.text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
        expect(out.text).toMatch(/^HTTP\/1\.1 401/);
        expect(out.ms).toBeLessThan(1_000);
      } finally {
        await gw.close();
      }
    });

    it('a body dribbled past the request timeout gets a coded JSON 408 in Chinese and the connection closes', async () => {
      const gw = await serve(h, { requestTimeoutMs: 1500, headersTimeoutMs: 1000 });
      try {
        let timer: NodeJS.Timeout | undefined;
        const out = await rawExchange(
          gw.port,
          (s) => {
            s.write('POST /api/complaints HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{');
            timer = setInterval(() => s.writable && s.write(' '), 200);
          },
          10_000,
        );
        clearInterval(timer);
        expect(out.text).toMatch(/^HTTP\/1\.1 408/);
        expect(JSON.parse(out.text.slice(out.text.indexOf('\r\n\r\n') + 4))).toEqual({ ok: false, error: { code: 'REQUEST.TIMEOUT', message: '请求超时，请稍后再试' } });
        expect(out.ms).toBeLessThan(6_000);
      } finally {
        await gw.close();
      }
    }, 15_000);

    it('headers dribbled past the headers timeout get the same 408', async () => {
      const gw = await serve(h, { requestTimeoutMs: 5000, headersTimeoutMs: 1000 });
      try {
        let timer: NodeJS.Timeout | undefined;
        const out = await rawExchange(
          gw.port,
          (s) => {
            s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
            timer = setInterval(() => s.writable && s.write('x-a: b\r\n'), 200);
          },
          10_000,
        );
        clearInterval(timer);
        expect(out.text).toMatch(/^HTTP\/1\.1 408/);
        expect(out.text).toContain('REQUEST.TIMEOUT');
        expect(out.ms).toBeLessThan(5_000);
      } finally {
        await gw.close();
      }
    }, 15_000);
  });

  describe('6 and 7. the admin page', () => {
    let staticDir: string;
    beforeEach(() => {
      staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-admin-build-'));
      fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>管理台</title>');
      fs.writeFileSync(path.join(staticDir, 'app.js'), 'void 0;');
    });
    afterEach(() => fs.rmSync(staticDir, { recursive: true, force: true }));

    const framing = (res: Response) => {
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/script-src 'self'/);
    };

    it('6. the page, its files and its API answers may not be framed', async () => {
      const gw = await serve(h, { staticDir });
      try {
        for (const p of ['/admin/', '/admin/app.js']) {
          const res = await fetch(`${gw.base}${p}`);
          expect(res.status).toBe(200);
          framing(res);
        }
        const api = await fetch(`${gw.base}/admin/api/staff/me`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
        expect(api.status).toBe(401);
        framing(api);
        framing(await fetch(`${gw.base}/admin/nothing.js`));
      } finally {
        await gw.close();
      }
    });

    it('answers HEAD like GET, without a body', async () => {
      const gw = await serve(h, { staticDir });
      try {
        const head = await fetch(`${gw.base}/admin/`, { method: 'HEAD' });
        expect(head.status).toBe(200);
        expect(head.headers.get('content-type')).toMatch(/text\/html/);
        framing(head);
        expect(await head.text()).toBe('');
        expect((await fetch(`${gw.base}/admin/nothing.js`, { method: 'HEAD' })).status).toBe(404);
      } finally {
        await gw.close();
      }
    });

    it('7. a missing file of a built page is a plain coded 404; "not built" only when the build is missing', async () => {
      const gw = await serve(h, { staticDir });
      try {
        for (const p of ['/admin/%ZZ', '/admin/nonexistent.js', '/admin/..%2fpackage.json']) {
          const res = await fetch(`${gw.base}${p}`);
          expect([p, res.status]).toEqual([p, 404]);
          const text = await res.text();
          expect(text).not.toContain('尚未构建');
          expect(JSON.parse(text)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '页面不存在' } });
        }
      } finally {
        await gw.close();
      }
      const unbuilt = await serve(h, { staticDir: path.join(staticDir, 'missing') });
      try {
        const res = await fetch(`${unbuilt.base}/admin/`);
        expect(res.status).toBe(404);
        expect(await res.text()).toContain('管理台尚未构建：请先运行 npm run build');
      } finally {
        await unbuilt.close();
      }
    });
  });

  it('8. a client that closes the connection mid-body is logged as aborted at info, not as an error', async () => {
    const { log, lines } = recordingLogger();
    const gw = await serve(h, { log });
    try {
      const token = await gw.token();
      await new Promise<void>((resolve) => {
        const s = net.connect(gw.port, '127.0.0.1', () => {
          s.write(`POST /api/upload HTTP/1.1\r\nHost: x\r\nauthorization: Bearer ${token}\r\ncontent-type: image/png\r\ncontent-length: 100000\r\n\r\n`);
          s.write(PNG);
          setTimeout(() => (s.destroy(), resolve()), 100);
        });
      });
      for (let waited = 0; waited < 3000 && !lines.some((l) => l.msg === 'client aborted'); waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(lines.filter((l) => l.level === 'error')).toEqual([]);
      expect(lines).toContainEqual(expect.objectContaining({ level: 'info', msg: 'client aborted' }));
    } finally {
      await gw.close();
    }
  });

  it('9. the uploads folder is 0700 and uploaded files 0600; an existing folder and its files are tightened at start', async () => {
    const gw = await serve(h);
    try {
      const res = await fetch(`${gw.base}/api/upload`, { method: 'POST', body: PNG as unknown as string, headers: { 'content-type': 'image/png', authorization: `Bearer ${await gw.token()}` } });
      const { data }: Json = await res.json();
      const uploads = path.join(h.dataDir, 'uploads');
      const name = String(data.fileID).split('/').pop()!;
      expect(fs.statSync(uploads).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(uploads, name)).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(uploads, `${name}.json`)).mode & 0o777).toBe(0o600);
    } finally {
      await gw.close();
    }
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-loose-'));
    try {
      fs.mkdirSync(path.join(other, 'uploads'), { mode: 0o755 });
      fs.chmodSync(path.join(other, 'uploads'), 0o755);
      // Files an older run left readable too (outside test: the folder was tightened, its files were not).
      for (const f of ['old.png', 'old.png.json']) {
        fs.writeFileSync(path.join(other, 'uploads', f), 'x');
        fs.chmodSync(path.join(other, 'uploads', f), 0o644);
      }
      const { localFileStorage } = await import('../../server/local/gateway/uploads');
      localFileStorage(other, Buffer.alloc(32));
      expect(fs.statSync(path.join(other, 'uploads')).mode & 0o777).toBe(0o700);
      for (const f of ['old.png', 'old.png.json']) expect(fs.statSync(path.join(other, 'uploads', f)).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  describe('11. /healthz on a full disk', () => {
    it('reports the database full when it cannot grow (SQLITE_FULL), though a row rewritten in place still fits', async () => {
      h.system.db.pragma(`max_page_count = ${h.system.db.pragma('page_count', { simple: true })}`);
      const health = storeHealth(h.system, h.clock.now());
      expect(health.ok).toBe(false);
      expect(health.database).toMatch(/^SQLITE_FULL/);
      // The probe leaves nothing behind.
      expect(h.system.db.prepare('SELECT COUNT(*) n FROM health_probe WHERE id <> 1').get()).toEqual({ n: 0 });
    });

    it('reports a disk with no space left (statfs) as full, for the database and the files', async () => {
      const real = fs.statfsSync;
      jest.spyOn(fs, 'statfsSync').mockImplementation(((p: fs.PathLike) => ({ ...real(p), bavail: 0, bfree: 0 })) as typeof fs.statfsSync);
      const gw = await serve(h);
      try {
        const res = await fetch(`${gw.base}/healthz`);
        expect(res.status).toBe(503);
        const body: Json = await res.json();
        expect(body.database).toMatch(/^ENOSPC/);
        expect(body.files).toMatch(/^ENOSPC/);
      } finally {
        await gw.close();
      }
    });

    it('stays healthy on a disk with room', () => {
      expect(storeHealth(h.system, h.clock.now())).toEqual({ ok: true, database: 'writable', files: 'writable' });
    });
  });
});
