import type { ComplaintStore } from '../../core/complaints/ports';
import type { OutboxStore } from '../../core/notifications/ports';
import { outboxFromEvents } from '../../core/notifications/outbox';
import { memberEvent } from '../../core/complaints/events';
import type { RollupEvent, RollupRow } from '../../core/rollups/model';
import type { BookingChangeFeed, ClaimChangeFeed, ComplaintChangeFeed, ConsultationChangeFeed, RollupStore, SatisfactionReminderStore } from '../../core/rollups/ports';
import { ctxAt, sampleComplaint } from '../support/fixtures';

export interface RollupStoreUnderTest {
  rollups: RollupStore & SatisfactionReminderStore;
  feed: ComplaintChangeFeed;
  complaints: ComplaintStore;
  outbox: OutboxStore;
  /** The other areas' feeds, and a raw write of a record as its own store keeps it (only the fields a feed returns matter). */
  feeds: { consultations: ConsultationChangeFeed; claims: ClaimChangeFeed; bookings: BookingChangeFeed };
  put(area: 'consultations' | 'claims' | 'bookings', record: { id: string; updatedAt: string } & Record<string, unknown>): Promise<void>;
  close?(): Promise<void> | void;
}

/** What every rollup store does, whatever database is behind it (tests/adapters/rollupStore.test.ts runs it on each). */
export const rollupStoreContract = (make: () => Promise<RollupStoreUnderTest>) => {
  let s: RollupStoreUnderTest;
  // Unique per run (the opt-in real-CloudBase run keeps earlier data): a feed name and a year of its own.
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const year = String(2100 + Math.floor(Math.random() * 800));
  const month = (m: number) => `${year}-${String(m).padStart(2, '0')}`;
  const feed = `test-${run}`;
  type Add = Record<string, number> & { resolveMinute?: number };
  const ev = (id: string, m: number, { resolveMinute, ...add }: Add, handler = 'staff-a'): RollupEvent => {
    const minutes = resolveMinute === undefined ? {} : { minutes: { resolve: resolveMinute } };
    return {
      id: `${run}:${id}`,
      deltas: [
        { key: { month: month(m), dim: 'all', value: '' }, add, ...minutes },
        { key: { month: month(m), dim: 'handler', value: handler }, add, ...minutes },
      ],
    };
  };
  const byKey = (rows: RollupRow[]) => Object.fromEntries(rows.map((r) => [`${r.month}|${r.dim}|${r.value}`, r.counters]));

  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  it('has no cursor before the first consume, then the last one written', async () => {
    expect(await s.rollups.cursor(feed)).toBeUndefined();
    await s.rollups.consume({ feed, cursor: { at: '2026-03-02T01:00:00.000Z', id: 'c1' }, events: [] });
    await s.rollups.consume({ feed, cursor: { at: '2026-03-02T02:00:00.000Z', id: 'c0' }, events: [] });
    expect(await s.rollups.cursor(feed)).toEqual({ at: '2026-03-02T02:00:00.000Z', id: 'c0' });
  });

  it('adds each event once: counters, minute histogram, and nothing more when the same events come again', async () => {
    const events = [
      ev('r1', 3, { resolved: 1, resolveMinute: 120 }),
      ev('r2', 3, { resolved: 1, resolveMinute: 120 }, 'staff-b'),
      ev('r3', 4, { resolved: 1, resolveMinute: 45 }),
      ev('t1', 3, { rated: 1, satisfied: 1 }),
      ev('d1', 3, { deadlinesDue: 1, deadlinesMet: 1 }),
    ];
    expect(await s.rollups.consume({ feed, cursor: { at: 'a', id: '1' }, events })).toEqual({ applied: 5, skipped: 0 });
    const first = byKey(await s.rollups.read([month(3), month(4)]));
    expect(first[`${month(3)}|all|`]).toEqual({ counts: { resolved: 2, rated: 1, satisfied: 1, deadlinesDue: 1, deadlinesMet: 1 }, hists: { resolve: { '120': 2 } } });
    expect(first[`${month(3)}|handler|staff-b`]).toEqual({ counts: { resolved: 1 }, hists: { resolve: { '120': 1 } } });
    expect(first[`${month(4)}|handler|staff-a`]).toEqual({ counts: { resolved: 1 }, hists: { resolve: { '45': 1 } } });

    // Again, and again mixed with one new event (and that one twice in the batch): only the new one counts.
    expect(await s.rollups.consume({ feed, cursor: { at: 'b', id: '1' }, events })).toEqual({ applied: 0, skipped: 5 });
    const fresh = ev('t2', 3, { rated: 1 });
    expect(await s.rollups.consume({ feed, cursor: { at: 'c', id: '1' }, events: [...events, fresh, fresh] })).toEqual({ applied: 1, skipped: 6 });
    const after = byKey(await s.rollups.read([month(3), month(4)]));
    expect(after[`${month(3)}|all|`]).toEqual({ ...first[`${month(3)}|all|`], counts: { ...first[`${month(3)}|all|`].counts, rated: 2 } });
    expect(after[`${month(4)}|handler|staff-a`]).toEqual(first[`${month(4)}|handler|staff-a`]);
    // Only the months asked for.
    expect((await s.rollups.read([month(4)])).every((r) => r.month === month(4))).toBe(true);
    expect(await s.rollups.read([])).toEqual([]);
  });

  it('schedules reminders with their event, lists those due in time order, and settles each exactly once', async () => {
    const ctx = ctxAt('2026-03-02T01:00:00Z');
    const c = sampleComplaint(ctx, { id: `c-${run}-r`, memberId: `m-${run}` });
    const rem = (n: number, dueAt: string) => ({ id: `${c.id}#${n}`, complaintId: c.id, resolution: n, dueAt });
    await s.rollups.consume({
      feed,
      cursor: { at: 'a', id: '1' },
      events: [
        { ...ev('res1', 3, { resolved: 1 }), reminders: [rem(1, '2026-03-05T01:00:00.000Z')] },
        { ...ev('res2', 3, { resolved: 1 }), reminders: [rem(2, '2026-03-04T01:00:00.000Z')] },
      ],
    });
    const mine = async (at: string) => (await s.rollups.dueReminders(new Date(at), 100)).filter((r) => r.complaintId === c.id);
    expect(await mine('2026-03-03T00:00:00Z')).toEqual([]);
    expect((await mine('2026-03-06T00:00:00Z')).map((r) => r.resolution)).toEqual([2, 1]);
    expect((await mine('2026-03-06T00:00:00Z'))[0]).toEqual(rem(2, '2026-03-04T01:00:00.000Z'));

    const [outbox] = outboxFromEvents([memberEvent(c, 'satisfactionReminder', '2026-03-06T00:00:00.000Z', '请评价')], () => `rem-${run}-1`, new Date('2026-03-06T00:00:00Z'));
    const settle = () => s.rollups.settleReminder(`${c.id}#1`, { sentAt: '2026-03-06T00:00:00.000Z', outbox });
    const raced = await Promise.allSettled([settle(), settle()]);
    expect(raced.filter((r) => r.status === 'fulfilled' && r.value === true)).toHaveLength(1);
    expect(await settle()).toBe(false);
    expect((await s.outbox.listForSubject(c.id)).map((e) => e.topic)).toEqual(['complaints.satisfactionReminder']);
    expect(await s.rollups.settleReminder(`${c.id}#2`, { sentAt: '2026-03-06T00:00:00.000Z', skipped: 'rated' })).toBe(true);
    expect(await mine('2026-03-06T00:00:00Z')).toEqual([]);
    expect(await s.outbox.listForSubject(c.id)).toHaveLength(1);
    // Consuming the scheduling events again does not bring a settled reminder back.
    await s.rollups.consume({ feed, cursor: { at: 'b', id: '1' }, events: [{ ...ev('res1', 3, { resolved: 1 }), reminders: [rem(1, '2026-03-05T01:00:00.000Z')] }] });
    expect(await mine('2026-03-06T00:00:00Z')).toEqual([]);
  });

  it('feeds complaints by (updatedAt, id) after the cursor and up to the bound', async () => {
    const base = `${year}-01-01T00:00:0`;
    const made = [
      { id: `c-${run}-b`, at: `${base}1.000Z` },
      { id: `c-${run}-a`, at: `${base}2.000Z` },
      { id: `c-${run}-c`, at: `${base}2.000Z` },
      { id: `c-${run}-d`, at: `${base}4.000Z` },
    ];
    for (const [i, m] of made.entries()) {
      const c = { ...sampleComplaint(ctxAt('2026-03-02T01:00:00Z'), { id: m.id, memberId: `m-${run}`, number: `TS-${run}-${i}` }), updatedAt: m.at };
      await s.complaints.create({ complaint: c, idempotencyKey: `m:${run}:${m.id}`, requestHash: 'h', outbox: [] });
    }
    const start = { at: `${base}0.500Z`, id: '' };
    const ids = async (cursor: { at: string; id: string }, until: string, limit = 10) => (await s.feed.changedAfter(cursor, until, limit)).map((c) => c.id);
    expect(await ids(start, `${base}3.000Z`)).toEqual([`c-${run}-b`, `c-${run}-a`, `c-${run}-c`]);
    expect(await ids({ at: `${base}2.000Z`, id: `c-${run}-a` }, `${base}9.000Z`)).toEqual([`c-${run}-c`, `c-${run}-d`]);
    expect(await ids(start, `${base}9.000Z`, 2)).toEqual([`c-${run}-b`, `c-${run}-a`]);
    const read = await s.feed.changedAfter({ at: `${base}3.000Z`, id: '' }, `${base}9.000Z`, 10);
    expect(read.map((c) => c.id)).toEqual([`c-${run}-d`]);
    expect(read[0]).toMatchObject({ id: `c-${run}-d`, updatedAt: `${base}4.000Z`, timeline: expect.any(Array) });
  });

  it('sums a batch touching one row many times, keeps the latest label, and reads by period and table', async () => {
    const w = `${year}-W07`;
    const events: RollupEvent[] = Array.from({ length: 30 }, (_, i) => ({
      id: `${run}:batch-${i}`,
      deltas: <RollupEvent['deltas']>[
        { key: { month: month(5), dim: 'booking', value: 'b1' }, add: { booked: 1, redeemed: i % 3 === 0 ? 1 : 0 }, label: `体检${i}` },
        { key: { month: w, dim: 'week:seller', value: 'S|1' }, add: { received: 1 } },
        { key: { month: month(5), dim: 'consultation', value: 'policy' }, add: { replied: 1 }, minutes: { reply: i % 2 ? 10 : 70 } },
      ],
    }));
    expect(await s.rollups.consume({ feed, cursor: { at: 'x', id: '1' }, events })).toEqual({ applied: 30, skipped: 0 });
    const rows = byKey(await s.rollups.read([month(5)], ['booking']));
    expect(rows).toEqual({ [`${month(5)}|booking|b1`]: { counts: { booked: 30, redeemed: 10 }, hists: {}, label: '体检29' } });
    expect(byKey(await s.rollups.read([w], ['week:seller']))).toEqual({ [`${w}|week:seller|S|1`]: { counts: { received: 30 }, hists: {} } });
    const both = await s.rollups.read([month(5), w], ['consultation', 'week:seller']);
    expect(both.map((r) => r.dim).sort()).toEqual(['consultation', 'week:seller']);
    expect(both.find((r) => r.dim === 'consultation')?.counters.hists.reply).toEqual({ '10': 15, '70': 15 });
    expect(await s.rollups.read([month(5)], [])).toEqual([]);
    expect((await s.rollups.read([month(5)])).map((r) => r.dim).sort()).toEqual(['booking', 'consultation']);
  });

  it('feeds consultations, claims and bookings by (updatedAt, id) after the cursor and up to the bound', async () => {
    const base = `${year}-02-01T00:00:0`;
    for (const area of ['consultations', 'claims', 'bookings'] as const) {
      const made = [
        { id: `${area}-${run}-b`, updatedAt: `${base}1.000Z` },
        { id: `${area}-${run}-a`, updatedAt: `${base}2.000Z` },
        { id: `${area}-${run}-c`, updatedAt: `${base}2.000Z` },
        { id: `${area}-${run}-d`, updatedAt: `${base}4.000Z` },
      ];
      for (const [i, m] of made.entries()) await s.put(area, { ...m, memberId: `m-${run}`, number: `N-${area}-${run}-${i}`, marker: i });
      const f = s.feeds[area];
      const ids = async (cursor: { at: string; id: string }, until: string, limit = 10) => (await f.changedAfter(cursor, until, limit)).map((c) => c.id);
      const start = { at: `${base}0.500Z`, id: '' };
      expect(await ids(start, `${base}3.000Z`)).toEqual(made.slice(0, 3).map((m) => m.id));
      expect(await ids({ at: `${base}2.000Z`, id: made[1].id }, `${base}9.000Z`)).toEqual([made[2].id, made[3].id]);
      expect(await ids(start, `${base}9.000Z`, 2)).toEqual([made[0].id, made[1].id]);
      const [last] = await f.changedAfter({ at: `${base}3.000Z`, id: '' }, `${base}9.000Z`, 10);
      expect(last).toMatchObject({ id: made[3].id, updatedAt: `${base}4.000Z`, memberId: `m-${run}`, marker: 3 });
    }
  });
};
