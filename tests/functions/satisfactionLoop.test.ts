import { reminderOutboxId, runSatisfactionReminders } from '../../core/complaints/satisfactionReminder';
import { dispatchOutbox } from '../../core/notifications/dispatcher';
import { defaultComplaintPolicy } from '../../core/complaints/policy';
import { harness } from '../support/localHarness';
import { acknowledge, outboxTopics, rate, resolve, submit, tick } from '../support/satisfactionSeed';

/**
 * The satisfaction loop on the real 2026 calendar with an injected clock: a case resolved on Tuesday
 * 29 September (Shanghai) is owed its one reminder three days later, on 2 October, inside the National
 * Day holiday (a reminder is a message, not a working-day deadline: it is not moved).
 */
const REMINDER = 'complaints.satisfactionReminder';
const days = defaultComplaintPolicy.satisfaction.reminderAfterDays;

describe('satisfaction reminder', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness('2026-09-28T01:00:00Z');
  });
  afterEach(() => h.close());

  const resolvedCase = async (openid: string) => {
    const c = await submit(h, openid);
    h.clock.set('2026-09-28T03:00:00Z');
    await acknowledge(h, c.id, 'staff-agent-01');
    h.clock.set('2026-09-29T02:00:00Z'); // 10:00 on 29 September in Shanghai
    await resolve(h, c.id, 'staff-agent-01');
    return c;
  };

  it('sends exactly one reminder N days after the resolution, whatever the number of timer runs', async () => {
    const c = await resolvedCase('openid-reminder-1');
    expect(days).toBeGreaterThan(0);
    // Just before the N days are up: the consumer has scheduled it, nothing is sent.
    h.clock.set(new Date(Date.parse('2026-09-29T02:00:00Z') + days * 86_400_000 - 60_000).toISOString());
    for (let run = 0; run < 4; run++) await tick(h, run);
    expect(outboxTopics(h, c.id).filter((t) => t === REMINDER)).toHaveLength(0);
    h.clock.advance(2 * 60_000);
    for (let run = 0; run < 4; run++) await tick(h, run);
    expect(outboxTopics(h, c.id).filter((t) => t === REMINDER)).toHaveLength(1);
    // Days later, many runs later: still one.
    for (let day = 0; day < 5; day++) {
      h.clock.advance(86_400_000);
      await tick(h, day);
    }
    expect(outboxTopics(h, c.id).filter((t) => t === REMINDER)).toHaveLength(1);

    // Through the generic notifications: a message-centre notice; no push without a subscribe credit.
    const report = await dispatchOutbox(h.system.notify);
    expect(report.skipped).toBeGreaterThanOrEqual(1);
    const messages = await h.system.admin.inbox.listMemberMessages(c.memberId, 20);
    const reminder = messages.filter((m) => m.id === reminderOutboxId(`${c.id}#1`));
    expect(reminder).toHaveLength(1);
    expect(reminder[0].title).toBe(`请评价投诉处理结果 · ${c.number}`);
    expect(reminder[0].page).toContain(c.id);
  });

  it('two timers racing, or a run repeated after a crash, still send one', async () => {
    const c = await resolvedCase('openid-reminder-2');
    h.clock.set('2026-10-03T00:00:00Z');
    await tick(h, 2); // the consumer schedules it (and may already send it)
    const deps = { store: h.system.complaints.store, reminders: h.system.rollupDeps.rollups, clock: h.clock };
    const both = await Promise.all([runSatisfactionReminders(deps), runSatisfactionReminders(deps), tick(h, 3)]);
    expect(outboxTopics(h, c.id).filter((t) => t === REMINDER)).toHaveLength(1);
    expect(both[0].sent + both[1].sent).toBeLessThanOrEqual(1);
    // A crash after the settle committed leaves the reminder settled: the next run finds nothing owed.
    expect(await h.system.rollupDeps.rollups.settleReminder(`${c.id}#1`, { sentAt: h.clock.now().toISOString() })).toBe(false);
  });

  it('does not remind a member who rated in time (the owed reminder is settled silently)', async () => {
    const rated = await resolvedCase('openid-reminder-3');
    h.clock.set('2026-09-30T01:00:00Z');
    await rate(h, 'openid-reminder-3', rated.id, 3);
    h.clock.set('2026-10-06T00:00:00Z');
    for (let run = 0; run < 4; run++) await tick(h, run);
    expect(outboxTopics(h, rated.id)).not.toContain(REMINDER);
    expect(h.system.db.prepare('SELECT outcome FROM satisfaction_reminders WHERE complaint_id = ?').get(rated.id)).toMatchObject({ outcome: expect.stringMatching(/^skipped/) });
  });

  it('holds the reminder while the clock guard holds the timer, and sends it once released', async () => {
    const c = await resolvedCase('openid-reminder-5');
    h.clock.set('2026-10-03T00:00:00Z');
    const complaintsWatch = h.system.deadlineWatches.find((w) => w.area === 'complaints')!;
    const held = await complaintsWatch.scan(h.clock.now(), 400, { holdEscalations: true });
    expect(held.extra).toMatchObject({ 'satisfactionReminders.held': 1, 'rollups.applied': expect.any(Number) });
    h.clock.advance(5 * 60_000);
    await complaintsWatch.scan(h.clock.now(), 400, { holdEscalations: true });
    expect(outboxTopics(h, c.id)).not.toContain(REMINDER);
    const released = await complaintsWatch.scan(h.clock.now(), 400, {});
    expect(released.extra).toMatchObject({ 'satisfactionReminders.sent': 1 });
    expect(outboxTopics(h, c.id).filter((t) => t === REMINDER)).toHaveLength(1);
  });

  it('takes the reminder days from the complaint policy (data)', async () => {
    const c = await resolvedCase('openid-reminder-4');
    h.system.rollupDeps.policy.satisfaction.reminderAfterDays = 1;
    try {
      h.clock.set('2026-09-30T02:05:00Z');
      for (let run = 0; run < 4; run++) await tick(h, run);
      expect(outboxTopics(h, c.id).filter((t) => t === REMINDER)).toHaveLength(1);
    } finally {
      h.system.rollupDeps.policy.satisfaction.reminderAfterDays = days;
    }
  });
});
