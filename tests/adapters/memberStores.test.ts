import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AUDIT, cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import type { CbDatabase, CbTransaction } from '../../adapters/cloudbase/database';
import { cloudbaseMemberStore, cloudbasePolicyStore, STAGING_LEASE_MS } from '../../adapters/cloudbase/memberStores';
import { sha256 } from '../../adapters/hash';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { openDatabase } from '../../adapters/sqlite/database';
import { sqliteMemberStore, sqlitePolicyStore } from '../../adapters/sqlite/memberStores';
import type { AuditDraft } from '../../core/audit/chain';
import type { Policy } from '../../core/members/model';
import { fixedClock } from '../../core/shared/ports';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { auditEntries } from './contractSupport';
import { memberStoresContract, samplePolicy, type MemberStoresUnderTest } from './memberStores.contract';
import { describeRealCloudbase, itNotOnRealCloudbase, realCloudbase } from './realCloudbase';

const clock = fixedClock('2026-11-25T02:00:00Z');

describe('PolicyStore + MemberStore contract on SQLite (a file on disk)', () => {
  memberStoresContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-members-'));
    const db = openDatabase(path.join(dir, 'store.db'));
    const audit = sqliteAuditLog(db, clock);
    const fault = { armed: false };
    const append = (d: AuditDraft, at: Date) => {
      if (fault.armed) {
        fault.armed = false;
        throw new Error('injected: audit log write failed');
      }
      return audit.appendSync(d, at);
    };
    return {
      policies: sqlitePolicyStore(db, append),
      members: sqliteMemberStore(db, append),
      audit,
      failNextAuditWrite: () => {
        fault.armed = true;
      },
      close: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

type WriteHook = (collection: string, id: string, op: 'set' | 'remove') => unknown;

/**
 * The strict FAKE (created from CLOUDBASE_COLLECTIONS), seen through a wrapper that lets a test act on
 * every write made inside a transaction before that transaction commits: to fail it, or to look at
 * what the rest of the world sees at that moment.
 */
const hookedFake = () => {
  const fake = new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS });
  const hooks: { beforeTxWrite?: WriteHook } = {};
  const db: CbDatabase = {
    collection: (name) => fake.collection(name),
    command: fake.command,
    runTransaction: <T>(fn: (tx: CbTransaction) => Promise<T>) =>
      fake.runTransaction((tx) =>
        fn({
          collection: (name) => ({
            doc: (id) => {
              const ref = tx.collection(name).doc(id);
              return {
                ...ref,
                set: async (data) => (await hooks.beforeTxWrite?.(name, id, 'set'), ref.set(data)),
                remove: async () => (await hooks.beforeTxWrite?.(name, id, 'remove'), ref.remove()),
              };
            },
          }),
        }),
      ),
  };
  return { fake, db, hooks };
};

const onCloudbase = (opts: { maxWritesPerTransaction?: number }) => async (): Promise<MemberStoresUnderTest & { fake: CloudbaseDatabaseFake }> => {
  const { fake, db, hooks } = hookedFake();
  let armed = false;
  hooks.beforeTxWrite = (collection) => {
    if (armed && collection === AUDIT.log) {
      armed = false;
      throw new Error('injected: audit log write failed');
    }
  };
  return {
    fake,
    policies: cloudbasePolicyStore(db, opts),
    members: cloudbaseMemberStore(db),
    audit: cloudbaseAuditLog(db, clock),
    failNextAuditWrite: () => {
      armed = true;
    },
  };
};

describe('PolicyStore + MemberStore contract on the CloudBase adapter over the in-memory SDK FAKE', () => {
  memberStoresContract(onCloudbase({}));
});

describe('the same contract on CloudBase with every multi-policy import staged (one write per transaction)', () => {
  memberStoresContract(onCloudbase({ maxWritesPerTransaction: 1 }));
});

/** The same stores on one namespace of a real environment; a failing audit write is injected the same way. */
const onRealCloudbase = (opts: { maxWritesPerTransaction?: number }) => async (): Promise<MemberStoresUnderTest> => {
  const real = realCloudbase();
  let armed = false;
  real.hooks.beforeTxWrite = (collection) => {
    if (armed && collection === AUDIT.log) {
      armed = false;
      throw new Error('injected: audit log write failed');
    }
  };
  return {
    policies: cloudbasePolicyStore(real.db, opts),
    members: cloudbaseMemberStore(real.db),
    audit: cloudbaseAuditLog(real.db, clock),
    failNextAuditWrite: () => {
      armed = true;
    },
    close: real.cleanup,
  };
};

describeRealCloudbase('PolicyStore + MemberStore contract', () => {
  memberStoresContract(onRealCloudbase({}));
});

describeRealCloudbase('PolicyStore + MemberStore contract with every multi-policy import staged (one write per transaction)', () => {
  memberStoresContract(onRealCloudbase({ maxWritesPerTransaction: 1 }));
});

describeRealCloudbase('CloudBase policy import, staged under its batch id', () => {
  itNotOnRealCloudbase(
    'the staged-import cases below count the FAKE\'s transactions, read its documents directly (dump) and interleave writers at its commit (beforeCommit); their outcomes are covered for real by the staged contract run above',
  );
});

describe('CloudBase policy import, staged under its batch id (FAKE)', () => {
  const AT = '2026-11-25T02:00:00.000Z';
  const audit = (batchId: string) => ({ actorId: 'staff-comp-01', actorRole: 'compliance', action: 'policy.import', subjectType: 'policyBatch', subjectId: batchId });
  const batch = (batchId: string, policies: Policy[], lapseAbsent = false, at = AT) => ({
    batchId,
    policies: policies.map((p) => ({ ...p, batchId, updatedAt: at })),
    lapseAbsent,
    at,
  });
  const setup = () => {
    const h = hookedFake();
    return { ...h, policies: cloudbasePolicyStore(h.db, { maxWritesPerTransaction: 2 }), members: cloudbaseMemberStore(h.db), log: cloudbaseAuditLog(h.db, clock) };
  };
  const seedThree = (s: ReturnType<typeof setup>) =>
    s.policies.applyImport(batch('PB-1', [samplePolicy('P1'), samplePolicy('P2')]), audit('PB-1')).then(() =>
      s.policies.applyImport(batch('PB-2', [samplePolicy('P3')]), audit('PB-2')),
    );
  const v2 = (no: string) => samplePolicy(no, { productName: '第二版' });

  it('writes a small import in one transaction and a big one staged, with the same result and nothing left behind', async () => {
    const s = setup();
    await seedThree(s);
    const before = s.fake.transactions;
    expect(await s.policies.applyImport(batch('PB-3', [v2('P1'), v2('P2'), v2('P4')], true), audit('PB-3'))).toEqual({ inserted: 1, updated: 2, lapsed: 1 });
    // claim, commit, then folding and clearing: more than one transaction, yet one audit entry.
    expect(s.fake.transactions - before).toBeGreaterThan(2);
    expect((await s.policies.listByNos(['P1', 'P2', 'P3', 'P4'])).map((p) => [p.productName, p.status])).toEqual([
      ['第二版', 'inForce'],
      ['第二版', 'inForce'],
      ['安康百万医疗险', 'lapsed'],
      ['第二版', 'inForce'],
    ]);
    expect(s.fake.dump('policy_import_rows')).toEqual([]);
    expect(s.fake.dump('policy_imports').find((d) => d._id === 'head')).toEqual({ _id: 'head', lastBatchId: 'PB-3' });
    expect((await auditEntries(s.log)).map((e) => e.subjectId)).toEqual(['PB-1', 'PB-2', 'PB-3']);
  });

  it('stages a full import of few rows that lapses many, and writes nothing before finding out', async () => {
    const s = setup();
    await seedThree(s);
    expect(await s.policies.applyImport(batch('PB-3', [v2('P1')], true), audit('PB-3'))).toEqual({ inserted: 0, updated: 1, lapsed: 2 });
    expect((await s.policies.listByNos(['P1', 'P2', 'P3'])).map((p) => p.status)).toEqual(['inForce', 'lapsed', 'lapsed']);
    expect((await auditEntries(s.log)).map((e) => e.subjectId)).toEqual(['PB-1', 'PB-2', 'PB-3']);
  });

  it('keeps a staged batch invisible until the commit flips, then shows all of it', async () => {
    const s = setup();
    await seedThree(s);
    const seen: string[][] = [];
    s.hooks.beforeTxWrite = async (collection) => {
      // Inside the commit transaction, before it commits: the rows are written, readers must not see them.
      if (collection === AUDIT.log) seen.push((await s.policies.listByNos(['P1', 'P2', 'P4'])).map((p) => p.productName));
    };
    await s.policies.applyImport(batch('PB-3', [v2('P1'), v2('P2'), v2('P4')]), audit('PB-3'));
    expect(seen).toEqual([['安康百万医疗险', '安康百万医疗险']]);
    expect((await s.policies.listByNos(['P1', 'P2', 'P4'])).map((p) => p.productName)).toEqual(['第二版', '第二版', '第二版']);
  });

  it('serves a committed batch whole while its folding is unfinished; a binding made meanwhile survives the fold', async () => {
    const s = setup();
    await seedThree(s);
    let failFold = true;
    s.hooks.beforeTxWrite = (collection, _id, op) => {
      if (failFold && collection === 'policy_import_rows' && op === 'remove') throw new Error('injected: function timed out while folding');
    };
    expect(await s.policies.applyImport(batch('PB-3', [v2('P1'), v2('P2'), v2('P4')], true), audit('PB-3'))).toEqual({ inserted: 1, updated: 2, lapsed: 1 });
    expect(s.fake.dump('policy_import_rows')).toHaveLength(4);
    expect((await s.policies.listByNos(['P1', 'P2', 'P3', 'P4'])).map((p) => [p.productName, p.status])).toEqual([
      ['第二版', 'inForce'],
      ['第二版', 'inForce'],
      ['安康百万医疗险', 'lapsed'],
      ['第二版', 'inForce'],
    ]);

    const m = await s.members.ensure({ id: 'openid-alice', kind: 'visitor', policyNos: [], tier: 'visitor', version: 1, createdAt: AT, updatedAt: AT });
    const p1 = (await s.policies.get('P1'))!;
    await s.members.saveBindings({ ...m, kind: 'bound', policyNos: ['P1'], version: 2 }, 1, [{ ...p1, boundTo: 'openid-alice' }]);

    failFold = false;
    await s.policies.applyImport(batch('PB-4', [samplePolicy('P9')]), audit('PB-4'));
    expect(s.fake.dump('policy_import_rows')).toEqual([]);
    expect(await s.policies.get('P1')).toMatchObject({ productName: '第二版', batchId: 'PB-3', boundTo: 'openid-alice' });
    expect(await s.policies.get('P3')).toMatchObject({ status: 'lapsed' });
    expect(s.fake.dump('policies').find((d) => d._id === 'P2')).toMatchObject({ productName: '第二版' });
  });

  it('a staging import holds a lease: another import meanwhile is refused POLICY_IMPORT.BUSY, and goes in afterwards', async () => {
    const s = setup();
    await seedThree(s);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let other: Promise<unknown> | undefined;
    s.hooks.beforeTxWrite = async (collection) => {
      if (collection !== AUDIT.log || other) return;
      other = s.policies.applyImport(batch('PB-other', [samplePolicy('P7')]), audit('PB-other')).catch((e: unknown) => e);
      await held;
    };
    const first = s.policies.applyImport(batch('PB-3', [v2('P1'), v2('P2'), v2('P4')]), audit('PB-3'));
    await new Promise((r) => setTimeout(r, 20));
    expect(await other).toMatchObject({ code: 'POLICY_IMPORT.BUSY' });
    release();
    await first;
    expect(await s.policies.applyImport(batch('PB-other', [samplePolicy('P7')]), audit('PB-other'))).toEqual({ inserted: 1, updated: 0, lapsed: 0 });
    expect(await s.policies.get('P7')).not.toBeNull();
  });

  it('takes over from a staging import that died before its commit: its rows never show', async () => {
    const s = setup();
    await seedThree(s);
    const deadAt = new Date(Date.parse(AT) - STAGING_LEASE_MS - 1).toISOString();
    await s.db.collection('policy_imports').doc('head').set({ staging: { batchId: 'PB-dead', startedAt: deadAt } });
    await s.db.collection('policy_import_rows').doc('PB-dead_P1').set({ batchId: 'PB-dead', policyNo: 'P1', policy: { ...v2('P1'), productName: '半途而废' } });
    expect((await s.policies.get('P1'))?.productName).toBe('安康百万医疗险');
    expect(await s.policies.applyImport(batch('PB-3', [v2('P2'), v2('P4')]), audit('PB-3'))).toEqual({ inserted: 1, updated: 1, lapsed: 0 });
    expect((await s.policies.get('P1'))?.productName).toBe('安康百万医疗险');
    expect((await s.policies.get('P2'))?.productName).toBe('第二版');
  });

  it('answers STORE.BUSY, counting nothing, when a rate-limit counter stays contended past the SDK retries', async () => {
    const s = setup();
    const rule = { key: 'sms:gap:x', max: 5, windowMs: 60_000 };
    s.fake.beforeCommit = () => s.db.collection('rate_limits').doc(sha256(rule.key)).set({ key: rule.key, count: 0, windowStart: AT });
    await expect(s.members.takeLimits([rule], new Date(AT))).rejects.toMatchObject({ code: 'STORE.BUSY' });
    s.fake.beforeCommit = undefined;
    expect(s.fake.dump('rate_limits')).toEqual([expect.objectContaining({ count: 0 })]);
  });
});
