import crypto from 'node:crypto';
import { chinaCalendar } from '../core/calendar/chinaCalendar';
import type { ComplaintDeps } from '../core/complaints/deps';
import { defaultComplaintPolicy } from '../core/complaints/policy';
import type { ComplaintStore } from '../core/complaints/ports';
import type { Clock, IdGenerator } from '../core/shared/ports';
import { sha256 } from '../adapters/hash';

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdGenerator = { newId: () => crypto.randomUUID() };
export { sha256 };

export const complaintDeps = (store: ComplaintStore, clock: Clock = systemClock): ComplaintDeps => ({
  store,
  clock,
  ids: randomIds,
  calendar: chinaCalendar,
  policy: defaultComplaintPolicy,
  hash: sha256,
});
