import { isWatched, markKey } from './deadlines';
import { staffEvent, type ComplaintEvent } from './events';
import { close, refresh, reviewWindowEnd, type Change, type LifecycleContext } from './lifecycle';
import { DEADLINE_LABELS } from './labels';
import type { Complaint, SlaMark } from './model';

/**
 * Run by the monitor on a case whose `slaNextCheckAt` has come. Records each warning and each
 * breach once per deadline instance (kind + due time), so running it twice changes nothing.
 * Returns null when there is nothing to record.
 */
export const evaluateSla = (ctx: LifecycleContext, c: Complaint): Change | null => {
  const now = ctx.now.toISOString();
  if (c.status === 'resolved') {
    const windowEnd = reviewWindowEnd(ctx, c);
    if (windowEnd && now >= windowEnd) return close(ctx, c, { kind: 'system' }, '答复后30日内未申请核查，投诉已办结');
  }
  const breached = new Set(c.breaches.map((b) => markKey(b.kind, b.dueAt)));
  const warned = new Set(c.warnings.map((w) => markKey(w.kind, w.dueAt)));
  const newBreaches: SlaMark[] = [];
  const newWarnings: SlaMark[] = [];
  const events: ComplaintEvent[] = [];
  for (const d of c.deadlines) {
    if (!isWatched(c, d)) continue;
    const key = markKey(d.kind, d.dueAt);
    if (breached.has(key)) continue;
    if (now >= d.dueAt) {
      newBreaches.push({ kind: d.kind, dueAt: d.dueAt, at: now });
      events.push(staffEvent(c, 'deadlineBreached', now, `${DEADLINE_LABELS[d.kind]}已超时`, { ownerId: d.ownerId, detail: { deadlineKind: d.kind, dueAt: d.dueAt } }));
      continue;
    }
    const warnAt = new Date(Date.parse(d.dueAt) - ctx.policy.warnBeforeMs[d.kind]).toISOString();
    if (!warned.has(key) && now >= warnAt) {
      newWarnings.push({ kind: d.kind, dueAt: d.dueAt, at: now });
      events.push(staffEvent(c, 'deadlineWarning', now, `${DEADLINE_LABELS[d.kind]}即将到期`, { ownerId: d.ownerId, detail: { deadlineKind: d.kind, dueAt: d.dueAt } }));
    }
  }
  if (!newBreaches.length && !newWarnings.length) return null;
  const timeline = [
    ...c.timeline,
    ...[...newWarnings.map((m) => ['deadlineWarning', m] as const), ...newBreaches.map((m) => ['deadlineBreached', m] as const)].map(
      ([type, m]) => ({
        id: ctx.newId(),
        at: now,
        type,
        actor: { kind: 'system' as const },
        visibility: 'internal' as const,
        text: `${DEADLINE_LABELS[m.kind]} ${type === 'deadlineBreached' ? '超时' : '临近到期'}`,
        data: { kind: m.kind, dueAt: m.dueAt },
      }),
    ),
  ];
  const next: Complaint = {
    ...c,
    breaches: [...c.breaches, ...newBreaches],
    warnings: [...c.warnings, ...newWarnings],
    timeline,
  };
  return { complaint: refresh(ctx, next), events };
};
