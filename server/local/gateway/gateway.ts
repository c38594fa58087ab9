import fs from 'node:fs';
import http from 'node:http';
import * as z from 'zod/mini';
import type { ApiReply } from '../../../typings/api';
import { commonErrors, isDomainError, type DomainError } from '../../../core/shared/errors';
import { parseInput } from '../../../core/shared/validation';
import { MAX_EVENT_BYTES, dispatch, errorReply, httpStatusFor } from '../../runtime/functionRuntime';
import type { LocalSystem } from '../localSystem';
import type { Logger } from '../../runtime/log';
import { STORE_UNAVAILABLE, storeFault } from '../../runtime/storeFaults';
import { publicReason, storeHealth } from '../storeHealth';
import { devTokens } from './devTokens';
import { MAX_HEADER_BYTES, answerClientError, readJsonEvent } from './requestParsing';
import { MAX_UPLOAD_BYTES } from './uploads';
import { giveBackUploadQuota, takeUploadQuota } from '../../../core/members/quotas';
import { checkpointInBackground } from '../../../adapters/sqlite/backgroundCheckpoint';
import { startWriterThread } from '../../../adapters/sqlite/writerThread';

export interface GatewayOptions {
  system: LocalSystem;
  devSecret: string;
  log: Logger;
  /**
   * Member submits written on a SQLite writer thread of their own (adapters/sqlite/writerThread.ts) while
   * serving: the second core takes the storage work. Off by default (tests that fault the main connection).
   */
  writerThread?: boolean;
  /** Extra routes (the admin page and its API) mounted before the 404. */
  extraRoutes?: (req: http.IncomingMessage, res: http.ServerResponse, body: () => Promise<Buffer>) => Promise<boolean>;
  /** How long a whole request (headers and body) may take to arrive: REQUEST_TIMEOUT_MS unless a test shortens it. */
  requestTimeoutMs?: number;
  /** How long its headers may take: HEADERS_TIMEOUT_MS unless a test shortens it. */
  headersTimeoutMs?: number;
}

/**
 * A client that sends slowly holds a connection (and its memory) until these run out; Node's defaults
 * (300 s for a request, 60 s for headers, checked every 30 s) let a dribbling client hold one for ~5 minutes.
 * 30 s is ample for a 5 MB upload on a slow phone line; the refusal is a coded JSON 408 (requestParsing.ts).
 */
export const REQUEST_TIMEOUT_MS = 30_000;
export const HEADERS_TIMEOUT_MS = 15_000;

/** The client went away mid-request (closed the app, lost signal): nothing to answer and nothing wrong here. */
const clientAborted = (req: http.IncomingMessage, e: unknown) => {
  const code = (e as { code?: unknown } | null)?.code;
  return req.socket.destroyed && ['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'].includes(String(code));
};

const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  // With its length the answer goes out as one plain body, not chunked (writeHead fixes the headers before end could add it).
  // An answer given before the request's body was read (a refused token, say) closes the connection: the unread
  // body would otherwise hold it open until the request timeout wrote a second answer, a 408, on the same
  // connection, which a keep-alive client would take for its next request's (outside test).
  const unread = res.req && !res.req.complete ? { connection: 'close' } : {};
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)), ...unread, ...headers });
  res.end(text);
};

const retryAfter = (e: { retryAfterSeconds?: number }): Record<string, string> => (e.retryAfterSeconds ? { 'retry-after': String(e.retryAfterSeconds) } : {});
const sendError = (res: http.ServerResponse, e: DomainError) => {
  const reply = errorReply(e);
  send(res, httpStatusFor(e.code), reply, reply.ok ? {} : retryAfter(reply.error));
};

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

const loginSchema = z.strictObject({ openid: z.string().check(z.minLength(3), z.maxLength(64), z.regex(/^[\w-]+$/)) });

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

    if (req.method === 'GET' && url.pathname === '/healthz') {
      // Healthy means the store takes writes (server/local/storeHealth.ts), not merely that we answer.
      const health = storeHealth(system, new Date());
      if (health.ok) return send(res, 200, { ok: true, store: 'writable' });
      log.error('healthz: store not writable', { database: health.database, files: health.files });
      return send(res, 503, { ok: false, error: { code: STORE_UNAVAILABLE, message: '系统存储暂时无法写入' }, store: 'unwritable', database: publicReason(health.database), files: publicReason(health.files) });
    }

    if (req.method === 'POST' && url.pathname === '/dev/login') {
      const { openid } = parseInput(loginSchema, await readJsonEvent(req, body), { openid: '用户标识' });
      return send(res, 200, { ok: true, data: { token: tokens.issue(openid), openid } });
    }

    if (req.method === 'POST' && url.pathname === '/api/upload') {
      const openid = tokens.verify(bearer);
      const data = await body(MAX_UPLOAD_BYTES);
      // A refused file counts nothing; then the member's daily upload count and bytes (MEMBER_QUOTAS), counted
      // atomically before anything is written, and given back if the store cannot take the file.
      system.files.accept(data);
      const now = system.clock.now();
      await takeUploadQuota(system.members.members, openid, data.length, now);
      let fileID: string;
      try {
        fileID = system.files.save(openid, data, system.files.clientName(req.headers['x-file-name']));
      } catch (e) {
        await giveBackUploadQuota(system.members.members, openid, data.length, now).catch((err) => log.error('gateway: upload quota not given back', { error: String(err) }));
        throw e;
      }
      return send(res, 200, { ok: true, data: { fileID } });
    }

    // Files only through a short-lived signed link (from complaints.fileUrl or the admin attachmentUrl); no token in a URL.
    const file = url.pathname.match(/^\/files\/uploads\/([^/]+)$/);
    if (req.method === 'GET' && file) {
      const served = system.files.resolve(file[1], url.searchParams, system.clock.now());
      if (!served.ok) return send(res, served.status, { ok: false, error: { code: served.code, message: served.message } }, { 'x-content-type-options': 'nosniff' });
      res.writeHead(200, served.headers);
      return fs.createReadStream(served.path).pipe(res);
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
      // JSON only (415), UTF-8 only, nesting checked before parsing: requestParsing.ts.
      const event = await readJsonEvent(req, body);
      const reply: ApiReply<unknown> = await dispatch(entry.table, entry.deps as never, caller, event, log);
      return send(res, reply.ok ? 200 : httpStatusFor(reply.error.code), reply, reply.ok ? {} : retryAfter(reply.error));
    }

    if (opts.extraRoutes && (await opts.extraRoutes(req, res, () => body(MAX_UPLOAD_BYTES)))) return;
    send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: '页面不存在' } });
  };

  const requestTimeout = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const headersTimeout = opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const serverOptions: http.ServerOptions = {
    maxHeaderSize: MAX_HEADER_BYTES,
    requestTimeout,
    headersTimeout,
    // How often Node looks for requests past those limits (default 30 s, which would double them).
    connectionsCheckingInterval: Math.max(250, Math.min(5000, Math.floor(Math.min(requestTimeout, headersTimeout) / 3))),
  };
  const server = http.createServer(serverOptions, (req, res) => {
    handle(req, res).catch((e) => {
      if (clientAborted(req, e)) {
        log.info('client aborted', { method: req.method, path: new URL(req.url ?? '/', 'http://localhost').pathname, code: (e as { code?: string }).code });
        return;
      }
      if (isDomainError(e)) return sendError(res, e);
      const fault = storeFault(e); // disk full / read-only: a coded 503, not a generic 500
      log.error(fault ? 'gateway: store unavailable' : 'gateway failure', { error: e instanceof Error ? e.stack : String(e) });
      if (fault) return sendError(res, fault);
      send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } });
    });
  });
  // Oversized headers and unparsable requests: a JSON answer with a code, not Node's bare 431/400.
  server.on('clientError', answerClientError);
  // While serving, the WAL is checkpointed off the event loop (adapters/sqlite/backgroundCheckpoint.ts).
  let checkpoints: ReturnType<typeof checkpointInBackground> | undefined;
  let writer: ReturnType<typeof startWriterThread> | undefined;
  server.on('listening', () => {
    checkpoints ??= checkpointInBackground(system.db);
    if (opts.writerThread) writer ??= startWriterThread(system.db);
  });
  server.on('close', () => {
    void checkpoints?.stop();
    checkpoints = undefined;
    void writer?.stop();
    writer = undefined;
  });
  return server;
};
