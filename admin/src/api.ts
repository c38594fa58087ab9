import type { ApiError, ApiReply, StaffMe } from '../../typings/api';

/** `area/action`, as the server's area tables name it: /admin/api/complaints/queue. */
export type AdminRoute = `${string}/${string}`;

/** staff/me: besides the permissions, every `area/action` this member may call, so buttons can be disabled from it. */
export type SignedInStaff = StaffMe & { actions: AdminRoute[] };

export class AdminApiError extends Error {
  constructor(readonly error: ApiError, readonly status: number) {
    super(error.message);
  }
  get code() {
    return this.error.code;
  }
}

/** The admin API: same origin, session in an HttpOnly cookie the page never sees. */
export const api = async <T>(route: AdminRoute, body: unknown = {}): Promise<T> => {
  let res: Response;
  try {
    res = await fetch(`/admin/api/${route}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new AdminApiError({ code: 'NETWORK', message: '网络连接失败，请稍后重试' }, 0);
  }
  const reply = (await res.json().catch(() => null)) as ApiReply<T> | null;
  if (!reply) throw new AdminApiError({ code: 'INTERNAL', message: '服务器返回异常' }, res.status);
  if (!reply.ok) throw new AdminApiError(reply.error, res.status);
  return reply.data;
};

export const messageOf = (e: unknown) => (e instanceof AdminApiError ? e.message : '操作失败，请稍后重试');
