import type { Booking } from '../benefits/model';
import type { Claim, ClaimClock } from '../claims/model';
import type { Consultation } from '../consultations/model';
import type { RollupDelta, RollupEvent } from './model';
import { FACTS, HISTS, minutesBetween, monthOf } from './facts';

/**
 * The other areas' domain events for the dashboard, under stable ids like the complaints'
 * (complaintEvents.ts): derived again from a later save, they keep their ids, so the consumer counts each once.
 */

const row = (dim: string, month: string, value: string, add: RollupDelta['add'], extra: Omit<RollupDelta, 'key' | 'add'> = {}): RollupDelta => ({ key: { month, dim, value }, add, ...extra });

/** Replies by staff, in customer service or from the advisor: the first one answers the question. */
const STAFF_REPLIES = new Set(['reply', 'advisorReply']);

/** Asked (month of receipt, per topic) and the first staff reply (its month, minutes from the ask). */
export const consultationRollupEvents = (c: Consultation): RollupEvent[] => {
  const events: RollupEvent[] = [{ id: `${c.id}|asked`, deltas: [row(FACTS.consultation, monthOf(c.receivedAt), c.topic, { asked: 1 })] }];
  const first = c.timeline.find((e) => STAFF_REPLIES.has(e.type) && e.actor.kind === 'staff');
  if (first)
    events.push({
      id: `${c.id}|firstReply`,
      deltas: [row(FACTS.consultation, monthOf(first.at), c.topic, { replied: 1 }, { minutes: { [HISTS.reply]: minutesBetween(c.receivedAt, first.at) } })],
    });
  return events;
};

/** Clock kinds the dashboard reports, and the counters they feed. */
const CLAIM_CLOCKS: Partial<Record<ClaimClock['kind'], { due: string; met: string }>> = {
  decision: { due: 'decisionDue', met: 'decisionMet' },
  payment: { due: 'paymentDue', met: 'paymentMet' },
};

/**
 * Reported (month of first receipt), decided (month of the decision), and each decision and payment
 * clock once settled: met (in time or late) or breached. One id per clock instance (kind + start), so a
 * clock breached and met late counts once, as missed; a cancelled clock never counts.
 */
export const claimRollupEvents = (c: Claim): RollupEvent[] => {
  const events: RollupEvent[] = [];
  const value = c.claimType;
  if (c.firstReceivedAt) events.push({ id: `${c.id}|reported`, deltas: [row(FACTS.claim, monthOf(c.firstReceivedAt), value, { reported: 1 })] });
  if (c.decision) events.push({ id: `${c.id}|decided`, deltas: [row(FACTS.claim, monthOf(c.decision.decidedAt), value, { decided: 1 })] });
  for (const k of c.clocks) {
    const names = CLAIM_CLOCKS[k.kind];
    if (!names || (!k.breachedAt && !k.metAt)) continue;
    const inTime = !k.breachedAt && !!k.metAt && k.metAt <= k.dueAt;
    events.push({
      id: `${c.id}|clock|${k.kind}|${k.startedAt}`,
      deltas: [row(FACTS.claim, monthOf(inTime ? k.metAt! : k.dueAt), value, { [names.due]: 1, [names.met]: inTime ? 1 : 0 })],
    });
  }
  return events;
};

/** Booked (month booked) and redeemed (month checked in), per benefit, carrying the benefit's name as booked. */
export const bookingRollupEvents = (b: Booking): RollupEvent[] => {
  const label = b.terms.name;
  const events: RollupEvent[] = [{ id: `${b.id}|booked`, deltas: [row(FACTS.booking, monthOf(b.bookedAt), b.benefitId, { booked: 1 }, { label })] }];
  if (b.usedAt) events.push({ id: `${b.id}|redeemed`, deltas: [row(FACTS.booking, monthOf(b.usedAt), b.benefitId, { redeemed: 1 }, { label })] });
  return events;
};
