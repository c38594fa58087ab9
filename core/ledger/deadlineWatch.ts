import type { DeadlineHolder } from '../calendar/recompute';
import type { DeadlineScanReport, DeadlineWatch } from '../deadlines/watch';
import { isDomainError } from '../shared/errors';
import { retryOnVersionConflict } from '../shared/retry';
import { dueText } from '../shared/shanghaiTime';
import type { StaffUser } from '../staff/model';
import { ledgerDueAt, nextCheckOf } from './deadlines';
import type { LedgerDeps } from './deps';
import { evaluateDeadline } from './lifecycle';
import type { LedgerItem } from './model';
import { ledgerDeadlineOutbox } from './notifications';

export const LEDGER_AREA = 'ledger';

/**
 * Who an overdue item goes to: a supervisor of the owner's team, else a manager, else any supervisor
 * (never the owner themself). Staff accounts carry a team (所属团队), not a line manager.
 */
export const escalationTarget = (staff: readonly StaffUser[], owner: StaffUser | undefined) => {
  const active = staff.filter((s) => !s.disabledAt && s.id !== owner?.id);
  const pick =
    (owner?.team && active.find((s) => s.role === 'supervisor' && s.team === owner.team)) ||
    active.find((s) => s.role === 'manager') ||
    active.find((s) => s.role === 'supervisor');
  return pick ? { id: pick.id, name: pick.displayName, role: pick.role } : undefined;
};

/**
 * Ledger items on the one deadline timer (core/deadlines/watch.ts). Looks only at items whose
 * `nextCheckAt` has come (an index range), records the warning and the breach once, and escalates a
 * breach unless the clock guard holds escalations (then a later run does). Running it twice changes nothing more.
 */
export const ledgerDeadlineWatch = (deps: LedgerDeps): DeadlineWatch => ({
  area: LEDGER_AREA,
  scan: async (now, budget, opts = {}): Promise<DeadlineScanReport> => {
    const report = { examined: 0, changed: 0, warnings: 0, breaches: 0, escalationsHeld: 0, overBreachLimit: false };
    let escalated = 0;
    const due = await deps.store.findDue(now, budget);
    if (!due.length) return { ...report, extra: { escalated } };
    const at = now.toISOString();
    if (opts.breachLimit !== undefined && !opts.holdEscalations) {
      report.overBreachLimit = due.filter((i) => !i.breachedAt && at >= i.dueAt).length > opts.breachLimit;
    }
    const hold = Boolean(opts.holdEscalations) || report.overBreachLimit;
    const staff = await deps.staff.list();
    for (const first of due) {
      report.examined += 1;
      await retryOnVersionConflict(async () => {
        const item = (await deps.store.getItem(first.id)) ?? first;
        const out = evaluateDeadline(item, at, escalationTarget(staff, staff.find((s) => s.id === item.ownerId)), hold);
        if (!out) {
          // Nothing to record (stopped, or already marked): make sure it leaves the due range.
          const check = nextCheckOf(item);
          if (check === item.nextCheckAt) return;
          const { nextCheckAt: _n, ...rest } = item;
          await deps.store.updateItem({ item: { ...rest, ...(check ? { nextCheckAt: check } : {}), version: item.version + 1 }, expectedVersion: item.version });
          return;
        }
        // The alerts ride on the item's write: a retried or repeated run finds the marks set and owes nothing more.
        const outbox = ledgerDeadlineOutbox(out.item, at, out, () => deps.ids.newId());
        await deps.store.updateItem({ item: { ...out.item, version: item.version + 1 }, expectedVersion: item.version, ...(outbox.length ? { outbox } : {}) });
        report.changed += 1;
        report.warnings += out.warned;
        report.breaches += out.breached;
        report.escalationsHeld += out.held;
        escalated += out.escalated;
      });
    }
    return { ...report, extra: { escalated, escalationsHeld: report.escalationsHeld } };
  },
});

/**
 * Ledger items as a holder of calendar deadlines: when a year's holiday notice is imported, each open
 * item's due time is recomputed from its opening and the deadline it was given.
 */
export const ledgerDeadlineHolder = (deps: LedgerDeps): DeadlineHolder => ({
  area: LEDGER_AREA,
  recalculate: async (after, limit, because) => {
    const items = await deps.store.listOpen({ after, limit });
    let changed = 0;
    for (const i of items) {
      const opened = new Date(i.openedAt);
      const due = ledgerDueAt(deps.calendar, opened, i.deadline, opened);
      if (due.dueAt === i.dueAt && due.dueProvisional === i.dueProvisional) continue;
      const at = deps.clock.now().toISOString();
      const moved = due.dueAt !== i.dueAt;
      const base: LedgerItem = { ...i, ...due, updatedAt: at, version: i.version + 1 };
      const timeline = moved ? [...i.timeline, { at, kind: 'deadlineChanged' as const, by: 'system', text: `${because}，整改期限调整为${dueText(due.dueAt)}` }] : i.timeline;
      const check = nextCheckOf(base);
      const { nextCheckAt: _n, ...rest } = base;
      try {
        await deps.store.updateItem({ item: { ...rest, timeline, ...(check ? { nextCheckAt: check } : {}) }, expectedVersion: i.version });
      } catch (e) {
        // Someone acted on it meanwhile: the job's next run looks again.
        if (isDomainError(e) && e.code.endsWith('.VERSION_CONFLICT')) continue;
        throw e;
      }
      changed += 1;
    }
    return { last: items[items.length - 1]?.id, examined: items.length, changed, told: 0 };
  },
});
