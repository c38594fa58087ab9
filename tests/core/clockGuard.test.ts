import { HOLD_ALERT_TITLE, releaseDeadlineHold, runGuardedDeadlineTimer, type DeadlineTimerState, type DeadlineTimerStore } from '../../core/deadlines/clockGuard';
import type { DeadlineScanOptions, DeadlineWatch } from '../../core/deadlines/watch';
import type { StaffAlert } from '../../core/notifications/inbox';
import type { AuditDraft } from '../../core/audit/chain';
import { fixedClock } from '../../core/shared/ports';

/** IN-MEMORY TEST DOUBLES: an area whose scans record the given number of breaches, and the timer's state. */
const setup = () => {
  const clock = fixedClock('2026-11-25T02:00:00Z');
  let state: DeadlineTimerState = {};
  const timer: DeadlineTimerStore = { read: async () => state, write: async (s) => void (state = s) };
  const alerts: StaffAlert[] = [];
  const audit: AuditDraft[] = [];
  const seen: (DeadlineScanOptions | undefined)[] = [];
  let nextBreaches = 0;
  let escalated = 0;
  const watch: DeadlineWatch = {
    area: 'complaints',
    scan: async (_now, _budget, opts) => {
      seen.push(opts);
      const n = nextBreaches;
      const over = opts?.breachLimit !== undefined && n > opts.breachLimit;
      const held = opts?.holdEscalations || over;
      if (!held) escalated += n;
      return { examined: n, changed: n, warnings: 0, breaches: n, escalationsHeld: held ? n : 0, overBreachLimit: over };
    },
  };
  const deps = { timer, alerts: { addStaffAlert: async (a: StaffAlert) => void alerts.push(a) }, clock, supervisorId: async () => 'sup01' };
  const run = (breaches: number) => {
    nextBreaches = breaches;
    return runGuardedDeadlineTimer(deps, [watch]);
  };
  const release = () => releaseDeadlineHold({ timer, audit: { append: async (d) => void audit.push(d) }, clock }, { id: 'sup01', role: 'supervisor' }, '已核对系统时间，逐件处理');
  return { clock, run, release, alerts, audit, seen, state: () => state, escalated: () => escalated };
};

describe('the deadline timer behind the clock guard', () => {
  it('runs normally every 5 minutes, remembering when it last ran', async () => {
    const t = setup();
    expect(await t.run(3)).toMatchObject({ held: false, alerted: false, gapMs: undefined });
    t.clock.advance(5 * 60_000);
    expect(await t.run(4)).toMatchObject({ held: false, gapMs: 300_000 });
    expect(t.escalated()).toBe(7);
    expect(t.state()).toEqual({ lastRunAt: '2026-11-25T02:05:00.000Z' });
    expect(t.alerts).toEqual([]);
  });

  it('after a jump beyond the bound: records breaches, holds escalations, alerts once; the next normal run lifts the hold', async () => {
    const t = setup();
    await t.run(0);
    t.clock.advance(40 * 86_400_000);
    const jumped = await t.run(600);
    expect(jumped).toMatchObject({ held: true, alerted: true, hold: { reason: 'clockJump', gapMs: 40 * 86_400_000 } });
    expect(jumped.areas[0].report).toMatchObject({ breaches: 600, escalationsHeld: 600 });
    expect(t.escalated()).toBe(0);
    expect(t.alerts).toHaveLength(1);
    expect(t.alerts[0]).toMatchObject({ title: HOLD_ALERT_TITLE, kind: 'deadlineHold', ownerId: 'sup01' });
    // Still a flood five minutes later: still held, no second alert.
    t.clock.advance(5 * 60_000);
    expect(await t.run(200)).toMatchObject({ held: true, alerted: false });
    // A normal run (small gap, few breaches) is itself still held, and ends the hold for the next.
    t.clock.advance(5 * 60_000);
    expect(await t.run(2)).toMatchObject({ held: true, hold: undefined });
    t.clock.advance(5 * 60_000);
    expect(await t.run(2)).toMatchObject({ held: false });
    expect(t.escalated()).toBe(2);
    expect(t.alerts).toHaveLength(1);
  });

  it('treats a jump backwards the same way', async () => {
    const t = setup();
    await t.run(0);
    t.clock.advance(-3 * 3600_000);
    expect(await t.run(1)).toMatchObject({ held: true, alerted: true });
  });

  it('holds a scan that would record more breaches than the bound, even with a normal gap', async () => {
    const t = setup();
    await t.run(0);
    t.clock.advance(5 * 60_000);
    expect(await t.run(51)).toMatchObject({ held: true, alerted: true, hold: { reason: 'breachFlood', breaches: 51 } });
    expect(t.seen.at(-1)).toEqual({ holdEscalations: false, breachLimit: 50 });
    expect(t.escalated()).toBe(0);
  });

  it('a supervisor releases the hold (audited); the next run escalates even a large batch, once', async () => {
    const t = setup();
    await t.run(0);
    t.clock.advance(3 * 3600_000);
    await t.run(100);
    await t.release();
    expect(t.audit).toEqual([expect.objectContaining({ action: 'deadlines.releaseHold', actorId: 'sup01', actorRole: 'supervisor', subjectId: 'deadline-timer' })]);
    expect(t.state().hold).toBeUndefined();
    t.clock.advance(5 * 60_000);
    expect(await t.run(80)).toMatchObject({ held: false, alerted: false });
    expect(t.escalated()).toBe(80);
    await expect(t.release()).rejects.toMatchObject({ code: 'DEADLINES.NO_HOLD' });
  });
});
