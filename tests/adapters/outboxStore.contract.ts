import type { ComplaintStore } from '../../core/complaints/ports';
import { memberEvent } from '../../core/complaints/events';
import { outboxFromEvents, type OutboxEntry } from '../../core/notifications/outbox';
import type { OutboxStore } from '../../core/notifications/ports';
import { ctxAt, sampleComplaint, sequentialIds } from '../support/fixtures';
import { retryWhileBusy } from './contractSupport';

export interface OutboxUnderTest {
  /** Entries reach the outbox only with the change that owes them: a complaint write. */
  complaints: ComplaintStore;
  outbox: OutboxStore;
  close?(): Promise<void> | void;
}

const T0 = '2026-11-25T02:00:00.000Z';
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** What every OutboxStore does, whatever database is behind it (leases in complaintStore.contract.ts too). */
export const outboxStoreContract = (make: () => Promise<OutboxUnderTest>) => {
  let s: OutboxUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  /** One complaint and its outbox entries, due at the given times (ids ob-<i>). */
  const seed = async (dueTimes: string[], n = 1) => {
    const c = sampleComplaint(ctxAt(T0), { id: `c-${n}`, number: `TS20261125-000${n}` });
    const [template] = outboxFromEvents([memberEvent(c, 'received', c.createdAt, 'received')], sequentialIds('x').newId, new Date(T0));
    const outbox: OutboxEntry[] = dueTimes.map((at, i) => ({ ...template, id: `ob-${n}-${i}`, createdAt: at, nextAttemptAt: at }));
    await s.complaints.create({ complaint: c, idempotencyKey: `k-${n}`, requestHash: 'h', outbox });
    return { c, ids: outbox.map((e) => e.id), entries: outbox };
  };

  it('lists what is due, oldest first, up to the limit, and nothing not yet due', async () => {
    const { ids } = await seed([plus(T0, 3_000), T0, plus(T0, 1_000), plus(T0, 60_000)]);
    const at = new Date(plus(T0, 5_000));
    expect((await s.outbox.due(at, 10)).map((e) => e.id)).toEqual([ids[1], ids[2], ids[0]]);
    expect((await s.outbox.due(at, 2)).map((e) => e.id)).toEqual([ids[1], ids[2]]);
  });

  it('leases an entry: claimed once, not due while leased, due and claimable again when the lease runs out', async () => {
    const { ids } = await seed([T0]);
    const now = new Date(T0);
    const lease = new Date(plus(T0, 60_000));
    expect(await s.outbox.claim(ids[0], now, lease)).toBe(true);
    expect(await s.outbox.claim(ids[0], now, lease)).toBe(false);
    expect(await s.outbox.due(new Date(plus(T0, 59_000)), 10)).toEqual([]);
    const late = new Date(plus(T0, 60_000));
    expect((await s.outbox.due(late, 10)).map((e) => [e.id, e.status])).toEqual([[ids[0], 'sending']]);
    expect(await s.outbox.claim(ids[0], late, new Date(plus(T0, 120_000)))).toBe(true);
    expect(await s.outbox.claim('ob-unknown', late, lease)).toBe(false);
  });

  it('gives an entry to exactly one of many dispatchers claiming it at once', async () => {
    const { ids } = await seed([T0]);
    const won = await retryWhileBusy(10, () => s.outbox.claim(ids[0], new Date(T0), new Date(plus(T0, 60_000))));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('settles only an entry it holds, and a later outcome replaces the last error', async () => {
    const { c, ids } = await seed([T0, T0]);
    // Not leased: a settle is ignored.
    await s.outbox.settle(ids[1], { status: 'sent', attempts: 1, nextAttemptAt: T0 });
    expect((await s.outbox.listForSubject(c.id)).find((e) => e.id === ids[1])).toMatchObject({ status: 'pending', attempts: 0 });

    await s.outbox.claim(ids[0], new Date(T0), new Date(plus(T0, 60_000)));
    const retryAt = plus(T0, 30_000);
    await s.outbox.settle(ids[0], { status: 'pending', attempts: 1, nextAttemptAt: retryAt, lastError: '43108 concurrent send' });
    expect((await s.outbox.listForSubject(c.id)).find((e) => e.id === ids[0])).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: retryAt, lastError: '43108 concurrent send' });
    // Settled back to pending: no longer held, so a second settle is ignored until it is claimed again.
    await s.outbox.settle(ids[0], { status: 'failed', attempts: 9, nextAttemptAt: retryAt, lastError: 'x' });
    expect((await s.outbox.listForSubject(c.id)).find((e) => e.id === ids[0])).toMatchObject({ status: 'pending', attempts: 1 });

    expect(await s.outbox.claim(ids[0], new Date(retryAt), new Date(plus(retryAt, 60_000)))).toBe(true);
    await s.outbox.settle(ids[0], { status: 'sent', attempts: 2, nextAttemptAt: retryAt });
    const sent = (await s.outbox.listForSubject(c.id)).find((e) => e.id === ids[0]);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sent?.lastError).toBeUndefined();
    expect((await s.outbox.due(new Date(plus(T0, 3_600_000)), 10)).map((e) => e.id)).toEqual([ids[1]]);
  });

  it('marks a push attempt once, only on a leased entry, keeps it across a lost lease, and clears it on settle', async () => {
    const { c, ids } = await seed([T0]);
    const now = new Date(T0);
    expect(await s.outbox.markPushAttempt(ids[0], now)).toBe(false); // not leased
    await s.outbox.claim(ids[0], now, new Date(plus(T0, 60_000)));
    expect(await s.outbox.markPushAttempt(ids[0], now)).toBe(true);
    expect(await s.outbox.markPushAttempt(ids[0], now)).toBe(false); // already being attempted
    // The dispatcher died: the entry comes due again still carrying the mark.
    const late = new Date(plus(T0, 61_000));
    expect((await s.outbox.due(late, 10)).map((e) => [e.status, e.pushAttemptAt])).toEqual([['sending', T0]]);
    expect(await s.outbox.claim(ids[0], late, new Date(plus(T0, 120_000)))).toBe(true);
    expect(await s.outbox.markPushAttempt(ids[0], late)).toBe(false);
    await s.outbox.settle(ids[0], { status: 'pending', attempts: 1, nextAttemptAt: plus(T0, 200_000), lastError: 'x' });
    const [e] = await s.outbox.listForSubject(c.id);
    expect(e.pushAttemptAt).toBeUndefined();
    expect(await s.outbox.claim(ids[0], new Date(plus(T0, 200_000)), new Date(plus(T0, 260_000)))).toBe(true);
    expect(await s.outbox.markPushAttempt(ids[0], new Date(plus(T0, 200_000)))).toBe(true);
  });

  it('lists a subject\'s entries oldest first and no other subject\'s', async () => {
    const a = await seed([plus(T0, 2_000), T0], 1);
    await seed([T0], 2);
    expect((await s.outbox.listForSubject(a.c.id)).map((e) => e.id)).toEqual([a.ids[1], a.ids[0]]);
    const [first] = await s.outbox.listForSubject(a.c.id);
    expect(first).toEqual({ ...a.entries[1], status: 'pending', attempts: 0 });
  });
};
