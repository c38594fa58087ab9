import type { DeadlineScanOptions, DeadlineWatch } from '../deadlines/watch';
import { COMPLAINTS_AREA } from './events';
import type { StaffStore } from '../staff/ports';
import { lifecycleContext, type ComplaintDeps } from './deps';
import { escalate, refresh } from './lifecycle';
import { mutate } from './persist';
import { evaluateSla } from './sla';
import { runFollowUps, type ComplaintTimerFollowUp } from './satisfactionTimer';

export interface SlaMonitorReport {
  examined: number;
  changed: number;
  warnings: number;
  breaches: number;
  escalated: number;
  closed: number;
  /** Breached cases left with their owner because escalations were held (clock guard). */
  escalationsHeld: number;
  overBreachLimit: boolean;
}

/**
 * One run of the timer: looks only at cases whose `slaNextCheckAt` has come (an index range, so the
 * cost follows the number of due items, not of complaints), records warnings and breaches once, and
 * moves a breached case owned by an agent to a supervisor. Running it twice changes nothing more.
 */
export const runSlaMonitor = async (
  deps: ComplaintDeps & { staff: StaffStore },
  batch = 200,
  opts: DeadlineScanOptions = {},
): Promise<SlaMonitorReport> => {
  const report: SlaMonitorReport = { examined: 0, changed: 0, warnings: 0, breaches: 0, escalated: 0, closed: 0, escalationsHeld: 0, overBreachLimit: false };
  const now = deps.clock.now();
  const due = await deps.store.findSlaDue(now, batch);
  const supervisor = (await deps.staff.list()).find((s) => s.role === 'supervisor');
  // The clock guard's bound on one scan: count, before escalating anything, the breaches it would record.
  if (opts.breachLimit !== undefined && !opts.holdEscalations) {
    const ctx = lifecycleContext(deps);
    const wouldBreach = due.reduce((n, c) => n + (evaluateSla(ctx, c)?.events.filter((e) => e.type === 'deadlineBreached').length ?? 0), 0);
    report.overBreachLimit = wouldBreach > opts.breachLimit;
  }
  const hold = Boolean(opts.holdEscalations) || report.overBreachLimit;
  for (const c of due) {
    report.examined += 1;
    let counted = false;
    await mutate(deps, c.id, (ctx, current) => {
      const ch = evaluateSla(ctx, current);
      if (!ch) {
        // Nothing left to record: make sure the case leaves the due range.
        const refreshed = refresh(ctx, current);
        return refreshed.slaNextCheckAt === current.slaNextCheckAt ? null : { complaint: refreshed, events: [] };
      }
      const breached = ch.events.filter((e) => e.type === 'deadlineBreached');
      if (!counted) {
        report.changed += 1;
        report.warnings += ch.events.filter((e) => e.type === 'deadlineWarning').length;
        report.breaches += breached.length;
        report.closed += ch.complaint.status === 'closed' && current.status !== 'closed' ? 1 : 0;
        counted = true;
      }
      const ownerIsAgent = !ch.complaint.owner || ch.complaint.owner.role === 'agent';
      if (!breached.length || !ownerIsAgent || !supervisor) return ch;
      if (hold) {
        report.escalationsHeld += 1;
        return ch;
      }
      report.escalated += 1;
      const moved = escalate(ctx, ch.complaint, { kind: 'system' }, { id: supervisor.id, role: 'supervisor' }, `${breached.map((e) => e.summary).join('；')}，自动升级`);
      // The breach alert already tells staff; the escalation's own alert would say it twice.
      return { complaint: moved.complaint, events: ch.events };
    });
  }
  return report;
};

/**
 * Complaints on the one deadline timer (core/deadlines/watch.ts). `followUps` (the rollup consumer and
 * the satisfaction reminders: core/complaints/satisfactionTimer.ts) run after the scan on budgets of
 * their own; their counts join `extra`.
 */
export const complaintDeadlineWatch = (deps: ComplaintDeps & { staff: StaffStore }, followUps: readonly ComplaintTimerFollowUp[] = []): DeadlineWatch => ({
  area: COMPLAINTS_AREA,
  scan: async (now, budget, opts) => {
    const r = await runSlaMonitor(deps, budget, opts);
    const more = await runFollowUps(followUps, now, Boolean(opts?.holdEscalations) || r.overBreachLimit);
    return {
      examined: r.examined,
      changed: r.changed,
      warnings: r.warnings,
      breaches: r.breaches,
      escalationsHeld: r.escalationsHeld,
      overBreachLimit: r.overBreachLimit,
      extra: { escalated: r.escalated, closed: r.closed, escalationsHeld: r.escalationsHeld, ...more },
    };
  },
});
