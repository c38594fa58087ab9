import type { DeadlineTimerState, DeadlineTimerStore } from '../../core/deadlines/clockGuard';
import { toDocument, type CbDatabase } from './database';

export const DEADLINE_TIMER = 'deadline_timer';

/** The deadline timer's state (last run, escalation hold): one document, `deadline_timer/state`. */
export const cloudbaseDeadlineTimerStore = (db: CbDatabase): DeadlineTimerStore => ({
  read: async () => {
    const res = (await db.collection(DEADLINE_TIMER).doc('state').get()).data as Record<string, unknown>[] | undefined;
    const d = res?.[0];
    if (!d) return {};
    const { _id, ...rest } = d;
    return rest as DeadlineTimerState;
  },
  write: async (state) => {
    await db.collection(DEADLINE_TIMER).doc('state').set(toDocument(state));
  },
});
