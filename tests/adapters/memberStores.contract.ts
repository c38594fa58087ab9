import type { AuditLog } from '../../core/audit/chain';
import { judgeCode } from '../../core/members/binding';
import type { Member, Policy, SealedField } from '../../core/members/model';
import type { BindingChallenge, LimitRule, MemberStore, PolicyImportBatch, PolicyStore } from '../../core/members/ports';
import type { SecretBox } from '../../core/staff/ports';
import { sha256 } from '../support/fixtures';
import { auditEntries, codeOf, retryWhileBusy } from './contractSupport';

export interface MemberStoresUnderTest {
  policies: PolicyStore;
  members: MemberStore;
  audit: AuditLog;
  /** Arms a fault: the next write of an audit entry fails, inside the transaction that carries it. */
  failNextAuditWrite(): void;
  close?(): Promise<void> | void;
}

const AT = '2026-11-25T02:00:00.000Z';
const DAY = 24 * 3600_000;
const OPERATOR = { actorId: 'staff-comp-01', actorRole: 'compliance', action: 'policy.import', subjectType: 'policyBatch' };

/** Stand-ins for sealed fields: the stores keep them as they are given. */
const box: SecretBox = { seal: (s) => `sealed:${s}`, open: (s) => s.replace(/^sealed:/, ''), blindIndex: (s) => `bi:${s}` };
const sealed = (plain: string, indexed = false): SealedField => ({ sealed: box.seal(plain), masked: `${plain.slice(0, 1)}*`, ...(indexed ? { index: box.blindIndex(plain) } : {}) });
const PHONE = '13800138000';

export const samplePolicy = (policyNo: string, over: Partial<Policy> = {}): Policy => ({
  policyNo,
  productCode: 'MED01',
  productName: '安康百万医疗险',
  holder: { name: sealed('张晓敏', true), idNumber: sealed('110105198503151230', true), phone: sealed(PHONE, true) },
  insured: [{ name: sealed('王子涵'), idNumber: sealed('110105201503151236', true), relation: 'child' }],
  coverages: [{ name: '住院医疗', sumInsuredFen: 100_000_000 }],
  effectiveDate: '2026-01-01',
  expiryDate: '2026-12-31',
  premiumFen: 35_600,
  salesChannel: 'agent',
  sellerId: 'S001',
  status: 'inForce',
  batchId: 'PB-seed',
  updatedAt: AT,
  ...over,
});

const batch = (batchId: string, policies: Policy[], lapseAbsent = false, at = AT): PolicyImportBatch => ({
  batchId,
  policies: policies.map((p) => ({ ...p, batchId, updatedAt: at })),
  lapseAbsent,
  at,
});
const importAudit = (batchId: string) => ({ ...OPERATOR, subjectId: batchId, detail: { rows: 1 } });

const visitor = (id: string, at = AT): Member => ({ id, kind: 'visitor', policyNos: [], tier: 'visitor', version: 1, createdAt: at, updatedAt: at });

/** What every PolicyStore + MemberStore pair does, whatever database is behind it. */
export const memberStoresContract = (make: () => Promise<MemberStoresUnderTest>) => {
  let s: MemberStoresUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  const seed = async (...policies: Policy[]) => s.policies.applyImport(batch('PB-seed', policies), importAudit('PB-seed'));
  const bindDirectly = async (memberId: string, policyNo: string) => {
    const m = await s.members.ensure(visitor(memberId));
    const p = (await s.policies.get(policyNo))!;
    await s.members.saveBindings({ ...m, kind: 'bound', policyNos: [policyNo], version: m.version + 1 }, m.version, [{ ...p, boundTo: memberId }]);
  };

  describe('PolicyStore: the register import', () => {
    it('inserts new policies, reads them back unchanged, and audits the import with its counts', async () => {
      const a = samplePolicy('P1');
      expect(await s.policies.applyImport(batch('PB-1', [a, samplePolicy('P2')]), importAudit('PB-1'))).toEqual({ inserted: 2, updated: 0, lapsed: 0 });
      expect(await s.policies.get('P1')).toEqual({ ...a, batchId: 'PB-1' });
      expect(await s.policies.get('P404')).toBeNull();
      expect((await s.policies.listByNos(['P2', 'P404', 'P1'])).map((p) => p.policyNo)).toEqual(['P2', 'P1']);
      expect(await auditEntries(s.audit)).toEqual([
        expect.objectContaining({ action: 'policy.import', subjectId: 'PB-1', detail: { rows: 1, inserted: 2, updated: 0, lapsed: 0 } }),
      ]);
    });

    it('updates a re-imported policy from the register and keeps who bound it', async () => {
      await seed(samplePolicy('P1'), samplePolicy('P2'));
      await bindDirectly('openid-alice', 'P1');
      const res = await s.policies.applyImport(batch('PB-2', [samplePolicy('P1', { productName: '安康百万医疗险（2027版）', premiumFen: 41_000 })]), importAudit('PB-2'));
      expect(res).toEqual({ inserted: 0, updated: 1, lapsed: 0 });
      expect(await s.policies.get('P1')).toMatchObject({ productName: '安康百万医疗险（2027版）', premiumFen: 41_000, batchId: 'PB-2', boundTo: 'openid-alice' });
      expect((await s.policies.get('P2'))?.batchId).toBe('PB-seed');
    });

    it('a full import lapses in-force policies missing from the file, leaves other statuses, deletes nothing', async () => {
      await seed(samplePolicy('P1'), samplePolicy('P2'), samplePolicy('P3', { status: 'surrendered' }), samplePolicy('P4'));
      await bindDirectly('openid-alice', 'P2');
      const at = '2026-12-01T01:00:00.000Z';
      const res = await s.policies.applyImport(batch('PB-full', [samplePolicy('P1'), samplePolicy('P5')], true, at), importAudit('PB-full'));
      expect(res).toEqual({ inserted: 1, updated: 1, lapsed: 2 });
      const all = await s.policies.listByNos(['P1', 'P2', 'P3', 'P4', 'P5']);
      expect(all.map((p) => [p.policyNo, p.status])).toEqual([
        ['P1', 'inForce'],
        ['P2', 'lapsed'],
        ['P3', 'surrendered'],
        ['P4', 'lapsed'],
        ['P5', 'inForce'],
      ]);
      expect(all[1]).toMatchObject({ boundTo: 'openid-alice', batchId: 'PB-seed', updatedAt: at });
      expect((await auditEntries(s.audit)).pop()?.detail).toMatchObject({ inserted: 1, updated: 1, lapsed: 2 });
    });

    it('a partial (not full) import lapses nothing', async () => {
      await seed(samplePolicy('P1'), samplePolicy('P2'));
      expect(await s.policies.applyImport(batch('PB-3', [samplePolicy('P1')]), importAudit('PB-3'))).toEqual({ inserted: 0, updated: 1, lapsed: 0 });
      expect((await s.policies.get('P2'))?.status).toBe('inForce');
    });

    it('is all or nothing: an import whose audit entry cannot be written leaves the register as it was', async () => {
      await seed(samplePolicy('P1'), samplePolicy('P2'));
      const before = await s.policies.listByNos(['P1', 'P2', 'P3']);
      s.failNextAuditWrite();
      const failing = batch('PB-x', [samplePolicy('P1', { productName: 'changed' }), samplePolicy('P3'), samplePolicy('P4')], true);
      await expect(s.policies.applyImport(failing, importAudit('PB-x'))).rejects.toMatchObject({ message: expect.stringMatching(/injected/) });
      expect(await s.policies.listByNos(['P1', 'P2', 'P3', 'P4'])).toEqual(before);
      expect(await auditEntries(s.audit)).toHaveLength(1);
      // And the store is usable afterwards: the same file goes in whole.
      expect(await s.policies.applyImport(failing, importAudit('PB-x'))).toEqual({ inserted: 2, updated: 1, lapsed: 1 });
      expect((await s.policies.get('P1'))?.productName).toBe('changed');
    });
  });

  describe('PolicyStore: a staged import over several calls (the admin page import job)', () => {
    const ref = (batchId: string, at = AT) => ({ batchId, at });
    /** What a job does: stage the rows in slices, stage lapses page by page, commit, fold a slice at a time. */
    const stagedImport = async (b: PolicyImportBatch, slice = 2) => {
      for (let i = 0; i < b.policies.length; i += slice) await s.policies.stageImport(ref(b.batchId), b.policies.slice(i, i + slice));
      if (b.lapseAbsent) for (let r: { done: boolean; last?: string } = { done: false }; !r.done; ) r = await s.policies.stageLapses(ref(b.batchId), r.last, slice);
      const counts = await s.policies.commitStaged({ ...ref(b.batchId), lapseAbsent: b.lapseAbsent }, importAudit(b.batchId));
      while (!(await s.policies.finishStaged(b.batchId, slice)));
      return counts;
    };

    it('stages rows invisibly, commits them whole with one audit entry and the same result as applyImport', async () => {
      await seed(samplePolicy('P1'), samplePolicy('P2'), samplePolicy('P3', { status: 'surrendered' }), samplePolicy('P4'));
      await bindDirectly('openid-alice', 'P2');
      const b = batch('PB-job', [samplePolicy('P1', { productName: '第二版' }), samplePolicy('P5'), samplePolicy('P6')], true);
      await s.policies.stageImport(ref('PB-job'), b.policies.slice(0, 2));
      await s.policies.stageImport(ref('PB-job'), b.policies.slice(0, 2)); // a slice repeated after a crash
      await s.policies.stageImport(ref('PB-job'), b.policies.slice(2));
      for (let r: { done: boolean; last?: string } = { done: false }; !r.done; ) r = await s.policies.stageLapses(ref('PB-job'), r.last, 1);
      // Staged, not committed: nobody sees any of it.
      expect((await s.policies.listByNos(['P1', 'P2', 'P4', 'P5', 'P6'])).map((p) => [p.policyNo, p.productName, p.status])).toEqual([
        ['P1', '安康百万医疗险', 'inForce'],
        ['P2', '安康百万医疗险', 'inForce'],
        ['P4', '安康百万医疗险', 'inForce'],
      ]);
      expect(await auditEntries(s.audit)).toHaveLength(1);
      const counts = await s.policies.commitStaged({ ...ref('PB-job'), lapseAbsent: true }, importAudit('PB-job'));
      expect(counts).toEqual({ inserted: 2, updated: 1, lapsed: 2 });
      // Committed: all of it at once, before and after the fold; a repeated commit writes nothing.
      const seen = async () => (await s.policies.listByNos(['P1', 'P2', 'P3', 'P4', 'P5', 'P6'])).map((p) => [p.policyNo, p.productName, p.status, p.boundTo]);
      const expected = [
        ['P1', '第二版', 'inForce', undefined],
        ['P2', '安康百万医疗险', 'lapsed', 'openid-alice'],
        ['P3', '安康百万医疗险', 'surrendered', undefined],
        ['P4', '安康百万医疗险', 'lapsed', undefined],
        ['P5', '安康百万医疗险', 'inForce', undefined],
        ['P6', '安康百万医疗险', 'inForce', undefined],
      ];
      expect(await seen()).toEqual(expected);
      expect(await s.policies.commitStaged({ ...ref('PB-job'), lapseAbsent: true }, importAudit('PB-job'))).toEqual(counts);
      while (!(await s.policies.finishStaged('PB-job', 1)));
      expect(await seen()).toEqual(expected);
      const entries = (await auditEntries(s.audit)).filter((e) => e.subjectId === 'PB-job');
      expect(entries).toEqual([expect.objectContaining({ action: 'policy.import', detail: { rows: 1, inserted: 2, updated: 1, lapsed: 2 } })]);
    });

    it('a partial staged import lapses nothing and matches applyImport', async () => {
      await seed(samplePolicy('P1'), samplePolicy('P2'));
      expect(await stagedImport(batch('PB-p', [samplePolicy('P1', { productName: '第二版' }), samplePolicy('P3')]))).toEqual({ inserted: 1, updated: 1, lapsed: 0 });
      expect((await s.policies.listByNos(['P1', 'P2', 'P3'])).map((p) => [p.productName, p.status])).toEqual([
        ['第二版', 'inForce'],
        ['安康百万医疗险', 'inForce'],
        ['安康百万医疗险', 'inForce'],
      ]);
    });

    it('discarding an uncommitted batch leaves nothing; the register and later imports are untouched', async () => {
      await seed(samplePolicy('P1'));
      await s.policies.stageImport(ref('PB-dropped'), [samplePolicy('P1', { productName: '作废' }), samplePolicy('P9')]);
      await s.policies.discardStaged('PB-dropped');
      expect(await s.policies.get('P9')).toBeNull();
      expect(await stagedImport(batch('PB-next', [samplePolicy('P2')]))).toEqual({ inserted: 1, updated: 0, lapsed: 0 });
      expect((await s.policies.get('P1'))?.productName).toBe('安康百万医疗险');
      expect(await s.policies.get('P9')).toBeNull();
    });
  });

  describe('MemberStore: records and bindings', () => {
    it('ensure creates the visitor once and afterwards returns the stored record, never overwriting it', async () => {
      expect(await s.members.get('openid-alice')).toBeNull();
      const first = await s.members.ensure(visitor('openid-alice'));
      expect(first).toEqual(visitor('openid-alice'));
      expect(await s.members.ensure(visitor('openid-alice', '2026-12-01T00:00:00.000Z'))).toEqual(first);
      await seed(samplePolicy('P1'));
      await bindDirectly('openid-alice', 'P1');
      expect(await s.members.ensure(visitor('openid-alice'))).toMatchObject({ kind: 'bound', policyNos: ['P1'], version: 2 });
      expect(await s.members.get('openid-alice')).toMatchObject({ kind: 'bound', version: 2 });
    });

    it('saveBindings writes the member and the policy binding together, with the audit entry', async () => {
      await seed(samplePolicy('P1'));
      const m = await s.members.ensure(visitor('openid-alice'));
      const p = (await s.policies.get('P1'))!;
      const bound: Member = { ...m, kind: 'bound', policyNos: ['P1'], version: 2, updatedAt: '2026-11-25T03:00:00.000Z' };
      await s.members.saveBindings(bound, 1, [{ ...p, boundTo: 'openid-alice', updatedAt: bound.updatedAt }], {
        actorId: 'openid-alice',
        actorRole: 'member',
        action: 'member.unbind',
        subjectType: 'policy',
        subjectId: 'P1',
      });
      expect(await s.members.get('openid-alice')).toEqual(bound);
      expect(await s.policies.get('P1')).toEqual({ ...p, boundTo: 'openid-alice', updatedAt: bound.updatedAt });
      expect((await auditEntries(s.audit)).pop()).toMatchObject({ action: 'member.unbind', subjectId: 'P1', at: bound.updatedAt });
    });

    it('saveBindings checks the member version: a stale write fails MEMBER.VERSION_CONFLICT and writes nothing', async () => {
      await seed(samplePolicy('P1'), samplePolicy('P2'));
      await bindDirectly('openid-alice', 'P1');
      const m = (await s.members.get('openid-alice'))!;
      const p2 = (await s.policies.get('P2'))!;
      const stale = { ...m, policyNos: ['P1', 'P2'], version: m.version + 1 };
      await expect(s.members.saveBindings(stale, m.version - 1, [{ ...p2, boundTo: 'openid-alice' }])).rejects.toMatchObject({ code: 'MEMBER.VERSION_CONFLICT' });
      await expect(s.members.saveBindings({ ...visitor('openid-nobody'), version: 2 }, 1, [])).rejects.toMatchObject({ code: 'MEMBER.VERSION_CONFLICT' });
      expect(await s.members.get('openid-alice')).toEqual(m);
      expect((await s.policies.get('P2'))?.boundTo).toBeUndefined();
      expect(await s.members.get('openid-nobody')).toBeNull();
    });

    it('of two writers holding the same version, exactly one wins', async () => {
      await seed(samplePolicy('P1'), samplePolicy('P2'));
      const m = await s.members.ensure(visitor('openid-alice'));
      const results = await retryWhileBusy(2, (i) =>
        s.members.saveBindings({ ...m, kind: 'bound', policyNos: [`P${i + 1}`], version: 2 }, 1, []).then(() => 'saved', (e) => codeOf(e)),
      );
      expect(results.sort()).toEqual(['MEMBER.VERSION_CONFLICT', 'saved']);
    });
  });

  describe('MemberStore.takeLimits', () => {
    const now = new Date(AT);
    const rule = (key: string, max: number, windowMs = DAY): LimitRule => ({ key, max, windowMs });

    it('counts up to the maximum, then answers the rule key; a new window starts over', async () => {
      const r = rule('sms:phone:x:2026-11-25', 3);
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await s.members.takeLimits([r], now));
      expect(answers).toEqual([null, null, null, r.key, r.key]);
      expect(await s.members.takeLimits([r], new Date(now.getTime() + DAY - 1))).toBe(r.key);
      expect(await s.members.takeLimits([r], new Date(now.getTime() + DAY))).toBeNull();
    });

    it('counts nothing when any rule is at its maximum, and keeps keys apart', async () => {
      const a = rule('bind:member:alice', 2);
      const gap = rule('sms:gap:alice', 1, 60_000);
      expect(await s.members.takeLimits([a, gap], now)).toBeNull();
      expect(await s.members.takeLimits([a, gap], now)).toBe(gap.key);
      // The refused call did not count against `a`: one use of it is still left.
      expect(await s.members.takeLimits([a], now)).toBeNull();
      expect(await s.members.takeLimits([a], now)).toBe(a.key);
      expect(await s.members.takeLimits([rule('bind:member:bob', 2)], now)).toBeNull();
    });

    it('gives a use back with a negative cost: never refused, never below zero, nothing in a new window', async () => {
      const r = rule('upload:alice:2026-11-25', 2);
      const back = { ...r, cost: -1 };
      expect(await s.members.takeLimits([r], now)).toBeNull();
      expect(await s.members.takeLimits([r], now)).toBeNull();
      expect(await s.members.takeLimits([r], now)).toBe(r.key);
      // At the maximum a give-back is still taken, and frees one use.
      expect(await s.members.takeLimits([back], now)).toBeNull();
      expect(await s.members.takeLimits([r], now)).toBeNull();
      expect(await s.members.takeLimits([r], now)).toBe(r.key);
      // More give-backs than uses stop at zero: two uses again, not more.
      for (let i = 0; i < 4; i++) expect(await s.members.takeLimits([back], now)).toBeNull();
      expect(await s.members.takeLimits([r], now)).toBeNull();
      expect(await s.members.takeLimits([r], now)).toBeNull();
      expect(await s.members.takeLimits([r], now)).toBe(r.key);
      // A give-back in a new window has nothing to give back: the window's two uses stay two.
      const tomorrow = new Date(now.getTime() + DAY);
      expect(await s.members.takeLimits([back], tomorrow)).toBeNull();
      expect(await s.members.takeLimits([r], tomorrow)).toBeNull();
      expect(await s.members.takeLimits([r], tomorrow)).toBeNull();
      expect(await s.members.takeLimits([r], tomorrow)).toBe(r.key);
    });

    it('is atomic: 30 parallel callers get exactly the maximum between them, never more', async () => {
      const r = rule('bind:policy:P1:2026-11-25', 5);
      const other = rule('bind:member:shared', 100);
      // Callers told STORE.BUSY (a CloudBase conflict the SDK's retries did not absorb) try again, all together.
      const answers = await retryWhileBusy(30, () => s.members.takeLimits([other, r], now));
      expect(answers.filter((a) => a === null)).toHaveLength(5);
      expect(answers.filter((a) => a === r.key)).toHaveLength(25);
      expect(await s.members.takeLimits([r], now)).toBe(r.key);
      // Only the 5 that passed counted against the other rule: 95 uses of it are left.
      for (let i = 0; i < 95; i++) expect(await s.members.takeLimits([other], now)).toBeNull();
      expect(await s.members.takeLimits([other], now)).toBe(other.key);
    });
  });

  describe('MemberStore: binding challenges', () => {
    const CODE = '246810';
    /** `code` is the code sent; only its hash (salted with the challenge id) is stored. */
    const challenge = (memberId: string, policyNo: string, over: Partial<BindingChallenge> & { code?: string } = {}): BindingChallenge => {
      const { code = CODE, ...rest } = over;
      const id = rest.id ?? `ch-${memberId}-${policyNo}`;
      return {
        id,
        memberId,
        policyNo,
        phoneIndex: box.blindIndex(PHONE),
        codeHash: sha256(`${id}:${code}`),
        expiresAt: '2026-11-25T02:05:00.000Z',
        wrongAttempts: 0,
        createdAt: AT,
        ...rest,
      };
    };
    const judgeAt = new Date('2026-11-25T02:01:00.000Z');
    const settle = (memberId: string, policyNo: string, code: string) =>
      s.members.settleChallenge(memberId, policyNo, (c, p, m) => judgeCode({ hash: sha256, box }, judgeAt, memberId, { phone: PHONE, code }, c, p, m));

    it('binds with the right code: member, policy and the spent challenge are written together, and audited', async () => {
      await seed(samplePolicy('P1'));
      await s.members.putChallenge(challenge('openid-alice', 'P1'));
      const verdict = await settle('openid-alice', 'P1', CODE);
      expect(verdict).toMatchObject({ kind: 'bind', policy: { boundTo: 'openid-alice' } });
      expect(await s.members.get('openid-alice')).toMatchObject({ kind: 'bound', policyNos: ['P1'], version: 2, phone: { index: box.blindIndex(PHONE) } });
      expect(await s.policies.get('P1')).toMatchObject({ boundTo: 'openid-alice', updatedAt: judgeAt.toISOString() });
      expect((await auditEntries(s.audit)).pop()).toMatchObject({ action: 'member.bind', actorId: 'openid-alice', subjectId: 'P1', at: judgeAt.toISOString() });
      // The code is spent: the same code again finds no open challenge.
      expect(await settle('openid-alice', 'P1', CODE)).toMatchObject({ kind: 'refuse', error: { code: 'BINDING.CODE_NOT_SENT' } });
    });

    it('counts each wrong code on the challenge, also when they arrive in parallel, then locks it', async () => {
      await seed(samplePolicy('P1'));
      await s.members.putChallenge(challenge('openid-alice', 'P1'));
      const verdicts = await retryWhileBusy(4, () => settle('openid-alice', 'P1', '000000'));
      expect(verdicts.map((v) => (v.kind === 'refuse' ? codeOf(v.error) : v.kind))).toEqual(Array(4).fill('BINDING.WRONG_CODE'));
      expect(verdicts.map((v) => v.challenge?.wrongAttempts).sort()).toEqual([1, 2, 3, 4]);
      expect(await settle('openid-alice', 'P1', '000000')).toMatchObject({ error: { code: 'BINDING.WRONG_CODE', details: { left: 0 } } });
      // Five wrong: the right code no longer works either, and nothing was bound.
      expect(await settle('openid-alice', 'P1', CODE)).toMatchObject({ kind: 'refuse', error: { code: 'BINDING.CODE_LOCKED' } });
      expect((await s.policies.get('P1'))?.boundTo).toBeUndefined();
      expect(await s.members.get('openid-alice')).toBeNull();
    });

    it('reads the newest challenge of the member for that policy only', async () => {
      await seed(samplePolicy('P1'), samplePolicy('P2'));
      await s.members.putChallenge(challenge('openid-alice', 'P1', { id: 'ch-old', code: '111111', createdAt: '2026-11-25T01:59:00.000Z' }));
      await s.members.putChallenge(challenge('openid-alice', 'P1', { id: 'ch-new', code: '222222' }));
      // An older challenge written late does not become the open one.
      await s.members.putChallenge(challenge('openid-alice', 'P1', { id: 'ch-older', code: '333333', createdAt: '2026-11-25T01:58:00.000Z' }));
      await s.members.putChallenge(challenge('openid-bob', 'P1', { id: 'ch-bob', code: '444444' }));
      expect(await settle('openid-alice', 'P1', '111111')).toMatchObject({ kind: 'refuse', error: { code: 'BINDING.WRONG_CODE' } });
      expect(await settle('openid-alice', 'P1', '333333')).toMatchObject({ kind: 'refuse', error: { code: 'BINDING.WRONG_CODE' } });
      expect(await settle('openid-alice', 'P2', '222222')).toMatchObject({ kind: 'refuse', error: { code: 'BINDING.CODE_NOT_SENT' } });
      expect(await settle('openid-alice', 'P1', '222222')).toMatchObject({ kind: 'bind', challenge: { id: 'ch-new', wrongAttempts: 2 } });
    });

    it('of two members racing to bind one policy with valid codes, exactly one binds', async () => {
      await seed(samplePolicy('P1'));
      await s.members.putChallenge(challenge('openid-alice', 'P1'));
      await s.members.putChallenge(challenge('openid-bob', 'P1'));
      const who = ['openid-alice', 'openid-bob'];
      const verdicts = await retryWhileBusy(2, (i) => settle(who[i], 'P1', CODE));
      expect(verdicts.map((v) => (v.kind === 'bind' ? 'bind' : codeOf(v.error))).sort()).toEqual(['BINDING.ALREADY_BOUND', 'bind']);
      const winner = who[verdicts.findIndex((v) => v.kind === 'bind')];
      expect((await s.policies.get('P1'))?.boundTo).toBe(winner);
      expect((await s.members.get(who.find((w) => w !== winner)!))).toBeNull();
      expect((await auditEntries(s.audit)).filter((e) => e.action === 'member.bind')).toHaveLength(1);
    });

    it('writes a binding whole or not at all: if its audit entry fails, the code is unspent and nothing is bound', async () => {
      await seed(samplePolicy('P1'));
      await s.members.putChallenge(challenge('openid-alice', 'P1'));
      s.failNextAuditWrite();
      await expect(settle('openid-alice', 'P1', CODE)).rejects.toMatchObject({ message: expect.stringMatching(/injected/) });
      expect(await s.members.get('openid-alice')).toBeNull();
      expect((await s.policies.get('P1'))?.boundTo).toBeUndefined();
      expect(await settle('openid-alice', 'P1', CODE)).toMatchObject({ kind: 'bind' });
    });
  });
};
