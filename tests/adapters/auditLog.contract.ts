import { verifyChain, type AuditDraft, type AuditLog } from '../../core/audit/chain';
import { sha256 } from '../support/fixtures';
import { auditEntries, retryWhileBusy } from './contractSupport';

export interface AuditLogUnderTest {
  audit: AuditLog;
  close?(): Promise<void> | void;
}

const draft = (n: number, subjectId = `c-${n}`, detail?: Record<string, unknown>): AuditDraft => ({
  actorId: 'staff-agent-1',
  actorRole: 'agent',
  action: 'complaint.reply',
  subjectType: 'complaint',
  subjectId,
  ...(detail ? { detail } : {}),
});

/** What every AuditLog does, whatever database is behind it. */
export const auditLogContract = (make: () => Promise<AuditLogUnderTest>) => {
  let s: AuditLogUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  it('chains each entry to the one before, and gives back exactly what it stored', async () => {
    const a = await s.audit.append(draft(1, 'c-1', { field: 'phone', nested: { n: 1 } }));
    const b = await s.audit.append(draft(2));
    expect(a).toMatchObject({ seq: 1, prevHash: '0'.repeat(64), detail: { field: 'phone', nested: { n: 1 } } });
    expect(b).toMatchObject({ seq: 2, prevHash: a.hash });
    const stored = await auditEntries(s.audit);
    expect(stored).toEqual([a, b]);
    expect(stored[1]).not.toHaveProperty('detail', expect.anything());
    expect(verifyChain(stored, sha256)).toEqual({ ok: true, entries: 2 });
  });

  it('pages after a sequence number, and by subject', async () => {
    for (let i = 1; i <= 7; i++) await s.audit.append(draft(i, i % 2 ? 'c-odd' : 'c-even'));
    expect((await s.audit.list({ limit: 3 })).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await s.audit.list({ afterSeq: 3, limit: 3 })).map((e) => e.seq)).toEqual([4, 5, 6]);
    expect((await s.audit.list({ afterSeq: 6, limit: 3 })).map((e) => e.seq)).toEqual([7]);
    expect((await s.audit.list({ subjectId: 'c-odd', limit: 10 })).map((e) => e.seq)).toEqual([1, 3, 5, 7]);
    expect((await s.audit.list({ subjectId: 'c-odd', afterSeq: 3, limit: 2 })).map((e) => e.seq)).toEqual([5, 7]);
  });

  it('reads the whole log back in order, past any page size the store uses', async () => {
    for (let i = 1; i <= 1_005; i++) await s.audit.append(draft(i));
    const all = await auditEntries(s.audit);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 1_005 }, (_, i) => i + 1));
    expect(verifyChain(all, sha256)).toEqual({ ok: true, entries: 1_005 });
  }, 30_000);

  it('never forks the chain under parallel writers', async () => {
    await retryWhileBusy(8, (i) => s.audit.append(draft(i)));
    const all = await auditEntries(s.audit);
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(all.map((e) => e.subjectId).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `c-${i}`).sort());
    expect(verifyChain(all, sha256)).toEqual({ ok: true, entries: 8 });
  });
};
