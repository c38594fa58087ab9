import { commonErrors } from '../core/shared/errors';

/** Keyset cursors are opaque to clients: base64url of the sort key of the last row served. */
export const encodeCursor = (key: (string | number)[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export const decodeCursor = (cursor: string): [string, string] => {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && key.every((k) => typeof k === 'string')) return key as [string, string];
  } catch {
    // fall through: a malformed cursor is bad input, not a server error
  }
  throw commonErrors.invalidInput([{ path: 'cursor', message: '分页标记无效' }]);
};
