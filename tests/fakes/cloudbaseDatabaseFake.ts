/**
 * FAKE — an in-memory stand-in for @cloudbase/node-sdk's document database, because Tencent Cloud
 * cannot be reached from these machines. It implements only the slice in adapters/cloudbase/database.ts
 * and mirrors the SDK's documented behaviour where our adapter depends on it:
 *  - `doc.get()` returns `{ data: [doc] }` outside a transaction and `{ data: doc | null }` inside one;
 *  - `doc.set()` refuses data containing `_id` and upserts;
 *  - queries return at most 100 documents unless `.limit()` says otherwise, and refuse a limit over 1000;
 *  - transactions are isolated (run one at a time here) and discard every staged write if the callback throws.
 * It is not CloudBase: the real contract run (tests/adapters, opt-in with credentials) is the proof.
 */
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

export class CloudbaseDatabaseFake implements CbDatabase {
  private committed = new Map<string, Map<string, Doc>>();
  private lock: Promise<unknown> = Promise.resolve();
  /** Number of transactions run, for tests that check an operation was transactional. */
  transactions = 0;

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

  private table(name: string, source = this.committed): Map<string, Doc> {
    if (!source.has(name)) source.set(name, new Map());
    return source.get(name)!;
  }

  /** All documents of a collection (test inspection). */
  dump(name: string): Doc[] {
    return [...this.table(name).entries()].map(([id, d]) => ({ ...clone(d), _id: id }));
  }

  private docRef(read: (id: string) => Doc | undefined, write: (id: string, d: Doc | undefined) => void, id: string, inTx: boolean): CbDocRef {
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
    const table = () => this.table(name);
    const query = (condition: unknown[], order: [string, 'asc' | 'desc'][], limit?: number, skip = 0): CbQuery => ({
      where: (c) => query([...condition, c], order, limit, skip),
      orderBy: (f, dir) => query(condition, [...order, [f, dir]], limit, skip),
      limit: (n) => {
        if (n > 1000) throw Object.assign(new Error('limit must be ≤ 1000'), { code: 'INVALID_PARAM' });
        return query(condition, order, n, skip);
      },
      skip: (n) => query(condition, order, limit, n),
      get: async () => {
        const docs = [...table().entries()]
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
          (i) => table().get(i),
          (i, d) => (d ? table().set(i, d) : table().delete(i)),
          id,
          false,
        ),
    };
  }

  async runTransaction<T>(fn: (tx: CbTransaction) => Promise<T>): Promise<T> {
    const run = async () => {
      this.transactions += 1;
      const staged = new Map<string, Map<string, Doc | undefined>>();
      const stage = (name: string) => {
        if (!staged.has(name)) staged.set(name, new Map());
        return staged.get(name)!;
      };
      const tx: CbTransaction = {
        collection: (name) => ({
          doc: (id) =>
            this.docRef(
              (i) => (stage(name).has(i) ? stage(name).get(i) : this.table(name).get(i)),
              (i, d) => stage(name).set(i, d),
              id,
              true,
            ),
        }),
      };
      const result = await fn(tx);
      for (const [name, writes] of staged)
        for (const [id, d] of writes) d ? this.table(name).set(id, d) : this.table(name).delete(id);
      return result;
    };
    const next = this.lock.then(run, run);
    this.lock = next.catch(() => undefined);
    return next;
  }
}
