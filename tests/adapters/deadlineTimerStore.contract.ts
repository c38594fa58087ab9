import type { AuditDraft } from '../../core/audit/chain';
import { releaseDeadlineHold, runGuardedDeadlineTimer, type DeadlineTimerState, type DeadlineTimerStore } from '../../core/deadlines/clockGuard';
import type { DeadlineWatch } from '../../core/deadlines/watch';
import type { StaffAlert } from '../../core/notifications/inbox';
import { fixedClock } from '../../core/shared/ports';

export interface DeadlineTimerStoreUnderTest {
  timer: DeadlineTimerStore;
  /** A second store over the same database: the admin function's, while `timer` is slaMonitor's. */
  other: DeadlineTimerStore;
  close?(): Promise<void> | void;
}

const hold = {
  since: '2026-11-25T08:00:00.000Z',
  reason: 'clockJump' as const,
  gapMs: 6 * 3600_000,
  breaches: 3,
  alertId: 'deadline-hold-2026-11-25T08:00:00.000Z',
};

/** What every DeadlineTimerStore does, whatever database is behind it. */
export const deadlineTimerStoreContract = (make: () => Promise<DeadlineTimerStoreUnderTest>) => {
  let s: DeadlineTimerStoreUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  it('reads an empty state before the first run ever', async () => {
    expect(await s.timer.read()).toStrictEqual({});
  });

  it('reads back what was written, hold and all, from any store over the same database', async () => {
    await s.timer.write({ lastRunAt: '2026-11-25T02:00:00.000Z' });
    expect(await s.timer.read()).toStrictEqual({ lastRunAt: '2026-11-25T02:00:00.000Z' });
    const held: DeadlineTimerState = { lastRunAt: '2026-11-25T08:00:00.000Z', hold };
    await s.timer.write(held);
    expect(await s.timer.read()).toStrictEqual(held);
    expect(await s.other.read()).toStrictEqual(held);
  });

  it('keeps a hold of every shape: a breach flood on the first run (no gap), a clock that went back (negative gap)', async () => {
    const flood: DeadlineTimerState = {
      lastRunAt: '2026-11-25T02:00:00.000Z',
      hold: { since: '2026-11-25T02:00:00.000Z', reason: 'breachFlood', gapMs: undefined, breaches: 80, alertId: 'deadline-hold-2026-11-25T02:00:00.000Z' },
    };
    await s.timer.write(flood);
    const read = await s.timer.read();
    expect(read).toEqual(flood);
    // An absent gap is absent, not null (the alert text and the admin page test for it).
    expect(read.hold).not.toHaveProperty('gapMs');
    const back: DeadlineTimerState = { lastRunAt: '2026-11-25T01:00:00.000Z', hold: { ...hold, gapMs: -3 * 3600_000 } };
    await s.timer.write(back);
    expect((await s.timer.read()).hold?.gapMs).toBe(-3 * 3600_000);
  });

  it('replaces the whole state on write: a hold or a release not written again is gone', async () => {
    await s.timer.write({ lastRunAt: '2026-11-25T08:00:00.000Z', hold });
    // A supervisor's release (from the admin function) drops the hold and marks the release.
    await s.other.write({ lastRunAt: '2026-11-25T08:00:00.000Z', releasedAt: '2026-11-25T08:10:00.000Z' });
    expect(await s.timer.read()).toStrictEqual({ lastRunAt: '2026-11-25T08:00:00.000Z', releasedAt: '2026-11-25T08:10:00.000Z' });
    // The next run writes only its time: the release is used once.
    await s.timer.write({ lastRunAt: '2026-11-25T08:15:00.000Z' });
    expect(await s.other.read()).toStrictEqual({ lastRunAt: '2026-11-25T08:15:00.000Z' });
    await s.timer.write({});
    expect(await s.timer.read()).toStrictEqual({});
  });

  it('carries the clock guard through a jump, a supervisor\'s release and the runs after it', async () => {
    const clock = fixedClock('2026-11-25T02:00:00Z');
    let breaches = 0;
    const watch: DeadlineWatch = {
      area: 'complaints',
      scan: async (_now, _budget, opts) => {
        const over = opts?.breachLimit !== undefined && breaches > opts.breachLimit;
        const held = Boolean(opts?.holdEscalations) || over;
        return { examined: breaches, changed: breaches, warnings: 0, breaches, escalationsHeld: held ? breaches : 0, overBreachLimit: over };
      },
    };
    const alerts: StaffAlert[] = [];
    const audit: AuditDraft[] = [];
    const run = (n: number) => {
      breaches = n;
      return runGuardedDeadlineTimer({ timer: s.timer, alerts: { addStaffAlert: async (a) => void alerts.push(a) }, clock }, [watch]);
    };

    expect(await run(1)).toMatchObject({ held: false, alerted: false });
    clock.advance(6 * 3600_000); // the timer did not run for six hours
    expect(await run(2)).toMatchObject({ held: true, alerted: true, hold: { reason: 'clockJump', gapMs: 6 * 3600_000 } });
    clock.advance(5 * 60_000);
    // Still held on the next run (read back from the store), and no second alert.
    breaches = 60;
    expect(await run(60)).toMatchObject({ held: true, alerted: false });
    expect(alerts).toHaveLength(1);
    expect((await s.other.read()).hold).toMatchObject({ reason: 'clockJump', alertId: alerts[0].id });

    // The supervisor releases it through the other store (the admin function).
    clock.advance(60_000);
    await releaseDeadlineHold({ timer: s.other, audit: { append: async (d) => void audit.push(d) }, clock }, { id: 'sup01', role: 'supervisor' }, '已核对系统时间');
    expect(await s.timer.read()).toStrictEqual({ lastRunAt: '2026-11-25T08:05:00.000Z', releasedAt: '2026-11-25T08:06:00.000Z' });
    await expect(
      releaseDeadlineHold({ timer: s.other, audit: { append: async (d) => void audit.push(d) }, clock }, { id: 'sup01', role: 'supervisor' }, 'again'),
    ).rejects.toMatchObject({ code: 'DEADLINES.NO_HOLD' });
    expect(audit).toHaveLength(1);

    // The next run escalates even its large batch, once; the one after is guarded again.
    clock.advance(4 * 60_000);
    expect(await run(60)).toMatchObject({ held: false, alerted: false });
    expect(await s.timer.read()).toStrictEqual({ lastRunAt: '2026-11-25T08:10:00.000Z' });
    clock.advance(5 * 60_000);
    expect(await run(60)).toMatchObject({ held: true, alerted: true, hold: { reason: 'breachFlood' } });
  });
};
