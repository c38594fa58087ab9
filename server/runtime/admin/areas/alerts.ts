import { z } from 'zod';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

const DAY_MS = 86_400_000;

export const alertsArea: StaffArea<AdminDeps> = {
  list: defineStaffAction({
    permission: 'alerts.read',
    input: z.strictObject({ since: z.iso.datetime().optional() }),
    labels: { since: '起始时间' },
    // Without a starting point the page gets the last day's alerts, not the whole history.
    run: async (deps: AdminDeps, _who, { since }) => deps.inbox.recentStaffAlerts(since ?? new Date(deps.clock.now().getTime() - DAY_MS).toISOString(), 50),
  }),
};
