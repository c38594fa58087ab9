import type { AuditDraft } from '../../core/audit/chain';
import { commonErrors } from '../../core/shared/errors';
import type { StaffSession, StaffUser } from '../../core/staff/model';
import type { SessionStore, SignInGuard, StaffStore } from '../../core/staff/ports';
import { decide, exemptKeys, refunded, type ClearedCounter, type ThrottleState } from '../../core/staff/throttle';
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

/** SignInGuard on the staff_signin_guard table (migration 12): each call one IMMEDIATE transaction, so counts never race. */
export const sqliteSignInGuard = (db: Db): SignInGuard => {
  const read = db.prepare('SELECT doc FROM staff_signin_guard WHERE key = ?');
  const write = db.prepare(
    'INSERT INTO staff_signin_guard (key, doc, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at',
  );
  const drop = db.prepare('DELETE FROM staff_signin_guard WHERE key = ?');
  // A scan, run by the timer every few minutes over a table of one row per recent account/address: no index needed.
  const prune = db.prepare('DELETE FROM staff_signin_guard WHERE updated_at < ?');
  const get = <T>(key: string) => {
    const r = read.get(key) as { doc: string } | undefined;
    return r ? (JSON.parse(r.doc) as T) : null;
  };
  const take = db.transaction((rules: Parameters<SignInGuard['take']>[0], now: Date) => {
    const { verdict, writes } = decide(
      rules,
      rules.map((r) => get<ThrottleState>(r.key)),
      rules.map((r) => exemptKeys(r).some((k) => read.get(k) !== undefined)),
      now,
    );
    for (const w of writes) write.run(w.key, JSON.stringify(w.state), now.toISOString());
    return verdict;
  });
  const settle = db.transaction((change: Parameters<SignInGuard['settle']>[0], now: Date) => {
    const cleared: ClearedCounter[] = [];
    for (const key of change.clear) {
      const state = get<ThrottleState>(key);
      if (!state) continue;
      cleared.push({ key, total: state.total, since: state.since });
      drop.run(key);
    }
    for (const r of change.refund) {
      const state = get<ThrottleState>(r.key);
      if (state) write.run(r.key, JSON.stringify(refunded(state, r, now)), now.toISOString());
    }
    for (const key of change.remember) write.run(key, JSON.stringify({ knownAt: now.toISOString() }), now.toISOString());
    return cleared;
  });
  const accept = db.transaction((key: string, step: number, now: Date, by: string | undefined) => {
    const last = get<{ step: number }>(key);
    if (last && last.step >= step) return false;
    write.run(key, JSON.stringify(by === undefined ? { step } : { step, by }), now.toISOString());
    return true;
  });
  return {
    take: async (rules, now) => take.immediate(rules, now),
    settle: async (change, now) => settle.immediate(change, now),
    acceptTotpStep: async (key, step, now, by) => accept.immediate(key, step, now, by),
    lastTotpStep: async (key) => get<{ step: number; by?: string }>(key),
    pruneStale: async (before) => prune.run(before.toISOString()).changes,
  };
};
