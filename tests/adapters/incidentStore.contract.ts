import type { AuditLog } from '../../core/audit/chain';
import type { Incident } from '../../core/incidents/model';
import type { IncidentStore } from '../../core/incidents/ports';
import { auditEntries, codeOf } from './contractSupport';

export const incident = (id: string, over: Partial<Incident> = {}): Incident => ({
  id,
  kind: 'signInBurst',
  source: 'derived',
  status: 'open',
  severity: 'medium',
  occurredAt: '2026-10-05T02:00:00.000Z',
  occurredMonth: '2026-10',
  title: '账号 s1 15分钟内登录失败 6 次',
  description: '由审计日志自动识别。',
  evidence: [],
  notes: [],
  timeline: [],
  createdAt: '2026-10-05T03:00:00.000Z',
  updatedAt: '2026-10-05T03:00:00.000Z',
  version: 1,
  ...over,
});

const draft = (id: string, action: string) => ({ actorId: 'system', actorRole: 'system', action, subjectType: 'incident', subjectId: id });

/** The IncidentStore contract, run on SQLite and on the CloudBase adapter over the strict fake. */
export const incidentStoreContract = (open: () => Promise<{ store: IncidentStore; audit: AuditLog; close(): void | Promise<void> }>) => {
  let s: { store: IncidentStore; audit: AuditLog; close(): void | Promise<void> };
  beforeEach(async () => {
    s = await open();
  });
  afterEach(async () => {
    await s.close();
  });

  it('creates an id once, with its audit entry; a second create answers the first and writes nothing', async () => {
    expect((await s.store.create(incident('inc-d-1'), [draft('inc-d-1', 'incident.detect')])).created).toBe(true);
    const again = await s.store.create(incident('inc-d-1', { title: 'other' }), [draft('inc-d-1', 'incident.detect')]);
    expect(again.created).toBe(false);
    expect(again.incident.title).toBe('账号 s1 15分钟内登录失败 6 次');
    expect((await auditEntries(s.audit)).filter((e) => e.action === 'incident.detect')).toHaveLength(1);
    expect(await s.store.get('inc-d-missing')).toBeNull();
  });

  it('updates with a version check: a stale write fails with INCIDENT.VERSION_CONFLICT and changes nothing', async () => {
    await s.store.create(incident('inc-d-1'), []);
    await s.store.update(incident('inc-d-1', { status: 'handling', version: 2 }), 1, [draft('inc-d-1', 'incident.note')]);
    const stale = s.store.update(incident('inc-d-1', { status: 'closed', version: 2 }), 1, [draft('inc-d-1', 'incident.close')]);
    await expect(stale).rejects.toMatchObject({ code: 'INCIDENT.VERSION_CONFLICT' });
    expect((await s.store.get('inc-d-1'))?.status).toBe('handling');
    expect((await auditEntries(s.audit)).map((e) => e.action)).toEqual(['incident.note']);
  });

  it('lists a period newest first, by kind and status, in keyset pages', async () => {
    const days = ['2026-09-30T15:59:00.000Z', '2026-10-01T00:00:00.000Z', '2026-10-10T00:00:00.000Z', '2026-10-20T00:00:00.000Z', '2026-10-31T15:59:59.000Z', '2026-10-31T16:00:00.000Z'];
    for (const [i, at] of days.entries())
      await s.store.create(incident(`inc-d-${i}`, { occurredAt: at, kind: i % 2 ? 'dataLeak' : 'signInBurst', status: i === 3 ? 'closed' : 'open' }), []);
    // October in Shanghai: 2026-09-30T16:00Z to 2026-10-31T16:00Z.
    const period = { fromAt: '2026-09-30T16:00:00.000Z', toAt: '2026-10-31T16:00:00.000Z' };
    const first = await s.store.list(period, { limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual(['inc-d-4', 'inc-d-3']);
    const second = await s.store.list(period, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((i) => i.id)).toEqual(['inc-d-2', 'inc-d-1']);
    // The row before the period is not a next page.
    expect(second.nextCursor).toBeUndefined();
    expect((await s.store.list({ ...period, kind: 'dataLeak' }, { limit: 10 })).items.map((i) => i.id)).toEqual(['inc-d-3', 'inc-d-1']);
    expect((await s.store.list({ ...period, status: 'closed' }, { limit: 10 })).items.map((i) => i.id)).toEqual(['inc-d-3']);
    expect(codeOf(await s.store.list(period, { limit: 2, cursor: 'garbage' }).catch((e) => e))).toBe('REQUEST.INVALID');
  });

  it('counts per month and kind', async () => {
    await s.store.create(incident('inc-a', { occurredMonth: '2026-10' }), []);
    await s.store.create(incident('inc-b', { occurredMonth: '2026-10' }), []);
    await s.store.create(incident('inc-c', { occurredMonth: '2026-10', kind: 'dataLeak' }), []);
    await s.store.create(incident('inc-d', { occurredMonth: '2026-11' }), []);
    await s.store.create(incident('inc-e', { occurredMonth: '2025-10' }), []);
    const rows = await s.store.countByMonth(['2026-10', '2026-11', '2026-12']);
    expect(rows.sort((a, b) => `${a.month}${a.kind}`.localeCompare(`${b.month}${b.kind}`))).toEqual([
      { month: '2026-10', kind: 'dataLeak', count: 1 },
      { month: '2026-10', kind: 'signInBurst', count: 2 },
      { month: '2026-11', kind: 'signInBurst', count: 1 },
    ]);
    expect(await s.store.countByMonth([])).toEqual([]);
  });

  it('keeps the detector state with a version check: only one of two writers from one version wins', async () => {
    const start = await s.store.readDetector();
    expect(start).toEqual({ buckets: {}, version: 0 });
    const a = { cursor: { at: '2026-10-01T00:00:00.000Z', id: 'x' }, buckets: {}, version: 1 };
    expect(await s.store.writeDetector(a, 0)).toBe(true);
    expect(await s.store.writeDetector({ ...a, cursor: { at: 'other', id: 'y' } }, 0)).toBe(false);
    expect(await s.store.readDetector()).toEqual(a);
    const [x, y] = await Promise.all([s.store.writeDetector({ ...a, version: 2 }, 1), s.store.writeDetector({ ...a, version: 2, lastVerifyAt: 'z' }, 1)].map((p) => p.catch(() => false)));
    expect([x, y].filter(Boolean)).toHaveLength(1);
    expect((await s.store.readDetector()).version).toBe(2);
  });
};
