import type { ApiError, ApiReply } from '../../typings/api';
import { config } from '../config';

/** A failed call, carrying the server's code and its Chinese message (safe to show). */
export class ApiCallError extends Error {
  readonly code: string;
  readonly issues: { path: string; message: string }[];
  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
    this.issues = error.issues ?? [];
  }
}

const NETWORK_ERROR: ApiError = { code: 'NETWORK', message: '网络不稳定，请检查网络后重试' };
const TOKEN_KEY = 'devToken';

const post = <T>(path: string, body: unknown, token?: string) =>
  new Promise<{ status: number; data: T }>((resolve, reject) => {
    wx.request({
      url: `${config.gatewayUrl}${path}`,
      method: 'POST',
      data: body as WechatMiniprogram.IAnyObject,
      header: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      success: (res) => resolve({ status: res.statusCode, data: res.data as T }),
      fail: () => reject(new ApiCallError(NETWORK_ERROR)),
    });
  });

/** Local mode: the gateway's development sign-in stands in for the OPENID WeChat provides in the cloud. */
const devToken = async (fresh = false): Promise<string> => {
  const cached = fresh ? '' : (wx.getStorageSync(TOKEN_KEY) as string);
  if (cached) return cached;
  const res = await post<ApiReply<{ token: string }>>('/dev/login', { openid: config.devOpenid });
  if (!res.data.ok) throw new ApiCallError(res.data.error);
  wx.setStorageSync(TOKEN_KEY, res.data.data.token);
  return res.data.data.token;
};

const callLocal = async <T>(name: string, event: { action: string; data?: unknown }): Promise<ApiReply<T>> => {
  let res = await post<ApiReply<T>>(`/api/${name}`, event, await devToken());
  if (res.status === 401) res = await post<ApiReply<T>>(`/api/${name}`, event, await devToken(true));
  return res.data;
};

const callCloud = <T>(name: string, event: { action: string; data?: unknown }) =>
  new Promise<ApiReply<T>>((resolve, reject) => {
    wx.cloud.callFunction({
      name,
      data: event,
      success: (res) => resolve(res.result as ApiReply<T>),
      fail: () => reject(new ApiCallError(NETWORK_ERROR)),
    });
  });

/** What a member reads when a call fails: the field issues in Chinese, else the server's message (already for the member), else a network notice. */
export const failureMessage = (e: unknown) =>
  e instanceof ApiCallError ? (e.issues.length ? e.issues.map((i) => i.message).join('；') : e.message) : '网络不稳定，请稍后重试';

/** The one way pages talk to the backend: a cloud function's action, in either mode. */
export const callFunction = async <T>(name: string, action: string, data?: unknown): Promise<T> => {
  const event = data === undefined ? { action } : { action, data };
  const reply = config.mode === 'cloud' ? await callCloud<T>(name, event) : await callLocal<T>(name, event);
  if (!reply || typeof reply !== 'object' || !('ok' in reply)) throw new ApiCallError(NETWORK_ERROR);
  if (!reply.ok) throw new ApiCallError(reply.error);
  return reply.data;
};

/**
 * Uploads one photo or PDF and returns its file id: CloudBase storage in the cloud, the gateway locally.
 * Its type is decided by the server from the first bytes (locally on upload, in the cloud when the file
 * is attached), never by the name: `name` (a PDF's) is only shown when the file is opened.
 */
export const uploadFile = async (filePath: string, name?: string, area: 'complaints' | 'consultations' | 'claims' = 'complaints'): Promise<string> => {
  if (config.mode === 'cloud') {
    // The area function names the path (members/<openid>/<area>/<id>.<ext>), counts the day's uploads (a
    // refusal arrives as ApiCallError like any other) and registers it, so the orphan sweep finds the file
    // if no record takes it (core/shared/uploadSlots.ts). Type and size are checked when the file is attached.
    const ext = ((name ?? filePath).split('.').pop() ?? 'jpg').replace(/[^\w]/g, '').slice(0, 5).toLowerCase() || 'jpg';
    const { cloudPath } = await callFunction<{ cloudPath: string }>(area, 'uploadSlot', { ext });
    const res = await wx.cloud.uploadFile({ cloudPath, filePath });
    return res.fileID;
  }
  const body = await new Promise<ArrayBuffer>((resolve, reject) =>
    wx.getFileSystemManager().readFile({
      filePath,
      success: (r) => resolve(r.data as ArrayBuffer),
      fail: () => reject(new ApiCallError({ code: 'UPLOAD.READ_FAILED', message: '读取文件失败，请重新选择' })),
    }),
  );
  const token = await devToken();
  const res = await new Promise<{ data: ApiReply<{ fileID: string }> }>((resolve, reject) =>
    wx.request({
      url: `${config.gatewayUrl}/api/upload`,
      method: 'POST',
      data: body,
      header: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}`, ...(name ? { 'x-file-name': encodeURIComponent(name.slice(0, 120)) } : {}) },
      success: (r) => resolve({ data: r.data as ApiReply<{ fileID: string }> }),
      fail: () => reject(new ApiCallError(NETWORK_ERROR)),
    }),
  );
  if (!res.data.ok) throw new ApiCallError(res.data.error);
  return res.data.data.fileID;
};

/** A photo: the same path as any file. */
export const uploadImage = (filePath: string): Promise<string> => uploadFile(filePath);

/**
 * A short-lived link (≤ 5 minutes) to a file attached to one of the member's complaints, asked of the
 * backend each time: pages never build a file URL themselves and no token is ever put in one.
 */
export const attachmentUrl = async (complaintId: string, fileId: string): Promise<string> => {
  const { url } = await callFunction<{ url: string; expiresAt: string }>('complaints', 'fileUrl', { id: complaintId, fileId });
  return url.startsWith('/') ? `${config.gatewayUrl}${url}` : url;
};
