import { recordId } from '../../core/shared/ids';
import { timeOrderedIds } from '../../adapters/sqlite/timeOrderedIds';

/** adapters/sqlite/timeOrderedIds.ts: UUIDv7-form record ids, in time order, still with 74 random bits. */
describe('time-ordered ids', () => {
  it('are UUID version 7 with the RFC variant, valid record ids, and sort by the time they were made', async () => {
    const first = Array.from({ length: 200 }, () => timeOrderedIds.newId());
    await new Promise((r) => setTimeout(r, 5));
    const later = timeOrderedIds.newId();
    for (const id of [...first, later]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(recordId.safeParse(id).success).toBe(true);
    }
    expect(new Set(first).size).toBe(first.length);
    expect(first.every((id) => id < later)).toBe(true);
    const ms = parseInt(later.replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(1000);
  });

  it('differ in their random part within one millisecond', () => {
    const ids = Array.from({ length: 50 }, () => timeOrderedIds.newId().slice(15));
    expect(new Set(ids).size).toBe(50);
  });
});
