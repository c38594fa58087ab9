import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { QUEUE_FIELDS } from '../../adapters/cloudbase/complaintStore';
import { openDatabase, type Db } from '../../adapters/sqlite/database';
import { queueSql } from '../../adapters/sqlite/complaintStore';
import { QUEUE_INDEXES, planQueue, type QueueKey } from '../../core/complaints/queuePlan';
import type { QueueFilter } from '../../core/complaints/ports';

const VALUES: Required<QueueFilter> = { status: 'submitted', grade: 'major', category: 'claims', channel: 'phone', ownerId: 'staff-1' };
const filterOf = (keys: readonly QueueKey[]): QueueFilter => Object.fromEntries(keys.map((k) => [k, VALUES[k]]));
const label = (keys: readonly QueueKey[]) => (keys.length ? keys.join(' × ') : 'no filter');

describe('staff queue filters: each gated one is an index range (issue 9 item 11)', () => {
  let dir: string;
  let db: Db;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-qplan-'));
    db = openDatabase(path.join(dir, 'q.db'));
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const planOf = (sql: string, args: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);

  it.each(QUEUE_INDEXES.map((keys) => [label(keys), keys] as const))('%s: searches its own index, no sort, first page and after a cursor', (_l, keys) => {
    const filter = filterOf(keys);
    const plan = planQueue(filter);
    expect(plan).toEqual({ index: keys, residual: [] });
    for (const cursor of [false, true]) {
      const args = [...keys.map((k) => VALUES[k]), ...(cursor ? ['2026-11-03T00:00:00.000Z', 'c-1'] : []), 21];
      const detail = planOf(queueSql(plan, cursor), args);
      const name = ['complaints_queue', ...keys.map((k) => (k === 'ownerId' ? 'owner' : k))].join('_');
      expect(detail).toEqual([expect.stringMatching(new RegExp(`^SEARCH complaints USING INDEX ${name} \\(`))]);
      // The equalities and the keyset both bound the range (not a scan of the filter's whole range).
      if (cursor) expect(detail[0]).toMatch(/\(next_due_at,id\)>\(\?,\?\)|next_due_at>\?/);
      expect(detail.join('\n')).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('serves other combinations from the best index plus a bounded scan, still without a sort', () => {
    expect(planQueue({ grade: 'major', category: 'claims' })).toEqual({ index: ['category'], residual: ['grade'] });
    expect(planQueue({ status: 'submitted', grade: 'major', ownerId: 'staff-1' })).toEqual({ index: ['status', 'ownerId'], residual: ['grade'] });
    expect(planQueue({ status: 'submitted', grade: 'major', channel: 'phone', category: 'claims' })).toEqual({
      index: ['status', 'category'],
      residual: ['grade', 'channel'],
    });
    const plan = planQueue({ grade: 'major', channel: 'phone' });
    const detail = planOf(queueSql(plan, true), [VALUES.channel, 'x', 'y']);
    expect(detail).toEqual([expect.stringMatching(/^SEARCH complaints USING INDEX complaints_queue_channel \(/)]);
  });

  it('has the same compound indexes declared for CloudBase, in the order the adapter queries', () => {
    const declared = CLOUDBASE_COLLECTIONS.find((c) => c.name === 'complaints')!.indexes.map((i) => i.keys.map((k) => `${k.field}:${k.direction}`).join(','));
    for (const keys of QUEUE_INDEXES)
      expect(declared).toContain([...keys.map((k) => `${QUEUE_FIELDS[k]}:1`), 'queueDueAt:1', '_id:1'].join(','));
  });
});
