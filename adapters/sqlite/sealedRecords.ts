import type { SealedKind, SealedRecordStore } from '../../core/members/rekey';
import type Database from 'better-sqlite3';
import type { Db } from './database';

/** The table and key column of each kind of record holding sealed values (docs are JSON in `doc`). */
const TABLES: Record<SealedKind, { table: string; key: string }> = {
  members: { table: 'members', key: 'id' },
  policies: { table: 'policies', key: 'policy_no' },
  complaints: { table: 'complaints', key: 'id' },
  consultations: { table: 'consultations', key: 'id' },
  claims: { table: 'claims', key: 'id' },
  staff: { table: 'staff', key: 'id' },
};

/**
 * Raw access for the rekey job (core/members/rekey.ts). Only `doc` changes: re-sealing moves no
 * indexed column (blind indexes do not depend on the sealing key) and no version.
 */
export const sqliteSealedRecords = (db: Db): SealedRecordStore => {
  const stmts = Object.fromEntries(
    Object.entries(TABLES).map(([kind, { table, key }]) => [
      kind,
      {
        first: db.prepare(`SELECT ${key} AS id, doc FROM ${table} ORDER BY ${key} LIMIT ?`),
        after: db.prepare(`SELECT ${key} AS id, doc FROM ${table} WHERE ${key} > ? ORDER BY ${key} LIMIT ?`),
        get: db.prepare(`SELECT doc FROM ${table} WHERE ${key} = ?`),
        put: db.prepare(`UPDATE ${table} SET doc = ? WHERE ${key} = ?`),
      },
    ]),
  ) as Record<SealedKind, Record<'first' | 'after' | 'get' | 'put', Database.Statement<unknown[]>>>;
  return {
    page: async (kind, after, limit) => {
      const rows = (after === undefined ? stmts[kind].first.all(limit) : stmts[kind].after.all(after, limit)) as { id: string; doc: string }[];
      return rows.map((r) => ({ id: r.id, doc: JSON.parse(r.doc) }));
    },
    update: async (kind, id, change) =>
      db.transaction(() => {
        const row = stmts[kind].get.get(id) as { doc: string } | undefined;
        if (!row) return false;
        const next = JSON.stringify(change(JSON.parse(row.doc)));
        if (next !== row.doc) stmts[kind].put.run(next, id);
        return true;
      }).immediate(),
  };
};
