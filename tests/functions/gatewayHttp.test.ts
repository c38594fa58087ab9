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
    const login: Json = await (
      await fetch(`${base}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: 'openid-alice' }) })
    ).json();
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

  it('takes application/json only: text/plain, form-encoded or no type is 415 REQUEST.NOT_JSON, and nothing is stored', async () => {
    const before = h.counts();
    const body = JSON.stringify(validSubmit('key-not-json-000000001'));
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'application/json; charset=latin1', '']) {
      const res = await post('/api/complaints', body, true, type);
      expect([type, res.status]).toEqual([type, 415]);
      const reply: Json = await res.json();
      expect(reply.error).toMatchObject({ code: 'REQUEST.NOT_JSON', message: '请求格式不正确：仅接受 JSON' });
    }
    expect((await post('/dev/login', JSON.stringify({ openid: 'openid-alice' }), false, 'text/plain')).status).toBe(415);
    expect(h.counts()).toEqual(before);
    expect((await post('/api/complaints', JSON.stringify({ action: 'listMine' }), true, 'Application/JSON; charset="UTF-8"')).status).toBe(200);
  });

  it('refuses invalid UTF-8 (REQUEST.BAD_ENCODING) instead of storing U+FFFD', async () => {
    const before = h.counts();
    const text = Buffer.from(JSON.stringify(validSubmit('key-bad-utf8-0000000001')));
    const at = text.indexOf(Buffer.from('客服'));
    const bad = Buffer.concat([text.subarray(0, at), Buffer.from([0xe5, 0xae]), text.subarray(at + 3)]); // a character cut short
    for (const bytes of [bad, Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]), Buffer.from('{"action":"listMine","data":{"x":"\xff"}}', 'latin1')]) {
      const res = await post('/api/complaints', bytes);
      expect(res.status).toBe(400);
      expect(((await res.json()) as Json).error).toMatchObject({ code: 'REQUEST.BAD_ENCODING', message: expect.stringMatching(/UTF-8/) });
    }
    expect(h.counts()).toEqual(before);
  });

  it('refuses JSON nested 10,000 deep with 400 REQUEST.TOO_DEEP, before parsing, and counts no brackets inside strings', async () => {
    for (const deep of ['['.repeat(10_000) + ']'.repeat(10_000), `{"action":"listMine","data":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`, '['.repeat(100_000)]) {
      const res = await post('/api/complaints', deep);
      expect(res.status).toBe(400);
      expect(((await res.json()) as Json).error).toMatchObject({ code: 'REQUEST.TOO_DEEP', message: '提交的内容层级过深' });
    }
    const brackets = await post('/api/complaints', JSON.stringify({ action: 'listMine', data: { cursor: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\\' } }));
    expect(((await brackets.json()) as Json).error.code).toBe('REQUEST.INVALID');
  });

  it('refuses a lone surrogate escaped in JSON with its own reason', async () => {
    const res = await post('/api/complaints', '{"action":"submit","data":{"description":"\\ud83d客服多次承诺回电但没有任何人联系我"}}');
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error).toMatchObject({ code: 'REQUEST.INVALID', issues: [{ path: 'data.description', reason: 'lone_surrogate', message: expect.stringMatching(/[\u4e00-\u9fa5]/) }] });
  });

  it('answers a 64 KB header with 431 REQUEST.HEADERS_TOO_LARGE in JSON with a Chinese message, and keeps serving', async () => {
    const res = await fetch(`${base}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-padding': 'a'.repeat(64 * 1024) }, body: '{}' });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as Json).error).toMatchObject({ code: 'REQUEST.HEADERS_TOO_LARGE', message: expect.stringMatching(/请求头过大/) });
    expect((await post('/api/complaints', JSON.stringify({ action: 'listMine' }))).status).toBe(200);
  });

  it('refuses a dev sign-in for a malformed openid', async () => {
    const res = await post('/dev/login', JSON.stringify({ openid: '../../etc' }), false);
    expect(res.status).toBe(400);
  });

  it('stores a real image and serves it only through a signed link (tests/functions/files.test.ts), never to a bearer token', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
    const res = await post('/api/upload', png, true, 'image/png');
    const { data } = (await res.json()) as Json;
    expect(data.fileID).toMatch(/^local:\/\/uploads\/[0-9a-f-]{36}\.png$/);
    const name = data.fileID.split('/').pop();
    const attached = await post('/api/complaints', JSON.stringify({ ...validSubmit('key-0000000000000077'), data: { ...validSubmit().data, idempotencyKey: 'key-0000000000000077', attachments: [data.fileID] } }));
    const complaint = ((await attached.json()) as Json).data.complaint;
    const link: Json = await (await post('/api/complaints', JSON.stringify({ action: 'fileUrl', data: { id: complaint.id, fileId: data.fileID } }))).json();
    const got = await fetch(`${base}${link.data.url}`);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(`${base}/files/uploads/${name}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    expect((await fetch(`${base}/files/uploads/${name}`)).status).toBe(403);
  });

  it('refuses a text file named like an image, and an image over 5 MB', async () => {
    const fake = await post('/api/upload', Buffer.from('just text pretending to be a jpg'), true, 'image/jpeg');
    expect(((await fake.json()) as Json).error.code).toBe('UPLOAD.TYPE_NOT_ALLOWED');
    const huge = Buffer.alloc(5 * 1024 * 1024 + 10, 0);
    huge[0] = 0xff;
    huge[1] = 0xd8;
    huge[2] = 0xff;
    expect((await post('/api/upload', huge, true, 'image/jpeg')).status).toBe(413);
  });
});
