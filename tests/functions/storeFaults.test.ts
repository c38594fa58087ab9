import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createGateway } from '../../server/local/gateway/gateway';
import { localSystem } from '../../server/local/localSystem';
import { dispatch, httpStatusFor } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { storeFault } from '../../server/runtime/storeFaults';
import { harness, validSubmit } from '../support/localHarness';

/**
 * Issue 9 item 8: a store that cannot take writes (read-only database file, full disk, failing file
 * write) answers a coded 503 in Chinese, leaves no partial upload, and /healthz says so.
 */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type System = ReturnType<typeof localSystem>;

const serve = async (system: System) => {
  const server = createGateway({ system, devSecret: 'test-secret', log: silentLogger });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((r) => (server as http.Server).close(() => r())) };
};

const callOn = (system: System, event: unknown, openid = 'openid-alice') =>
  dispatch(system.functions.complaints.table, system.functions.complaints.deps as never, { kind: 'member', openid }, event, silentLogger);

const expectUnavailable = (reply: Json) => {
  expect(reply).toMatchObject({ ok: false, error: { code: 'STORE.UNAVAILABLE' } });
  expect(reply.error.message).toMatch(/存储/);
  expect(httpStatusFor(reply.error.code)).toBe(503);
};

describe('store faults', () => {
  it('maps SQLite and file-system faults, and nothing else, to STORE.UNAVAILABLE', () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_IOERR_WRITE', 'ENOSPC', 'EROFS', 'EDQUOT'])
      expect(storeFault(Object.assign(new Error('x'), { code }))?.code).toBe('STORE.UNAVAILABLE');
    expect(storeFault(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ENOSPC' }) }))?.code).toBe('STORE.UNAVAILABLE');
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_BUSY', 'ENOENT', undefined]) expect(storeFault(Object.assign(new Error('x'), { code }))).toBeUndefined();
  });

  it('a read-only database file: calls answer a coded 503 in Chinese and /healthz reports the store unwritable', async () => {
    const h = harness();
    const file = path.join(h.dataDir, 'member-service.db');
    h.system.db.close();
    fs.chmodSync(file, 0o444);
    const ro = localSystem({ dataDir: h.dataDir, clock: h.clock, fastPasswords: true });
    // root ignores file modes; make the connection refuse writes the way SQLite does for a read-only file.
    if (process.getuid?.() === 0) ro.db.pragma('query_only = ON');
    const gw = await serve(ro);
    try {
      expectUnavailable(await callOn(ro, validSubmit()));
      const health = await fetch(`${gw.base}/healthz`);
      expect(health.status).toBe(503);
      const body: Json = await health.json();
      expect(body).toMatchObject({ ok: false, store: 'unwritable', error: { code: 'STORE.UNAVAILABLE' }, files: 'writable' });
      // Only the reason's code to anyone who asks (no message, no folder names); the whole reason is logged.
      expect(body.database).toMatch(/^SQLITE_READONLY[A-Z_]*$/);
      // Over HTTP too: the gateway answers the coded 503, not a generic 500.
      const login: Json = await (await fetch(`${gw.base}/dev/login`, { method: 'POST', body: JSON.stringify({ openid: 'openid-alice' }), headers: { 'content-type': 'application/json' } })).json();
      const res = await fetch(`${gw.base}/api/complaints`, {
        method: 'POST',
        body: JSON.stringify(validSubmit('key-0000000000000002')),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.token}` },
      });
      expect(res.status).toBe(503);
      expectUnavailable(await res.json());
    } finally {
      await gw.close();
      ro.db.close();
      fs.chmodSync(file, 0o644);
      fs.rmSync(h.dataDir, { recursive: true, force: true });
    }
  });

  it('a full database (SQLITE_FULL): the write that does not fit answers a coded 503 and changes nothing', async () => {
    const h = harness();
    try {
      // The file may not grow past its present size: the state a full disk puts SQLite in.
      h.system.db.pragma(`max_page_count = ${h.system.db.pragma('page_count', { simple: true })}`);
      let reply: Json;
      let i = 0;
      do reply = await h.call('complaints', { kind: 'member', openid: `openid-${i}` }, validSubmit(`key-full-${String(i).padStart(11, '0')}`));
      while (reply.ok && ++i < 200);
      expectUnavailable(reply);
      expect(h.counts().complaints).toBe(i);
    } finally {
      h.close();
    }
  });

  describe('a full disk under the uploads folder (injected ENOSPC)', () => {
    let h: ReturnType<typeof harness>;
    let gw: Awaited<ReturnType<typeof serve>>;
    let spy: jest.SpyInstance;
    const uploads = () => path.join(h.dataDir, 'uploads');
    beforeEach(async () => {
      h = harness();
      gw = await serve(h.system);
      const real = fs.writeFileSync;
      // Writes into uploads/ get 16 bytes onto the disk, then ENOSPC — a partial file is left behind.
      spy = jest.spyOn(fs, 'writeFileSync').mockImplementation((p, data, opts) => {
        if (String(p).startsWith(uploads())) {
          real(p, Buffer.from(data as string).subarray(0, 16));
          throw Object.assign(new Error(`ENOSPC: no space left on device, write '${String(p)}'`), { code: 'ENOSPC', errno: -28, syscall: 'write' });
        }
        return real(p, data, opts);
      });
    });
    afterEach(async () => {
      spy.mockRestore();
      await gw.close();
      h.close();
    });

    it('an upload answers a coded 503, leaves no partial file, and /healthz reports the files unwritable', async () => {
      const login: Json = await (await fetch(`${gw.base}/dev/login`, { method: 'POST', body: JSON.stringify({ openid: 'openid-alice' }), headers: { 'content-type': 'application/json' } })).json();
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
      const res = await fetch(`${gw.base}/api/upload`, {
        method: 'POST',
        body: png as unknown as string,
        headers: { 'content-type': 'image/png', authorization: `Bearer ${login.data.token}` },
      });
      expect(res.status).toBe(503);
      expectUnavailable(await res.json());
      expect(fs.existsSync(uploads()) ? fs.readdirSync(uploads()) : []).toEqual([]);

      const health = await fetch(`${gw.base}/healthz`);
      expect(health.status).toBe(503);
      const body: Json = await health.json();
      expect(body).toMatchObject({ ok: false, store: 'unwritable', database: 'writable' });
      expect(body.files).toMatch(/^ENOSPC/);
      expect(fs.readdirSync(uploads())).toEqual([]);

      spy.mockRestore();
      const ok = await fetch(`${gw.base}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ok: true, store: 'writable' });
    });
  });
});
