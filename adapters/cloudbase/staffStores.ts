import type { InboxStore, MemberMessage, SandboxMessage, StaffAlert } from '../../core/notifications/inbox';
import type { StaffSession, StaffUser } from '../../core/staff/model';
import type { SessionStore, StaffStore } from '../../core/staff/ports';
import { toDocument, type CbDatabase } from './database';

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
  save: async (user) => {
    const { id, ...rest } = user;
    await db.collection('staff').doc(id).set(toDocument(rest));
  },
  list: async () => (await db.collection('staff').orderBy('username', 'asc').limit(500).get()).data.map((d) => strip<StaffUser>(d)),
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

export const cloudbaseInboxStore = (db: CbDatabase): InboxStore => {
  const put = async (collection: string, id: string, doc: object) => {
    const existing = (await db.collection(collection).doc(id).get()).data as unknown[];
    if (!existing.length) await db.collection(collection).doc(id).set(toDocument(doc));
  };
  return {
    addMemberMessage: ({ id, ...m }) => put('member_messages', id, m),
    listMemberMessages: async (memberId, limit) =>
      (await db.collection('member_messages').where({ memberId }).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(limit).get()).data.map((d) => strip<MemberMessage>(d)),
    markRead: async (memberId, id, at) => {
      const res = (await db.collection('member_messages').doc(id).get()).data as Record<string, unknown>[];
      if (!res[0] || res[0].memberId !== memberId || res[0].readAt) return false;
      await db.collection('member_messages').doc(id).update({ readAt: at.toISOString() });
      return true;
    },
    addStaffAlert: ({ id, ...a }) => put('staff_alerts', id, a),
    recentStaffAlerts: async (since, limit) =>
      (await db.collection('staff_alerts').where({ createdAt: db.command.gt(since) }).orderBy('createdAt', 'desc').limit(limit).get()).data.map((d) =>
        strip<StaffAlert>(d),
      ),
    addSandboxMessage: ({ id, ...m }) => put('sandbox_messages', id, m),
    listSandboxMessages: async (limit) =>
      (await db.collection('sandbox_messages').orderBy('sentAt', 'desc').orderBy('_id', 'desc').limit(limit).get()).data.map((d) => strip<SandboxMessage>(d)),
  };
};
