import type { StaffSession, StaffUser } from '../../core/staff/model';
import type { SessionStore, StaffStore } from '../../core/staff/ports';
import type { Db } from './database';

export const sqliteStaffStore = (db: Db): StaffStore => {
  const upsert = db.prepare(
    `INSERT INTO staff (id, username, doc) VALUES (@id, @username, @doc) ON CONFLICT(id) DO UPDATE SET username = excluded.username, doc = excluded.doc`,
  );
  const parse = (r: { doc: string } | undefined) => (r ? (JSON.parse(r.doc) as StaffUser) : null);
  return {
    getByUsername: async (u) => parse(db.prepare('SELECT doc FROM staff WHERE username = ?').get(u) as { doc: string } | undefined),
    getById: async (id) => parse(db.prepare('SELECT doc FROM staff WHERE id = ?').get(id) as { doc: string } | undefined),
    save: async (user) => {
      upsert.run({ id: user.id, username: user.username, doc: JSON.stringify(user) });
    },
    list: async () => (db.prepare('SELECT doc FROM staff ORDER BY username').all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as StaffUser),
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
