import type { InboxStore, MemberMessage, SandboxMessage, StaffAlert } from '../../core/notifications/inbox';
import type { Db } from './database';

export const sqliteInboxStore = (db: Db): InboxStore => {
  const addMsg = db.prepare(`INSERT OR IGNORE INTO member_messages (id, member_id, subject_id, title, body, page, created_at)
    VALUES (@id, @memberId, @subjectId, @title, @body, @page, @createdAt)`);
  const addAlert = db.prepare(`INSERT OR IGNORE INTO staff_alerts (id, area, kind, subject_id, number, title, owner_id, summary, created_at)
    VALUES (@id, @area, @kind, @subjectId, @number, @title, @ownerId, @summary, @createdAt)`);
  const addSandbox = db.prepare(`INSERT OR IGNORE INTO sandbox_messages (id, touser, template_id, page, data, sent_at)
    VALUES (@id, @touser, @templateId, @page, @data, @sentAt)`);
  const messagesOf = db.prepare('SELECT * FROM member_messages WHERE member_id = ? ORDER BY created_at DESC, id DESC LIMIT ?');
  const markRead = db.prepare('UPDATE member_messages SET read_at = ? WHERE id = ? AND member_id = ? AND read_at IS NULL');
  const markAllRead = db.prepare('UPDATE member_messages SET read_at = ? WHERE member_id = ? AND read_at IS NULL');
  const unreadWithin = db.prepare(`SELECT COUNT(*) AS n FROM (SELECT read_at FROM member_messages WHERE member_id = ?
    ORDER BY created_at DESC, id DESC LIMIT ?) WHERE read_at IS NULL`);
  const alertsSince = db.prepare('SELECT * FROM staff_alerts WHERE created_at > ? ORDER BY created_at DESC LIMIT ?');
  const alertsFor = db.prepare('SELECT * FROM staff_alerts INDEXED BY staff_alerts_owner WHERE owner_id = ? AND created_at > ? ORDER BY created_at DESC LIMIT ?');
  const alertOf = (r: Record<string, string>): StaffAlert => ({
    id: r.id,
    area: r.area,
    kind: r.kind,
    subjectId: r.subject_id,
    number: r.number,
    title: r.title,
    ownerId: r.owner_id ?? undefined,
    summary: r.summary,
    createdAt: r.created_at,
  });
  const sandboxRecent = db.prepare('SELECT * FROM sandbox_messages ORDER BY sent_at DESC, id DESC LIMIT ?');
  return {
    addMemberMessage: async (m) => {
      addMsg.run(m);
    },
    listMemberMessages: async (memberId, limit) =>
      (
        messagesOf.all(memberId, limit) as Record<string, string>[]
      ).map(
        (r): MemberMessage => ({
          id: r.id,
          memberId: r.member_id,
          subjectId: r.subject_id,
          title: r.title,
          body: r.body,
          page: r.page,
          createdAt: r.created_at,
          readAt: r.read_at ?? undefined,
        }),
      ),
    markRead: async (memberId, id, at) =>
      markRead.run(at.toISOString(), id, memberId).changes === 1,
    markAllRead: async (memberId, at) => markAllRead.run(at.toISOString(), memberId).changes,
    countUnread: async (memberId, window) => (unreadWithin.get(memberId, window) as { n: number }).n,
    addStaffAlert: async (a) => {
      addAlert.run({ ...a, ownerId: a.ownerId ?? null });
    },
    recentStaffAlerts: async (since, limit) => (alertsSince.all(since, limit) as Record<string, string>[]).map(alertOf),
    recentStaffAlertsFor: async (ownerId, since, limit) => (alertsFor.all(ownerId, since, limit) as Record<string, string>[]).map(alertOf),
    addSandboxMessage: async (m: SandboxMessage) => {
      addSandbox.run({ ...m, data: JSON.stringify(m.data) });
    },
    listSandboxMessages: async (limit) =>
      (sandboxRecent.all(limit) as Record<string, string>[]).map(
        (r): SandboxMessage => ({ id: r.id, touser: r.touser, templateId: r.template_id, page: r.page, data: JSON.parse(r.data), sentAt: r.sent_at }),
      ),
  };
};
