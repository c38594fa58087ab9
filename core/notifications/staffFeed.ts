import type { Permission } from '../staff/permissions';
import type { NotificationArea } from './areas';
import type { StaffAlert } from './inbox';

/**
 * The whole feed as its readers (alerts.read) see it: an addressed area's alert (areas.ts) is its
 * owner's alone and is left out for everyone else; an area with a read permission shows only to readers
 * who hold it (`may`); any other alert is shown to every reader.
 */
export const visibleAlerts = (
  alerts: readonly StaffAlert[],
  areas: readonly NotificationArea[],
  staffId: string,
  may: (permission: Permission) => boolean = () => true,
): StaffAlert[] => {
  const addressed = new Set(areas.filter((a) => a.addressed).map((a) => a.area));
  const barred = new Set(areas.filter((a) => a.readPermission && !may(a.readPermission)).map((a) => a.area));
  return alerts.filter((a) => (!addressed.has(a.area) || a.ownerId === staffId) && !barred.has(a.area));
};

/** Alerts from several reads, each once, newest first. */
export const newestFirst = (alerts: readonly StaffAlert[]): StaffAlert[] =>
  [...new Map(alerts.map((a) => [a.id, a])).values()].sort((x, y) => y.createdAt.localeCompare(x.createdAt) || y.id.localeCompare(x.id));
