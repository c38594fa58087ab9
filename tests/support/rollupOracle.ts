import type { DashboardQuery } from '../../core/rollups/dashboard';
import { POLICIES, STAFF, monthOf, type Records } from './rollupData';

/**
 * The dashboard's figures counted directly over the records (no rollups, no shared code with
 * core/rollups beyond the documented definitions), for the property test to compare with.
 */
const UN = 'unassigned';
const minutes = (from: string, to: string) => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));

export const nearestRank = (xs: number[], p: number): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil(p * s.length)) - 1];
};
const dist = (xs: number[]) => ({ count: xs.length, medianMinutes: nearestRank(xs, 0.5), p90Minutes: nearestRank(xs, 0.9) });
const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
const teamOf = (h: string) => STAFF.find((s) => s.id === h)?.team ?? '';

export const directFigures = (recs: Records, q: DashboardQuery, months: string[]) => {
  const inPeriod = (at: string | undefined) => !!at && months.includes(monthOf(at));
  const received = { n: 0, category: new Map<string, number>(), grade: new Map<string, number>(), channel: new Map<string, number>(), product: new Map<string, number>() };
  const ack: number[] = [];
  const resolve: number[] = [];
  const slaH = new Map<string, { due: number; met: number }>();
  const slaT = new Map<string, { due: number; met: number }>();
  const sat = { resolved: 0, rated: 0, satisfied: 0 };
  for (const c of recs.complaints) {
    const product = POLICIES.find((p) => p.policyNo === c.policyNo)?.productCode ?? '';
    const owner = c.owner?.id ?? UN;
    const match = (handler: string) =>
      (q.category === undefined || c.category === q.category) &&
      (q.grade === undefined || c.grade.value === q.grade) &&
      (q.channel === undefined || c.channel === q.channel) &&
      (q.product === undefined || product === q.product) &&
      (q.handler === undefined || handler === q.handler) &&
      (q.team === undefined || (teamOf(handler) || 'none') === (q.team || 'none'));
    if (inPeriod(c.receivedAt) && match(owner)) {
      received.n += 1;
      bump(received.category, c.category);
      bump(received.grade, c.grade.value);
      bump(received.channel, c.channel);
      bump(received.product, product);
    }
    const ackEntry = c.timeline.find((e) => e.type === 'acknowledged');
    if (c.acknowledgedAt && inPeriod(c.acknowledgedAt) && match(ackEntry?.actor.kind === 'staff' ? ackEntry.actor.id : owner)) ack.push(minutes(c.receivedAt, c.acknowledgedAt));
    let start = c.receivedAt;
    let current: { at: string; handler: string } | undefined;
    for (const e of c.timeline) {
      if (e.type === 'reopened' || e.type === 'reviewStarted') start = e.at;
      if (e.type === 'resolved') {
        current = { at: e.at, handler: e.actor.kind === 'staff' ? e.actor.id : owner };
        if (inPeriod(e.at) && match(current.handler)) {
          sat.resolved += 1;
          resolve.push(minutes(start, e.at));
        }
      }
      if (e.type === 'rated' && current && inPeriod(current.at) && match(current.handler)) {
        sat.rated += 1;
        if (Number(e.data?.score) >= 4) sat.satisfied += 1;
      }
    }
    for (const d of c.deadlines) {
      const breached = c.breaches.some((b) => b.kind === d.kind && b.dueAt === d.dueAt);
      if (!breached && !d.metAt) continue;
      const inTime = !breached && d.metAt! <= d.dueAt;
      const handler = d.ownerId ?? owner;
      if (!inPeriod(inTime ? d.metAt : d.dueAt) || !match(handler)) continue;
      for (const [m, k] of [[slaH, handler], [slaT, teamOf(handler) || 'none']] as const) {
        const v = m.get(k) ?? { due: 0, met: 0 };
        v.due += 1;
        v.met += inTime ? 1 : 0;
        m.set(k, v);
      }
    }
  }
  const consult = { asked: 0, replied: 0, reply: [] as number[] };
  for (const c of recs.consultations) {
    if (inPeriod(c.receivedAt)) consult.asked += 1;
    const first = c.timeline.find((e) => (e.type === 'reply' || e.type === 'advisorReply') && e.actor.kind === 'staff');
    if (first && inPeriod(first.at)) {
      consult.replied += 1;
      consult.reply.push(minutes(c.receivedAt, first.at));
    }
  }
  const claims = { reported: 0, decided: 0, decision: { due: 0, met: 0 }, payment: { due: 0, met: 0 } };
  for (const c of recs.claims) {
    if (inPeriod(c.firstReceivedAt)) claims.reported += 1;
    if (inPeriod(c.decision?.decidedAt)) claims.decided += 1;
    for (const k of c.clocks) {
      if ((k.kind !== 'decision' && k.kind !== 'payment') || (!k.breachedAt && !k.metAt)) continue;
      const inTime = !k.breachedAt && k.metAt! <= k.dueAt;
      if (!inPeriod(inTime ? k.metAt : k.dueAt)) continue;
      claims[k.kind].due += 1;
      claims[k.kind].met += inTime ? 1 : 0;
    }
  }
  const bookings = { booked: 0, redeemed: 0, byBenefit: new Map<string, number>() };
  const touched = new Set<string>();
  for (const b of recs.bookings) {
    if (inPeriod(b.bookedAt)) {
      bookings.booked += 1;
      bump(bookings.byBenefit, b.benefitId);
      touched.add(b.benefitId);
    }
    if (inPeriod(b.usedAt)) {
      bookings.redeemed += 1;
      touched.add(b.benefitId);
    }
  }
  for (const id of touched) if (!bookings.byBenefit.has(id)) bookings.byBenefit.set(id, 0);
  return {
    received,
    acknowledge: dist(ack),
    resolve: dist(resolve),
    slaByHandler: slaH,
    slaByTeam: slaT,
    satisfaction: sat,
    consultations: { asked: consult.asked, replied: consult.replied, reply: dist(consult.reply) },
    claims,
    bookings,
  };
};
