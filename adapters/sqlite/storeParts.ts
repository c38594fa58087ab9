import type { Statement } from 'better-sqlite3';
import type { AuditDraft } from '../../core/audit/chain';
import type { Db } from './database';

/**
 * Parts every record store on a SQLite connection needs alike. Audit entries go through the connection's one
 * audit log (`appendAudit`, from sqliteAuditLog) inside the caller's transaction, so a staff change and its entry
 * commit together; a store built without a log refuses entries rather than dropping them.
 */
export const auditWriter =
  (appendAudit: ((draft: AuditDraft, at: Date) => void) | undefined) =>
  (drafts: readonly AuditDraft[] | undefined, at: string): void => {
    if (!drafts?.length) return;
    if (!appendAudit) throw new Error('audit entries given to a store built without an audit log');
    for (const d of drafts) appendAudit(d, new Date(at));
  };

/** Statements built from a few SQL shapes (one per filter combination), each prepared once per connection. */
export const statementCache = (db: Db) => {
  const statements = new Map<string, Statement>();
  return (sql: string): Statement => {
    let st = statements.get(sql);
    if (!st) statements.set(sql, (st = db.prepare(sql) as Statement));
    return st;
  };
};
