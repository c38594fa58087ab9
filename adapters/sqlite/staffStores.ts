import type { AuditDraft } from '../../core/audit/chain';
import { commonErrors } from '../../core/shared/errors';
import type { StaffSession, StaffUser } from '../../core/staff/model';
import type { SessionStore, StaffStore } from '../../core/staff/ports';
import { sqliteAuditLog } from './auditLog';
import type { Db } from './database';

type AppendAudit = (d: AuditDraft, at: Date) => unknown;

/** `appendAudit` writes inside the caller's transaction (localSystem passes the audit log's appendSync). */
export const sqliteStaffStore = (db: Db, appendAudit: AppendAudit = sqliteAuditLog(db, { now: () => new Date() }).appendSync): StaffStore => {
  const upsert = db.prepare(
    `INSERT INTO staff (id, username, doc) VALUES (@id, @username, @doc) ON CONFLICT(id) DO UPDATE SET username = excluded.username, doc = excluded.doc`,
  );
  const insert = db.prepare(`INSERT INTO staff (id, username, doc) VALUES (@id, @username, @doc) ON CONFLICT DO NOTHING`);
  const byId = db.prepare('SELECT doc FROM staff WHERE id = ?');
  const parse = (r: { doc: string } | undefined) => (r ? (JSON.parse(r.doc) as StaffUser) : null);
  const storedVersion = (id: string) => parse(byId.get(id) as { doc: string } | undefined)?.version ?? 0;
  const save = db.transaction((user: StaffUser) => {
    if (byId.get(user.id) && storedVersion(user.id) !== (user.version ?? 0)) throw commonErrors.versionConflict('STAFF', user.id);
    upsert.run({ id: user.id, username: user.username, doc: JSON.stringify(user) });
  });
  const create = db.transaction((user: StaffUser, audit: AuditDraft) => {
    if (insert.run({ id: user.id, username: user.username, doc: JSON.stringify(user) }).changes === 0) return false;
    appendAudit(audit, new Date(user.createdAt));
    return true;
  });
  const update = db.transaction((user: StaffUser, expected: number, audit: AuditDraft, at: Date) => {
    if (!byId.get(user.id) || storedVersion(user.id) !== expected) throw commonErrors.versionConflict('STAFF', user.id);
    upsert.run({ id: user.id, username: user.username, doc: JSON.stringify(user) });
    appendAudit(audit, at);
  });
  return {
    getByUsername: async (u) => parse(db.prepare('SELECT doc FROM staff WHERE username = ?').get(u) as { doc: string } | undefined),
    getById: async (id) => parse(byId.get(id) as { doc: string } | undefined),
    save: async (user) => {
      save.immediate(user);
    },
    list: async () => (db.prepare('SELECT doc FROM staff ORDER BY username').all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as StaffUser),
    create: async (user, audit) => create.immediate(user, audit),
    update: async (user, expected, audit) => {
      update.immediate(user, expected, audit, new Date(user.updatedAt ?? user.createdAt));
    },
  };
};

export const sqliteSessionStore = (db: Db): SessionStore => {
  const upsert = db.prepare(
    `INSERT INTO staff_sessions (id_hash, staff_id, expires_at, doc) VALUES (@idHash, @staffId, @expiresAt, @doc)
     ON CONFLICT(id_hash) DO UPDATE SET expires_at = excluded.expires_at, doc = excluded.doc`,
  );
  const put = async (s: StaffSession) => {
    upsert.run({ ...s, doc: JSON.stringify(s) });
  };
  return {
    create: put,
    save: put,
    get: async (h) => {
      const r = db.prepare('SELECT doc FROM staff_sessions WHERE id_hash = ?').get(h) as { doc: string } | undefined;
      return r ? (JSON.parse(r.doc) as StaffSession) : null;
    },
    remove: async (h) => {
      db.prepare('DELETE FROM staff_sessions WHERE id_hash = ?').run(h);
    },
  };
};
