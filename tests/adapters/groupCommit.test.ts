import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../adapters/sqlite/database';
import { groupCommit } from '../../adapters/sqlite/groupCommit';

/** adapters/sqlite/groupCommit.ts: one transaction per event-loop turn, a savepoint per write, answers after COMMIT. */
describe('group commit', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-gc-'));
    db = openDatabase(path.join(dir, 'gc.db'));
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const insert = (k: string, v: number) => () => db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(k, v).changes;
  const rows = () => db.prepare('SELECT k, v FROM t ORDER BY k').all();

  it('writes of one turn share one transaction and each answer comes after it committed', async () => {
    const gc = groupCommit(db);
    const seen: boolean[] = [];
    const other = openDatabase(path.join(dir, 'gc.db'));
    const committed = (k: string) => Boolean(other.prepare('SELECT 1 FROM t WHERE k = ?').get(k));
    const writes = ['a', 'b', 'c'].map((k, i) =>
      gc.write(() => {
        // Inside the shared transaction: the earlier writes of the turn are there, not yet committed.
        expect(db.inTransaction).toBe(true);
        expect(rows()).toHaveLength(i);
        expect(committed('a')).toBe(false);
        return insert(k, i)();
      }).then((v) => {
        seen.push(committed(k)); // answered: another connection sees the row
        return v;
      }),
    );
    expect(rows()).toEqual([]); // nothing runs before the turn ends
    await expect(Promise.all(writes)).resolves.toEqual([1, 1, 1]);
    other.close();
    expect(seen).toEqual([true, true, true]);
    expect(groupCommit(db)).toBe(gc); // one queue per connection
  });

  it('a failing write rolls back alone and fails alone; the others in its batch commit', async () => {
    const gc = groupCommit(db);
    const results = await Promise.allSettled([
      gc.write(insert('a', 1)),
      gc.write(() => {
        insert('b', 2)();
        insert('a', 3)(); // duplicate key: this write, including its row b, is undone
      }),
      gc.write(insert('c', 3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(rows()).toEqual([
      { k: 'a', v: 1 },
      { k: 'c', v: 3 },
    ]);
  });

  it('a write alone that fails leaves nothing behind', async () => {
    const gc = groupCommit(db);
    await expect(
      gc.write(() => {
        insert('x', 1)();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(rows()).toEqual([]);
  });

  it('a store that cannot take the batch fails every write in it, and none is stored', async () => {
    const gc = groupCommit(db);
    db.pragma('query_only = ON');
    const results = await Promise.allSettled([gc.write(insert('a', 1)), gc.write(insert('b', 2))]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    db.pragma('query_only = OFF');
    expect(rows()).toEqual([]);
  });
});
