import type { DeadlineHolder } from '../calendar/recompute';
import type { DeadlineScanReport, DeadlineWatch } from '../deadlines/watch';
import { isDomainError } from '../shared/errors';
import type { StaffStore } from '../staff/ports';
import type { ConsultationDeps } from './deps';
import { CONSULTATIONS_AREA } from './events';
import { evaluateDeadline, recomputeDue, refresh } from './lifecycle';
import { contextOf, mutate, saveChange } from './persist';

/**
 * Consultations on the one deadline timer (core/deadlines/watch.ts). Looks only at consultations whose
 * `slaNextCheckAt` has come (an index range, so the cost follows what is due, not the table), records a
 * warning and a breach once per step, and escalates a breach to a supervisor (held when the clock
 * guard says so). Running it twice changes nothing more.
 */
export const consultationDeadlineWatch = (deps: ConsultationDeps & { staff: Pick<StaffStore, 'list'> }): DeadlineWatch => ({
  area: CONSULTATIONS_AREA,
  scan: async (now, budget, opts = {}): Promise<DeadlineScanReport> => {
    const report = { examined: 0, changed: 0, warnings: 0, breaches: 0, escalationsHeld: 0, overBreachLimit: false };
    let escalated = 0;
    const due = await deps.store.findSlaDue(now, budget);
    if (!due.length) return { ...report, extra: { escalated, escalationsHeld: 0 } };
    const supervisorUser = (await deps.staff.list()).find((s) => s.role === 'supervisor' && !s.disabledAt);
    const supervisor = supervisorUser && { id: supervisorUser.id, role: supervisorUser.role };
    if (opts.breachLimit !== undefined && !opts.holdEscalations) {
      const at = now.toISOString();
      const wouldBreach = due.filter((c) => c.dueAt && at >= c.dueAt && !c.steps.find((s) => s.dueAt === c.dueAt && !s.metAt && !s.cancelledAt)?.breachedAt).length;
      report.overBreachLimit = wouldBreach > opts.breachLimit;
    }
    const hold = Boolean(opts.holdEscalations) || report.overBreachLimit;
    for (const c of due) {
      report.examined += 1;
      let counted = false;
      await mutate(deps, c.id, (ctx, current) => {
        const ch = evaluateDeadline({ ...ctx, now }, current, supervisor, hold);
        if (!ch) {
          // Nothing left to record: make sure it leaves the due range.
          const fresh = refresh(ctx.policy, current);
          return fresh.slaNextCheckAt === current.slaNextCheckAt ? null : { consultation: fresh, events: [] };
        }
        if (!counted) {
          counted = true;
          report.changed += 1;
          if (ch.warned) report.warnings += 1;
          if (ch.breached) report.breaches += 1;
          if (ch.escalated) escalated += 1;
          if (ch.held) report.escalationsHeld += 1;
        }
        return ch;
      });
    }
    return { ...report, extra: { escalated, escalationsHeld: report.escalationsHeld } };
  },
});

/**
 * Consultations as a holder of calendar deadlines: when a year's holiday notice is imported, each open
 * step's due time is counted again from when it started. Members are not sent a notice: a reply target of
 * a working day or two is a service promise, and the detail page shows the new time.
 */
export const consultationDeadlineHolder = (deps: ConsultationDeps): DeadlineHolder => ({
  area: CONSULTATIONS_AREA,
  recalculate: async (after, limit) => {
    const items = await deps.store.listOpen({ after, limit });
    let changed = 0;
    for (const c of items) {
      const ch = recomputeDue(contextOf(deps), c);
      if (!ch) continue;
      try {
        await saveChange(deps, c, ch);
      } catch (e) {
        // Staff or the member acted meanwhile: a later run looks again.
        if (isDomainError(e) && e.code.endsWith('.VERSION_CONFLICT')) continue;
        throw e;
      }
      changed += 1;
    }
    return { last: items[items.length - 1]?.id, examined: items.length, changed, told: 0 };
  },
});
