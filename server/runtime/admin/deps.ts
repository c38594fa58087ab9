import type { CalendarDeps } from '../../../core/calendar/importNotice';
import type { StaffComplaintDeps } from '../../../core/complaints/staffUseCases';
import type { InboxStore } from '../../../core/notifications/inbox';
import type { StaffAuthDeps } from '../../../core/staff/auth';

/** What the admin API runs on: the same shape on the local gateway and in the admin cloud function. */
export type AdminDeps = StaffComplaintDeps & StaffAuthDeps & { inbox: InboxStore; holidays: CalendarDeps };
