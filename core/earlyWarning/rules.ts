import type { DrilledComplaint } from './ports';
import { DAY_MS } from '../shared/shanghaiTime';

/**
 * The data rules beside the rise test. They are counts, not statistics: a member or a policy has no
 * history worth a baseline, and a handful of complaints on one of them is worth a look by itself.
 */

/**
 * Repeat complainant: the largest number of a member's complaints inside any `windowDays` window
 * ending at one of their complaints received in [weekFrom, weekTo), with that window's complaints.
 * The window ends at a complaint of the week so a member is alerted in the week their Nth complaint
 * arrives, not again every week after.
 */
export const repeatWindow = (complaints: readonly DrilledComplaint[], weekFrom: string, weekTo: string, windowDays: number): { count: number; complaints: DrilledComplaint[] } => {
  const sorted = [...complaints].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  let best: DrilledComplaint[] = [];
  for (const end of sorted) {
    if (end.receivedAt < weekFrom || end.receivedAt >= weekTo) continue;
    const endMs = Date.parse(end.receivedAt);
    const inside = sorted.filter((c) => {
      const t = Date.parse(c.receivedAt);
      return t <= endMs && t > endMs - windowDays * DAY_MS;
    });
    if (inside.length > best.length) best = inside;
  }
  return { count: best.length, complaints: best };
};

/** How many different members the complaints come from. */
export const distinctMembers = (complaints: readonly DrilledComplaint[]): number => new Set(complaints.map((c) => c.memberId)).size;
