import type { DeadlineHolder } from '../calendar/recompute';
import type { ComplaintDeps } from './deps';
import { recalculateDeadlines } from './lifecycle';
import { mutate } from './persist';

/** Complaints as a holder of calendar deadlines: every case not yet closed or withdrawn is recomputed. */
export const complaintDeadlineHolder = (deps: ComplaintDeps): DeadlineHolder => ({
  area: 'complaints',
  recalculate: async (after, limit, because) => {
    const items = await deps.store.listActive({ after, limit });
    let changed = 0;
    let told = 0;
    for (const c of items) {
      let wasTold = false;
      const saved = await mutate(deps, c.id, (ctx, current) => {
        const ch = recalculateDeadlines(ctx, current, because);
        wasTold = Boolean(ch?.events.length);
        return ch;
      });
      if (saved.version !== c.version) changed += 1;
      if (wasTold) told += 1;
    }
    return { last: items[items.length - 1]?.id, examined: items.length, changed, told };
  },
});
