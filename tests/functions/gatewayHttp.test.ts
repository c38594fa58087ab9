import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { createGateway } from '../../server/local/gateway/gateway';
import { silentLogger } from '../../server/runtime/log';
import { harness, validSubmit } from '../support/localHarness';

describe('local gateway over HTTP', () => {
  let h: ReturnType<typeof harness>;
  let server: http.Server;
  let base: string;
  let token: string;

  beforeAll(async () => {
    h = harness();
    server = createGateway({ system: h.system, devSecret: 'test-secret', log: silentLogger });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login: Json = await (await fetch(`${base}/dev/login`, { method: 'POST', body: JSON.stringify({ openid: 'openid-alice' }) })).json();
    token = login.data.token;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    h.close();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Json = any;
  const post = (path: string, body: string | Buffer, auth = true, type = 'application/json') =>
    fetch(`${base}${path}`, { method: 'POST', body: body as unknown as string, headers: { 'content-type': type, ...(auth ? { authorization: `Bearer ${token}` } : {}) } });

  it('serves a function call with the identity from the sign-in token', async () => {
    const res = await post('/api/complaints', JSON.stringify(validSubmit()));
    expect(res.status).toBe(200);
    const body: Json = await res.json();
    expect(body.data.complaint.number).toMatch(/^TS\d{8}-\d{4}$/);
  });

  it('answers 401 without a token and 404 for an unknown function', async () => {
    expect((await post('/api/complaints', JSON.stringify({ action: 'listMine' }), false)).status).toBe(401);
    expect((await post('/api/nothing', JSON.stringify({ action: 'x' }))).status).toBe(404);
  });

  it('answers 400 to a body that is not JSON, and 413 past 100 KB', async () => {
    const bad = await post('/api/complaints', '{not json');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error.code).toBe('REQUEST.INVALID');
    const big = await post('/api/complaints', JSON.stringify({ action: 'submit', data: { d: 'x'.repeat(150_000) } }));
    expect(big.status).toBe(413);
  });

  it('refuses a dev sign-in for a malformed openid', async () => {
    const res = await post('/dev/login', JSON.stringify({ openid: '../../etc' }), false);
    expect(res.status).toBe(400);
  });

  it('stores a real image and serves it back to a signed-in caller', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
    const res = await post('/api/upload', png, true, 'image/png');
    const { data } = (await res.json()) as Json;
    expect(data.fileID).toMatch(/^local:\/\/uploads\/[0-9a-f-]{36}\.png$/);
    const name = data.fileID.split('/').pop();
    const got = await fetch(`${base}/files/uploads/${name}`, { headers: { authorization: `Bearer ${token}` } });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(`${base}/files/uploads/${name}`)).status).toBe(401);
  });

  it('refuses a text file named like an image, and an image over 5 MB', async () => {
    const fake = await post('/api/upload', Buffer.from('just text pretending to be a jpg'), true, 'image/jpeg');
    expect(((await fake.json()) as Json).error.code).toBe('UPLOAD.NOT_IMAGE');
    const huge = Buffer.alloc(5 * 1024 * 1024 + 10, 0);
    huge[0] = 0xff;
    huge[1] = 0xd8;
    huge[2] = 0xff;
    expect((await post('/api/upload', huge, true, 'image/jpeg')).status).toBe(413);
  });
});
