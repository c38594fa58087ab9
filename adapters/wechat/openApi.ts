/** CloudBase's door to WeChat's server APIs (subscribeMessage.send, security.msgSecCheck, phonenumber.getPhoneNumber …). */
export interface OpenApiApp {
  callWxOpenApi(o: { apiName: string; requestData: unknown }): Promise<{ code?: string; message?: string; result?: unknown }>;
}

/** CloudBase answered with its own error code: the call was refused before it reached WeChat. */
export class OpenApiRefused extends Error {}

/**
 * Calls one WeChat open API and returns WeChat's answer (its `errcode`, if any, is the caller's to
 * read). A CloudBase error means the call never reached WeChat and is thrown. Each function that
 * calls an API declares it in its config.json.
 */
export const callOpenApi = async <T extends { errcode?: number; errmsg?: string }>(app: OpenApiApp, apiName: string, requestData: unknown): Promise<T> => {
  const res = await app.callWxOpenApi({ apiName, requestData });
  if (res.code) throw new OpenApiRefused(`cloudbase ${res.code}: ${res.message ?? ''}`);
  return ((typeof res.result === 'string' ? JSON.parse(res.result) : res.result) ?? {}) as T;
};
