import { adminResponse } from '../../server/runtime/adminHttp';
import { MAX_EVENT_BYTES } from '../../server/runtime/functionRuntime';
import { jsonLogger } from '../../server/runtime/log';
import { cloudAdminDeps } from './cloudDeps';

const deps = cloudAdminDeps();
const log = jsonLogger({ fn: 'admin' });

interface HttpEvent {
  path: string;
  httpMethod: string;
  headers: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}

/**
 * HTTP-triggered (CloudBase HTTP access service at /admin/api): the admin page is served by static
 * hosting on the same domain, so the session cookie stays first-party.
 */
export const main = async (event: HttpEvent) => {
  const rawBody = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body ?? '';
  if (Buffer.byteLength(rawBody) > MAX_EVENT_BYTES)
    return {
      statusCode: 413,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ ok: false, error: { code: 'REQUEST.TOO_LARGE', message: '提交的内容过大' } }),
    };
  const out = await adminResponse(
    deps,
    {
      method: event.httpMethod,
      route: event.path.replace(/^.*\/admin\/api\//, ''),
      cookie: event.headers.cookie ?? event.headers.Cookie,
      contentType: event.headers['content-type'] ?? event.headers['Content-Type'],
      rawBody,
    },
    true,
    log,
  );
  return { statusCode: out.status, headers: out.headers, body: out.body };
};
