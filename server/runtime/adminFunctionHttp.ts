import { adminResponse, clientAddress } from './adminHttp';
import type { AdminDeps } from './admin/deps';
import { SECURITY_HEADERS, staticResponse, type IntegrationResponse, type StaticSite } from './adminStatic';
import { MAX_EVENT_BYTES } from './functionRuntime';
import type { Logger } from './log';

/**
 * The "integration request" CloudBase's HTTP access service passes a function (集成请求: path, httpMethod,
 * headers, multiValueHeaders, queryStringParameters, requestContext, body, isBase64Encoded — documented at
 * https://docs.cloudbase.net/service/access-cloud-function and https://cloud.tencent.com/document/product/876/41776).
 * The function answers with an integration response { statusCode, headers, body, isBase64Encoded }.
 */
export interface HttpAccessEvent {
  path: string;
  httpMethod: string;
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string>;
  body?: string | null;
  isBase64Encoded?: boolean | 'true' | 'false';
}

const header = (headers: HttpAccessEvent['headers'], name: string) => {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
};

/**
 * The path under the /admin mount. The documented event carries the request's full path (/admin/api/…);
 * a path without the prefix is taken as relative to the mount, so the function works either way.
 */
export const adminRelativePath = (p: string): string => {
  const clean = (p || '/').split('?')[0];
  if (clean === '/admin' || clean === '/admin/') return '';
  if (clean.startsWith('/admin/')) return clean.slice('/admin/'.length);
  return clean.replace(/^\/+/, '');
};

/** The admin function over HTTP access: /admin/api/<area>/<action> → the admin router, anything else under /admin → the page. */
export const adminHttpFunction =
  (deps: AdminDeps, site: StaticSite, log: Logger) =>
  async (event: HttpAccessEvent): Promise<IntegrationResponse> => {
    const rel = adminRelativePath(event.path);
    const method = (event.httpMethod || 'GET').toUpperCase();
    if (!rel.startsWith('api/')) {
      if (rel === '' && event.path.replace(/\?.*$/, '') === '/admin')
        return { statusCode: 301, headers: { ...SECURITY_HEADERS, location: '/admin/', 'cache-control': 'no-store' }, body: '' };
      return staticResponse(site, rel, method);
    }
    const base64 = event.isBase64Encoded === true || event.isBase64Encoded === 'true';
    // Bytes stay bytes until adminResponse decodes them strictly (invalid UTF-8 is REQUEST.BAD_ENCODING, not U+FFFD).
    const rawBody = base64 ? Buffer.from(event.body ?? '', 'base64') : (event.body ?? '');
    if (Buffer.byteLength(rawBody) > MAX_EVENT_BYTES)
      return {
        statusCode: 413,
        headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        body: JSON.stringify({ ok: false, error: { code: 'REQUEST.TOO_LARGE', message: '提交的内容过大' } }),
      };
    const out = await adminResponse(
      deps,
      {
        method,
        route: rel.slice('api/'.length),
        cookie: header(event.headers, 'cookie'),
        contentType: header(event.headers, 'content-type'),
        // Reached only through CloudBase's HTTP access gateway, which appends the client it saw (clientAddress).
        source: clientAddress(header(event.headers, 'x-forwarded-for'), undefined, true),
        rawBody,
      },
      true,
      log,
    );
    return { statusCode: out.status, headers: { ...SECURITY_HEADERS, ...out.headers }, body: out.body };
  };
