import * as z from 'zod/mini';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';
import { releaseDeadlineHold } from '../../../../core/deadlines/clockGuard';
import { commonErrors } from '../../../../core/shared/errors';

const DAY_MS = 86_400_000;

export const alertsArea: StaffArea<AdminDeps> = {
  list: defineStaffAction({
    permission: 'alerts.read',
    input: z.strictObject({ since: z.optional(z.iso.datetime()) }),
    labels: { since: '起始时间' },
    // Without a starting point the page gets the last day's alerts, not the whole history.
    run: async (deps: AdminDeps, _who, { since }) => deps.inbox.recentStaffAlerts(since ?? new Date(deps.clock.now().getTime() - DAY_MS).toISOString(), 50),
  }),
  /** The deadline timer's state: whether automatic escalations are held after a clock jump, and why. */
  deadlineHold: defineStaffAction({
    permission: 'alerts.read',
    input: z.strictObject({}),
    run: async (deps: AdminDeps) => (deps.deadlineTimer ? deps.deadlineTimer.read() : {}),
  }),
  /** A supervisor has checked the clock and the breached cases: automatic escalation resumes (audited). */
  releaseDeadlineHold: defineStaffAction({
    permission: 'deadlines.releaseHold',
    input: z.strictObject({ note: z.string().check(z.trim(), z.minLength(2), z.maxLength(200)) }),
    labels: { note: '确认说明' },
    run: async (deps: AdminDeps, who, { note }) => {
      if (!deps.deadlineTimer) throw commonErrors.forbidden('deadline timer state not available here');
      return releaseDeadlineHold({ timer: deps.deadlineTimer, audit: deps.audit, clock: deps.clock }, who, note);
    },
  }),
};
