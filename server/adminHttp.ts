import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { handleAdmin, type AdminDeps } from '../cloudfunctions/admin/api';
import { isDomainError } from '../core/shared/errors';
import { errorReply } from './functionRuntime';
import type { Logger } from './log';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export const statusForCode = (code: string) =>
  code.startsWith('AUTH.UNAUTH') || code === 'AUTH.MFA_REQUIRED' || code === 'AUTH.BAD_CREDENTIALS' || code === 'AUTH.BAD_TOTP'
    ? 401
    : code === 'AUTH.LOCKED'
      ? 423
      : code.startsWith('AUTH.')
        ? 403
        : code.endsWith('NOT_FOUND')
          ? 404
          : code.endsWith('VERSION_CONFLICT')
            ? 409
            : code === 'INTERNAL'
              ? 500
              : 400;

/** The admin page and its API on one origin, so the SameSite session cookie works (same as production hosting). */
export const adminHttp = (opts: { deps: AdminDeps; staticDir: string; secureCookies: boolean; log: Logger }) =>
  async (req: http.IncomingMessage, res: http.ServerResponse, body: () => Promise<Buffer>): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const api = url.pathname.match(/^\/admin\/api\/([A-Za-z]+)$/);
    if (api) {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
      try {
        const raw = (await body()).toString('utf8');
        let parsed: unknown = {};
        try {
          parsed = raw ? JSON.parse(raw) : {};
        } catch {
          parsed = Symbol('invalid');
        }
        if (typeof parsed === 'symbol') throw Object.assign(new Error(), { notJson: true });
        const out = await handleAdmin(
          opts.deps,
          { method: req.method ?? 'GET', route: api[1], cookie: req.headers.cookie, contentType: req.headers['content-type'], body: parsed },
          opts.secureCookies,
        );
        if (out.setCookie) headers['set-cookie'] = out.setCookie;
        res.writeHead(200, headers);
        res.end(JSON.stringify({ ok: true, data: out.data }));
      } catch (e) {
        if (e && typeof e === 'object' && 'notJson' in e) {
          res.writeHead(400, headers);
          res.end(JSON.stringify({ ok: false, error: { code: 'REQUEST.INVALID', message: '请求内容不是有效的 JSON' } }));
          return true;
        }
        if (!isDomainError(e)) {
          opts.log.error('admin call failed', { route: api[1], error: e instanceof Error ? e.stack : String(e) });
          res.writeHead(500, headers);
          res.end(JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } }));
          return true;
        }
        opts.log.info('admin call refused', { route: api[1], code: e.code, reason: e.logMessage });
        res.writeHead(statusForCode(e.code), headers);
        res.end(JSON.stringify(errorReply(e)));
      }
      return true;
    }
    if (req.method === 'GET' && (url.pathname === '/admin' || url.pathname.startsWith('/admin/'))) {
      const rel = url.pathname === '/admin' || url.pathname === '/admin/' ? 'index.html' : url.pathname.slice('/admin/'.length);
      const file = path.resolve(opts.staticDir, rel);
      if (!file.startsWith(path.resolve(opts.staticDir)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('管理台尚未构建：请先运行 npm run build');
        return true;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' });
      fs.createReadStream(file).pipe(res);
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(302, { location: '/admin/' });
      res.end();
      return true;
    }
    return false;
  };
