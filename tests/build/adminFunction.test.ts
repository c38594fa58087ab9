import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions } from '../../scripts/buildFunctions';
import type { HttpAccessEvent } from '../../server/runtime/adminFunctionHttp';
import type { IntegrationResponse } from '../../server/runtime/adminStatic';

/**
 * The built admin function, invoked the way CloudBase's HTTP access service invokes it: an integration
 * request { path, httpMethod, headers, queryStringParameters, requestContext, body, isBase64Encoded }
 * (https://docs.cloudbase.net/service/access-cloud-function, https://cloud.tencent.com/document/product/876/41776),
 * answered with an integration response { statusCode, headers, body, isBase64Encoded }.
 */
const event = (e: Partial<HttpAccessEvent> & { path: string }): HttpAccessEvent & Record<string, unknown> => ({
  httpMethod: 'GET',
  headers: { host: 'env-test-1a2b.service.tcloudbase.com', 'user-agent': 'jest' },
  queryStringParameters: {},
  requestContext: { requestId: 'req-1', envId: 'env-test-1a2b', appId: 123456789, uin: 123456789 },
  body: '',
  isBase64Encoded: false,
  ...e,
});

describe('admin function bundle over HTTP access (one origin: page, assets, API under /admin)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-admin-fn-'));
  let dir: string;
  let main: (e: unknown) => Promise<IntegrationResponse>;
  const saved = { PII_KEY: process.env.PII_KEY, PII_KEYS: process.env.PII_KEYS };

  beforeAll(async () => {
    const built = await buildFunctions(out);
    dir = built.find((b) => b.name === 'admin')!.dir;
    // STAND-IN for @cloudbase/node-sdk (which needs Tencent Cloud): every query finds nothing, writes are accepted.
    const sdk = path.join(dir, 'node_modules', '@cloudbase', 'node-sdk');
    fs.mkdirSync(sdk, { recursive: true });
    fs.writeFileSync(
      path.join(sdk, 'index.js'),
      `const empty = async () => ({ data: [] });
       const query = () => { const q = new Proxy({}, { get: (_t, k) => k === 'then' ? undefined : k === 'get' ? empty : k === 'count' ? async () => ({ total: 0 }) : ['add', 'set', 'update', 'remove'].includes(k) ? async () => ({}) : () => q }); return q; };
       const db = { command: new Proxy({}, { get: () => () => ({}) }), serverDate: () => new Date(), collection: query, runTransaction: async (f) => f(db), startTransaction: async () => db };
       module.exports = { SYMBOL_CURRENT_ENV: 'env', init: () => ({ database: () => db, callWxOpenApi: async () => ({}) }), getCloudbaseContext: () => ({}) };`,
    );
    delete process.env.PII_KEYS;
    process.env.PII_KEY = crypto.randomBytes(32).toString('base64');
    main = (require(path.join(dir, 'index.js')) as { main: typeof main }).main;
  }, 120_000);

  afterAll(() => {
    fs.rmSync(out, { recursive: true, force: true });
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  });

  it('packs the page into the function package with hashed asset names, within a size budget', () => {
    const files = fs.readdirSync(path.join(dir, 'static')).sort();
    expect(files).toContain('index.html');
    expect(files.filter((f) => /\.[0-9a-f]{8}\.(js|css)$/.test(f)).length).toBeGreaterThanOrEqual(2);
    const bytes = files.reduce((n, f) => n + fs.statSync(path.join(dir, 'static', f)).size, 0) + fs.statSync(path.join(dir, 'index.js')).size;
    // Uploaded through COS by the manager (no 1.5 MB zip limit); kept well under the response and package limits.
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
  });

  it('GET /admin/ answers the page with its security headers; /admin redirects there', async () => {
    const page = await main(event({ path: '/admin/' }));
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<div id="root"></div>');
    expect(page.body).toMatch(/src="\/admin\/app\.[0-9a-f]{8}\.js"/);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const bare = await main(event({ path: '/admin' }));
    expect([bare.statusCode, bare.headers.location]).toEqual([301, '/admin/']);
  });

  it('GET an asset answers it with its content type, cached for a year', async () => {
    const page = await main(event({ path: '/admin/' }));
    const js = /src="\/admin\/([^"]+)"/.exec(page.body)![1];
    const css = [...page.body.matchAll(/href="\/admin\/([^"]+\.css)"/g)].map((m) => m[1]);
    const asset = await main(event({ path: `/admin/${js}` }));
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe(fs.readFileSync(path.join(dir, 'static', js), 'utf8'));
    for (const c of css) expect((await main(event({ path: `/admin/${c}` }))).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await main(event({ path: '/admin/app.js' }))).statusCode).toBe(404);
    expect((await main(event({ path: '/admin/../index.js' }))).statusCode).toBe(404);
  });

  it('POST /admin/api/auth/login with bad credentials answers a JSON error, never a cookie', async () => {
    const res = await main(
      event({
        path: '/admin/api/auth/login',
        httpMethod: 'POST',
        headers: { host: 'env-test-1a2b.service.tcloudbase.com', 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ username: 'nobody', password: 'wrong-password-1' })).toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const body = JSON.parse(res.body);
    expect(body.ok).toBe(false);
    expect(body.error.code).toMatch(/^AUTH\./);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
});
