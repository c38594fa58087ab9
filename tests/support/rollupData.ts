import type { Booking } from '../../core/benefits/model';
import type { Claim } from '../../core/claims/model';
import type { Complaint, TimelineEntry } from '../../core/complaints/model';
import type { Consultation } from '../../core/consultations/model';
import type { FeedCursor } from '../../core/rollups/model';
import type { ChangeFeed } from '../../core/rollups/ports';
import { localDateOf } from '../../core/shared/shanghaiTime';

/**
 * Seeded random records of every area the rollups count (only the fields the rollups read), their
 * change feeds in memory, and the direct counts the dashboard's figures must equal
 * (tests/core/rollupProperty.test.ts, tests/functions/rollupKill.test.ts). fast-check is not installed:
 * a small seeded generator (mulberry32) keeps every run reproducible from its seed.
 */
export const rng = (seed: number) => {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
};
export type Rng = ReturnType<typeof rng>;

export const STAFF = [
  { id: 's1', displayName: '甲', team: '一组' },
  { id: 's2', displayName: '乙', team: '一组' },
  { id: 's3', displayName: '丙', team: '二组' },
  { id: 's4', displayName: '丁' },
];
export const POLICIES = [
  { policyNo: 'P-0001', productCode: 'PRD-A', salesChannel: 'bank', sellerId: 'S-1' },
  { policyNo: 'P-0002', productCode: 'PRD-A', salesChannel: 'agent', sellerId: 'S-2' },
  { policyNo: 'P-0003', productCode: 'PRD-B', salesChannel: 'agent', sellerId: 'S-2' },
];
/** P-0009 is named on complaints but unknown to the register. */
const POLICY_NOS = ['P-0001', 'P-0002', 'P-0003', 'P-0009'];
export const CATEGORIES = ['claims', 'sales', 'service', 'other'];
export const GRADES = ['ordinary', 'significant', 'major'];
export const CHANNELS = ['miniprogram', 'phone', 'web'];
const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5'];

/** Events fall in January–April 2026 (Shanghai); every save is older than NOW by far more than the settle delay. */
const START = Date.parse('2025-12-31T16:00:00.000Z');
const SPAN = Date.parse('2026-04-30T15:00:00.000Z') - START;
export const NOW = new Date('2026-06-01T00:00:00.000Z');
export const MONTHS = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];

const iso = (ms: number) => new Date(ms).toISOString();
/** Saves stay older than NOW (less a day): the consumer reads every one of them. */
const savedAt = (ms: number) => iso(Math.min(ms, NOW.getTime() - 86_400_000));
const MIN = 60_000;

const staffActor = (r: Rng): TimelineEntry['actor'] => (r.chance(0.1) ? { kind: 'system' } : { kind: 'staff', id: r.pick(STAFF).id, role: 'agent' });

const complaint = (r: Rng, i: number): Complaint => {
  const id = `c${String(i).padStart(5, '0')}`;
  let t = START + Math.floor(r.next() * SPAN);
  const receivedAt = iso(t);
  const timeline: TimelineEntry[] = [];
  let n = 0;
  const entry = (type: TimelineEntry['type'], actor: TimelineEntry['actor'], data?: Record<string, unknown>) =>
    timeline.push({ id: `${id}-e${n++}`, at: iso(t), type, actor, visibility: 'member', ...(data ? { data } : {}) });
  entry('submitted', { kind: 'member', id: 'm' });
  let acknowledgedAt: string | undefined;
  if (r.chance(0.75)) {
    t += r.int(0, 4000) * MIN + r.int(0, 59) * 1000;
    acknowledgedAt = iso(t);
    entry('acknowledged', staffActor(r));
    for (let cycle = r.int(0, 2), k = 0; k < cycle; k++) {
      if (k > 0) {
        t += r.int(1, 3000) * MIN;
        entry(r.chance(0.5) ? 'reopened' : 'reviewStarted', { kind: 'member', id: 'm' });
      }
      t += r.int(0, 20000) * MIN;
      entry('resolved', staffActor(r));
      if (r.chance(0.6)) {
        t += r.int(1, 5000) * MIN;
        entry('rated', { kind: 'member', id: 'm' }, { score: r.int(1, 5) });
      }
    }
  }
  const deadlines: Complaint['deadlines'] = [];
  const breaches: Complaint['breaches'] = [];
  for (const kind of ['acknowledge', 'resolve'] as const) {
    if (r.chance(0.2)) continue;
    const dueAt = iso(Date.parse(receivedAt) + r.int(60, 40000) * MIN);
    const metAt = r.chance(0.6) ? iso(Date.parse(dueAt) + r.int(-30000, 10000) * MIN) : undefined;
    deadlines.push({ kind, dueAt, provisional: false, paused: false, ...(r.chance(0.7) ? { ownerId: r.pick(STAFF).id } : {}), ...(metAt ? { metAt } : {}) });
    if ((!metAt || metAt > dueAt) && r.chance(0.6)) breaches.push({ kind, dueAt, at: dueAt });
  }
  const last = Math.max(t, ...deadlines.map((d) => Date.parse(d.metAt ?? d.dueAt)));
  return {
    id,
    receivedAt,
    category: r.pick(CATEGORIES),
    grade: { value: r.pick(GRADES), confirmed: true, greenChannel: false },
    channel: r.pick(CHANNELS),
    memberId: r.pick(MEMBERS),
    ...(r.chance(0.7) ? { policyNo: r.pick(POLICY_NOS) } : {}),
    ...(r.chance(0.75) ? { owner: { id: r.pick(STAFF).id, role: 'agent' } } : {}),
    ...(acknowledgedAt ? { acknowledgedAt } : {}),
    timeline,
    deadlines,
    breaches,
    updatedAt: savedAt(last + MIN),
  } as unknown as Complaint;
};

const consultation = (r: Rng, i: number): Consultation => {
  const id = `z${String(i).padStart(5, '0')}`;
  let t = START + Math.floor(r.next() * SPAN);
  const receivedAt = iso(t);
  const timeline: Consultation['timeline'] = [{ id: `${id}-0`, at: receivedAt, type: 'asked', actor: { kind: 'member', id: 'm' }, visibility: 'member' }];
  if (r.chance(0.3)) timeline.push({ id: `${id}-1`, at: iso((t += r.int(1, 600) * MIN)), type: 'followUp', actor: { kind: 'member', id: 'm' }, visibility: 'member' });
  if (r.chance(0.7))
    timeline.push({ id: `${id}-2`, at: iso((t += r.int(0, 5000) * MIN)), type: r.pick(['reply', 'advisorReply'] as const), actor: { kind: 'staff', id: 's1', role: 'agent' }, visibility: 'member' });
  if (r.chance(0.3)) timeline.push({ id: `${id}-3`, at: iso((t += r.int(1, 900) * MIN)), type: 'reply', actor: { kind: 'staff', id: 's2', role: 'agent' }, visibility: 'member' });
  return { id, receivedAt, topic: r.pick(['policy', 'claims', 'other']), timeline, updatedAt: savedAt(t + MIN) } as unknown as Consultation;
};

const claim = (r: Rng, i: number): Claim => {
  const id = `l${String(i).padStart(5, '0')}`;
  let t = START + Math.floor(r.next() * SPAN);
  const draft = r.chance(0.1);
  const firstReceivedAt = draft ? undefined : iso(t);
  const clocks: Claim['clocks'] = [];
  let decision: Claim['decision'];
  if (!draft) {
    for (const kind of ['target', 'decision', 'payment'] as const) {
      if (r.chance(0.25)) continue;
      const startedAt = iso(t + r.int(0, 100) * MIN);
      const dueAt = iso(Date.parse(startedAt) + r.int(1, 40) * 1440 * MIN);
      const fate = r.int(0, 4);
      const metAt = fate === 1 || fate === 2 ? iso(Date.parse(dueAt) + r.int(-30, 10) * 1440 * MIN) : undefined;
      const breachedAt = fate === 2 || fate === 3 ? (metAt && metAt <= dueAt ? undefined : dueAt) : undefined;
      const cancelledAt = fate === 4 && r.chance(0.5) ? dueAt : undefined;
      clocks.push({ kind, startedAt, dueAt, days: 30, warnAt: startedAt, provisional: false, pausedDays: 0, ...(metAt ? { metAt } : {}), ...(breachedAt ? { breachedAt } : {}), ...(cancelledAt ? { cancelledAt } : {}) });
    }
    if (r.chance(0.6)) decision = { kind: 'refuse', reasons: 'x', decidedAt: iso((t += r.int(1, 40000) * MIN)), decidedBy: { id: 's1', name: '甲', role: 'claimsHandler' }, letter: '' };
  }
  const last = Math.max(t, ...clocks.map((c) => Date.parse(c.metAt ?? c.dueAt)));
  return { id, claimType: r.pick(['medical', 'accident']), ...(firstReceivedAt ? { firstReceivedAt } : {}), ...(decision ? { decision } : {}), clocks, updatedAt: savedAt(last + MIN) } as unknown as Claim;
};

const booking = (r: Rng, i: number): Booking => {
  const id = `q${String(i).padStart(5, '0')}`;
  let t = START + Math.floor(r.next() * SPAN);
  const bookedAt = iso(t);
  const benefitId = r.pick(['b1', 'b2', 'b3']);
  const usedAt = r.chance(0.5) ? iso((t += r.int(60, 40000) * MIN)) : undefined;
  return { id, benefitId, terms: { name: `权益${benefitId}` }, bookedAt, ...(usedAt ? { usedAt } : {}), updatedAt: savedAt(t + MIN) } as unknown as Booking;
};

export interface Records {
  complaints: Complaint[];
  consultations: Consultation[];
  claims: Claim[];
  bookings: Booking[];
}

export const makeRecords = (seed: number, size: { complaints: number; consultations: number; claims: number; bookings: number }): Records => {
  const r = rng(seed);
  return {
    complaints: Array.from({ length: size.complaints }, (_, i) => complaint(r, i)),
    consultations: Array.from({ length: size.consultations }, (_, i) => consultation(r, i)),
    claims: Array.from({ length: size.claims }, (_, i) => claim(r, i)),
    bookings: Array.from({ length: size.bookings }, (_, i) => booking(r, i)),
  };
};

/** A change feed over records in memory, in (updatedAt, id) order, as the stores keep it. */
export const memoryFeed = <T extends { id: string; updatedAt: string }>(records: readonly T[]): ChangeFeed<T> => {
  const sorted = [...records].sort((a, b) => (a.updatedAt === b.updatedAt ? (a.id < b.id ? -1 : 1) : a.updatedAt < b.updatedAt ? -1 : 1));
  const after = (x: T, c: FeedCursor | undefined) => !c || x.updatedAt > c.at || (x.updatedAt === c.at && x.id > c.id);
  return { changedAfter: async (cursor, until, limit) => sorted.filter((x) => after(x, cursor) && x.updatedAt <= until).slice(0, limit) };
};

export const memoryPolicies = { listByNos: async (nos: string[]) => POLICIES.filter((p) => nos.includes(p.policyNo)) };
export const memoryStaff = { list: async () => STAFF as never[] };

export const monthOf = (at: string) => localDateOf(new Date(at)).slice(0, 7);

/** The kill test's data: small enough to finish after the kill quickly, large enough to be killed mid-way. */
export const KILL_SIZE = { complaints: 400, consultations: 60, claims: 60, bookings: 60 };
