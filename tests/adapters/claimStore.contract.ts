import type { Claim } from '../../core/claims/model';
import type { ClaimStore } from '../../core/claims/ports';
import { codeOf } from './contractSupport';

const base = (id: string, over: Partial<Claim> = {}): Claim => ({
  id,
  memberId: 'openid-alice',
  status: 'draft',
  policyNo: 'P2026000001',
  productName: '安心医疗',
  insured: { index: 0, maskedName: '张*', relation: '本人' },
  claimType: 'hospital',
  incidentDate: '2026-09-20',
  place: '上海',
  description: '住院治疗三天',
  sumInsuredFen: 10_000_000,
  checklist: [],
  notices: [],
  clocks: [],
  payments: [],
  timeline: [],
  createdAt: `2026-09-2${id.length % 9}T01:00:00.000Z`,
  updatedAt: '2026-09-28T01:00:00.000Z',
  version: 1,
  ...over,
});

/** The ClaimStore contract, run on SQLite and on the CloudBase adapter over the strict fake. */
export const claimStoreContract = (open: () => Promise<{ store: ClaimStore; close(): void | Promise<void> }>) => {
  let s: { store: ClaimStore; close(): void | Promise<void> };
  beforeEach(async () => {
    s = await open();
  });
  afterEach(async () => {
    await s.close();
  });

  it('creates once per key: a retry answers the first record, other content under the key is told apart', async () => {
    const first = await s.store.create({ claim: base('claim-0001'), idempotencyKey: 'alice:k1', requestHash: 'h1', outbox: [] });
    expect(first).toMatchObject({ created: true, sameRequest: true });
    const again = await s.store.create({ claim: base('claim-0002'), idempotencyKey: 'alice:k1', requestHash: 'h1', outbox: [] });
    expect(again).toMatchObject({ created: false, sameRequest: true });
    expect(again.claim.id).toBe('claim-0001');
    const other = await s.store.create({ claim: base('claim-0003'), idempotencyKey: 'alice:k1', requestHash: 'h2', outbox: [] });
    expect(other.sameRequest).toBe(false);
    expect(await s.store.get('claim-0002')).toBeNull();
  });

  it('keeps several drafts without numbers, and numbers unique once given', async () => {
    await s.store.create({ claim: base('claim-0001'), idempotencyKey: 'k1', requestHash: 'h', outbox: [] });
    await s.store.create({ claim: base('claim-0002'), idempotencyKey: 'k2', requestHash: 'h', outbox: [] });
    const a = (await s.store.get('claim-0001'))!;
    expect(a.number).toBeUndefined();
    await s.store.update({ claim: { ...a, number: 'LP20260928-0001', status: 'reported', version: 2 }, expectedVersion: 1, outbox: [] });
    expect((await s.store.byNumber('LP20260928-0001'))?.id).toBe('claim-0001');
    const b = (await s.store.get('claim-0002'))!;
    await expect(s.store.update({ claim: { ...b, number: 'LP20260928-0001', status: 'reported', version: 2 }, expectedVersion: 1, outbox: [] })).rejects.toBeDefined();
    expect((await s.store.get('claim-0002'))?.number).toBeUndefined();
  });

  it('refuses a stale version with CLAIM.VERSION_CONFLICT and changes nothing', async () => {
    await s.store.create({ claim: base('claim-0001'), idempotencyKey: 'k1', requestHash: 'h', outbox: [] });
    const c = (await s.store.get('claim-0001'))!;
    await s.store.update({ claim: { ...c, place: '北京', version: 2 }, expectedVersion: 1, outbox: [] });
    const err = await s.store.update({ claim: { ...c, place: '广州', version: 2 }, expectedVersion: 1, outbox: [] }).catch((e) => e);
    expect(codeOf(err)).toBe('CLAIM.VERSION_CONFLICT');
    expect((await s.store.get('claim-0001'))?.place).toBe('北京');
  });

  it("lists a member's claims newest first, page by page", async () => {
    for (let i = 1; i <= 5; i++) await s.store.create({ claim: base(`claim-000${i}`, { createdAt: `2026-09-2${i}T01:00:00.000Z` }), idempotencyKey: `k${i}`, requestHash: 'h', outbox: [] });
    await s.store.create({ claim: base('claim-bob1', { memberId: 'openid-bob' }), idempotencyKey: 'kb', requestHash: 'h', outbox: [] });
    const p1 = await s.store.listByMember('openid-alice', { limit: 3 });
    expect(p1.items.map((c) => c.id)).toEqual(['claim-0005', 'claim-0004', 'claim-0003']);
    const p2 = await s.store.listByMember('openid-alice', { limit: 3, cursor: p1.nextCursor });
    expect(p2.items.map((c) => c.id)).toEqual(['claim-0002', 'claim-0001']);
    expect(p2.nextCursor).toBeUndefined();
  });

  it('queues claims with a running clock by due time, per status, and finds what the timer must look at', async () => {
    const rows: [string, Claim['status'], string | undefined, string | undefined][] = [
      ['claim-a001', 'reported', '2026-10-30T16:00:00.000Z', '2026-10-24T16:00:00.000Z'],
      ['claim-a002', 'underReview', '2026-10-09T16:00:00.000Z', '2026-10-05T16:00:00.000Z'],
      ['claim-a003', 'documentsPending', '2026-11-20T16:00:00.000Z', undefined],
      ['claim-a004', 'draft', undefined, undefined],
      ['claim-a005', 'underReview', '2026-10-20T16:00:00.000Z', '2026-10-15T16:00:00.000Z'],
    ];
    for (const [id, status, dueAt, next] of rows)
      await s.store.create({ claim: base(id, { status, ...(dueAt ? { dueAt } : {}), ...(next ? { slaNextCheckAt: next } : {}) }), idempotencyKey: id, requestHash: 'h', outbox: [] });
    const all = await s.store.queue({}, { limit: 2 });
    expect(all.items.map((c) => c.id)).toEqual(['claim-a002', 'claim-a005']);
    const rest = await s.store.queue({}, { limit: 10, cursor: all.nextCursor });
    expect(rest.items.map((c) => c.id)).toEqual(['claim-a001', 'claim-a003']);
    expect((await s.store.queue({ status: 'underReview' }, { limit: 10 })).items.map((c) => c.id)).toEqual(['claim-a002', 'claim-a005']);
    expect((await s.store.findSlaDue(new Date('2026-10-16T00:00:00Z'), 10)).map((c) => c.id)).toEqual(['claim-a002', 'claim-a005']);
    expect(await s.store.findSlaDue(new Date('2026-10-01T00:00:00Z'), 10)).toEqual([]);
  });

  it('lists claims with a running clock by id, page by page, for a calendar recompute', async () => {
    for (const [id, dueAt] of [['claim-b003', '2026-10-01T16:00:00.000Z'], ['claim-b001', '2026-10-02T16:00:00.000Z'], ['claim-b002', undefined], ['claim-b004', '2026-10-03T16:00:00.000Z']] as const)
      await s.store.create({ claim: base(id, { status: dueAt ? 'reported' : 'paid', ...(dueAt ? { dueAt } : {}) }), idempotencyKey: id, requestHash: 'h', outbox: [] });
    expect((await s.store.listOpen({ limit: 2 })).map((c) => c.id)).toEqual(['claim-b001', 'claim-b003']);
    expect((await s.store.listOpen({ after: 'claim-b003', limit: 2 })).map((c) => c.id)).toEqual(['claim-b004']);
  });

  it('hands out distinct sequence numbers per counter', async () => {
    const got = new Set<number>();
    for (let i = 0; i < 20; i++) got.add(await s.store.nextSequence('claim:20260928'));
    expect(got.size).toBe(20);
  });
};
