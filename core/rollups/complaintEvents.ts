import type { Complaint, TimelineEntry } from '../complaints/model';
import type { RollupDelta, RollupEvent } from './model';
import { encodeTuple, FACTS, HISTS, minutesBetween, monthOf, UNASSIGNED, weeklyTable, weekOf, type ComplaintTuple, type WeeklyDim } from './facts';

/** What the policy register says about the policy a complaint names (looked up by the consumer). */
export interface PolicyFacts {
  productCode: string;
  salesChannel: string;
  sellerId: string;
}

/**
 * Event ids carry this prefix: the fact rows replaced the first per-slice rows, and a new prefix made
 * the consumer build them from the first complaint on (its cursor has a new feed name too).
 */
const V = 'v2:';

const fact = (month: string, t: ComplaintTuple, add: RollupDelta['add'], minutes?: RollupDelta['minutes']): RollupDelta => ({
  key: { month, dim: FACTS.complaint, value: encodeTuple(t) },
  add,
  ...(minutes ? { minutes } : {}),
});

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
    // The handler of a resolution: who sent the decision notice (a staff member), else the owner.
    const handler = e.actor.kind === 'staff' ? e.actor.id : c.owner?.id ?? UNASSIGNED;
    out.push({ n: out.length + 1, entry: e, handler, startedAt });
  }
  return out;
};

/** The week-grain received counts: one per dimension the complaint has a value for. */
const weeklyValues = (c: Complaint, p: PolicyFacts | undefined): Record<WeeklyDim, string | undefined> => ({
  category: c.category,
  product: p?.productCode,
  channel: c.channel,
  salesChannel: p?.salesChannel || undefined,
  seller: p?.sellerId || undefined,
  policy: c.policyNo || undefined,
  member: c.memberId,
});

/**
 * The domain events a complaint carries, each under a stable id, each counted with the complaint's
 * attributes (category, grade, channel, the policy's product) as the consumer first sees it:
 * - received (receipt month; the owner then, usually none yet) and acknowledged (with the minutes
 *   from receipt; the staff member who acknowledged);
 * - `resolved` and `rated` timeline entries (their own ids, given once when written); a rating counts
 *   for the resolution it rates, in that resolution's month and handler ("by resolution date");
 * - each deadline instance (kind + due time) once it came due: breached (the SLA mark, recorded once)
 *   or met. Both use one id, `<complaint>|deadline|<kind>|<due>`, so a deadline breached and met
 *   late counts once, as missed.
 * Deriving them again from a later save of the same complaint yields the same ids.
 */
export const complaintRollupEvents = (c: Complaint, reminderAfterDays: number, policy?: PolicyFacts): RollupEvent[] => {
  const events: RollupEvent[] = [];
  const tuple = (handler: string): ComplaintTuple => ({ category: c.category, grade: c.grade.value, channel: c.channel, product: policy?.productCode ?? '', handler });
  const owner = c.owner?.id ?? UNASSIGNED;

  const week = weekOf(c.receivedAt);
  const weekly: RollupDelta[] = Object.entries(weeklyValues(c, policy))
    .filter((e): e is [WeeklyDim, string] => !!e[1])
    .map(([dim, value]) => ({ key: { month: week, dim: weeklyTable(dim), value }, add: { received: 1 } }));
  events.push({ id: `${V}${c.id}|received`, deltas: [fact(monthOf(c.receivedAt), tuple(owner), { received: 1 }), ...weekly] });

  if (c.acknowledgedAt) {
    const ack = c.timeline.find((e) => e.type === 'acknowledged');
    const by = ack?.actor.kind === 'staff' ? ack.actor.id : owner;
    events.push({
      id: `${V}${c.id}|acknowledged`,
      deltas: [fact(monthOf(c.acknowledgedAt), tuple(by), { acknowledged: 1 }, { [HISTS.acknowledge]: minutesBetween(c.receivedAt, c.acknowledgedAt) })],
    });
  }

  const resolutions = resolutionsOf(c);
  for (const r of resolutions) {
    events.push({
      id: `${V}${r.entry.id}`,
      deltas: [fact(monthOf(r.entry.at), tuple(r.handler), { resolved: 1 }, { [HISTS.resolve]: minutesBetween(r.startedAt, r.entry.at) })],
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
    events.push({ id: `${V}${e.id}`, deltas: [fact(monthOf(r.entry.at), tuple(r.handler), { rated: 1, satisfied: satisfied ? 1 : 0 })] });
  }

  const ownerOf = (kind: string) => c.deadlines.find((d) => d.kind === kind)?.ownerId ?? owner;
  const deadlineId = (kind: string, dueAt: string) => `${V}${c.id}|deadline|${kind}|${dueAt}`;
  for (const b of c.breaches) events.push({ id: deadlineId(b.kind, b.dueAt), deltas: [fact(monthOf(b.dueAt), tuple(ownerOf(b.kind)), { deadlinesDue: 1 })] });
  const breached = new Set(c.breaches.map((b) => deadlineId(b.kind, b.dueAt)));
  for (const d of c.deadlines) {
    if (!d.metAt || breached.has(deadlineId(d.kind, d.dueAt))) continue;
    const inTime = d.metAt <= d.dueAt;
    // Counted in the month it was settled: met early counts when met.
    events.push({
      id: deadlineId(d.kind, d.dueAt),
      deltas: [fact(monthOf(inTime ? d.metAt : d.dueAt), tuple(d.ownerId ?? owner), { deadlinesDue: 1, deadlinesMet: inTime ? 1 : 0 })],
    });
  }
  return events;
};
