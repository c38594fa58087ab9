import type { InboxStore, MemberMessage, SandboxMessage, StaffAlert } from '../../core/notifications/inbox';
import type { StaffSession, StaffUser } from '../../core/staff/model';
import type { SessionStore, SignInGuard, StaffStore } from '../../core/staff/ports';
import { decide, exemptKeys, refunded, type ClearedCounter, type ThrottleState } from '../../core/staff/throttle';
import { createHash } from 'node:crypto';
import { commonErrors } from '../../core/shared/errors';
import { appendAuditInTx } from './auditLog';
import { toDocument, type CbDatabase, type CbTransaction } from './database';
import { inTransaction } from './retry';

/** `doc.get()` answers `{ data: [doc] }` outside a transaction and `{ data: doc | null }` inside one. */
const txDoc = (res: { data: unknown }): Record<string, unknown> | null =>
  Array.isArray(res.data) ? ((res.data[0] as Record<string, unknown> | undefined) ?? null) : ((res.data as Record<string, unknown> | null) ?? null);
const DUPLICATE = 'DATABASE_DUPLICATE_WRITE';

const strip = <T>(d: Record<string, unknown>): T => {
  const { _id, ...rest } = d;
  return { ...(rest as object), id: String(_id) } as T;
};

export const cloudbaseStaffStore = (db: CbDatabase): StaffStore => ({
  getByUsername: async (username) => {
    const res = await db.collection('staff').where({ username }).limit(1).get();
    return res.data[0] ? strip<StaffUser>(res.data[0]) : null;
  },
  getById: async (id) => {
    const res = (await db.collection('staff').doc(id).get()).data as Record<string, unknown>[];
    return res[0] ? strip<StaffUser>(res[0]) : null;
  },
  // staff/<id>; the unique index on username (collections.ts) refuses a second account of one name.
  save: (user) =>
    inTransaction(db, async (tx) => {
      const { id, ...rest } = user;
      const ref = tx.collection('staff').doc(id);
      const current = txDoc(await ref.get());
      if (current && ((current.version as number | undefined) ?? 0) !== (user.version ?? 0)) throw commonErrors.versionConflict('STAFF', id);
      await ref.set(toDocument(rest));
    }),
  list: async () => (await db.collection('staff').orderBy('username', 'asc').limit(500).get()).data.map((d) => strip<StaffUser>(d)),
  create: (user, audit) =>
    inTransaction(db, async (tx) => {
      const { id, ...rest } = user;
      const ref = tx.collection('staff').doc(id);
      if (txDoc(await ref.get())) return false;
      await ref.set(toDocument(rest));
      await appendAuditInTx(tx, audit, new Date(user.createdAt));
      return true;
    }).catch((e: unknown) => {
      if ((e as { code?: unknown })?.code === DUPLICATE) return false;
      throw e;
    }),
  update: (user, expectedVersion, audit) =>
    inTransaction(db, async (tx) => {
      const { id, ...rest } = user;
      const ref = tx.collection('staff').doc(id);
      const current = txDoc(await ref.get());
      if (!current || ((current.version as number | undefined) ?? 0) !== expectedVersion) throw commonErrors.versionConflict('STAFF', id);
      await ref.set(toDocument(rest));
      await appendAuditInTx(tx, audit, new Date(user.updatedAt ?? user.createdAt));
    }),
});

export const cloudbaseSessionStore = (db: CbDatabase): SessionStore => {
  const put = async (s: StaffSession) => {
    const { idHash, ...rest } = s;
    await db.collection('staff_sessions').doc(idHash).set(toDocument(rest));
  };
  return {
    create: put,
    save: put,
    get: async (idHash) => {
      const res = (await db.collection('staff_sessions').doc(idHash).get()).data as Record<string, unknown>[];
      if (!res[0]) return null;
      const { _id, ...rest } = res[0];
      return { ...(rest as Omit<StaffSession, 'idHash'>), idHash: String(_id) };
    },
    remove: async (idHash) => {
      await db.collection('staff_sessions').doc(idHash).remove();
    },
  };
};

/**
 * SignInGuard on staff_signin_guard/<sha256(key)> ({ key, ...state }): each call one transaction, so two
 * parallel attempts never both read the same count (the loser of a conflict is retried by the SDK, then
 * STORE.BUSY: refused, nothing verified).
 */
export const cloudbaseSignInGuard = (db: CbDatabase): SignInGuard => {
  const GUARD = 'staff_signin_guard';
  const idOf = (key: string) => createHash('sha256').update(key).digest('hex');
  const read = async <T>(tx: CbTransaction, key: string) => {
    const doc = txDoc(await tx.collection(GUARD).doc(idOf(key)).get());
    if (!doc) return null;
    const { _id, key: _key, ...rest } = doc;
    return rest as T;
  };
  // updatedAt for pruneStale (rows written before it had none and are never pruned: a handful, from the first weeks).
  const put = (tx: CbTransaction, key: string, doc: object, now: Date) =>
    tx.collection(GUARD).doc(idOf(key)).set(toDocument({ key, ...doc, updatedAt: now.toISOString() }));
  return {
    take: (rules, now) =>
      inTransaction(db, async (tx) => {
        const states: (ThrottleState | null)[] = [];
        const exempt: boolean[] = [];
        for (const r of rules) {
          states.push(await read<ThrottleState>(tx, r.key));
          let known = false;
          for (const k of exemptKeys(r)) known = known || Boolean(await read(tx, k));
          exempt.push(known);
        }
        const { verdict, writes } = decide(rules, states, exempt, now);
        for (const w of writes) await put(tx, w.key, w.state, now);
        return verdict;
      }),
    settle: (change, now) =>
      inTransaction(db, async (tx) => {
        const cleared: ClearedCounter[] = [];
        for (const key of change.clear) {
          const state = await read<ThrottleState>(tx, key);
          if (!state) continue;
          cleared.push({ key, total: state.total, since: state.since });
          await tx.collection(GUARD).doc(idOf(key)).remove();
        }
        for (const r of change.refund) {
          const state = await read<ThrottleState>(tx, r.key);
          if (state) await put(tx, r.key, refunded(state, r, now), now);
        }
        for (const key of change.remember) await put(tx, key, { knownAt: now.toISOString() }, now);
        return cleared;
      }),
    acceptTotpStep: (key, step, now, by) =>
      inTransaction(db, async (tx) => {
        const last = await read<{ step: number }>(tx, key);
        if (last && last.step >= step) return false;
        await put(tx, key, by === undefined ? { step } : { step, by }, now);
        return true;
      }),
    lastTotpStep: async (key) => {
      const res = (await db.collection(GUARD).doc(idOf(key)).get()).data as Record<string, unknown>[];
      if (!res[0]) return null;
      return { step: res[0].step as number, ...(typeof res[0].by === 'string' ? { by: res[0].by } : {}) };
    },
    // Pages by the updatedAt index, removing by id: CloudBase transactions cannot take a `where`.
    pruneStale: async (before) => {
      let n = 0;
      for (;;) {
        const page = (await db.collection(GUARD).where({ updatedAt: db.command.lt(before.toISOString()) }).limit(100).get()).data;
        for (const d of page) await db.collection(GUARD).doc(String(d._id)).remove();
        n += page.length;
        if (page.length < 100) return n;
      }
    },
  };
};

/** 全部已读 walks the member's messages in pages of this many, newest first, updating the unread ones. */
const READ_ALL_PAGE = 100;
/** …and stops after this many pages (5 000 messages): a cloud function has seconds, not minutes. */
const READ_ALL_MAX_PAGES = 50;

export const cloudbaseInboxStore = (db: CbDatabase): InboxStore => {
  /** The member's messages, newest first, by the (memberId, createdAt desc, _id desc) index. */
  const messagesOf = (memberId: string) => db.collection('member_messages').where({ memberId }).orderBy('createdAt', 'desc').orderBy('_id', 'desc');
  const put = async (collection: string, id: string, doc: object) => {
    const existing = (await db.collection(collection).doc(id).get()).data as unknown[];
    if (!existing.length) await db.collection(collection).doc(id).set(toDocument(doc));
  };
  return {
    addMemberMessage: ({ id, ...m }) => put('member_messages', id, m),
    listMemberMessages: async (memberId, limit) =>
      (await messagesOf(memberId).limit(limit).get()).data.map((d) => strip<MemberMessage>(d)),
    markRead: async (memberId, id, at) => {
      const res = (await db.collection('member_messages').doc(id).get()).data as Record<string, unknown>[];
      if (!res[0] || res[0].memberId !== memberId || res[0].readAt) return false;
      await db.collection('member_messages').doc(id).update({ readAt: at.toISOString() });
      return true;
    },
    // Each message is its own document, updated on its own: no per-member counter that every read
    // and every filing would contend for. Reading does not reorder the index, so skip-paging is stable;
    // a message filed meanwhile only shifts a page onto ones already seen (read, so left alone).
    markAllRead: async (memberId, at) => {
      let changed = 0;
      for (let page = 0; page < READ_ALL_MAX_PAGES; page++) {
        const docs = (await messagesOf(memberId).skip(page * READ_ALL_PAGE).limit(READ_ALL_PAGE).get()).data;
        const unread = docs.filter((d) => !d.readAt);
        await Promise.all(unread.map((d) => db.collection('member_messages').doc(String(d._id)).update({ readAt: at.toISOString() })));
        changed += unread.length;
        if (docs.length < READ_ALL_PAGE) break;
      }
      return changed;
    },
    countUnread: async (memberId, window) => (await messagesOf(memberId).limit(window).get()).data.filter((d) => !d.readAt).length,
    addStaffAlert: ({ id, ...a }) => put('staff_alerts', id, a),
    recentStaffAlerts: async (since, limit) =>
      (await db.collection('staff_alerts').where({ createdAt: db.command.gt(since) }).orderBy('createdAt', 'desc').limit(limit).get()).data.map((d) =>
        strip<StaffAlert>(d),
      ),
    recentStaffAlertsFor: async (ownerId, since, limit) =>
      (await db.collection('staff_alerts').where({ ownerId, createdAt: db.command.gt(since) }).orderBy('createdAt', 'desc').limit(limit).get()).data.map((d) =>
        strip<StaffAlert>(d),
      ),
    addSandboxMessage: ({ id, ...m }) => put('sandbox_messages', id, m),
    listSandboxMessages: async (limit) =>
      (await db.collection('sandbox_messages').orderBy('sentAt', 'desc').orderBy('_id', 'desc').limit(limit).get()).data.map((d) => strip<SandboxMessage>(d)),
  };
};
