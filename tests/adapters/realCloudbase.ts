import tcb from '@cloudbase/node-sdk';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import type { CbCommand, CbDatabase, CbDocRef, CbQuery, CbQueryResult, CbTransaction } from '../../adapters/cloudbase/database';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';

/**
 * The opt-in run of the store contracts against a real CloudBase environment, shared by every runner in
 * tests/adapters. It runs when TCB_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY are set
 * (TENCENTCLOUD_SESSIONTOKEN too for a temporary key); otherwise every `describeRealCloudbase` block is
 * skipped and the file prints one `SKIPPED: real CloudBase contract run …` line.
 *
 * The environment's collections and indexes are the ones `npm run deploy` creates from
 * adapters/cloudbase/collections.ts; the run adds none. Contract suites are written for a fresh, empty
 * store per test (fixed ids such as `P1` or `openid-alice`, whole-collection reads such as `audit.all()`,
 * `outbox.due()`, `staff.list()`), so each `make()` gets its own namespace on the shared collections,
 * applied underneath the adapter (which runs unchanged, with the real SDK doing every read, write, query
 * and transaction):
 *  - every document id is stored as `<ns><id>`, and every `_id` in a condition is mapped the same way;
 *  - every document carries `testRun: <ns>`, and every query is narrowed to it;
 *  - values of unique-indexed fields (complaints.number, staff.username, audit_checkpoints.seq) are
 *    prefixed (strings) or offset (numbers), so two namespaces never collide on a unique index;
 *  - reads give everything back as the adapter wrote it.
 * Each namespace's documents are removed by id when its store is closed (the contracts close every store
 * in afterEach). A killed run leaves documents whose `testRun` starts with `rt`: nothing else reads them.
 *
 * `CLOUDBASE_REAL_RUN_REHEARSAL=1` runs the same blocks without credentials over one strict FAKE
 * shared by the whole file (labelled so), to check the namespacing and the cleaning without an account.
 */
const REAL_VARS = ['TCB_ENV', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'] as const;
const credentials = REAL_VARS.every((k) => Boolean(process.env[k]));
const rehearsal = !credentials && process.env.CLOUDBASE_REAL_RUN_REHEARSAL === '1';

export const REAL_CLOUDBASE = credentials || rehearsal;
export const REAL_LABEL = rehearsal ? 'on real CloudBase (opt-in; REHEARSAL over one shared FAKE)' : 'on real CloudBase (opt-in)';

if (!REAL_CLOUDBASE) {
  // One plain line, not a console block: the skip is expected, and the count of skipped tests says it too.
  process.stderr.write(`skipped: real CloudBase contract run (set ${REAL_VARS.join(', ')} to run it against an environment deployed with npm run deploy)\n`);
}

/** A describe that runs only with credentials (or the rehearsal), named `<name> on real CloudBase (opt-in)`. */
export const describeRealCloudbase = (name: string, fn: () => void) =>
  (REAL_CLOUDBASE ? describe : describe.skip)(`${name} ${REAL_LABEL}`, () => {
    if (REAL_CLOUDBASE && !rehearsal) jest.setTimeout(120_000);
    fn();
    // The rehearsal also proves the cleaning: once a block is done, the shared FAKE holds nothing.
    if (rehearsal)
      afterAll(() => {
        const left = CLOUDBASE_COLLECTIONS.flatMap((c) => (rehearsalFake?.dump(c.name) ?? []).map((d) => `${c.name}/${String(d._id)}`));
        expect(left).toEqual([]);
      });
  });

/** Marks a test that cannot run against the real environment, with the reason in its name. */
export const itNotOnRealCloudbase = (reason: string) => it.skip(`not on real CloudBase: ${reason}`, () => undefined);

let connected: CbDatabase | undefined;
let rehearsalFake: CloudbaseDatabaseFake | undefined;

/** The environment's database through @cloudbase/node-sdk, one SDK app per test file. */
const rawDatabase = (): CbDatabase => {
  if (rehearsal) return (rehearsalFake ??= new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS }));
  if (!credentials) throw new Error(`real CloudBase run without ${REAL_VARS.join(', ')}`);
  connected ??= tcb
    .init({
      env: process.env.TCB_ENV,
      secretId: process.env.TENCENTCLOUD_SECRETID,
      secretKey: process.env.TENCENTCLOUD_SECRETKEY,
      ...(process.env.TENCENTCLOUD_SESSIONTOKEN ? { sessionToken: process.env.TENCENTCLOUD_SESSIONTOKEN } : {}),
      throwOnCode: true,
    } as Parameters<typeof tcb.init>[0])
    .database() as unknown as CbDatabase;
  return connected;
};

/** Unique per test file and process: `rt` + time + random. */
export const RUN_ID = `rt${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let namespaces = 0;

const TAG = 'testRun';
/** Fields under a unique index, per collection, from the declaration. */
const UNIQUE_FIELDS = new Map(
  CLOUDBASE_COLLECTIONS.map((c) => [c.name, new Set(c.indexes.filter((i) => i.unique).flatMap((i) => i.keys.map((k) => k.field)))]),
);

/** Copies `doc`, replacing the value at a dot path (when present) with `f(value)`. */
const mapPath = (doc: Doc, path: string, f: (v: unknown) => unknown): Doc => {
  const [head, ...rest] = path.split('.');
  if (!(head in doc)) return doc;
  const v = doc[head];
  if (!rest.length) return { ...doc, [head]: f(v) };
  return v && typeof v === 'object' && !Array.isArray(v) ? { ...doc, [head]: mapPath(v as Doc, rest.join('.'), f) } : doc;
};

class Op {
  constructor(
    readonly op: keyof CbCommand,
    readonly value: unknown,
  ) {}
}

type Doc = Record<string, unknown>;

export type TxWriteHook = (collection: string, id: string, op: 'set' | 'update' | 'remove') => unknown;

export interface RealCloudbase {
  /** The adapter's view: one namespace of the environment. */
  db: CbDatabase;
  /** Runs before every write made inside a transaction (to fail it, as the fake-hooked tests do). */
  hooks: { beforeTxWrite?: TxWriteHook };
  ns: string;
  /** Removes every document this namespace wrote. */
  cleanup(): Promise<void>;
}

/** A fresh namespace of the real environment (or of the rehearsal's shared FAKE). */
export const realCloudbase = (): RealCloudbase => namespaced(rawDatabase(), `${RUN_ID}n${++namespaces}_`);

export const namespaced = (inner: CbDatabase, ns: string): RealCloudbase => {
  // A number offset per namespace for unique numeric fields: whole millions, below 2^53.
  const offset = (1 + Math.floor(Math.random() * 8e9)) * 1e6;
  const written = new Map<string, Set<string>>();
  const hooks: RealCloudbase['hooks'] = {};
  const remember = (collection: string, id: string) => {
    if (!written.has(collection)) written.set(collection, new Set());
    written.get(collection)!.add(id);
  };

  const inId = (id: unknown) => `${ns}${String(id)}`;
  const outId = (id: unknown) => (typeof id === 'string' && id.startsWith(ns) ? id.slice(ns.length) : id);
  const mapField = (collection: string, field: string, v: unknown): unknown => {
    if (field === '_id') return inId(v);
    if (!UNIQUE_FIELDS.get(collection)?.has(field) || v === null || v === undefined) return v;
    if (typeof v === 'number') return v + offset;
    return `${ns}${String(v)}`;
  };
  const unmapField = (collection: string, field: string, v: unknown): unknown => {
    if (field === '_id') return outId(v);
    if (!UNIQUE_FIELDS.get(collection)?.has(field) || v === null || v === undefined) return v;
    if (typeof v === 'number') return v - offset;
    return typeof v === 'string' && v.startsWith(ns) ? v.slice(ns.length) : v;
  };

  const uniques = (collection: string) => [...(UNIQUE_FIELDS.get(collection) ?? [])];
  const toStored = (collection: string, data: Doc): Doc => {
    let out: Doc = { ...data };
    for (const f of uniques(collection)) out = mapPath(out, f, (v) => mapField(collection, f, v));
    return { ...out, [TAG]: ns };
  };
  const fromStored = (collection: string, doc: unknown): unknown => {
    if (!doc || typeof doc !== 'object') return doc;
    const { [TAG]: _tag, ...rest } = doc as Doc;
    let out: Doc = '_id' in rest ? { ...rest, _id: outId(rest._id) } : rest;
    for (const f of uniques(collection)) out = mapPath(out, f, (v) => unmapField(collection, f, v));
    return out;
  };
  const readResult = (collection: string, res: unknown) => {
    const r = res as { data: unknown };
    return { ...r, data: Array.isArray(r.data) ? r.data.map((d) => fromStored(collection, d)) : fromStored(collection, r.data) };
  };

  const command: CbCommand = {
    eq: (v) => new Op('eq', v),
    neq: (v) => new Op('neq', v),
    lt: (v) => new Op('lt', v),
    lte: (v) => new Op('lte', v),
    gt: (v) => new Op('gt', v),
    gte: (v) => new Op('gte', v),
    in: (v) => new Op('in', v),
    or: (v) => new Op('or', v),
  };
  const fieldCondition = (collection: string, field: string, v: unknown): unknown => {
    if (!(v instanceof Op)) return mapField(collection, field, v);
    if (v.op === 'or') throw new Error('realCloudbase: a field-level or() is not used by the adapters');
    if (v.op === 'in') return inner.command.in((v.value as unknown[]).map((x) => mapField(collection, field, x)));
    return (inner.command[v.op] as (x: unknown) => unknown)(mapField(collection, field, v.value));
  };
  const objectCondition = (collection: string, cond: Doc): Doc => {
    const out: Doc = {};
    for (const [k, v] of Object.entries(cond)) out[k] = fieldCondition(collection, k, v);
    return { ...out, [TAG]: ns };
  };
  /** The adapter's condition, mapped and narrowed to this namespace (each branch of a top-level or). */
  const condition = (collection: string, cond: unknown): unknown => {
    if (cond instanceof Op) {
      if (cond.op !== 'or') throw new Error(`realCloudbase: top-level ${cond.op}() is not a condition`);
      return inner.command.or((cond.value as Doc[]).map((c) => objectCondition(collection, c)));
    }
    return objectCondition(collection, (cond ?? {}) as Doc);
  };

  type Step = { kind: 'orderBy'; field: string; direction: 'asc' | 'desc' } | { kind: 'limit' | 'skip'; n: number };
  const query = (collection: string, cond: unknown, steps: Step[]): CbQuery => ({
    where: (c) => query(collection, c, steps),
    orderBy: (field, direction) => query(collection, cond, [...steps, { kind: 'orderBy', field, direction }]),
    limit: (n) => query(collection, cond, [...steps, { kind: 'limit', n }]),
    skip: (n) => query(collection, cond, [...steps, { kind: 'skip', n }]),
    get: async () => {
      let q: CbQuery = inner.collection(collection).where(condition(collection, cond));
      for (const s of steps) q = s.kind === 'orderBy' ? q.orderBy(s.field, s.direction) : s.kind === 'limit' ? q.limit(s.n) : q.skip(s.n);
      return readResult(collection, await q.get()) as CbQueryResult;
    },
  });

  const docRef = (collection: string, id: string, ref: CbDocRef, inTx: boolean): CbDocRef => {
    const before = async (op: 'set' | 'update' | 'remove') => {
      if (inTx) await hooks.beforeTxWrite?.(collection, id, op);
      remember(collection, inId(id));
    };
    return {
      get: async () => readResult(collection, await ref.get()),
      set: async (data) => (await before('set'), ref.set(toStored(collection, data))),
      update: async (data) => {
        await before('update');
        const { [TAG]: _tag, ...mapped } = toStored(collection, data);
        return ref.update(mapped);
      },
      remove: async () => (await before('remove'), ref.remove()),
    };
  };

  const db: CbDatabase = {
    command,
    collection: (name) => ({
      ...query(name, undefined, []),
      doc: (id) => docRef(name, id, inner.collection(name).doc(inId(id)), false),
    }),
    runTransaction: <T>(fn: (tx: CbTransaction) => Promise<T>) =>
      inner.runTransaction((tx) => fn({ collection: (name) => ({ doc: (id) => docRef(name, id, tx.collection(name).doc(inId(id)), true) }) })),
  };

  const cleanup = async () => {
    const targets = [...written].flatMap(([collection, ids]) => [...ids].map((id) => [collection, id] as const));
    written.clear();
    for (let i = 0; i < targets.length; i += 10)
      await Promise.all(targets.slice(i, i + 10).map(([collection, id]) => inner.collection(collection).doc(id).remove().catch(() => undefined)));
  };

  return { db, hooks, ns, cleanup };
};
