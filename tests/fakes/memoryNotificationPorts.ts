import type { InboxStore, MemberMessage, SandboxMessage, StaffAlert } from '../../core/notifications/inbox';
import type { OutboxEntry } from '../../core/notifications/outbox';
import type { OutboxStore } from '../../core/notifications/ports';
import type { SubscriptionStore } from '../../core/notifications/subscriptions';

/**
 * IN-MEMORY TEST DOUBLES of the notification ports, for testing the dispatcher's rules without a
 * store. They keep each port's documented contract (idempotent inbox ids, one lease holder) and
 * nothing more; the stores themselves are tried by the contract suites.
 */
export const memoryOutbox = (entries: OutboxEntry[] = []) => {
  const rows = new Map(entries.map((e) => [e.id, { ...e, leaseUntil: '' }]));
  const store: OutboxStore = {
    async due(at, limit) {
      const now = at.toISOString();
      return [...rows.values()]
        .filter((e) => (e.status === 'pending' && e.nextAttemptAt <= now) || (e.status === 'sending' && e.leaseUntil <= now))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .slice(0, limit)
        .map(({ leaseUntil: _l, ...e }) => e);
    },
    async claim(id, now, leaseUntil) {
      const e = rows.get(id);
      const free = e && (e.status === 'pending' || (e.status === 'sending' && e.leaseUntil <= now.toISOString()));
      if (!e || !free) return false;
      rows.set(id, { ...e, status: 'sending', leaseUntil: leaseUntil.toISOString() });
      return true;
    },
    async markPushAttempt(id, at) {
      const e = rows.get(id);
      if (!e || e.status !== 'sending' || e.pushAttemptAt) return false;
      rows.set(id, { ...e, pushAttemptAt: at.toISOString() });
      return true;
    },
    async settle(id, outcome) {
      const e = rows.get(id);
      if (!e || e.status !== 'sending') return;
      const { pushAttemptAt: _p, ...rest } = e;
      rows.set(id, { ...rest, ...outcome, leaseUntil: '' });
    },
    async listForSubject(subjectId) {
      return [...rows.values()].filter((e) => e.subjectId === subjectId);
    },
  };
  return { store, rows };
};

export const memoryInbox = () => {
  const messages: MemberMessage[] = [];
  const alerts: StaffAlert[] = [];
  const sandbox: SandboxMessage[] = [];
  const store: InboxStore = {
    async addMemberMessage(m) {
      if (!messages.some((x) => x.id === m.id)) messages.push(m);
    },
    async listMemberMessages(memberId, limit) {
      return messages.filter((m) => m.memberId === memberId).slice(0, limit);
    },
    async markRead(memberId, id, at) {
      const m = messages.find((x) => x.id === id && x.memberId === memberId && !x.readAt);
      if (m) m.readAt = at.toISOString();
      return Boolean(m);
    },
    async markAllRead(memberId, at) {
      const unread = messages.filter((m) => m.memberId === memberId && !m.readAt);
      for (const m of unread) m.readAt = at.toISOString();
      return unread.length;
    },
    async countUnread(memberId, window) {
      return messages.filter((m) => m.memberId === memberId).slice(0, window).filter((m) => !m.readAt).length;
    },
    async addStaffAlert(a) {
      if (!alerts.some((x) => x.id === a.id)) alerts.push(a);
    },
    async recentStaffAlerts(since, limit) {
      return alerts.filter((a) => a.createdAt > since).slice(0, limit);
    },
    async recentStaffAlertsFor(ownerId, since, limit) {
      return alerts.filter((a) => a.ownerId === ownerId && a.createdAt > since).slice(0, limit);
    },
    async addSandboxMessage(m) {
      sandbox.push(m);
    },
    async listSandboxMessages(limit) {
      return sandbox.slice(0, limit);
    },
  };
  return { store, messages, alerts };
};

export const memorySubscriptions = () => {
  const credits = new Map<string, number>();
  const key = (m: string, t: string) => `${m}|${t}`;
  const store: SubscriptionStore = {
    async grant(m, t) {
      credits.set(key(m, t), (credits.get(key(m, t)) ?? 0) + 1);
      return credits.get(key(m, t))!;
    },
    async consume(m, t) {
      const n = credits.get(key(m, t)) ?? 0;
      if (n < 1) return false;
      credits.set(key(m, t), n - 1);
      return true;
    },
    async balance(m) {
      return Object.fromEntries([...credits].filter(([k]) => k.startsWith(`${m}|`)).map(([k, n]) => [k.split('|')[1], n]));
    },
  };
  return { store, credits };
};
