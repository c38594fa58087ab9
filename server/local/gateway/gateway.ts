import fs from 'node:fs';
import http from 'node:http';
import { z } from 'zod';
import type { ApiReply } from '../../../typings/api';
import { commonErrors, isDomainError, type DomainError } from '../../../core/shared/errors';
import { parseInput } from '../../../core/shared/validation';
import { MAX_EVENT_BYTES, dispatch, errorReply, httpStatusFor } from '../../runtime/functionRuntime';
import type { LocalSystem } from '../localSystem';
import type { Logger } from '../../runtime/log';
import { devTokens } from './devTokens';
import { MAX_UPLOAD_BYTES, saveUpload, uploadPath } from './uploads';

export interface GatewayOptions {
  system: LocalSystem;
  devSecret: string;
  log: Logger;
  /** Extra routes (the admin page and its API) mounted before the 404. */
  extraRoutes?: (req: http.IncomingMessage, res: http.ServerResponse, body: () => Promise<Buffer>) => Promise<boolean>;
}

const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
};

const sendError = (res: http.ServerResponse, e: DomainError) => send(res, httpStatusFor(e.code), errorReply(e));

/**
 * Reads a body up to `limit` bytes. Past the limit it stops keeping data but drains the rest, so the
 * client receives the 413 instead of a reset connection.
 */
export const readBody = (req: http.IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => (size > limit ? reject(commonErrors.tooLarge(size, limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });

const loginSchema = z.strictObject({ openid: z.string().min(3).max(64).regex(/^[\w-]+$/) });

/**
 * The local stand-in for CloudBase: POST /api/<function> with { action, data } runs the same action
 * table the deployed function runs, on the embedded store. Identity comes from a dev sign-in token.
 */
export const createGateway = (opts: GatewayOptions): http.Server => {
  const tokens = devTokens(opts.devSecret);
  const { system, log } = opts;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    let cachedBody: Promise<Buffer> | undefined;
    const body = (limit = MAX_EVENT_BYTES) => (cachedBody ??= readBody(req, limit));

    if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, { ok: true });

    if (req.method === 'POST' && url.pathname === '/dev/login') {
      const raw = (await body()).toString('utf8');
      const { openid } = parseInput(loginSchema, raw ? JSON.parse(raw) : {}, { openid: '用户标识' });
      return send(res, 200, { ok: true, data: { token: tokens.issue(openid), openid } });
    }

    if (req.method === 'POST' && url.pathname === '/api/upload') {
      tokens.verify(bearer);
      const fileID = saveUpload(system.dataDir, await body(MAX_UPLOAD_BYTES));
      return send(res, 200, { ok: true, data: { fileID } });
    }

    const file = url.pathname.match(/^\/files\/uploads\/([^/]+)$/);
    if (req.method === 'GET' && file) {
      tokens.verify(bearer ?? url.searchParams.get('token') ?? undefined);
      const p = uploadPath(system.dataDir, file[1]);
      if (!p || !fs.existsSync(p)) return send(res, 404, { ok: false, error: { code: 'FILE.NOT_FOUND', message: '文件不存在' } });
      res.writeHead(200, { 'content-type': p.endsWith('.png') ? 'image/png' : p.endsWith('.webp') ? 'image/webp' : 'image/jpeg' });
      return fs.createReadStream(p).pipe(res);
    }

    const fn = url.pathname.match(/^\/api\/([a-zA-Z]+)$/);
    if (req.method === 'POST' && fn) {
      const entry = Object.prototype.hasOwnProperty.call(system.functions, fn[1]) ? system.functions[fn[1]] : undefined;
      if (!entry) return send(res, 404, { ok: false, error: { code: 'REQUEST.UNKNOWN_FUNCTION', message: '不支持的操作' } });
      let caller;
      try {
        caller = { kind: 'member' as const, openid: tokens.verify(bearer) };
      } catch (e) {
        caller = e as DomainError;
      }
      const raw = (await body()).toString('utf8');
      let event: unknown;
      try {
        event = raw ? JSON.parse(raw) : {};
      } catch {
        throw commonErrors.invalidInput([{ path: '', message: '请求内容不是有效的 JSON' }]);
      }
      const reply: ApiReply<unknown> = await dispatch(entry.table, entry.deps as never, caller, event, log);
      return send(res, reply.ok ? 200 : httpStatusFor(reply.error.code), reply);
    }

    if (opts.extraRoutes && (await opts.extraRoutes(req, res, () => body(MAX_UPLOAD_BYTES)))) return;
    send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: '页面不存在' } });
  };

  return http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (isDomainError(e)) return sendError(res, e);
      log.error('gateway failure', { error: e instanceof Error ? e.stack : String(e) });
      send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } });
    });
  });
};
