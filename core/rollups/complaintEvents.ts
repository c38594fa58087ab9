import type { Complaint, TimelineEntry } from '../complaints/model';
import { localDateOf } from '../shared/shanghaiTime';
import type { RollupDelta, RollupEvent, RollupKey } from './model';

/** The handler of a resolution: who sent the decision notice (a staff member), else the owner. */
const UNASSIGNED = 'unassigned';

const monthOf = (isoAt: string): string => localDateOf(new Date(isoAt)).slice(0, 7);

const keys = (month: string, handler: string, category?: string): RollupKey[] => [
  { month, dim: 'all', value: '' },
  { month, dim: 'handler', value: handler },
  ...(category ? [{ month, dim: 'category' as const, value: category }] : []),
];

const deltas = (ks: RollupKey[], add: RollupDelta['add']): RollupDelta[] => ks.map((key) => ({ key, add }));

/** Where each resolve cycle starts: receipt, then each reopening or review (they restart the company's work). */
const CYCLE_STARTS = new Set<TimelineEntry['type']>(['reopened', 'reviewStarted']);

interface Resolution {
  n: number;
  entry: TimelineEntry;
  handler: string;
  startedAt: string;
}

const resolutionsOf = (c: Complaint): Resolution[] => {
  const out: Resolution[] = [];
  let startedAt = c.receivedAt;
  for (const e of c.timeline) {
    if (CYCLE_STARTS.has(e.type)) startedAt = e.at;
    if (e.type !== 'resolved') continue;
    const handler = e.actor.kind === 'staff' ? e.actor.id : c.owner?.id ?? UNASSIGNED;
    out.push({ n: out.length + 1, entry: e, handler, startedAt });
  }
  return out;
};

/**
 * The domain events a complaint carries, each under a stable id:
 * - `resolved` and `rated` timeline entries (their own ids, given once when written); a rating counts
 *   for the resolution it rates, in that resolution's month, handler and category ("by resolution date");
 * - each deadline instance (kind + due time) once it came due: breached (the SLA mark, recorded once)
 *   or met. Both use one id, `<complaint>|deadline|<kind>|<due>`, so a deadline breached and met
 *   late counts once, as missed.
 * Deriving them again from a later save of the same complaint yields the same ids.
 */
export const complaintRollupEvents = (c: Complaint, reminderAfterDays: number): RollupEvent[] => {
  const events: RollupEvent[] = [];
  const resolutions = resolutionsOf(c);
  for (const r of resolutions) {
    const minutes = Math.max(0, Math.floor((Date.parse(r.entry.at) - Date.parse(r.startedAt)) / 60_000));
    events.push({
      id: r.entry.id,
      deltas: deltas(keys(monthOf(r.entry.at), r.handler, c.category), { resolved: 1, resolveMinute: minutes }),
      reminders: [
        { id: `${c.id}#${r.n}`, complaintId: c.id, resolution: r.n, dueAt: new Date(Date.parse(r.entry.at) + reminderAfterDays * 86_400_000).toISOString() },
      ],
    });
  }
  let seen = 0;
  for (const e of c.timeline) {
    if (e.type === 'resolved') seen += 1;
    if (e.type !== 'rated') continue;
    const r = resolutions[seen - 1];
    if (!r) continue;
    const satisfied = Number((e.data as { score?: number } | undefined)?.score ?? 0) >= 4;
    events.push({ id: e.id, deltas: deltas(keys(monthOf(r.entry.at), r.handler, c.category), { rated: 1, satisfied: satisfied ? 1 : 0 }) });
  }
  const ownerOf = (kind: string) => c.deadlines.find((d) => d.kind === kind)?.ownerId ?? c.owner?.id ?? UNASSIGNED;
  const deadlineId = (kind: string, dueAt: string) => `${c.id}|deadline|${kind}|${dueAt}`;
  for (const b of c.breaches) events.push({ id: deadlineId(b.kind, b.dueAt), deltas: deltas(keys(monthOf(b.dueAt), ownerOf(b.kind)), { deadlinesDue: 1 }) });
  const breached = new Set(c.breaches.map((b) => deadlineId(b.kind, b.dueAt)));
  for (const d of c.deadlines) {
    if (!d.metAt || breached.has(deadlineId(d.kind, d.dueAt))) continue;
    const inTime = d.metAt <= d.dueAt;
    // Counted in the month it was settled: met early counts when met.
    events.push({ id: deadlineId(d.kind, d.dueAt), deltas: deltas(keys(monthOf(inTime ? d.metAt : d.dueAt), d.ownerId ?? c.owner?.id ?? UNASSIGNED), { deadlinesDue: 1, deadlinesMet: inTime ? 1 : 0 }) });
  }
  return events;
};
