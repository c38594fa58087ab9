import * as z from 'zod/mini';
import { importHolidayNotice, listHolidayNotices } from '../../../../core/calendar/importNotice';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

export const calendarArea: StaffArea<AdminDeps> = {
  notices: defineStaffAction({
    permission: 'calendar.read',
    input: z.strictObject({}),
    run: (deps: AdminDeps, who) => listHolidayNotices(deps.holidays, who),
  }),
  import: defineStaffAction({
    permission: 'calendar.import',
    // The notice is parsed by the use case itself, which `npm run calendar` also calls directly.
    input: z.unknown(),
    run: (deps: AdminDeps, who, notice) => importHolidayNotice(deps.holidays, who, notice),
  }),
};
