/**
 * The sampling frame: which handled cases of a month each area offers for inspection, as FrameCase rows
 * (numbers, staff and facts; no personal data). A case belongs to the month it was closed in: a complaint's
 * last resolution (or its closing), a consultation's last answer when it is answered or closed, a claim's
 * decision reaching the member. Open cases wait for a later month.
 */
import type { Claim } from '../claims/model';
import type { Complaint } from '../complaints/model';
import type { Consultation } from '../consultations/model';
import { localDateOf } from '../shared/shanghaiTime';
import type { FrameCase, QualityArea } from './model';

const monthOf = (iso: string) => localDateOf(new Date(iso)).slice(0, 7);
const UNASSIGNED = 'unassigned';

export const complaintFrameCase = (c: Complaint): FrameCase | undefined => {
  if (c.status !== 'resolved' && c.status !== 'closed') return undefined;
  const resolved = [...c.timeline].reverse().find((e) => e.type === 'resolved');
  const closedAt = resolved?.at ?? c.closedAt ?? c.resolvedAt;
  if (!closedAt) return undefined;
  const rated = [...c.timeline].reverse().find((e) => e.type === 'rated');
  const score = Number((rated?.data as { score?: number } | undefined)?.score);
  return {
    area: 'complaints',
    id: c.id,
    number: c.number,
    handlerId: resolved?.actor.kind === 'staff' ? resolved.actor.id : c.owner?.id ?? UNASSIGNED,
    grade: c.grade.value,
    type: c.category,
    closedAt,
    ...(Number.isFinite(score) && score > 0 ? { rating: score } : {}),
    breached: c.breaches.length > 0,
    reviewRequested: c.timeline.some((e) => e.type === 'reviewRequested'),
  };
};

export const consultationFrameCase = (c: Consultation): FrameCase | undefined => {
  if (c.status !== 'answered' && c.status !== 'closed') return undefined;
  const met = c.steps.filter((s) => s.metAt).sort((a, b) => (a.metAt! < b.metAt! ? -1 : 1));
  const last = met.at(-1);
  if (!last) return undefined;
  return {
    area: 'consultations',
    id: c.id,
    number: c.number,
    handlerId: last.ownerId ?? c.advisor?.id ?? c.owner?.id ?? UNASSIGNED,
    type: c.topic,
    closedAt: last.metAt!,
    ...(c.rating ? { rating: c.rating.score } : {}),
    breached: c.steps.some((s) => s.breachedAt),
    reviewRequested: false,
  };
};

export const claimFrameCase = (c: Claim): FrameCase | undefined => {
  const d = c.decision;
  const closedAt = d?.kind === 'refuse' ? d.decidedAt : d?.offeredAt;
  if (!d || !closedAt || !c.number) return undefined;
  return {
    area: 'claims',
    id: c.id,
    number: c.number,
    handlerId: d.decidedBy.id,
    type: c.claimType,
    closedAt,
    breached: c.clocks.some((k) => k.breachedAt),
    // A dispute turned into a complaint is the claim's review request.
    reviewRequested: Boolean(c.complaint),
  };
};

/** A change feed in (updatedAt, id) order, as each area's store offers it to the rollups. */
export type ChangeFeed<T> = (cursor: { at: string; id: string } | undefined, until: string, limit: number) => Promise<T[]>;

/**
 * The month's frame from an area's change feed: everything saved since the month began (a case closed in
 * the month was saved then or later), kept when it closed within the month. Bounded by `max` rows read.
 */
export const frameFromFeed = async <T extends { id: string; updatedAt: string }>(
  feed: ChangeFeed<T>,
  toCase: (r: T) => FrameCase | undefined,
  period: string,
  until: string,
  max = 200_000,
): Promise<FrameCase[]> => {
  const [y, m] = period.split('-').map(Number);
  // The month's first instant in Shanghai (UTC+8).
  const start = new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000).toISOString();
  const out = new Map<string, FrameCase>();
  let cursor: { at: string; id: string } | undefined = { at: start, id: '' };
  for (let read = 0; read < max; ) {
    const page = await feed(cursor, until, 500);
    if (!page.length) break;
    read += page.length;
    for (const r of page) {
      const c = toCase(r);
      if (c && monthOf(c.closedAt) === period) out.set(c.id, c);
      else out.delete(r.id);
      cursor = { at: r.updatedAt, id: r.id };
    }
  }
  return [...out.values()];
};

export const AREA_FRAME_CASES: { [A in QualityArea]: (r: never) => FrameCase | undefined } = {
  complaints: complaintFrameCase as (r: never) => FrameCase | undefined,
  consultations: consultationFrameCase as (r: never) => FrameCase | undefined,
  claims: claimFrameCase as (r: never) => FrameCase | undefined,
};
