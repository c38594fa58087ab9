import { outboxFromEvents } from '../notifications/outbox';
import type { SatisfactionReminderStore } from '../rollups/ports';
import type { Clock } from '../shared/ports';
import { memberEvent } from './events';
import type { Complaint } from './model';
import type { ComplaintStore } from './ports';

export interface SatisfactionReminderDeps {
  store: Pick<ComplaintStore, 'get'>;
  reminders: SatisfactionReminderStore;
  clock: Clock;
}

export interface SatisfactionReminderReport {
  examined: number;
  sent: number;
  skipped: number;
}

/** Still worth asking: the same resolution is in force and the member has not rated it. */
const stillUnrated = (c: Complaint, resolution: number): boolean =>
  c.status === 'resolved' && c.resolutionCount === resolution && !c.ratings.some((r) => r.forResolution === resolution);

/** The outbox id is the reminder's own: even two writers racing past the settle check could not file two. */
export const reminderOutboxId = (reminderId: string) => `satisfaction-reminder-${reminderId.replace('#', '-')}`;

/**
 * The satisfaction loop's one repeat: a member who has not rated a resolution within the configured
 * days (ComplaintPolicy.satisfaction.reminderAfterDays; the consumer schedules it from the `resolved`
 * event) gets one message-centre notice, pushed only if they hold a subscribe credit (the generic
 * dispatcher). The reminder is settled and its message written in one transaction, so a crash or a
 * second timer run never sends a second one. A case already rated, reopened or closed is settled silently.
 */
export const runSatisfactionReminders = async (deps: SatisfactionReminderDeps, budget = 100): Promise<SatisfactionReminderReport> => {
  const now = deps.clock.now();
  const report: SatisfactionReminderReport = { examined: 0, sent: 0, skipped: 0 };
  for (const due of await deps.reminders.dueReminders(now, budget)) {
    report.examined += 1;
    const c = await deps.store.get(due.complaintId);
    if (!c || !stillUnrated(c, due.resolution)) {
      if (await deps.reminders.settleReminder(due.id, { sentAt: now.toISOString(), skipped: c ? `status ${c.status}, rated or resolved again` : 'complaint not found' })) report.skipped += 1;
      continue;
    }
    const event = memberEvent(c, 'satisfactionReminder', now.toISOString(), '您的投诉已有处理结果，欢迎为本次处理评价');
    const [outbox] = outboxFromEvents([event], () => reminderOutboxId(due.id), now);
    if (await deps.reminders.settleReminder(due.id, { sentAt: now.toISOString(), outbox })) report.sent += 1;
  }
  return report;
};
