import * as z from 'zod/mini';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';
import { releaseDeadlineHold } from '../../../../core/deadlines/clockGuard';
import { commonErrors } from '../../../../core/shared/errors';
import { newestFirst, visibleAlerts } from '../../../../core/notifications/staffFeed';
import { NOTIFICATION_AREAS } from '../../notificationAreas';
import { can } from '../../../../core/staff/permissions';

const DAY_MS = 86_400_000;

/**
 * How many the page gets. The whole feed is read a few pages deep, since other people's addressed alerts
 * are left out of it; the caller's own come from their own index range, so none is crowded out.
 */
const PAGE = 50;
const SCAN = 200;

// Without a starting point the page gets the last day's alerts, not the whole history.
const startOf = (deps: AdminDeps, since: string | undefined) => since ?? new Date(deps.clock.now().getTime() - DAY_MS).toISOString();

export const alertsArea: StaffArea<AdminDeps> = {
  list: defineStaffAction({
    permission: 'alerts.read',
    input: z.strictObject({ since: z.optional(z.iso.datetime()) }),
    labels: { since: '起始时间' },
    run: async (deps: AdminDeps, who, { since }) => {
      const from = startOf(deps, since);
      const [all, mine] = await Promise.all([deps.inbox.recentStaffAlerts(from, SCAN), deps.inbox.recentStaffAlertsFor(who.id, from, PAGE)]);
      return newestFirst([...visibleAlerts(all, NOTIFICATION_AREAS, who.id, (p) => can(who.role, p)), ...mine]).slice(0, PAGE);
    },
  }),
  /** Only the alerts addressed to the caller (ledger deadlines, new 风险预警 …), for every role that may own a ledger item. */
  mine: defineStaffAction({
    permission: 'alerts.mine',
    input: z.strictObject({ since: z.optional(z.iso.datetime()) }),
    labels: { since: '起始时间' },
    run: async (deps: AdminDeps, who, { since }) => deps.inbox.recentStaffAlertsFor(who.id, startOf(deps, since), PAGE),
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
