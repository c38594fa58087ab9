import { handleAdmin } from './api';
import { cloudAdminDeps } from './cloudDeps';
import { errorReply } from '../../server/functionRuntime';
import { statusForCode } from '../../server/adminHttp';
import { isDomainError } from '../../core/shared/errors';
import { jsonLogger } from '../../server/log';

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
  const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  try {
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body ?? '';
    if (text.length > 100 * 1024) return { statusCode: 413, headers, body: JSON.stringify({ ok: false, error: { code: 'REQUEST.TOO_LARGE', message: '提交的内容过大' } }) };
    const out = await handleAdmin(
      deps,
      {
        method: event.httpMethod,
        route: event.path.replace(/^.*\/admin\/api\//, ''),
        cookie: event.headers.cookie ?? event.headers.Cookie,
        contentType: event.headers['content-type'] ?? event.headers['Content-Type'],
        body: text ? JSON.parse(text) : {},
      },
      true,
    );
    return { statusCode: 200, headers: { ...headers, ...(out.setCookie ? { 'set-cookie': out.setCookie } : {}) }, body: JSON.stringify({ ok: true, data: out.data }) };
  } catch (e) {
    if (isDomainError(e)) return { statusCode: statusForCode(e.code), headers, body: JSON.stringify(errorReply(e)) };
    log.error('admin call failed', { error: e instanceof Error ? e.stack : String(e) });
    return { statusCode: e instanceof SyntaxError ? 400 : 500, headers, body: JSON.stringify({ ok: false, error: { code: e instanceof SyntaxError ? 'REQUEST.INVALID' : 'INTERNAL', message: '请求失败' } }) };
  }
};
