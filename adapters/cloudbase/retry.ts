import { DomainError } from '../../core/shared/errors';
import type { CbDatabase, CbTransaction } from './database';

/**
 * The code CloudBase gives a transaction that lost a write conflict; the SDK itself retries on it
 * (node_modules/@cloudbase/database/dist/commonjs/transaction/index.js, runTransaction, 3 retries, no
 * backoff; the code is in ../const/code.js).
 */
export const TRANSACTION_CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';

export const storeBusy = () =>
  new DomainError('STORE.BUSY', '系统繁忙，请稍后重试', 'CloudBase transaction still conflicting after the SDK retries');

const isConflict = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === TRANSACTION_CONFLICT;

/**
 * db.runTransaction, but a conflict the SDK gave up on becomes STORE.BUSY: the caller may retry
 * later, and nothing was written. Retrying again here would only add load to the contended document.
 */
export const inTransaction = <T>(db: CbDatabase, fn: (tx: CbTransaction) => Promise<T>): Promise<T> =>
  db.runTransaction(fn).catch((e: unknown) => {
    throw isConflict(e) ? storeBusy() : e;
  });
