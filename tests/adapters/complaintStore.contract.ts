import type { ComplaintStore, QueueFilter } from '../../core/complaints/ports';
import { queueDueAt } from '../../core/complaints/deadlines';
import type { Complaint } from '../../core/complaints/model';
import type { OutboxStore } from '../../core/notifications/ports';
import { outboxFromEvents } from '../../core/notifications/outbox';
import { memberEvent } from '../../core/complaints/events';
import { ctxAt, sampleComplaint, sequentialIds } from '../support/fixtures';

export interface StoreUnderTest {
  complaints: ComplaintStore;
  outbox: OutboxStore;
  close?(): Promise<void> | void;
}

/**
 * The behaviour every ComplaintStore must have, whatever the database behind it.
 * Each adapter's test file calls this with a factory for a fresh, empty store.
 */
export const complaintStoreContract = (make: () => Promise<StoreUnderTest>) => {
  let s: StoreUnderTest;
  const ctx = ctxAt('2026-11-02T06:00:00Z');
  const ids = sequentialIds('ob');
  // Unique per run, so the opt-in real-CloudBase run never collides with earlier data.
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const cid = (n: number) => `c-${run}-${n}`;
  const outboxFor = (c: ReturnType<typeof sampleComplaint>) =>
    outboxFromEvents([memberEvent(c, 'received', c.createdAt, 'received')], ids.newId, new Date(c.createdAt));

  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  it('stores a new complaint with its outbox entry and reads it back unchanged', async () => {
    const c = sampleComplaint(ctx, { id: cid(1), memberId: `m-${run}` });
    const res = await s.complaints.create({ complaint: c, idempotencyKey: `m:${run}:k1`, requestHash: 'h1', outbox: outboxFor(c) });
    expect(res).toMatchObject({ created: true, sameRequest: true });
    expect(await s.complaints.get(c.id)).toEqual(c);
    const outbox = await s.outbox.listForSubject(c.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ topic: 'complaints.received', status: 'pending', memberId: c.memberId });
  });

  it('returns the first record for a repeated idempotency key and never stores a second', async () => {
    const first = sampleComplaint(ctx, { id: cid(2), memberId: `m-${run}` });
    const retry = { ...first, id: cid(3), number: 'TS20261102-0099' };
    await s.complaints.create({ complaint: first, idempotencyKey: `m:${run}:k2`, requestHash: 'h', outbox: outboxFor(first) });
    const res = await s.complaints.create({ complaint: retry, idempotencyKey: `m:${run}:k2`, requestHash: 'h', outbox: outboxFor(retry) });
    expect(res.created).toBe(false);
    expect(res.complaint.id).toBe(first.id);
    expect(await s.complaints.get(retry.id)).toBeNull();
    expect(await s.outbox.listForSubject(retry.id)).toHaveLength(0);
    expect((await s.complaints.findByIdempotencyKey(`m:${run}:k2`))?.complaint.id).toBe(first.id);
  });

  it('numbers a record as part of its write: one number per stored record, none for a retry', async () => {
    const counter = `complaint:${run}`;
    const numbered = (n: number, key: string) => ({
      numbered: {
        counter,
        build: (seq: number) => {
          const c = sampleComplaint(ctx, { id: cid(100 + n), memberId: `m-${run}`, number: `TS${run}-${String(seq).padStart(4, '0')}` });
          return { complaint: c, outbox: outboxFor(c) };
        },
      },
      idempotencyKey: `m:${run}:${key}`,
      requestHash: 'h',
    });
    const first = await s.complaints.create(numbered(1, 'n1'));
    const second = await s.complaints.create(numbered(2, 'n2'));
    const retry = await s.complaints.create(numbered(3, 'n1'));
    expect([first.created, second.created, retry.created]).toEqual([true, true, false]);
    expect(first.complaint.number).not.toBe(second.complaint.number);
    expect(retry.complaint).toEqual(first.complaint);
    expect(await s.complaints.get(first.complaint.id)).toEqual(first.complaint);
    expect(await s.outbox.listForSubject(second.complaint.id)).toHaveLength(1);
    expect(await s.complaints.get(cid(103))).toBeNull();
    expect((await s.complaints.search({ number: second.complaint.number }, 5)).map((c) => c.id)).toEqual([second.complaint.id]);
  });

  it('tells a key reused for different content apart from a retry', async () => {
    const c = sampleComplaint(ctx, { id: cid(4), memberId: `m-${run}` });
    await s.complaints.create({ complaint: c, idempotencyKey: `m:${run}:k3`, requestHash: 'h-a', outbox: [] });
    const res = await s.complaints.create({ complaint: { ...c, id: cid(5) }, idempotencyKey: `m:${run}:k3`, requestHash: 'h-b', outbox: [] });
    expect(res).toMatchObject({ created: false, sameRequest: false });
  });

  it('keeps two concurrent submits with one key to one record', async () => {
    const a = sampleComplaint(ctx, { id: cid(6), memberId: `m-${run}` });
    const b = { ...a, id: cid(7) };
    const results = await Promise.all([
      s.complaints.create({ complaint: a, idempotencyKey: `m:${run}:k4`, requestHash: 'h', outbox: [] }),
      s.complaints.create({ complaint: b, idempotencyKey: `m:${run}:k4`, requestHash: 'h', outbox: [] }),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect([await s.complaints.get(a.id), await s.complaints.get(b.id)].filter(Boolean)).toHaveLength(1);
  });

  it('refuses an update from a stale version and writes neither the change nor its outbox', async () => {
    const c = sampleComplaint(ctx, { id: cid(8), memberId: `m-${run}` });
    await s.complaints.create({ complaint: c, idempotencyKey: `m:${run}:k5`, requestHash: 'h', outbox: [] });
    await s.complaints.update({ complaint: { ...c, version: 2, status: 'acknowledged' }, expectedVersion: 1, outbox: outboxFor(c) });
    const stale = { ...c, version: 2, status: 'withdrawn' as const };
    await expect(s.complaints.update({ complaint: stale, expectedVersion: 1, outbox: outboxFor(c) })).rejects.toMatchObject({
      code: 'COMPLAINT.VERSION_CONFLICT',
    });
    expect(await s.complaints.get(c.id)).toMatchObject({ version: 2, status: 'acknowledged' });
    expect(await s.outbox.listForSubject(c.id)).toHaveLength(1);
  });

  it("lists only the member's own complaints, newest first, page by page", async () => {
    const member = `m-${run}-list`;
    for (let i = 0; i < 5; i++) {
      const c = sampleComplaint(ctxAt(`2026-11-0${i + 1}T06:00:00Z`), { id: cid(20 + i), memberId: member, number: `N${run}${i}` });
      await s.complaints.create({ complaint: c, idempotencyKey: `${member}:${i}`, requestHash: 'h', outbox: [] });
    }
    const other = sampleComplaint(ctx, { id: cid(30), memberId: `m-${run}-other`, number: `N${run}x` });
    await s.complaints.create({ complaint: other, idempotencyKey: `other:${run}`, requestHash: 'h', outbox: [] });

    const p1 = await s.complaints.listByMember(member, { limit: 2 });
    const p2 = await s.complaints.listByMember(member, { limit: 2, cursor: p1.nextCursor });
    const p3 = await s.complaints.listByMember(member, { limit: 2, cursor: p2.nextCursor });
    expect([...p1.items, ...p2.items, ...p3.items].map((c) => c.id)).toEqual([cid(24), cid(23), cid(22), cid(21), cid(20)]);
    expect(p3.nextCursor).toBeUndefined();
  });

  it('finds complaints whose SLA check is due, earliest first, and skips the rest', async () => {
    const tag = `m-${run}-sla`;
    const base = sampleComplaint(ctx, { memberId: tag });
    const docs = [
      { ...base, id: cid(40), number: `S${run}0`, slaNextCheckAt: '2026-11-03T01:00:00.000Z' },
      { ...base, id: cid(41), number: `S${run}1`, slaNextCheckAt: '2026-11-02T23:00:00.000Z' },
      { ...base, id: cid(42), number: `S${run}2`, slaNextCheckAt: '2026-11-09T00:00:00.000Z' },
      { ...base, id: cid(43), number: `S${run}3`, slaNextCheckAt: undefined },
    ];
    for (const [i, d] of docs.entries())
      await s.complaints.create({ complaint: d, idempotencyKey: `${tag}:${i}`, requestHash: 'h', outbox: [] });
    const due = await s.complaints.findSlaDue(new Date('2026-11-03T02:00:00Z'), 10);
    expect(due.map((c) => c.id).filter((id) => id.startsWith(`c-${run}`))).toEqual([cid(41), cid(40)]);
  });

  it('lists the cases whose deadlines can still move (not closed or withdrawn), by id, resuming after a cursor', async () => {
    const base = sampleComplaint(ctx, { memberId: `m-${run}` });
    const statuses = ['submitted', 'closed', 'resolved', 'withdrawn', 'waitingForMember'] as const;
    for (const [i, status] of statuses.entries())
      await s.complaints.create({ complaint: { ...base, id: cid(60 + i), number: `A${run}${i}`, status }, idempotencyKey: `act:${run}:${i}`, requestHash: 'h', outbox: [] });
    const mine = (cs: { id: string }[]) => cs.map((c) => c.id).filter((id) => id.startsWith(`c-${run}-6`));
    expect(mine(await s.complaints.listActive({ limit: 100 }))).toEqual([cid(60), cid(62), cid(64)]);
    expect(mine(await s.complaints.listActive({ after: cid(60), limit: 100 }))).toEqual([cid(62), cid(64)]);
  });

  it('gives each named sequence distinct small positive numbers (unique, not promised gap-free or in order)', async () => {
    const a = `seq:${run}:a`;
    const got = [];
    for (let i = 0; i < 20; i++) got.push(await s.complaints.nextSequence(a));
    expect(new Set(got).size).toBe(20);
    expect(got.every((n) => Number.isInteger(n) && n >= 1 && n <= 20 * 8)).toBe(true);
    expect(await s.complaints.nextSequence(`seq:${run}:b`)).toBeLessThanOrEqual(8);
  });

  it('pages the staff queue for each filter: the right rows, earliest due first, by keyset', async () => {
    const tag = `m-${run}-queue`;
    const owners = [`staff-${run}-a`, `staff-${run}-b`];
    const statuses = ['submitted', 'acknowledged', 'inProgress', 'closed'] as const;
    const grades = ['ordinary', 'significant', 'major'] as const;
    const categories = ['claims', 'service', 'sales'] as const;
    const channels = ['miniprogram', 'phone'] as const;
    const made: Complaint[] = [];
    for (let i = 0; i < 14; i++) {
      // Every third pair shares a receive time (so a due time): the id breaks the tie.
      const base = sampleComplaint(ctxAt(`2026-11-${String(3 + Math.floor(i / 2)).padStart(2, '0')}T0${i % 2 && i % 3 ? 7 : 6}:00:00Z`), {
        id: cid(100 + i),
        memberId: tag,
        number: `Q${run}${i}`,
        category: categories[i % 3],
        channel: channels[i % 2],
      });
      const c: Complaint = {
        ...base,
        status: statuses[i % 4],
        grade: { ...base.grade, value: grades[i % 3] },
        owner: i % 5 === 4 ? undefined : { id: owners[i % 2], role: 'agent' },
      };
      made.push(c);
      await s.complaints.create({ complaint: c, idempotencyKey: `${tag}:${i}`, requestHash: 'h', outbox: [] });
    }
    const mine = (id: string) => id.startsWith(`c-${run}-1`);
    const expected = (f: QueueFilter) =>
      made
        .filter((c) => queueDueAt(c) !== undefined)
        .filter((c) => (!f.status || c.status === f.status) && (!f.grade || c.grade.value === f.grade) && (!f.category || c.category === f.category))
        .filter((c) => (!f.channel || c.channel === f.channel) && (!f.ownerId || c.owner?.id === f.ownerId))
        .sort((a, b) => (queueDueAt(a)! < queueDueAt(b)! ? -1 : queueDueAt(a)! > queueDueAt(b)! ? 1 : a.id < b.id ? -1 : 1))
        .map((c) => c.id);
    const pages = async (f: QueueFilter) => {
      const got: Complaint[] = [];
      let cursor: string | undefined;
      for (let n = 0; n < 500; n++) {
        const page = await s.complaints.queue(f, { limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        got.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(cursor).toBeUndefined();
      return got;
    };
    const filters: QueueFilter[] = [
      {},
      { status: 'submitted' },
      { grade: 'major' },
      { category: 'claims' },
      { channel: 'phone' },
      { ownerId: owners[0] },
      { status: 'acknowledged', grade: 'significant' },
      { status: 'submitted', category: 'claims' },
      { status: 'inProgress', channel: 'phone' },
      { status: 'submitted', ownerId: owners[0] },
      // No index of their own: the best index plus a bounded scan, same rows.
      { grade: 'ordinary', category: 'claims' },
      { status: 'submitted', channel: 'miniprogram', ownerId: owners[0] },
      // Fewer than a page, and nothing.
      { ownerId: owners[0], grade: 'major', status: 'inProgress' },
      { status: 'closed' },
      { ownerId: `staff-${run}-nobody` },
    ];
    for (const f of filters) {
      const got = await pages(f);
      const ids = got.map((c) => c.id).filter(mine);
      expect({ f, ids }).toEqual({ f, ids: expected(f) });
      // Other stores' rows (real CloudBase is shared) still match the filter and come in due order.
      const dues = got.map((c) => `${queueDueAt(c)}|${c.id}`);
      expect(dues).toEqual([...dues].sort());
      for (const c of got) expect(c).toMatchObject({ ...(f.status ? { status: f.status } : {}), ...(f.category ? { category: f.category } : {}) });
    }
    expect(expected({ status: 'submitted', ownerId: owners[0] }).length).toBeGreaterThan(0);
    expect(expected({ ownerId: owners[0], grade: 'major', status: 'inProgress' }).length).toBeLessThan(2);
  });

  it('leases an outbox entry to one dispatcher at a time and settles it', async () => {
    const c = sampleComplaint(ctx, { id: cid(50), memberId: `m-${run}` });
    await s.complaints.create({ complaint: c, idempotencyKey: `m:${run}:k6`, requestHash: 'h', outbox: outboxFor(c) });
    const now = new Date('2026-11-02T06:00:00Z');
    const [entry] = (await s.outbox.due(now, 100)).filter((e) => e.subjectId === c.id);
    const lease = new Date(now.getTime() + 60_000);
    expect(await s.outbox.claim(entry.id, now, lease)).toBe(true);
    expect(await s.outbox.claim(entry.id, now, lease)).toBe(false);
    await s.outbox.settle(entry.id, { status: 'sent', attempts: 1, nextAttemptAt: now.toISOString() });
    expect((await s.outbox.listForSubject(c.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect((await s.outbox.due(new Date('2026-11-05T00:00:00Z'), 100)).map((e) => e.id)).not.toContain(entry.id);
  });
};
