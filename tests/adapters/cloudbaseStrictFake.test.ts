import fs from 'node:fs';
import path from 'node:path';
import { AUDIT, cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { CLOUDBASE_COLLECTIONS, collectionNames } from '../../adapters/cloudbase/collections';
import { COLLECTIONS, SEQUENCE_SHARDS, cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { HOLIDAY_COLLECTIONS } from '../../adapters/cloudbase/holidayNoticeStore';
import { cloudbaseStaffStore } from '../../adapters/cloudbase/staffStores';
import { verifyChain, type AuditDraft } from '../../core/audit/chain';
import { verifyAudit } from '../../core/audit/verify';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { isDomainError } from '../../core/shared/errors';
import type { StaffUser } from '../../core/staff/model';
import { httpStatusFor } from '../../server/runtime/functionRuntime';
import { CloudbaseDatabaseFake, FAKE_ERRORS } from '../fakes/cloudbaseDatabaseFake';
import { ctxAt, sampleComplaint, sha256, testDeps } from '../support/fixtures';

const ctx = ctxAt('2026-11-02T06:00:00Z');
const complaint = (n: number, memberId = `m-${n}`) => sampleComplaint(ctx, { id: `c-${n}`, memberId, number: `TS20261102-${String(n).padStart(4, '0')}` });
const createInput = (n: number, audit?: AuditDraft[]) => ({
  complaint: complaint(n),
  idempotencyKey: `m-${n}:key-${n}`,
  requestHash: `h${n}`,
  outbox: [],
  audit,
});
const auditFor = (n: number): AuditDraft => ({
  actorId: 'staff-agent-1',
  actorRole: 'agent',
  action: 'complaint.log',
  subjectType: 'complaint',
  subjectId: `c-${n}`,
});
const codeOf = (e: unknown) => (e as { code?: string }).code;

describe('the collection declaration', () => {
  const dir = path.join(__dirname, '../../adapters/cloudbase');
  const constants: Record<string, Record<string, string>> = { COLLECTIONS, AUDIT, HOLIDAY_COLLECTIONS };

  /** Every `.collection(X)` argument in the adapter sources, resolved to a name, per file. */
  const usedNames = () => {
    const used = new Map<string, string>();
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
    // Names one adapter exports for another (OUTBOX), then each file's own.
    const exported = Object.fromEntries(
      files.flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/export const (\w+) = '([a-z_]+)';/g)].map((m) => [m[1], m[2]])),
    );
    for (const file of files) {
      const src = fs.readFileSync(path.join(dir, file), 'utf8');
      const locals = { ...exported, ...Object.fromEntries([...src.matchAll(/const (\w+) = '([a-z_]+)';/g)].map((m) => [m[1], m[2]])) };
      // A file's own table of names: const C = { claims: 'claims', … } as const.
      const tables: Record<string, Record<string, string>> = Object.fromEntries(
        [...src.matchAll(/const (\w+) = \{([^}]*)\} as const;/g)].map((m) => [m[1], Object.fromEntries([...m[2].matchAll(/(\w+): '([a-z_]+)'/g)].map((e) => [e[1], e[2]]))]),
      );
      // …and a short name for it: const C = CLAIM_COLLECTIONS.
      for (const [, alias, table] of src.matchAll(/const (\w+) = (\w+);/g)) if (tables[table]) tables[alias] = tables[table];
      // A table's names reach .collection() through the file's helpers (read(db, C.grants, id)): each one named is used.
      for (const [name, table] of Object.entries(tables))
        for (const [, key] of src.matchAll(new RegExp(`\\b${name}\\.(\\w+)`, 'g'))) if (table[key]) used.set(table[key], file);
      for (const [, arg] of src.matchAll(/\.collection\(([^)]*)\)/g)) {
        const literal = /^'([a-z_]+)'$/.exec(arg);
        const member = /^(\w+)\.(\w+)$/.exec(arg);
        if (literal) used.set(literal[1], file);
        else if (member && constants[member[1]]?.[member[2]]) used.set(constants[member[1]][member[2]], file);
        else if (member && tables[member[1]]?.[member[2]]) used.set(tables[member[1]][member[2]], file);
        else if (locals[arg]) used.set(locals[arg], file);
        // staffStores' put(collection, ...) helper: its callers name the collection.
        else if (arg === 'collection' || arg === 'name') for (const [, n] of src.matchAll(/put\('([a-z_]+)'/g)) used.set(n, file);
        else throw new Error(`${file}: cannot tell which collection .collection(${arg}) uses; use a literal or a constant the test knows`);
      }
    }
    return used;
  };

  it('declares every collection an adapter uses', () => {
    const declared = new Set(collectionNames());
    const missing = [...usedNames()].filter(([n]) => !declared.has(n)).map(([n, f]) => `${n} (${f})`);
    expect(missing).toEqual([]);
  });

  it('declares nothing the adapters do not use, each name once, each index named once', () => {
    expect(collectionNames().sort()).toEqual([...usedNames().keys()].sort());
    expect(new Set(collectionNames()).size).toBe(CLOUDBASE_COLLECTIONS.length);
    for (const c of CLOUDBASE_COLLECTIONS) expect(new Set(c.indexes.map((i) => i.name)).size).toBe(c.indexes.length);
  });

  it('makes staff usernames unique', () => {
    const staff = CLOUDBASE_COLLECTIONS.find((c) => c.name === 'staff');
    expect(staff?.indexes).toContainEqual(expect.objectContaining({ keys: [{ field: 'username', direction: 1 }], unique: true }));
  });
});

describe('the strict FAKE: collections must exist', () => {
  it('fails reads, writes and transactions on a collection not yet created, and creates nothing', async () => {
    const db = new CloudbaseDatabaseFake({ createAll: false });
    const store = cloudbaseComplaintStore(db);
    await expect(store.get('c-1')).rejects.toMatchObject({ code: FAKE_ERRORS.collectionNotExist });
    await expect(store.create(createInput(1))).rejects.toMatchObject({ code: FAKE_ERRORS.collectionNotExist });
    // Surfaced as it is (a deployment fault, INTERNAL at the boundary), not retried, not mapped to STORE.BUSY.
    expect(db.transactions).toBe(1);
    await expect(db.collection('staff').doc('s1').set({ username: 'x' })).rejects.toMatchObject({ code: FAKE_ERRORS.collectionNotExist });

    db.createCollections();
    expect(db.dump('complaints')).toEqual([]);
    expect(db.dump('idempotency_keys')).toEqual([]);
  });

  it('refuses a collection that is not declared, even to create it', async () => {
    const db = new CloudbaseDatabaseFake();
    await expect(db.collection('complaint').limit(1).get()).rejects.toMatchObject({ code: FAKE_ERRORS.collectionNotExist });
    expect(() => db.createCollections('complaint')).toThrow(/not in adapters\/cloudbase\/collections\.ts/);
  });

  it('fails a transaction that reaches a missing collection after others, writing none of it', async () => {
    const db = new CloudbaseDatabaseFake({ createAll: false });
    db.createCollections('complaints', 'idempotency_keys', 'outbox');
    await expect(cloudbaseComplaintStore(db).create(createInput(1, [auditFor(1)]))).rejects.toMatchObject({ code: FAKE_ERRORS.collectionNotExist });
    expect(db.dump('complaints')).toEqual([]);
  });
});

describe('the strict FAKE: unique indexes', () => {
  const user = (id: string, username: string) => ({ id, username, role: 'agent' }) as unknown as StaffUser;

  it('refuses a second staff member with the same username', async () => {
    const db = new CloudbaseDatabaseFake();
    const staff = cloudbaseStaffStore(db);
    await staff.save(user('s1', 'agent01'));
    await staff.save(user('s1', 'agent01'));
    await expect(staff.save(user('s2', 'agent01'))).rejects.toMatchObject({ code: FAKE_ERRORS.duplicateWrite });
    expect(db.dump('staff').map((d) => d._id)).toEqual(['s1']);
  });

  it('refuses a duplicate inside a transaction and writes nothing of it', async () => {
    const db = new CloudbaseDatabaseFake();
    const store = cloudbaseComplaintStore(db);
    await store.create(createInput(1));
    const clash = { ...createInput(2), complaint: { ...complaint(2), number: complaint(1).number } };
    await expect(store.create(clash)).rejects.toMatchObject({ code: FAKE_ERRORS.duplicateWrite });
    expect(db.dump('complaints').map((d) => d._id)).toEqual(['c-1']);
    expect(db.dump('idempotency_keys')).toHaveLength(1);
  });
});

describe('the strict FAKE: concurrent transactions', () => {
  it('lets two transactions on one document run together: one commits, the other is retried by the SDK and sees it', async () => {
    const db = new CloudbaseDatabaseFake();
    const store = cloudbaseComplaintStore(db);
    jest.spyOn(Math, 'random').mockReturnValue(0); // both land on counter shard 0
    const values = await Promise.all([store.nextSequence('n'), store.nextSequence('n')]);
    expect(values.sort((x, y) => x - y)).toEqual([1, 1 + SEQUENCE_SHARDS]);
    expect(db.dump('counters')).toEqual([{ _id: 'n#0', value: 2 }]);
    expect(db.transactions).toBe(3);
  });

  it('gives up after the SDK\'s 3 retries with its conflict code, which the adapter turns into STORE.BUSY', async () => {
    const db = new CloudbaseDatabaseFake();
    // Another writer commits the same counter while each attempt is open, so no attempt can win.
    db.beforeCommit = () => db.collection('counters').doc('n#0').set({ value: 100 });
    jest.spyOn(Math, 'random').mockReturnValue(0);
    await expect(db.runTransaction(async (tx) => tx.collection('counters').doc('n#0').set({ value: 1 }))).rejects.toMatchObject({
      code: FAKE_ERRORS.transactionConflict,
    });
    expect(db.transactions).toBe(4);

    const err = await cloudbaseComplaintStore(db).nextSequence('n').catch((e: unknown) => e);
    expect(isDomainError(err) && err.code).toBe('STORE.BUSY');
    expect(err).toMatchObject({ memberMessage: '系统繁忙，请稍后重试' });
    expect(db.transactions).toBe(8);
    expect(db.dump('counters')).toEqual([{ _id: 'n#0', value: 100 }]);
    expect(httpStatusFor('STORE.BUSY')).toBe(503);
  });

  it('does not retry or remap a failure that is not a conflict', async () => {
    const db = new CloudbaseDatabaseFake();
    await cloudbaseComplaintStore(db).create(createInput(1));
    await expect(
      cloudbaseComplaintStore(db).update({ complaint: complaint(1), expectedVersion: 99, outbox: [] }),
    ).rejects.toMatchObject({ code: 'COMPLAINT.VERSION_CONFLICT' });
    expect(db.transactions).toBe(2);
  });
});

/**
 * Hot documents. The daily complaint counter is spread over SEQUENCE_SHARDS documents, so a burst of
 * submits no longer queues on one document. The audit log is one chain per subject (core/audit/chain.ts):
 * an audited write moves only its own subject's head, so a burst of staff writes on different records
 * shares no document and all of them commit at the first attempt. Writes on ONE subject still serialise
 * on its head (as they do on the record's version): the SDK retries 3 times with no backoff and then
 * gives up, so under a burst on one subject some get STORE.BUSY. What must hold: no write is lost or
 * half-done, every failure is STORE.BUSY, the chain stays whole.
 */
describe('hot documents under concurrent writers', () => {
  afterEach(() => jest.restoreAllMocks());
  const burst = 10;
  const settle = <T>(ps: Promise<T>[]) => Promise.allSettled(ps);
  const failuresOf = (rs: PromiseSettledResult<unknown>[]) => rs.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);

  it('a burst of member submits all get through: the daily counter is sharded, numbers stay unique', async () => {
    const db = new CloudbaseDatabaseFake();
    let call = 0;
    jest.spyOn(Math, 'random').mockImplementation(() => ((call++ % SEQUENCE_SHARDS) + 0.5) / SEQUENCE_SHARDS); // two shards get two submits each
    const { deps } = testDeps(cloudbaseComplaintStore(db));
    const results = await settle(
      Array.from({ length: burst }, (_, i) =>
        submitComplaint(deps, `openid-${i}`, {
          idempotencyKey: `strict-key-${String(i).padStart(8, '0')}`,
          category: 'claims',
          description: '理赔材料提交二十天没有进展，电话也无人接听。',
        }),
      ),
    );
    const failures = failuresOf(results);
    const stored = db.dump('complaints');
    expect(failures.map((e) => isDomainError(e) && e.code)).toEqual(failures.map(() => 'STORE.BUSY'));
    expect(stored).toHaveLength(burst - failures.length);
    expect(new Set(stored.map((d) => d.number)).size).toBe(stored.length);
    expect(db.dump('idempotency_keys')).toHaveLength(stored.length);
    expect(db.dump('outbox').every((o) => stored.some((c) => c._id === o.subjectId))).toBe(true);
    // With one counter document, at most 4 of a simultaneous burst got through (each round of the
    // SDK's 4 attempts has one winner). Now a shard is shared by two at most, and both succeed.
    expect(failures).toEqual([]);
    expect(stored).toHaveLength(burst);
  });

  it('a burst of audited creates on different subjects all get through at the first attempt: no audit document is shared', async () => {
    const db = new CloudbaseDatabaseFake();
    const store = cloudbaseComplaintStore(db);
    const results = await settle(Array.from({ length: burst }, (_, i) => store.create(createInput(i + 1, [auditFor(i + 1)]))));
    expect(failuresOf(results)).toEqual([]);
    expect(db.transactions).toBe(burst); // not one conflict, so not one retry
    const stored = db.dump('complaints').map((d) => String(d._id));
    expect(stored).toHaveLength(burst);

    const log = cloudbaseAuditLog(db, { now: () => new Date() });
    const chain = [];
    for await (const e of log.byChain()) chain.push(e);
    expect(chain.map((e) => e.subjectId).sort()).toEqual([...stored].sort());
    expect(chain.every((e) => e.seq === 1)).toBe(true);
    expect(await verifyAudit(log, sha256)).toMatchObject({ ok: true, entries: burst, chains: burst });
  });

  it('a burst of audited writes on ONE subject serialises on its head: the chain stays whole and each loser fails STORE.BUSY', async () => {
    const db = new CloudbaseDatabaseFake();
    const log = cloudbaseAuditLog(db, { now: () => new Date() });
    const results = await settle(Array.from({ length: burst }, () => log.append({ ...auditFor(1), action: 'complaint.viewPersonalData' })));
    const failures = failuresOf(results);
    expect(failures.map((e) => isDomainError(e) && e.code)).toEqual(failures.map(() => 'STORE.BUSY'));
    expect(failures.length).toBeGreaterThan(0);
    const chain = [];
    for await (const e of log.byChain()) chain.push(e);
    // Each round of the SDK's 4 attempts has one winner on the head.
    expect(chain.length).toBe(burst - failures.length);
    expect(chain.length).toBeLessThanOrEqual(4);
    expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
    expect(verifyChain(chain, sha256)).toEqual({ ok: true, entries: chain.length });
    expect(await verifyAudit(log, sha256)).toMatchObject({ ok: true, entries: chain.length, chains: 1 });
  });
});
