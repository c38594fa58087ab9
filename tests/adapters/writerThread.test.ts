import { formatNumber } from '../../core/complaints/memberUseCases';
import { MEMBER_QUOTAS } from '../../core/members/quotas';
import { startWriterThread, writerThreadOf } from '../../adapters/sqlite/writerThread';
import { harness, validSubmit } from '../support/localHarness';

/**
 * adapters/sqlite/writerThread.ts: a member's submit (quota, key check, number, record, outbox) written on a
 * worker thread with its own connection, answered after its COMMIT; the same answers as in-thread.
 */
jest.setTimeout(30_000);

type Reply = { ok: boolean; data?: { complaint: { id: string; number: string; description?: string }; created: boolean }; error?: { code: string } };

describe('writer thread', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => (h = harness('2026-11-02T06:00:00Z')));
  afterEach(async () => {
    await writerThreadOf(h.system.db)?.stop();
    h.close();
  });

  const submit = (member: string, key: string) => h.call('complaints', { kind: 'member', openid: member }, validSubmit(key)) as Promise<Reply>;

  it('numbers, stores and answers parallel submits exactly as formatNumber says, each with its key and outbox entry', async () => {
    const writer = startWriterThread(h.system.db);
    expect(writerThreadOf(h.system.db)).toBe(writer);
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => submit(`openid-w${i % 4}`, `writer-key-${String(i).padStart(8, '0')}`)));
    expect(replies.every((r) => r.ok && r.data!.created)).toBe(true);
    const numbers = replies.map((r) => r.data!.complaint.number).sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => formatNumber('20261102', i + 1)));
    for (const r of replies) {
      const stored = h.system.db.prepare('SELECT number, doc FROM complaints WHERE id = ?').get(r.data!.complaint.id) as { number: string; doc: string };
      expect(stored.number).toBe(r.data!.complaint.number);
      expect(JSON.parse(stored.doc).number).toBe(r.data!.complaint.number);
      expect(stored.doc).not.toMatch(/TS20261102-\d{16}/); // no stand-in number left anywhere in the record
    }
    const payloads = (h.system.db.prepare('SELECT payload FROM outbox').all() as { payload: string }[]).map((p) => p.payload).join('\n');
    expect(payloads).not.toMatch(/\d{16}/);
    expect(h.counts()).toMatchObject({ complaints: 12, outbox: 12 });

    h.system.db.prepare(`UPDATE counters SET value = 9999 WHERE name = 'complaint:20261102'`).run();
    const past = await submit('openid-w9', 'writer-key-past-9999');
    expect(past.data!.complaint.number).toBe(formatNumber('20261102', 10000));
  });

  it('answers a retry with the record first made and refuses the hour quota past its limit, counting nothing more', async () => {
    startWriterThread(h.system.db);
    const first = await submit('openid-q', 'writer-key-retry-0001');
    const again = await submit('openid-q', 'writer-key-retry-0001');
    expect(again.data).toMatchObject({ created: false, complaint: { id: first.data!.complaint.id, number: first.data!.complaint.number } });
    // Two submits with one key in one turn: one record.
    const [a, b] = await Promise.all([submit('openid-q', 'writer-key-same-turn'), submit('openid-q', 'writer-key-same-turn')]);
    expect(a.data!.complaint.id).toBe(b.data!.complaint.id);
    expect([a.data!.created, b.data!.created].sort()).toEqual([false, true]);
    const rest = await Promise.all(Array.from({ length: MEMBER_QUOTAS.submitsPerHour }, (_, i) => submit('openid-q', `writer-key-more-${i}000`)));
    const refused = rest.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.error!.code === 'RATE.LIMITED')).toBe(true);
    // The hour's counter stops at its limit (the same-turn pair counted twice, as in-thread: both passed the key check).
    const counted = h.system.db.prepare(`SELECT count FROM rate_limits WHERE key LIKE 'quota:submit:hour:openid-q:%'`).get() as { count: number };
    expect(counted.count).toBe(MEMBER_QUOTAS.submitsPerHour);
    const stored = (h.system.db.prepare(`SELECT COUNT(*) n FROM complaints WHERE member_id = 'openid-q'`).get() as { n: number }).n;
    expect(stored).toBe(MEMBER_QUOTAS.submitsPerHour - 1);
  });

  it('after stop, submits are written in-thread again', async () => {
    const writer = startWriterThread(h.system.db);
    await submit('openid-s', 'writer-key-stop-0001');
    await writer.stop();
    expect(writerThreadOf(h.system.db)).toBeUndefined();
    const after = await submit('openid-s', 'writer-key-stop-0002');
    expect(after.data!.complaint.number).toBe(formatNumber('20261102', 2));
  });
});
