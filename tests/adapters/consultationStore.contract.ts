import type { AuditLog } from '../../core/audit/chain';
import type { Consultation } from '../../core/consultations/model';
import type { ConsultationStore } from '../../core/consultations/ports';
import { auditEntries, codeOf, retryWhileBusy } from './contractSupport';

export interface ConsultationStoreUnderTest {
  store: ConsultationStore;
  audit: AuditLog;
  close?(): void;
}

const consultation = (id: string, over: Partial<Consultation> = {}): Consultation => ({
  id,
  number: `ZX20261125-${id.slice(-4).padStart(4, '0')}`,
  memberId: 'openid-alice',
  topic: 'insurance',
  question: '重疾险保不保甲状腺结节？',
  attachments: [],
  status: 'awaitingReply',
  stage: 'customerService',
  steps: [],
  plans: [],
  enrollments: [],
  timeline: [],
  receivedAt: '2026-11-25T02:00:00.000Z',
  dueAt: '2026-11-26T16:00:00.000Z',
  slaNextCheckAt: '2026-11-26T12:00:00.000Z',
  version: 1,
  createdAt: '2026-11-25T02:00:00.000Z',
  updatedAt: '2026-11-25T02:00:00.000Z',
  ...over,
});

const create = (store: ConsultationStore, c: Consultation, key = `openid-alice:key-${c.id}`, hash = 'h1') =>
  store.create({ consultation: c, idempotencyKey: key, requestHash: hash, outbox: [] });

/** The ConsultationStore contract: run against SQLite and the strict CloudBase fake (and real CloudBase when configured). */
export const consultationStoreContract = (make: () => Promise<ConsultationStoreUnderTest>) => {
  let t: ConsultationStoreUnderTest;
  beforeEach(async () => {
    t = await make();
  });
  afterEach(() => t.close?.());

  it('creates once per idempotency key: a retry gets the first record, a key reused for other content is told so', async () => {
    const first = await create(t.store, consultation('c-0001'));
    expect(first).toMatchObject({ created: true, sameRequest: true });
    const retry = await create(t.store, consultation('c-0002'), 'openid-alice:key-c-0001');
    expect(retry).toMatchObject({ created: false, sameRequest: true, consultation: { id: 'c-0001' } });
    const other = await create(t.store, consultation('c-0003'), 'openid-alice:key-c-0001', 'h2');
    expect(other).toMatchObject({ created: false, sameRequest: false });
    expect(await t.store.get('c-0002')).toBeNull();
    expect(await t.store.findByIdempotencyKey('openid-alice:key-c-0001')).toMatchObject({ requestHash: 'h1', consultation: { id: 'c-0001' } });
    expect(await t.store.findByIdempotencyKey('openid-alice:never')).toBeNull();
  });

  it('stores one record when the same ask arrives several times at once', async () => {
    const answers = await retryWhileBusy(5, (i) => create(t.store, consultation(`c-10${i}0`), 'openid-alice:same-key'));
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.consultation.id)).size).toBe(1);
    expect((await t.store.listByMember('openid-alice', { limit: 10 })).items).toHaveLength(1);
  });

  it('updates only from the version it read, with its audit entry, and refuses a stale write', async () => {
    await create(t.store, consultation('c-0001'));
    const next = consultation('c-0001', { status: 'answered', dueAt: undefined, slaNextCheckAt: undefined, version: 2 });
    await t.store.update({
      consultation: next,
      expectedVersion: 1,
      outbox: [],
      audit: [{ actorId: 'staff-agent-01', actorRole: 'agent', action: 'consultation.reply', subjectType: 'consultation', subjectId: 'c-0001' }],
    });
    expect(await t.store.get('c-0001')).toMatchObject({ status: 'answered', version: 2 });
    const stale = await t.store.update({ consultation: { ...next, version: 2, status: 'closed' }, expectedVersion: 1, outbox: [] }).catch((e) => e);
    expect(codeOf(stale)).toBe('CONSULTATION.VERSION_CONFLICT');
    expect((await t.store.get('c-0001'))!.status).toBe('answered');
    expect((await auditEntries(t.audit)).map((e) => e.action)).toEqual(['consultation.reply']);
  });

  it('lists a member’s consultations newest first, page by page', async () => {
    for (let i = 1; i <= 5; i++) await create(t.store, consultation(`c-000${i}`, { receivedAt: `2026-11-2${i}T02:00:00.000Z` }));
    await create(t.store, consultation('c-0009', { memberId: 'openid-bob' }));
    const p1 = await t.store.listByMember('openid-alice', { limit: 3 });
    const p2 = await t.store.listByMember('openid-alice', { limit: 3, cursor: p1.nextCursor });
    expect([...p1.items, ...p2.items].map((c) => c.id)).toEqual(['c-0005', 'c-0004', 'c-0003', 'c-0002', 'c-0001']);
    expect(p2.nextCursor).toBeUndefined();
  });

  it('serves the queue by due time, per stage and per advisor, leaving out consultations with nothing owed', async () => {
    await create(t.store, consultation('c-0001', { dueAt: '2026-11-27T16:00:00.000Z' }));
    await create(t.store, consultation('c-0002', { dueAt: '2026-11-26T16:00:00.000Z' }));
    await create(t.store, consultation('c-0003', { status: 'answered', dueAt: undefined, slaNextCheckAt: undefined }));
    const adv = (id: string, dueAt: string, advisorId = 'adv-1') =>
      consultation(id, { status: 'withAdvisor', stage: 'advisor', dueAt, advisor: { id: advisorId, handedAt: dueAt, handedById: 'staff-agent-01' } });
    await create(t.store, adv('c-0004', '2026-11-30T16:00:00.000Z'));
    await create(t.store, adv('c-0005', '2026-11-28T16:00:00.000Z', 'adv-2'));
    await create(t.store, adv('c-0006', '2026-11-29T16:00:00.000Z'));
    const all = await t.store.queue({}, { limit: 10 });
    expect(all.items.map((c) => c.id)).toEqual(['c-0002', 'c-0001', 'c-0005', 'c-0006', 'c-0004']);
    expect((await t.store.queue({ stage: 'customerService' }, { limit: 10 })).items.map((c) => c.id)).toEqual(['c-0002', 'c-0001']);
    const a1 = await t.store.queue({ stage: 'advisor', advisorId: 'adv-1' }, { limit: 1 });
    const a2 = await t.store.queue({ stage: 'advisor', advisorId: 'adv-1' }, { limit: 1, cursor: a1.nextCursor });
    expect([...a1.items, ...a2.items].map((c) => c.id)).toEqual(['c-0006', 'c-0004']);
    expect(a2.nextCursor).toBeUndefined();
    expect((await t.store.listByAdvisor('adv-1', { limit: 10 })).items.map((c) => c.id)).toEqual(['c-0004', 'c-0006']);
  });

  it('finds what the deadline timer must look at, earliest first, and finds a record by its number', async () => {
    await create(t.store, consultation('c-0001', { slaNextCheckAt: '2026-11-26T12:00:00.000Z' }));
    await create(t.store, consultation('c-0002', { slaNextCheckAt: '2026-11-26T10:00:00.000Z' }));
    await create(t.store, consultation('c-0003', { slaNextCheckAt: undefined }));
    await create(t.store, consultation('c-0004', { slaNextCheckAt: '2026-11-28T10:00:00.000Z' }));
    expect((await t.store.findSlaDue(new Date('2026-11-27T00:00:00Z'), 10)).map((c) => c.id)).toEqual(['c-0002', 'c-0001']);
    expect((await t.store.byNumber('ZX20261125-0003'))?.id).toBe('c-0003');
    // What a calendar recompute walks: open ones only, by id, page by page.
    await create(t.store, consultation('c-0005', { status: 'closed', dueAt: undefined, slaNextCheckAt: undefined }));
    const first = await t.store.listOpen({ limit: 2 });
    const rest = await t.store.listOpen({ after: first[first.length - 1].id, limit: 10 });
    expect([...first, ...rest].map((c) => c.id)).toEqual(['c-0001', 'c-0002', 'c-0003', 'c-0004']);
    expect(await t.store.byNumber('ZX20261125-9999')).toBeNull();
  });

  it('hands out distinct sequence numbers under concurrent asks', async () => {
    const values = await retryWhileBusy(10, () => t.store.nextSequence('consultation:20261125'));
    expect(new Set(values).size).toBe(10);
  });
};
