import type { DeadlineScanReport, DeadlineWatch } from '../deadlines/watch';
import type { StaffStore } from '../staff/ports';
import type { ClaimDeps } from './deps';
import { CLAIMS_AREA } from './events';
import { evaluateDeadlines } from './lifecycle';
import { mutate } from './persist';
import type { DeadlineHolder } from '../calendar/recompute';
import { isDomainError } from '../shared/errors';
import { dueText } from '../shared/shanghaiTime';
import { recomputeClocks, withSchedule } from './clocks';
import { claimEvent } from './events';
import { CLOCK_LABELS } from './lifecycle';
import { saveChange } from './persist';

/**
 * Claims on the one deadline timer (core/deadlines/watch.ts). Looks only at claims whose
 * `slaNextCheckAt` has come (an index range: the cost follows what is due, not the table), records each
 * clock's warning (at 80%) and breach once, and escalates a breach to a supervisor unless the clock
 * guard holds escalations. Running it twice changes nothing more.
 */
export const claimDeadlineWatch = (deps: ClaimDeps & { staff: Pick<StaffStore, 'list'> }): DeadlineWatch => ({
  area: CLAIMS_AREA,
  scan: async (now, budget, opts = {}): Promise<DeadlineScanReport> => {
    const report = { examined: 0, changed: 0, warnings: 0, breaches: 0, escalationsHeld: 0, overBreachLimit: false };
    let escalated = 0;
    const due = await deps.store.findSlaDue(now, budget);
    if (!due.length) return { ...report, extra: { escalated } };
    const sup = (await deps.staff.list()).find((s) => s.role === 'supervisor' && !s.disabledAt);
    if (opts.breachLimit !== undefined && !opts.holdEscalations) {
      const at = now.toISOString();
      const would = due.reduce((n, c) => n + c.clocks.filter((k) => !k.metAt && !k.cancelledAt && !k.pausedSince && !k.breachedAt && at >= k.dueAt).length, 0);
      report.overBreachLimit = would > opts.breachLimit;
    }
    const hold = Boolean(opts.holdEscalations) || report.overBreachLimit;
    for (const c of due) {
      report.examined += 1;
      let counted = false;
      await mutate(deps, c.id, (ctx, current) => {
        const ch = evaluateDeadlines({ ...ctx, now }, current, sup && { id: sup.id }, hold);
        if (!ch) {
          // Nothing left to record: make sure it leaves the due range.
          const fresh = withSchedule(current);
          return fresh.slaNextCheckAt === current.slaNextCheckAt ? null : { claim: fresh, events: [] };
        }
        if (!counted) {
          counted = true;
          report.changed += 1;
          report.warnings += ch.warned;
          report.breaches += ch.breached;
          report.escalationsHeld += ch.held;
          escalated += ch.escalated;
        }
        return ch;
      });
    }
    return { ...report, extra: { escalated, escalationsHeld: report.escalationsHeld } };
  },
});

/**
 * Claims as a holder of calendar deadlines: when a year's holiday notice is imported, every running
 * clock is recomputed from its start. A member whose next statutory date moved is told in the message
 * centre; a date that only loses its 暂定 mark moves quietly.
 */
export const claimDeadlineHolder = (deps: ClaimDeps): DeadlineHolder => ({
  area: CLAIMS_AREA,
  recalculate: async (after, limit, because) => {
    const items = await deps.store.listOpen({ after, limit });
    let changed = 0;
    let told = 0;
    for (const c of items) {
      const clocks = recomputeClocks(deps.calendar, deps.policy, c.clocks);
      if (JSON.stringify(clocks) === JSON.stringify(c.clocks)) continue;
      const at = deps.clock.now().toISOString();
      const moved = clocks.filter((k, i) => k.kind !== 'target' && k.dueAt !== c.clocks[i].dueAt);
      const next = withSchedule({ ...c, clocks, updatedAt: at });
      const events = moved.map((k) => claimEvent(next, 'deadlinesChanged', 'member', at, `${because}，${CLOCK_LABELS[k.kind]}调整为${dueText(k.dueAt)}`, { clock: k.kind, dueAt: k.dueAt }));
      try {
        await saveChange(deps, c, { claim: next, events });
      } catch (e) {
        // Staff acted on it meanwhile: the next run of the job looks again.
        if (isDomainError(e) && e.code.endsWith('.VERSION_CONFLICT')) continue;
        throw e;
      }
      changed += 1;
      if (events.length) told += 1;
    }
    return { last: items[items.length - 1]?.id, examined: items.length, changed, told };
  },
});
