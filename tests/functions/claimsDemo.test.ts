import { waitingOn } from '../../core/claims/clocks';
import { toStaffQueueItem } from '../../core/claims/views';
import { seedDemoClaims } from '../../server/local/demoData';
import { claimPolicy, seedClaimant } from '../support/claimFixtures';
import { harness } from '../support/localHarness';

describe('demo claims (server/local/demoData.ts)', () => {
  it('seeds one claim waiting for documents and one with an amount offered, once, nothing overdue', async () => {
    const h = harness('2026-11-25T02:00:00Z');
    await seedClaimant(h.system, 'demo-member-alice', [claimPolicy(h.system, 'P2026000123', 'demo-member-alice')]);
    expect(await seedDemoClaims(h.system.claims, h.system.admin.claims!)).toBe(true);
    expect(await seedDemoClaims(h.system.claims, h.system.admin.claims!)).toBe(false);
    const items = (await h.system.claims.store.listByMember('demo-member-alice', { limit: 10 })).items;
    expect(items.map((c) => c.status).sort()).toEqual(['decided', 'documentsPending']);
    const now = h.clock.now().toISOString();
    for (const c of items) for (const k of c.clocks) expect(k.breachedAt).toBeUndefined();
    // Both wait on the member (documents, the offer) and stay in the staff queue, neither overdue.
    expect(items.every((c) => waitingOn(c) !== undefined && c.dueAt !== undefined)).toBe(true);
    expect(items.map((c) => toStaffQueueItem(c, h.clock.now())).every((q) => !q.overdue)).toBe(true);
    expect(items.every((c) => c.clocks.every((k) => k.metAt || k.pausedSince || k.dueAt > now))).toBe(true);
    h.close();
  });
});
