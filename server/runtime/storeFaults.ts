import { DomainError } from '../../core/shared/errors';

/**
 * The one place a fault of the store underneath (disk full, read-only file or folder, I/O error)
 * becomes an answer: a coded, retryable `STORE.UNAVAILABLE` (HTTP 503) with a Chinese message,
 * never a generic INTERNAL. SQLite reports these by (extended) result code — SQLITE_FULL,
 * SQLITE_READONLY*, SQLITE_IOERR* — and file writes by errno — ENOSPC, EDQUOT, EROFS, and EPERM / EACCES
 * (a folder made immutable with `chattr +i` or taken away from the service's user refuses writes alike).
 * Every function front (functionRuntime.dispatch, the admin HTTP handler) and the local gateway
 * pass an unexpected error through `storeFault` before falling back to INTERNAL.
 */
const SQLITE_FAULT = /^SQLITE_(FULL|READONLY|IOERR)/;
const FS_FAULT = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EPERM', 'EACCES']);

export const STORE_UNAVAILABLE = 'STORE.UNAVAILABLE';

/** Why the store cannot take writes, in the log's words, or undefined when `e` is no store fault. */
export const storeFaultReason = (e: unknown): string | undefined => {
  for (let x = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (SQLITE_FAULT.test(code) || FS_FAULT.has(code)) {
      const message = String((x as { message?: unknown }).message ?? '');
      // Node's file errors already begin with their code ("EPERM: operation not permitted …"): not twice.
      return (message.startsWith(`${code}:`) ? message : `${code}: ${message}`).slice(0, 200);
    }
  }
  return undefined;
};

export const storeUnavailable = (reason: string) =>
  new DomainError(STORE_UNAVAILABLE, '系统存储暂时无法写入（空间不足或只读），本次操作未保存，请稍后再试', `store unavailable: ${reason}`, {
    retryable: true,
  });

/** The coded error for a store fault, or undefined for anything else. */
export const storeFault = (e: unknown): DomainError | undefined => {
  const reason = storeFaultReason(e);
  return reason ? storeUnavailable(reason) : undefined;
};
