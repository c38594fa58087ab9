/**
 * FAKE — an in-memory stand-in for @cloudbase/node-sdk's document database, because Tencent Cloud
 * cannot be reached from these machines. It implements only the slice in adapters/cloudbase/database.ts
 * and mirrors the SDK's documented behaviour where our adapter depends on it:
 *  - only collections in the declaration (adapters/cloudbase/collections.ts) that have been created
 *    exist; anything else fails with DATABASE_COLLECTION_NOT_EXIST, as the real database does.
 *    `createAll: false` starts with none created, so a test can reach that path;
 *  - `doc.get()` returns `{ data: [doc] }` outside a transaction and `{ data: doc | null }` inside one;
 *  - `doc.set()` refuses data containing `_id` and upserts; a value already held by another document
 *    under a unique index fails with DATABASE_DUPLICATE_WRITE (a missing field counts as null, as in
 *    MongoDB);
 *  - queries return at most 100 documents unless `.limit()` says otherwise, and refuse a limit over 1000;
 *  - transactions run concurrently and stage their writes; at commit, if a document this one writes
 *    was committed by anyone since it started, it fails with DATABASE_TRANSACTION_CONFLICT, and
 *    runTransaction retries it 3 times with no backoff, exactly as the SDK does
 *    (node_modules/@cloudbase/database/dist/commonjs/transaction/index.js), then throws. A callback that
 *    throws discards every staged write.
 * Unlike CloudBase, reads inside a transaction see the latest committed data rather than a snapshot,
 * and a conflict shows at commit rather than at the conflicting write; for the adapters' read-then-write
 * transactions the outcome is the same: the later writer loses.
 * It is not CloudBase: the real contract run (tests/adapters, opt-in with credentials) is the proof.
 */
import { CLOUDBASE_COLLECTIONS, type CollectionDeclaration } from '../../adapters/cloudbase/collections';
import type { CbCollection, CbCommand, CbDatabase, CbDocRef, CbQuery, CbTransaction } from '../../adapters/cloudbase/database';

type Doc = Record<string, unknown>;
class Cmd {
  constructor(readonly op: string, readonly value: unknown) {}
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

const compare = (a: unknown, b: unknown): number => {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
};

const matchValue = (actual: unknown, expected: unknown): boolean => {
  if (!(expected instanceof Cmd)) return JSON.stringify(actual) === JSON.stringify(expected);
  if (actual === undefined && expected.op !== 'neq') return false;
  switch (expected.op) {
    case 'eq':
      return JSON.stringify(actual) === JSON.stringify(expected.value);
    case 'neq':
      return JSON.stringify(actual) !== JSON.stringify(expected.value);
    case 'lt':
      return compare(actual, expected.value) < 0;
    case 'lte':
      return compare(actual, expected.value) <= 0;
    case 'gt':
      return compare(actual, expected.value) > 0;
    case 'gte':
      return compare(actual, expected.value) >= 0;
    case 'in':
      return (expected.value as unknown[]).some((v) => JSON.stringify(v) === JSON.stringify(actual));
    default:
      throw new Error(`fake: unsupported command ${expected.op}`);
  }
};

/** CloudBase queries address nested fields with dots ("owner.id"). */
const fieldOf = (doc: Doc, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Doc)[k] : undefined), doc);

const matches = (doc: Doc, condition: unknown): boolean => {
  if (condition instanceof Cmd && condition.op === 'or') return (condition.value as unknown[]).some((c) => matches(doc, c));
  return Object.entries(condition as Doc).every(([field, expected]) => matchValue(fieldOf(doc, field), expected));
};

/** Shaped like the SDK's TcbError (node_modules/@cloudbase/node-sdk/dist/utils/utils.js): an Error with a code. */
const sdkError = (code: string, message: string) => Object.assign(new Error(message), { code, requestId: '' });

/** Codes from @cloudbase/database's const/code.js and CloudBase's error-code reference. */
export const FAKE_ERRORS = {
  collectionNotExist: 'DATABASE_COLLECTION_NOT_EXIST',
  transactionConflict: 'DATABASE_TRANSACTION_CONFLICT',
  duplicateWrite: 'DATABASE_DUPLICATE_WRITE',
} as const;

export interface CloudbaseFakeOptions {
  collections?: readonly CollectionDeclaration[];
  /** Create every declared collection up front (default), as a deployed environment has them. */
  createAll?: boolean;
}

type Staged = Map<string, Map<string, Doc | undefined>>;

export class CloudbaseDatabaseFake implements CbDatabase {
  private readonly declared: Map<string, CollectionDeclaration>;
  private committed = new Map<string, Map<string, Doc>>();
  /** Commit number of each document's last write, keyed `collection/id`: what conflict checks compare. */
  private writtenAt = new Map<string, number>();
  private commits = 0;
  /** Number of transaction attempts (retries included), for tests that check an operation was transactional. */
  transactions = 0;
  /** Test hook: runs after a transaction's callback and before its commit checks, to interleave a writer. */
  beforeCommit?: () => unknown;

  readonly command: CbCommand = {
    eq: (v) => new Cmd('eq', v),
    neq: (v) => new Cmd('neq', v),
    lt: (v) => new Cmd('lt', v),
    lte: (v) => new Cmd('lte', v),
    gt: (v) => new Cmd('gt', v),
    gte: (v) => new Cmd('gte', v),
    in: (v) => new Cmd('in', v),
    or: (v) => new Cmd('or', v),
  };

  constructor({ collections = CLOUDBASE_COLLECTIONS, createAll = true }: CloudbaseFakeOptions = {}) {
    this.declared = new Map(collections.map((c) => [c.name, c]));
    if (createAll) this.createCollections();
  }

  /** What a deploy does; only declared collections can be created, so the declaration stays complete. */
  createCollections(...names: string[]): void {
    for (const name of names.length ? names : [...this.declared.keys()]) {
      if (!this.declared.has(name)) throw new Error(`fake: collection ${name} is not in adapters/cloudbase/collections.ts`);
      if (!this.committed.has(name)) this.committed.set(name, new Map());
    }
  }

  private table(name: string): Map<string, Doc> {
    const t = this.committed.get(name);
    if (!t) throw sdkError(FAKE_ERRORS.collectionNotExist, `Db or Table not exist: ${name}`);
    return t;
  }

  /** All documents of a collection (test inspection). */
  dump(name: string): Doc[] {
    return [...this.table(name).entries()].map(([id, d]) => ({ ...clone(d), _id: id }));
  }

  private assertUnique(name: string, id: string, doc: Doc, others: Map<string, Doc>): void {
    for (const ix of this.declared.get(name)?.indexes ?? []) {
      if (!ix.unique) continue;
      const key = (d: Doc) => JSON.stringify(ix.keys.map((k) => fieldOf(d, k.field) ?? null));
      const mine = key(doc);
      for (const [otherId, other] of others)
        if (otherId !== id && key(other) === mine)
          throw sdkError(FAKE_ERRORS.duplicateWrite, `duplicate key on ${name} index ${ix.name}: ${mine}`);
    }
  }

  /** A non-transactional write is committed at once, so it counts against open transactions. */
  private commitOne(name: string, id: string, d: Doc | undefined, seq = ++this.commits): void {
    const t = this.table(name);
    if (d) t.set(id, d);
    else t.delete(id);
    this.writtenAt.set(`${name}/${id}`, seq);
  }

  private docRef(name: string, read: (id: string) => Doc | undefined, write: (id: string, d: Doc | undefined) => void, id: string, inTx: boolean): CbDocRef {
    return {
      get: async () => {
        const d = read(id);
        const withId = d ? { ...clone(d), _id: id } : undefined;
        return { data: inTx ? withId ?? null : withId ? [withId] : [] };
      },
      set: async (data) => {
        if ('_id' in data) throw Object.assign(new Error('不能更新_id的值'), { code: 'INVALID_PARAM' });
        write(id, clone(data));
        return { updated: 1 };
      },
      update: async (data) => {
        const current = read(id);
        if (!current) return { updated: 0 };
        write(id, { ...current, ...clone(data) });
        return { updated: 1 };
      },
      remove: async () => {
        write(id, undefined);
        return { deleted: 1 };
      },
    };
  }

  collection(name: string): CbCollection {
    const query = (condition: unknown[], order: [string, 'asc' | 'desc'][], limit?: number, skip = 0): CbQuery => ({
      where: (c) => query([...condition, c], order, limit, skip),
      orderBy: (f, dir) => query(condition, [...order, [f, dir]], limit, skip),
      limit: (n) => {
        if (n > 1000) throw Object.assign(new Error('limit must be ≤ 1000'), { code: 'INVALID_PARAM' });
        return query(condition, order, n, skip);
      },
      skip: (n) => query(condition, order, limit, n),
      get: async () => {
        const docs = [...this.table(name).entries()]
          .map(([id, d]): Doc => ({ ...clone(d), _id: id }))
          .filter((d) => condition.every((c) => matches(d, c)))
          .sort((a, b) => {
            for (const [f, dir] of order) {
              const r = compare(fieldOf(a, f), fieldOf(b, f));
              if (r) return dir === 'asc' ? r : -r;
            }
            return 0;
          });
        return { data: docs.slice(skip, skip + (limit ?? 100)) };
      },
    });
    return {
      ...query([], []),
      doc: (id) =>
        this.docRef(
          name,
          (i) => this.table(name).get(i),
          (i, d) => {
            if (d) this.assertUnique(name, i, d, this.table(name));
            this.commitOne(name, i, d);
          },
          id,
          false,
        ),
    };
  }

  /** Same contract as the SDK's: `times` retries on a conflict, none on any other error. */
  async runTransaction<T>(fn: (tx: CbTransaction) => Promise<T>, times = 3): Promise<T> {
    try {
      return await this.attempt(fn);
    } catch (e) {
      if (times > 0 && (e as { code?: string } | null)?.code === FAKE_ERRORS.transactionConflict) return this.runTransaction(fn, times - 1);
      throw e;
    }
  }

  /** The collection as this transaction sees it: committed documents under its own staged writes. */
  private view(name: string, staged: Staged): Map<string, Doc> {
    const v = new Map(this.table(name));
    for (const [id, d] of staged.get(name) ?? []) d ? v.set(id, d) : v.delete(id);
    return v;
  }

  private async attempt<T>(fn: (tx: CbTransaction) => Promise<T>): Promise<T> {
    this.transactions += 1;
    const startedAt = this.commits;
    const staged: Staged = new Map();
    const stage = (name: string) => {
      if (!staged.has(name)) staged.set(name, new Map());
      return staged.get(name)!;
    };
    const tx: CbTransaction = {
      collection: (name) => ({
        doc: (id) =>
          this.docRef(
            name,
            (i) => (stage(name).has(i) ? stage(name).get(i) : this.table(name).get(i)),
            (i, d) => {
              const seen = this.view(name, staged);
              if (d) this.assertUnique(name, i, d, seen);
              stage(name).set(i, d);
            },
            id,
            true,
          ),
      }),
    };
    const result = await fn(tx);
    await this.beforeCommit?.();
    // From here to the end nothing awaits, so the checks and the writes are one atomic step.
    for (const [name, writes] of staged)
      for (const id of writes.keys())
        if ((this.writtenAt.get(`${name}/${id}`) ?? 0) > startedAt)
          throw sdkError(FAKE_ERRORS.transactionConflict, `database transaction conflict on ${name}/${id}`);
    for (const [name, writes] of staged) {
      const after = this.view(name, staged);
      for (const [id, d] of writes) if (d) this.assertUnique(name, id, d, after);
    }
    const seq = ++this.commits;
    for (const [name, writes] of staged) for (const [id, d] of writes) this.commitOne(name, id, d, seq);
    return result;
  }
}
