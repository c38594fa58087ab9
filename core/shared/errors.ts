/**
 * Expected failures are values with a stable code, a message for the member (Chinese) and a
 * message for the log (English). Only a function boundary turns them into replies.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly memberMessage: string,
    readonly logMessage: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(logMessage);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

export const commonErrors = {
  invalidInput: (issues: { path: string; message: string; reason?: string; allowed?: string[] }[]) =>
    new DomainError('REQUEST.INVALID', '提交的内容有误，请检查后重试', 'request failed validation', { issues }),
  unknownAction: (action: string) =>
    new DomainError('REQUEST.UNKNOWN_ACTION', '不支持的操作', `unknown action ${JSON.stringify(action).slice(0, 60)}`),
  tooLarge: (bytes: number, limit: number) =>
    new DomainError('REQUEST.TOO_LARGE', '提交的内容过大', `request body ${bytes} bytes exceeds ${limit}`),
  unauthenticated: () => new DomainError('AUTH.UNAUTHENTICATED', '请先登录', 'no caller identity'),
  notJson: () => new DomainError('REQUEST.NOT_JSON', '请求格式不正确：仅接受 JSON', 'API takes application/json (UTF-8) only'),
  badEncoding: () => new DomainError('REQUEST.BAD_ENCODING', '提交的内容编码不正确：仅接受 UTF-8', 'request body is not valid UTF-8'),
  tooDeep: (limit: number) => new DomainError('REQUEST.TOO_DEEP', '提交的内容层级过深', `request nests deeper than ${limit} levels`),
  forbidden: (why: string) => new DomainError('AUTH.FORBIDDEN', '没有权限执行此操作', `forbidden: ${why}`),
  devTokenRefused: () =>
    new DomainError('AUTH.DEV_TOKEN_REFUSED', '登录方式无效', 'development sign-in token presented to a cloud function'),
  versionConflict: (entity: string, id: string) =>
    new DomainError(`${entity}.VERSION_CONFLICT`, '内容已被他人更新，请刷新后重试', `${entity.toLowerCase()} ${id} changed since it was read`),
};
