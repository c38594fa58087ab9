import crypto from 'node:crypto';
import type { IdGenerator } from '../../core/shared/ports';

/**
 * Record ids in UUID version 7 form (RFC 9562): 48 bits of milliseconds, then 74 random bits. Members and
 * staff see them as before (36 characters, `recordId`), and at 74 random bits they stay unguessable
 * (every read checks ownership anyway); what changes is where a new id lands in a B-tree. A random v4 id
 * puts each new complaint and outbox row on a random page of the primary-key index, so a group commit of
 * 32 submits dirties ~32 leaf pages there and writes each to the WAL; time-ordered ids land on the last
 * page (issue 9 item 11, `npm run bench -- --only=submit`). The time part is the wall clock's: ids are
 * ordered roughly, never used as a clock.
 */
let lastMs = -1;
let prefix = '';
export const timeOrderedIds: IdGenerator = {
  // A v4 UUID (Node keeps a pool of them: cheap) with its first 48 bits replaced by the time and its version by 7.
  newId: () => {
    const random = crypto.randomUUID();
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      const ms = now.toString(16).padStart(12, '0');
      prefix = `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7`;
    }
    return prefix + random.slice(15);
  },
};
