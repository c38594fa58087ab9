import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { isDomainError } from '../../core/shared/errors';
import { parseJsonBody, parseJsonRequest } from '../../core/shared/validation';
import { INTERNAL, errorReply, httpStatusFor } from './functionRuntime';
import { storeFault } from './storeFaults';
import { SECURITY_HEADERS } from './adminStatic';
import { handleAdmin, type AdminRequest } from './admin/handleAdmin';
import type { AdminDeps } from './admin/deps';
import type { Logger } from './log';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/**
 * Everything under /admin/api/ goes to the router, which takes `<area>/<action>` and answers any other
 * path REQUEST.UNKNOWN_ACTION (an old bare `/admin/api/queue` included), not the static 404.
 */
const API_PATH = /^\/admin\/api\/(.*)$/;

/**
 * The client's address for sign-in throttling and audit. X-Forwarded-For is anyone's to write, so it is read
 * only behind a proxy we configured (CloudBase's HTTP access gateway in front of the admin function, or a
 * reverse proxy in front of the local gateway with `trustForwardedFor`), and then only its LAST entry: the
 * one that proxy appended for the peer it saw. Everything to its left came from the client.
 */
export const clientAddress = (forwardedFor: string | string[] | undefined, peer: string | undefined, trustForwardedFor: boolean): string | undefined => {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const last = header?.split(',').map((p) => p.trim()).filter(Boolean).pop();
  return (trustForwardedFor && last) || peer || undefined;
};

export interface AdminHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One admin API call from raw HTTP parts to a response: the local gateway and the HTTP-triggered
 * cloud function both answer through this, so they cannot drift apart.
 */
export const adminResponse = async (
  deps: AdminDeps,
  req: Omit<AdminRequest, 'body'> & { rawBody: string | Uint8Array },
  secureCookies: boolean,
  log: Logger,
): Promise<AdminHttpResponse> => {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  try {
    // JSON by content type first (415 REQUEST.NOT_JSON, as the member API), then UTF-8 only (bytes are
    // decoded strictly here), nesting checked before parsing, no lone surrogates.
    const body = req.method === 'POST' ? parseJsonRequest(req.contentType, req.rawBody) : parseJsonBody(req.rawBody);
    const out = await handleAdmin(deps, { ...req, body }, secureCookies);
    if (out.setCookie) headers['set-cookie'] = out.setCookie;
    return { status: 200, headers, body: JSON.stringify({ ok: true, data: out.data }) };
  } catch (e) {
    if (isDomainError(e)) {
      log.info('admin call refused', { route: req.route, code: e.code, reason: e.logMessage });
      if (typeof e.details?.retryAfterS === 'number') headers['retry-after'] = String(e.details.retryAfterS);
      return { status: httpStatusFor(e.code), headers, body: JSON.stringify(errorReply(e)) };
    }
    const fault = storeFault(e);
    log.error(fault ? 'admin store unavailable' : 'admin call failed', { route: req.route, error: e instanceof Error ? e.stack : String(e) });
    if (fault) return { status: httpStatusFor(fault.code), headers, body: JSON.stringify(errorReply(fault)) };
    return { status: 500, headers, body: JSON.stringify(INTERNAL) };
  }
};

/** The admin page and its API on one origin, so the SameSite session cookie works (same as production hosting). */
export const adminHttp = (opts: { deps: AdminDeps; staticDir: string; secureCookies: boolean; log: Logger; /** Behind a reverse proxy we run (see clientAddress). */ trustForwardedFor?: boolean }) =>
  async (req: http.IncomingMessage, res: http.ServerResponse, body: () => Promise<Buffer>): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const api = url.pathname.match(API_PATH);
    if (api) {
      const out = await adminResponse(
        opts.deps,
        {
          method: req.method ?? 'GET',
          route: api[1],
          cookie: req.headers.cookie,
          contentType: req.headers['content-type'],
          source: clientAddress(req.headers['x-forwarded-for'], req.socket.remoteAddress, opts.trustForwardedFor ?? false),
          rawBody: await body(),
        },
        opts.secureCookies,
        opts.log,
      );
      // The same security headers as the deployed admin function (adminStatic.ts): no framing, a strict CSP.
      res.writeHead(out.status, { ...SECURITY_HEADERS, ...out.headers });
      res.end(out.body);
      return true;
    }
    // HEAD as GET without the body, as the deployed function answers (adminStatic.ts): monitors and link checkers ask it.
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (reading && (url.pathname === '/admin' || url.pathname.startsWith('/admin/'))) {
      const rel = url.pathname === '/admin' || url.pathname === '/admin/' ? 'index.html' : url.pathname.slice('/admin/'.length);
      const file = path.resolve(opts.staticDir, rel);
      if (!file.startsWith(path.resolve(opts.staticDir)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        // "Not built" only when the page is not; a missing file of a built page is the gateway's plain 404.
        const built = fs.existsSync(path.join(opts.staticDir, 'index.html'));
        const text = built ? JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', message: '页面不存在' } }) : '管理台尚未构建：请先运行 npm run build';
        res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': built ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
        return true;
      }
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
      return true;
    }
    if (reading && url.pathname === '/') {
      res.writeHead(302, { location: '/admin/' });
      res.end();
      return true;
    }
    return false;
  };
