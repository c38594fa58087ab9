import { checkpointAudit } from '../../core/audit/checkpoint';
import { signAnchor, type AnchorSink, type AuditAnchor } from '../../core/audit/anchor';
import { hmacAnchorSigner } from '../../adapters/auditAnchors';
import {
  chainEntry,
  checkpointEntry,
  GENESIS_HASH,
  verifyChain,
  type AuditCheckpoint,
  type AuditDraft,
  type AuditEntry,
  type AuditHead,
  type AuditLog,
} from '../../core/audit/chain';
import { verifyAudit } from '../../core/audit/verify';
import type { Clock } from '../../core/shared/ports';
import { sha256 } from '../support/fixtures';
import { auditEntries, retryWhileBusy } from './contractSupport';

/** What an attacker with write access to the database can do, past the store's own guards. */
export interface AuditTamper {
  /** Overwrites the stored entry with this id (its content, seq and hashes as given). */
  rewrite(id: string, entry: AuditEntry): Promise<void>;
  remove(id: string): Promise<void>;
  setHead(head: AuditHead): Promise<void>;
  rewriteCheckpoint(c: AuditCheckpoint): Promise<void>;
  removeCheckpoint(seq: number): Promise<void>;
}

export interface AuditLogUnderTest {
  audit: AuditLog;
  tamper: AuditTamper;
  close?(): Promise<void> | void;
}

const draft = (subjectId: string, detail?: Record<string, unknown>): AuditDraft => ({
  actorId: 'staff-agent-1',
  actorRole: 'agent',
  action: 'complaint.reply',
  subjectType: 'complaint',
  subjectId,
  ...(detail ? { detail } : {}),
});

const collect = async <T>(items: AsyncIterable<T> | Iterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
};

/** A clock the test moves: each append or checkpoint happens when the test says. */
const testClock = () => {
  let t = Date.parse('2026-11-25T02:00:00.000Z');
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
};

/** What every AuditLog does, whatever database is behind it. */
export const auditLogContract = (make: (clock: Clock) => Promise<AuditLogUnderTest>) => {
  let s: AuditLogUnderTest;
  let clock: ReturnType<typeof testClock>;
  beforeEach(async () => {
    clock = testClock();
    s = await make(clock);
  });
  afterEach(async () => {
    await s.close?.();
  });
  const append = async (subjectId: string, detail?: Record<string, unknown>) => {
    clock.advance(1000);
    return s.audit.append(draft(subjectId, detail));
  };
  const checkpoint = (opts: { sliceSize?: number; maxSlices?: number; lagMs?: number } = {}) => {
    clock.advance(1000);
    return checkpointAudit(s.audit, { now: clock.now(), hash: sha256, lagMs: 0, ...opts });
  };
  const verify = () => verifyAudit(s.audit, sha256);

  describe('subject chains', () => {
    it('chains each subject on its own, and gives back exactly what it stored', async () => {
      const a = await append('c-1', { field: 'phone', nested: { n: 1 } });
      const b = await append('c-2');
      const c = await append('c-1');
      expect(a).toMatchObject({ chainId: 'complaint:c-1', seq: 1, prevHash: GENESIS_HASH, detail: { field: 'phone', nested: { n: 1 } } });
      expect(b).toMatchObject({ chainId: 'complaint:c-2', seq: 1, prevHash: GENESIS_HASH });
      expect(c).toMatchObject({ chainId: 'complaint:c-1', seq: 2, prevHash: a.hash });
      expect(new Set([a.id, b.id, c.id]).size).toBe(3);
      expect(await auditEntries(s.audit)).toEqual([a, b, c]);
      expect(await collect(s.audit.byChain())).toEqual([a, c, b]);
      expect((await auditEntries(s.audit))[1]).not.toHaveProperty('detail', expect.anything());
      expect(verifyChain([a, c], sha256)).toEqual({ ok: true, entries: 2 });
      expect(await collect(s.audit.heads())).toEqual([
        expect.objectContaining({ chainId: 'complaint:c-1', seq: 2, hash: c.hash, at: c.at }),
        expect.objectContaining({ chainId: 'complaint:c-2', seq: 1, hash: b.hash }),
      ]);
      expect(await verify()).toEqual({ ok: true, entries: 3, chains: 2, checkpoints: 0, notCheckpointed: 3, problems: [] });
    });

    it('keeps subject ids that look like separators apart', async () => {
      const odd = ['a#b', 'a|b', 'a:b', '张三', 'a', 'a#0000000001'];
      for (const id of odd) await append(id);
      await append('a');
      const chains = await collect(s.audit.byChain());
      expect(new Set(chains.map((e) => e.chainId)).size).toBe(odd.length);
      expect(chains.filter((e) => e.subjectId === 'a').map((e) => e.seq)).toEqual([1, 2]);
      expect(await verify()).toMatchObject({ ok: true, chains: odd.length });
    });

    it('lists newest first across chains, by subject, keyset on time then id', async () => {
      for (let i = 1; i <= 7; i++) await append(i % 2 ? 'c-odd' : 'c-even', { i });
      // Two entries at one instant: the id breaks the tie, the same way on every page.
      clock.advance(1000);
      await s.audit.append(draft('c-a', { i: 8 }));
      await s.audit.append(draft('c-b', { i: 9 }));
      const is = (es: AuditEntry[]) => es.map((e) => e.detail?.i);
      const first = await s.audit.list({ limit: 3 });
      expect(is(first)).toEqual([9, 8, 7]);
      const second = await s.audit.list({ limit: 3, before: first[2] });
      expect(is(second)).toEqual([6, 5, 4]);
      expect(is(await s.audit.list({ limit: 3, before: first[0] }))).toEqual([8, 7, 6]);
      expect(is(await s.audit.list({ limit: 10, before: second[2] }))).toEqual([3, 2, 1]);
      expect(is(await s.audit.list({ subjectId: 'c-odd', limit: 10 }))).toEqual([7, 5, 3, 1]);
      const odd = await s.audit.list({ subjectId: 'c-odd', limit: 2 });
      expect(is(await s.audit.list({ subjectId: 'c-odd', limit: 2, before: odd[1] }))).toEqual([3, 1]);
      expect(await s.audit.list({ subjectId: 'c-odd', subjectType: 'member', limit: 10 })).toEqual([]);
    });

    it('filters by action group and by actor in the query, newest first, keyset paged, and still verifies', async () => {
      const kinds = [
        { action: 'staff.login', actorId: 'staff-a' },
        { action: 'complaint.reply', actorId: 'staff-a' },
        { action: 'staff.login.failed', actorId: 'anonymous' },
        { action: 'staff', actorId: 'staff-b' },
        { action: 'staffing.review', actorId: 'staff-b' },
        { action: 'complaint.read', actorId: 'staff-b' },
      ];
      for (const [i, k] of kinds.entries()) {
        clock.advance(1000);
        await s.audit.append({ ...draft(`s-${i}`, { i }), ...k });
      }
      const is = (es: AuditEntry[]) => es.map((e) => e.detail?.i);
      // `staff` is its own group: not `staffing`, and every depth below it.
      expect(is(await s.audit.list({ limit: 10, actionGroup: 'staff' }))).toEqual([3, 2, 0]);
      const firstOfStaff = await s.audit.list({ limit: 1, actionGroup: 'staff' });
      expect(is(await s.audit.list({ limit: 10, actionGroup: 'staff', before: firstOfStaff[0] }))).toEqual([2, 0]);
      expect(is(await s.audit.list({ limit: 10, actorIds: ['staff-b', 'nobody'] }))).toEqual([5, 4, 3]);
      expect(is(await s.audit.list({ limit: 10, actorIds: ['staff-a'], actionGroup: 'complaint' }))).toEqual([1]);
      expect(await s.audit.list({ limit: 10, actorIds: [] })).toEqual([]);
      // The query field is not part of an entry: what comes back hashes as written.
      expect((await s.audit.list({ limit: 1, actionGroup: 'complaint' }))[0]).not.toHaveProperty('actionGroup');
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('reads the whole log back, past any page size the store uses', async () => {
      for (let i = 1; i <= 1_005; i++) await append(`c-${i % 3}`);
      const all = await auditEntries(s.audit);
      expect(all).toHaveLength(1_005);
      expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort());
      expect((await collect(s.audit.byChain())).filter((e) => e.chainId === 'complaint:c-1').map((e) => e.seq)).toEqual(
        Array.from({ length: 335 }, (_, i) => i + 1),
      );
      expect(await verify()).toMatchObject({ ok: true, entries: 1_005, chains: 3 });
    }, 30_000);

    it('lets writers on different subjects run at once, all through; on one subject it serialises and never forks', async () => {
      const apart = await Promise.all(Array.from({ length: 8 }, (_, i) => s.audit.append(draft(`c-${i}`))));
      expect(apart.map((e) => e.seq)).toEqual(Array(8).fill(1));
      const together = await retryWhileBusy(8, () => s.audit.append(draft('c-hot')));
      expect(together.map((e) => e.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const hot = (await collect(s.audit.byChain())).filter((e) => e.chainId === 'complaint:c-hot');
      expect(verifyChain(hot, sha256)).toEqual({ ok: true, entries: 8 });
      expect(await verify()).toMatchObject({ ok: true, entries: 16, chains: 9 });
    });
  });

  describe('checkpoints', () => {
    it('records each moved head once, in slices a run may leave for the next, and nothing when nothing moved', async () => {
      for (const id of ['c-1', 'c-2', 'c-3', 'c-4', 'c-5']) await append(id);
      expect(await checkpoint({ sliceSize: 2, maxSlices: 1 })).toMatchObject({ written: 1, heads: 2, caughtUp: false });
      // A crash here loses nothing: the next run continues the open window after the last slice.
      expect(await checkpoint({ sliceSize: 2 })).toMatchObject({ written: 2, heads: 3, caughtUp: true });
      const cps = await collect(s.audit.checkpoints());
      expect(cps.map((c) => c.heads.map((h) => h.chainId))).toEqual([
        ['complaint:c-1', 'complaint:c-2'],
        ['complaint:c-3', 'complaint:c-4'],
        ['complaint:c-5'],
      ]);
      expect(cps.map((c) => [c.seq, c.prevHash])).toEqual([
        [1, GENESIS_HASH],
        [2, cps[0].hash],
        [3, cps[1].hash],
      ]);
      expect(await checkpoint()).toMatchObject({ written: 0, last: { seq: 3, hash: cps[2].hash } });

      const moved = await append('c-2');
      await append('c-2');
      expect(await checkpoint()).toMatchObject({ written: 1, heads: 1 });
      expect((await s.audit.lastCheckpoint())?.heads).toEqual([{ chainId: 'complaint:c-2', seq: 3, hash: expect.any(String) }]);
      expect(moved.seq).toBe(2);
      expect(await verify()).toEqual({ ok: true, entries: 7, chains: 5, checkpoints: 4, notCheckpointed: 0, problems: [] });
    });

    it('leaves head moves younger than the lag for a later run', async () => {
      await append('c-1');
      expect(await checkpoint({ lagMs: 60_000 })).toMatchObject({ written: 0 });
      expect(await verify()).toMatchObject({ ok: true, notCheckpointed: 1 });
      clock.advance(60_000);
      expect(await checkpoint({ lagMs: 60_000 })).toMatchObject({ written: 1, heads: 1 });
      expect(await verify()).toMatchObject({ ok: true, notCheckpointed: 0 });
    });

    it('two runs at once write each checkpoint once', async () => {
      for (let i = 0; i < 7; i++) await append(`c-${i}`);
      clock.advance(1000);
      const opts = { now: clock.now(), hash: sha256, lagMs: 0, sliceSize: 3 };
      await Promise.all([checkpointAudit(s.audit, opts), checkpointAudit(s.audit, opts)]);
      const cps = await collect(s.audit.checkpoints());
      expect(cps.flatMap((c) => c.heads.map((h) => h.chainId)).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `complaint:c-${i}`));
      expect(await verify()).toMatchObject({ ok: true, checkpoints: 3, notCheckpointed: 0 });
    });
  });

  describe('tamper detection', () => {
    const threeOnC1 = async () => {
      const es = [await append('c-1', { text: '一' }), await append('c-2'), await append('c-1', { text: '二' }), await append('c-1', { text: '三' })];
      return { e1: es[0], e2: es[2], e3: es[3] };
    };
    /** What someone who can write the database and knows the scheme does: rewrite a chain from `seq` on, re-hashed. */
    const rehash = async (from: AuditEntry[], change: (e: AuditEntry) => AuditDraft) => {
      let previous: AuditEntry | undefined;
      const chain = await collect(s.audit.byChain());
      for (const e of chain.filter((x) => x.chainId === from[0].chainId)) {
        const target = from.find((x) => x.id === e.id);
        const next = target ? chainEntry(change(e), previous, new Date(e.at), sha256) : e;
        if (target) await s.tamper.rewrite(e.id, next);
        previous = next;
      }
      await s.tamper.setHead({ chainId: previous!.chainId, seq: previous!.seq, hash: previous!.hash, at: previous!.at, moveKey: `${previous!.at}|${previous!.chainId}` });
    };

    it("finds an entry whose detail was changed", async () => {
      const { e2 } = await threeOnC1();
      await s.tamper.rewrite(e2.id, { ...e2, detail: { text: '改过' } });
      expect(await verify()).toMatchObject({ ok: false, firstBrokenChain: 'complaint:c-1', firstBrokenSeq: 2, reason: 'entry content was changed' });
    });

    it('finds entries put in another order', async () => {
      const { e1, e2 } = await threeOnC1();
      await s.tamper.rewrite(e1.id, { ...e2, id: e1.id, seq: 1 });
      await s.tamper.rewrite(e2.id, { ...e1, id: e2.id, seq: 2 });
      expect(await verify()).toMatchObject({ ok: false, firstBrokenChain: 'complaint:c-1', firstBrokenSeq: 1, reason: 'link to the previous entry does not match' });
    });

    it('finds the last entry of a chain removed after it was checkpointed, even with the head wound back', async () => {
      const { e2, e3 } = await threeOnC1();
      await checkpoint();
      await s.tamper.remove(e3.id);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenChain: 'complaint:c-1', firstBrokenSeq: 3, reason: 'entry 3 is missing: checkpoint 1 recorded the chain up to entry 3' });
      await s.tamper.setHead({ chainId: e2.chainId, seq: 2, hash: e2.hash, at: e2.at, moveKey: `${e2.at}|${e2.chainId}` });
      const verdict = await verify();
      expect(verdict).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: expect.stringMatching(/^entry 3 is missing: checkpoint 1/) });
      expect(verdict.problems).toHaveLength(1);
    });

    it('finds a checkpointed chain rewritten and re-hashed so that it verifies on its own', async () => {
      const { e2, e3 } = await threeOnC1();
      await checkpoint();
      await rehash([e2, e3], (e) => ({ ...e, detail: { text: '改过' } }));
      const c1 = (await collect(s.audit.byChain())).filter((e) => e.chainId === 'complaint:c-1');
      expect(verifyChain(c1, sha256)).toEqual({ ok: true, entries: 3 });
      expect(await verify()).toMatchObject({
        ok: false,
        firstBrokenChain: 'complaint:c-1',
        // The checkpoint recorded the head (entry 3), whose hash covers every entry before it.
        firstBrokenSeq: 3,
        reason: 'entry 3 is not the one checkpoint 1 recorded: the chain was rewritten',
      });
    });

    it('cannot tell a re-hashed rewrite of entries not yet checkpointed (the documented limit), but counts them', async () => {
      const { e2, e3 } = await threeOnC1();
      await checkpoint();
      const e4 = await append('c-1', { text: '四' });
      await rehash([e4], (e) => ({ ...e, detail: { text: '改过' } }));
      expect(await verify()).toMatchObject({ ok: true, notCheckpointed: 1 });
      // A plain edit of the same entry, not re-hashed, is still caught by the chain itself.
      await s.tamper.rewrite(e4.id, { ...e4, detail: { text: '又改' } });
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'entry content was changed' });
      expect([e2.seq, e3.seq]).toEqual([2, 3]);
    });

    describe('anchors', () => {
      const sign = hmacAnchorSigner(Buffer.alloc(32, 7));
      let written: AuditAnchor[];
      let printed: AuditAnchor[];
      const sink: AnchorSink = { write: async (a) => void written.push(a), read: () => written };
      beforeEach(() => {
        written = [];
        printed = [];
      });
      const anchoredCheckpoint = () => {
        clock.advance(1000);
        return checkpointAudit(s.audit, { now: clock.now(), hash: sha256, lagMs: 0, anchor: { sign, sink, print: (a) => void printed.push(a) } });
      };
      const verifyAnchored = (anchors: AuditAnchor[] = written) => verifyAudit(s.audit, sha256, { anchors, sign });
      /** The attacker recomputes the whole checkpoint chain over the chains as they now are. */
      const recomputeCheckpoints = async () => {
        const hashes = new Map((await collect(s.audit.byChain())).map((e) => [`${e.chainId}#${e.seq}`, e.hash]));
        let previous: AuditCheckpoint | undefined;
        for (const c of await collect(s.audit.checkpoints())) {
          const heads = c.heads.map((h) => ({ ...h, hash: hashes.get(`${h.chainId}#${h.seq}`) ?? h.hash }));
          const next = checkpointEntry({ after: c.after, until: c.until, to: c.to, heads }, previous, new Date(c.at), sha256);
          await s.tamper.rewriteCheckpoint(next);
          previous = next;
        }
      };

      it('signs the newest checkpoint of each run that wrote one, to the sink and the log', async () => {
        await append('c-1');
        const run = await anchoredCheckpoint();
        const [cp] = await collect(s.audit.checkpoints());
        expect(run).toMatchObject({ written: 1, anchor: { seq: 1, hash: cp.hash, at: clock.now().toISOString(), sig: expect.stringMatching(/^[0-9a-f]{64}$/) } });
        expect(written).toEqual([run.anchor]);
        expect(printed).toEqual([run.anchor]);
        expect(await anchoredCheckpoint()).toMatchObject({ written: 0 });
        expect(written).toHaveLength(1);
        expect(await verifyAnchored()).toMatchObject({ ok: true, anchors: 1, notAnchored: 0, checkpoints: 1 });
      });

      it('keeps the checkpoints when the anchor cannot be written, and counts them as not anchored', async () => {
        await append('c-1');
        const broken = { sign, sink: { write: async () => Promise.reject(new Error('disk full')) } };
        clock.advance(1000);
        const run = await checkpointAudit(s.audit, { now: clock.now(), hash: sha256, lagMs: 0, anchor: broken });
        expect(run).toMatchObject({ written: 1, anchorError: 'Error: disk full' });
        expect(await verifyAnchored()).toMatchObject({ ok: true, anchors: 0, notAnchored: 1 });
      });

      it('finds the newest checkpoints deleted, which the checkpoint chain alone cannot show', async () => {
        await append('c-1');
        await anchoredCheckpoint();
        await append('c-2');
        await append('c-1');
        await anchoredCheckpoint();
        expect(written.map((a) => a.seq)).toEqual([1, 2]);
        await s.tamper.removeCheckpoint(2);
        expect(await verify()).toMatchObject({ ok: true, checkpoints: 1 });
        expect(await verifyAnchored()).toMatchObject({
          ok: false,
          firstBrokenChain: 'checkpoints',
          firstBrokenSeq: 2,
          reason: `checkpoint 2 is missing: it was anchored at ${written[1].at}`,
        });
      });

      it('finds a checkpoint chain recomputed over rewritten subject chains', async () => {
        const { e2, e3 } = await threeOnC1();
        await anchoredCheckpoint();
        await rehash([e2, e3], (e) => ({ ...e, detail: { text: '改过' } }));
        await recomputeCheckpoints();
        // Every chain and every checkpoint verifies on its own: only the anchor tells.
        expect(await verify()).toMatchObject({ ok: true, notCheckpointed: 0 });
        expect(await verifyAnchored()).toMatchObject({
          ok: false,
          firstBrokenChain: 'checkpoints',
          firstBrokenSeq: 1,
          reason: `checkpoint 1 is not the one anchored at ${written[0].at}: the checkpoint chain was rewritten`,
        });
      });

      it('refuses an anchor whose signature does not verify, and never trusts it', async () => {
        await append('c-1');
        await anchoredCheckpoint();
        const [genuine] = written;
        const forged = signAnchor({ seq: 1, hash: 'f'.repeat(64), at: genuine.at }, hmacAnchorSigner(Buffer.alloc(32, 9)));
        const altered = { ...genuine, hash: 'e'.repeat(64) };
        const verdict = await verifyAnchored([genuine, forged, altered, { seq: 5 } as AuditAnchor]);
        expect(verdict).toMatchObject({ ok: false, anchors: 1, notAnchored: 0 });
        expect(verdict.problems).toEqual([
          { chainId: 'anchors', seq: 1, reason: 'anchor signature is not valid: anchor refused' },
          { chainId: 'anchors', seq: 1, reason: 'anchor signature is not valid: anchor refused' },
          { chainId: 'anchors', seq: 5, reason: 'anchor signature is not valid: anchor refused' },
        ]);
      });
    });

    it('finds a checkpoint that was edited', async () => {
      await threeOnC1();
      await checkpoint();
      const [cp] = await collect(s.audit.checkpoints());
      await s.tamper.rewriteCheckpoint({ ...cp, heads: cp.heads.filter((h) => h.chainId !== 'complaint:c-1') });
      expect(await verify()).toMatchObject({ ok: false, firstBrokenChain: 'checkpoints', firstBrokenSeq: 1, reason: 'checkpoint content was changed' });
    });
  });
};
