import type { DeadlineTimerState, DeadlineTimerStore } from '../../core/deadlines/clockGuard';
import type { Db } from './database';

/** The deadline timer's state (last run, escalation hold): one row in `deadline_timer`. */
export const sqliteDeadlineTimerStore = (db: Db): DeadlineTimerStore => {
  const get = db.prepare(`SELECT doc FROM deadline_timer WHERE id = 'state'`);
  const put = db.prepare(`INSERT INTO deadline_timer (id, doc) VALUES ('state', ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc`);
  return {
    read: async () => {
      const row = get.get() as { doc: string } | undefined;
      return row ? (JSON.parse(row.doc) as DeadlineTimerState) : {};
    },
    write: async (state) => {
      put.run(JSON.stringify(state));
    },
  };
};
