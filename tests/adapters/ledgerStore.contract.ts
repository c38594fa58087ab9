import type { AuditLog } from '../../core/audit/chain';
import type { Finding, Inspection, LedgerItem } from '../../core/ledger/model';
import type { LedgerStore } from '../../core/ledger/ports';
import { auditEntries, codeOf } from './contractSupport';

export const inspection = (id: string, over: Partial<Inspection> = {}): Inspection => ({
  id,
  kind: 'complaints',
  title: '投诉处理专项检查',
  period: '2026年第三季度',
  scope: '全部分支机构',
  inspector: '质检一组',
  createdBy: 'staff-qa01',
  createdAt: `2026-10-0${(id.length % 9) + 1}T01:00:00.000Z`,
  updatedAt: '2026-10-01T01:00:00.000Z',
  findingCount: 0,
  version: 1,
  ...over,
});

export const ledgerItem = (id: string, over: Partial<LedgerItem> = {}): LedgerItem => ({
  id,
  number: `ZG20261001-${id.slice(-4)}`,
  kind: 'complaints',
  title: '回访不及时',
  description: '部分投诉结案后未在规定时间回访',
  source: { kind: 'manual', ref: 'm-1' },
  links: [],
  ownerId: 'staff-agent01',
  status: 'open',
  openedAt: '2026-10-01T01:00:00.000Z',
  openedBy: 'staff-qa01',
  deadline: { workingDays: 10 },
  dueAt: '2026-10-20T16:00:00.000Z',
  dueProvisional: false,
  nextCheckAt: '2026-10-17T16:00:00.000Z',
  evidence: [],
  timeline: [],
  createdByRequest: 'h',
  updatedAt: '2026-10-01T01:00:00.000Z',
  version: 1,
  ...over,
});

const audit = (subjectId: string) => [{ actorId: 'staff-qa01', actorRole: 'inspector', action: 'ledger.test', subjectType: 'ledgerItem', subjectId }];

/** The LedgerStore contract, run on SQLite and on the CloudBase adapter over the strict fake. */
export const ledgerStoreContract = (open: () => Promise<{ store: LedgerStore; audit: AuditLog; close(): void | Promise<void> }>) => {
  let s: { store: LedgerStore; audit: AuditLog; close(): void | Promise<void> };
  beforeEach(async () => {
    s = await open();
  });
  afterEach(async () => {
    await s.close();
  });

  it('creates an item once per key with its audit entry; a retry answers the first, other content is told apart', async () => {
    const first = await s.store.createItem({ item: ledgerItem('item-0001'), keyHash: 'k1', requestHash: 'h1', audit: audit('item-0001') });
    expect(first).toMatchObject({ created: true, sameRequest: true });
    const again = await s.store.createItem({ item: ledgerItem('item-0002', { number: 'ZG20261001-9999' }), keyHash: 'k1', requestHash: 'h1', audit: audit('item-0002') });
    expect(again).toMatchObject({ created: false, sameRequest: true });
    expect(again.record.id).toBe('item-0001');
    const other = await s.store.createItem({ item: ledgerItem('item-0003', { number: 'ZG20261001-9998' }), keyHash: 'k1', requestHash: 'h2', audit: audit('item-0003') });
    expect(other.sameRequest).toBe(false);
    expect(await s.store.getItem('item-0002')).toBeNull();
    expect(await s.store.getItem('item-0003')).toBeNull();
    expect((await auditEntries(s.audit)).map((e) => e.subjectId)).toEqual(['item-0001']);
    expect((await s.store.byNumber('ZG20261001-0001'))?.id).toBe('item-0001');
  });

  it('refuses a key used for another kind of record', async () => {
    await s.store.createInspection({ inspection: inspection('insp-0001'), keyHash: 'k1', requestHash: 'h', audit: audit('insp-0001') });
    const other = await s.store.createItem({ item: ledgerItem('item-0001'), keyHash: 'k1', requestHash: 'h', audit: audit('item-0001') });
    expect(other.sameRequest).toBe(false);
    expect(await s.store.getItem('item-0001')).toBeNull();
  });

  it('refuses a stale version with LEDGER.VERSION_CONFLICT and changes nothing, audit included', async () => {
    await s.store.createItem({ item: ledgerItem('item-0001'), keyHash: 'k1', requestHash: 'h', audit: audit('item-0001') });
    const i = (await s.store.getItem('item-0001'))!;
    await s.store.updateItem({ item: { ...i, status: 'inProgress', version: 2 }, expectedVersion: 1, audit: audit('item-0001') });
    const err = await s.store.updateItem({ item: { ...i, status: 'closed', version: 2 }, expectedVersion: 1, audit: audit('item-0001') }).catch((e) => e);
    expect(codeOf(err)).toBe('LEDGER.VERSION_CONFLICT');
    expect((await s.store.getItem('item-0001'))?.status).toBe('inProgress');
    expect(await auditEntries(s.audit)).toHaveLength(2);
  });

  it('adds findings in order with the inspection version checked, once per key', async () => {
    const ins = inspection('insp-0001');
    await s.store.createInspection({ inspection: ins, keyHash: 'ki', requestHash: 'h', audit: audit('insp-0001') });
    const f = (seq: number): Finding => ({ id: `find-000${seq}`, inspectionId: ins.id, seq, description: `问题${seq}`, severity: 'medium', createdBy: 'staff-qa01', createdAt: '2026-10-02T01:00:00.000Z' });
    await s.store.createFinding({ finding: f(1), inspection: { ...ins, findingCount: 1, version: 2 }, expectedVersion: 1, keyHash: 'kf1', requestHash: 'h', audit: audit('insp-0001') });
    const retry = await s.store.createFinding({ finding: f(9), inspection: { ...ins, findingCount: 1, version: 2 }, expectedVersion: 1, keyHash: 'kf1', requestHash: 'h', audit: audit('insp-0001') });
    expect(retry).toMatchObject({ created: false, sameRequest: true, record: { id: 'find-0001' } });
    const stale = await s.store
      .createFinding({ finding: f(2), inspection: { ...ins, findingCount: 1, version: 2 }, expectedVersion: 1, keyHash: 'kf2', requestHash: 'h', audit: audit('insp-0001') })
      .catch((e) => e);
    expect(codeOf(stale)).toBe('LEDGER.VERSION_CONFLICT');
    await s.store.createFinding({ finding: f(2), inspection: { ...ins, findingCount: 2, version: 3 }, expectedVersion: 2, keyHash: 'kf2', requestHash: 'h', audit: audit('insp-0001') });
    expect((await s.store.listFindings(ins.id)).map((x) => x.seq)).toEqual([1, 2]);
    expect((await s.store.getInspection(ins.id))?.findingCount).toBe(2);
    expect((await s.store.getFinding('find-0002'))?.description).toBe('问题2');
  });

  it('lists inspections newest first, page by page', async () => {
    for (let i = 1; i <= 5; i++) await s.store.createInspection({ inspection: inspection(`insp-000${i}`, { createdAt: `2026-10-0${i}T01:00:00.000Z` }), keyHash: `k${i}`, requestHash: 'h', audit: [] });
    const p1 = await s.store.listInspections({ limit: 3 });
    expect(p1.items.map((i) => i.id)).toEqual(['insp-0005', 'insp-0004', 'insp-0003']);
    const p2 = await s.store.listInspections({ limit: 3, cursor: p1.nextCursor });
    expect(p2.items.map((i) => i.id)).toEqual(['insp-0002', 'insp-0001']);
    expect(p2.nextCursor).toBeUndefined();
  });

  it('lists items by due time under each filter, pages, finds overdue and due-for-check items', async () => {
    const items = [
      ledgerItem('item-0001', { dueAt: '2026-10-10T16:00:00.000Z', nextCheckAt: '2026-10-07T16:00:00.000Z', ownerId: 'staff-a' }),
      ledgerItem('item-0002', { dueAt: '2026-10-12T16:00:00.000Z', status: 'inProgress', kind: 'claims', ownerId: 'staff-b', inspectionId: 'insp-1', findingId: 'f', source: { kind: 'finding', ref: 'f' } }),
      ledgerItem('item-0003', { dueAt: '2026-10-05T16:00:00.000Z', status: 'awaitingVerification', nextCheckAt: undefined, ownerId: 'staff-a' }),
      ledgerItem('item-0004', { dueAt: '2026-10-30T16:00:00.000Z', status: 'closed', nextCheckAt: undefined, ownerId: 'staff-b', source: { kind: 'earlyWarning', ref: 'a1' } }),
    ];
    for (const [n, i] of items.entries()) await s.store.createItem({ item: i, keyHash: `k${n}`, requestHash: 'h', audit: [] });
    const ids = async (f: Parameters<LedgerStore['listItems']>[0]) => (await s.store.listItems(f, { limit: 20 })).items.map((i) => i.id);
    expect(await ids({})).toEqual(['item-0003', 'item-0001', 'item-0002', 'item-0004']);
    expect(await ids({ ownerId: 'staff-a' })).toEqual(['item-0003', 'item-0001']);
    expect(await ids({ status: 'inProgress' })).toEqual(['item-0002']);
    expect(await ids({ kind: 'claims' })).toEqual(['item-0002']);
    expect(await ids({ inspectionId: 'insp-1' })).toEqual(['item-0002']);
    expect(await ids({ sourceKind: 'earlyWarning' })).toEqual(['item-0004']);
    // Waiting for verification stops the clock; closed items are never overdue.
    expect(await ids({ overdueAt: '2026-11-01T00:00:00.000Z' })).toEqual(['item-0001', 'item-0002']);
    expect(await ids({ overdueAt: '2026-10-11T00:00:00.000Z' })).toEqual(['item-0001']);
    expect(await ids({ overdueAt: '2026-11-01T00:00:00.000Z', ownerId: 'staff-b' })).toEqual(['item-0002']);
    const p1 = await s.store.listItems({}, { limit: 3 });
    const p2 = await s.store.listItems({}, { limit: 3, cursor: p1.nextCursor });
    expect([...p1.items, ...p2.items].map((i) => i.id)).toEqual(['item-0003', 'item-0001', 'item-0002', 'item-0004']);
    expect(p2.nextCursor).toBeUndefined();
    expect((await s.store.findDue(new Date('2026-10-08T00:00:00Z'), 10)).map((i) => i.id)).toEqual(['item-0001']);
    expect((await s.store.findDue(new Date('2026-10-01T00:00:00Z'), 10)).map((i) => i.id)).toEqual([]);
    expect((await s.store.listOpen({ limit: 10 })).map((i) => i.id)).toEqual(['item-0001', 'item-0002', 'item-0003']);
    expect((await s.store.listOpen({ after: 'item-0001', limit: 1 })).map((i) => i.id)).toEqual(['item-0002']);
    // The overdue column follows the status on update.
    const one = (await s.store.getItem('item-0001'))!;
    await s.store.updateItem({ item: { ...one, status: 'awaitingVerification', nextCheckAt: undefined, version: 2 }, expectedVersion: 1 });
    expect(await ids({ overdueAt: '2026-11-01T00:00:00.000Z' })).toEqual(['item-0002']);
    expect(await s.store.findDue(new Date('2026-10-08T00:00:00Z'), 10)).toEqual([]);
  });

  it('finds the items holding evidence a staff member uploaded', async () => {
    const ev = (by: string) => ({ fileId: `local://uploads/${by}.pdf`, uploadedBy: by, uploadedAt: '2026-10-02T01:00:00.000Z' });
    await s.store.createItem({ item: ledgerItem('item-0001'), keyHash: 'k1', requestHash: 'h', audit: [] });
    await s.store.createItem({ item: ledgerItem('item-0002', { evidence: [ev('staff-a')] }), keyHash: 'k2', requestHash: 'h', audit: [] });
    const one = (await s.store.getItem('item-0001'))!;
    await s.store.updateItem({ item: { ...one, evidence: [ev('staff-a'), ev('staff-b')], version: 2 }, expectedVersion: 1 });
    const p1 = await s.store.listByUploader('staff-a', { limit: 1 });
    const p2 = await s.store.listByUploader('staff-a', { limit: 1, cursor: p1.nextCursor });
    expect([...p1.items, ...p2.items].map((i) => i.id)).toEqual(['item-0001', 'item-0002']);
    expect((await s.store.listByUploader('staff-b', { limit: 10 })).items.map((i) => i.id)).toEqual(['item-0001']);
    expect((await s.store.listByUploader('staff-c', { limit: 10 })).items).toEqual([]);
  });

  it('counts sequences without repeats', async () => {
    const got = new Set<number>();
    for (let i = 0; i < 10; i++) got.add(await s.store.nextSequence('ledger:20261001'));
    expect(got.size).toBe(10);
  });
};
