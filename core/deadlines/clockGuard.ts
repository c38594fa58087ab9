import type { AuditDraft } from '../audit/chain';
import type { StaffAlert } from '../notifications/inbox';
import type { Clock } from '../shared/ports';
import { DomainError } from '../shared/errors';
import { runDeadlineWatches, type DeadlineWatch, type DeadlineWatchRun } from './watch';

/**
 * Guard against a clock jump (or a timer that did not run for a long time): when the gap since the
 * last run, or the number of breaches one scan would record, is beyond a bound, breaches are still
 * recorded but automatic escalations are held and supervisors get one alert. The hold lasts until a
 * supervisor releases it (audited) or a run that is normal again (gap and breaches within bounds).
 * Cases breached while the hold was on are not escalated afterwards: staff confirm them by hand.
 */
export const CLOCK_GUARD_POLICY = {
  /** The timer runs every 5 minutes; a gap beyond this (either direction) is a jump or an outage. */
  maxGapMs: 2 * 3600_000,
  /** More breaches than this in one scan holds that scan's escalations. */
  maxBreachesPerScan: 50,
} as const;

export type ClockGuardPolicy = { maxGapMs: number; maxBreachesPerScan: number };

export const HOLD_ALERT_TITLE = '时钟跳变/长时间未运行，自动升级已暂停，请人工确认';

export interface DeadlineHold {
  since: string;
  reason: 'clockJump' | 'breachFlood';
  /** What tripped it, for the alert and the audit. */
  gapMs?: number;
  breaches?: number;
  alertId: string;
}

export interface DeadlineTimerState {
  lastRunAt?: string;
  hold?: DeadlineHold;
  /** Set by a supervisor's release: the next run escalates even a large batch of breaches (once). */
  releasedAt?: string;
}

/** The timer's own small state (one record). */
export interface DeadlineTimerStore {
  read(): Promise<DeadlineTimerState>;
  write(state: DeadlineTimerState): Promise<void>;
}

export interface ClockGuardDeps {
  timer: DeadlineTimerStore;
  alerts: { addStaffAlert(a: StaffAlert): Promise<void> };
  clock: Clock;
  /** The supervisor the alert is addressed to (the same one escalations go to), if any. */
  supervisorId?: () => Promise<string | undefined>;
  policy?: ClockGuardPolicy;
}

export interface GuardedRun {
  areas: DeadlineWatchRun[];
  /** Milliseconds since the last run (undefined on the first run ever). */
  gapMs?: number;
  held: boolean;
  hold?: DeadlineHold;
  /** True when this run raised the hold's alert. */
  alerted: boolean;
}

const escalationsHeld = (areas: DeadlineWatchRun[]) => areas.reduce((n, a) => n + (a.report?.escalationsHeld ?? 0), 0);

/** One run of the deadline timer behind the clock guard (what slaMonitor and the local timer call). */
export const runGuardedDeadlineTimer = async (
  deps: ClockGuardDeps,
  watches: readonly DeadlineWatch[],
  opts: { budget?: number; run?: number } = {},
): Promise<GuardedRun> => {
  const policy = deps.policy ?? CLOCK_GUARD_POLICY;
  const now = deps.clock.now();
  const state = await deps.timer.read();
  const gapMs = state.lastRunAt ? now.getTime() - Date.parse(state.lastRunAt) : undefined;
  const jumped = gapMs !== undefined && Math.abs(gapMs) > policy.maxGapMs;
  const holdOn = Boolean(state.hold) || jumped;
  const areas = await runDeadlineWatches(watches, now, {
    ...opts,
    scan: { holdEscalations: holdOn, breachLimit: state.releasedAt ? undefined : policy.maxBreachesPerScan },
  });
  const breaches = areas.reduce((n, a) => n + (a.report?.breaches ?? 0), 0);
  const flooded = areas.some((a) => a.report?.overBreachLimit) || breaches > policy.maxBreachesPerScan;

  let hold = state.hold;
  let alerted = false;
  if (!hold && (jumped || (flooded && !state.releasedAt))) {
    const since = now.toISOString();
    hold = { since, reason: jumped ? 'clockJump' : 'breachFlood', gapMs, breaches, alertId: `deadline-hold-${since}` };
    const gapText = gapMs === undefined ? '' : `距上次运行 ${Math.round(gapMs / 3600_000)} 小时；`;
    await deps.alerts.addStaffAlert({
      id: hold.alertId,
      area: 'deadlines',
      kind: 'deadlineHold',
      subjectId: 'deadline-timer',
      number: '时限监控',
      title: HOLD_ALERT_TITLE,
      ownerId: await deps.supervisorId?.(),
      summary: `${gapText}本次记录超时 ${breaches} 件，暂缓自动升级 ${escalationsHeld(areas)} 件。请主管核对系统时间与超时案件后，在管理端解除暂停。`,
      createdAt: since,
    });
    alerted = true;
  } else if (hold && !jumped && !flooded) {
    // A normal run (gap and breaches within bounds) ends the hold for the runs after it.
    hold = undefined;
  }
  await deps.timer.write({ lastRunAt: now.toISOString(), ...(hold ? { hold } : {}) });
  return { areas, gapMs, held: holdOn || escalationsHeld(areas) > 0, hold, alerted };
};

export const deadlineHoldErrors = {
  noHold: () => new DomainError('DEADLINES.NO_HOLD', '当前没有暂停的自动升级', 'no deadline escalation hold to release'),
};

/**
 * A supervisor confirms the clock and the breached cases and releases the hold: audited, and the next
 * run escalates normally (even a large batch, once).
 */
export const releaseDeadlineHold = async (
  deps: { timer: DeadlineTimerStore; audit: { append(d: AuditDraft): Promise<unknown> }; clock: Clock },
  who: { id: string; role: string },
  note: string,
): Promise<DeadlineTimerState> => {
  const state = await deps.timer.read();
  if (!state.hold) throw deadlineHoldErrors.noHold();
  const next: DeadlineTimerState = { ...(state.lastRunAt ? { lastRunAt: state.lastRunAt } : {}), releasedAt: deps.clock.now().toISOString() };
  await deps.audit.append({
    actorId: who.id,
    actorRole: who.role,
    action: 'deadlines.releaseHold',
    subjectType: 'deadlineTimer',
    subjectId: 'deadline-timer',
    detail: { hold: state.hold, note },
  });
  await deps.timer.write(next);
  return next;
};
