import http from 'node:http';
import type { Duplex } from 'node:stream';
import { commonErrors } from '../../../core/shared/errors';
import { isJsonContentType, parseJsonBody } from '../../../core/shared/validation';

/**
 * Request headers past this many bytes are refused (431 with a code, below). Node's default is 16 KB
 * too; it is set explicitly so the limit is ours, not whatever the runtime ships with.
 */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * A member API body to an event: `application/json` only (REQUEST.NOT_JSON, 415: a text/plain or
 * form-encoded body is what a cross-site form sends), then UTF-8, nesting and JSON checks
 * (`parseJsonBody`). A refused body is still drained, so the client reads the answer, not a reset.
 */
export const readJsonEvent = async (req: http.IncomingMessage, body: () => Promise<Buffer>): Promise<unknown> => {
  if (!isJsonContentType(req.headers['content-type'])) {
    await body().catch(() => undefined);
    throw commonErrors.notJson();
  }
  return parseJsonBody(await body());
};

const CLIENT_FAULTS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'REQUEST.HEADERS_TOO_LARGE', message: '请求头过大，请清除浏览器的本站数据后重试' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST.TIMEOUT', message: '请求超时，请稍后再试' },
};
const MALFORMED = { status: 400, code: 'REQUEST.MALFORMED', message: '请求格式不正确' };

/**
 * Node's `clientError`: a request the HTTP parser refused (headers over MAX_HEADER_BYTES, a broken
 * request line, a header with a control character, a request that timed out) never reaches a handler,
 * and Node's own answer is a bare status with no body. Answer it like every other refusal instead: JSON
 * with a code and a Chinese message. A socket already reset, or one whose response has begun, is closed.
 */
export const answerClientError = (err: NodeJS.ErrnoException, socket: Duplex): void => {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const fault = CLIENT_FAULTS[err.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({ ok: false, error: { code: fault.code, message: fault.message } });
  socket.end(
    `HTTP/1.1 ${fault.status} ${http.STATUS_CODES[fault.status]}\r\n` +
      'content-type: application/json; charset=utf-8\r\ncache-control: no-store\r\nconnection: close\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // The client may still be sending the rest of what it meant to: a short grace, then the socket goes.
  setTimeout(() => socket.destroy(), 1000).unref();
};
