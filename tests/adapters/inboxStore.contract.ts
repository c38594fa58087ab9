import type { InboxStore, MemberMessage, SandboxMessage, StaffAlert } from '../../core/notifications/inbox';

export interface InboxUnderTest {
  inbox: InboxStore;
  close?(): Promise<void> | void;
}

const message = (id: string, memberId: string, createdAt: string, over: Partial<MemberMessage> = {}): MemberMessage => ({
  id,
  memberId,
  subjectId: 'c-1',
  title: '投诉已受理',
  body: '您的投诉 TS20261125-0001 已受理',
  page: '/pages/complaint-detail/complaint-detail?id=c-1',
  createdAt,
  ...over,
});
const alert = (id: string, createdAt: string, over: Partial<StaffAlert> = {}): StaffAlert => ({
  id,
  area: 'complaints',
  kind: 'nearBreach',
  subjectId: 'c-1',
  number: 'TS20261125-0001',
  title: '即将超时',
  summary: '受理时限还剩 2 小时',
  createdAt,
  ...over,
});
const sandbox = (id: string, sentAt: string): SandboxMessage => ({
  id,
  touser: 'openid-alice',
  templateId: 'tpl-progress',
  page: 'pages/complaints/complaints',
  data: { thing1: { value: '投诉已受理' }, time2: { value: '2026年11月25日 10:00' } },
  sentAt,
});

/** What every InboxStore does, whatever database is behind it. */
export const inboxStoreContract = (make: () => Promise<InboxUnderTest>) => {
  let s: InboxUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  it('files a member message once per id (a retried dispatch), and lists only the member\'s own, newest first', async () => {
    await s.inbox.addMemberMessage(message('ob-1', 'alice', '2026-11-25T01:00:00.000Z'));
    await s.inbox.addMemberMessage(message('ob-1', 'alice', '2026-11-25T01:00:00.000Z', { title: 'a retry must not replace it' }));
    await s.inbox.addMemberMessage(message('ob-3', 'alice', '2026-11-25T03:00:00.000Z'));
    await s.inbox.addMemberMessage(message('ob-2', 'bob', '2026-11-25T02:00:00.000Z'));
    const mine = await s.inbox.listMemberMessages('alice', 10);
    expect(mine).toEqual([message('ob-3', 'alice', '2026-11-25T03:00:00.000Z'), message('ob-1', 'alice', '2026-11-25T01:00:00.000Z')]);
    expect((await s.inbox.listMemberMessages('alice', 1)).map((m) => m.id)).toEqual(['ob-3']);
    expect(await s.inbox.listMemberMessages('carol', 10)).toEqual([]);
  });

  it('orders messages of the same instant by id, newest id first, the same on every call', async () => {
    // One event can owe several messages, filed with the outbox entries' shared creation time.
    for (const id of ['ob-a', 'ob-b', 'ob-c']) await s.inbox.addMemberMessage(message(id, 'alice', '2026-11-25T01:00:00.000Z'));
    expect((await s.inbox.listMemberMessages('alice', 10)).map((m) => m.id)).toEqual(['ob-c', 'ob-b', 'ob-a']);
  });

  it('marks the member\'s own message read once; another member cannot, an unknown id is false', async () => {
    await s.inbox.addMemberMessage(message('ob-1', 'alice', '2026-11-25T01:00:00.000Z'));
    const at = new Date('2026-11-25T04:00:00.000Z');
    expect(await s.inbox.markRead('bob', 'ob-1', at)).toBe(false);
    expect((await s.inbox.listMemberMessages('alice', 1))[0].readAt).toBeUndefined();
    expect(await s.inbox.markRead('alice', 'ob-1', at)).toBe(true);
    expect(await s.inbox.markRead('alice', 'ob-1', new Date('2026-11-25T05:00:00.000Z'))).toBe(false);
    expect((await s.inbox.listMemberMessages('alice', 1))[0].readAt).toBe(at.toISOString());
    expect(await s.inbox.markRead('alice', 'ob-404', at)).toBe(false);
  });

  it('marks all of the member\'s unread messages read at once, keeps earlier read times, leaves others\' alone', async () => {
    for (let i = 1; i <= 5; i++) await s.inbox.addMemberMessage(message(`ob-${i}`, 'alice', `2026-11-25T0${i}:00:00.000Z`));
    await s.inbox.addMemberMessage(message('ob-b', 'bob', '2026-11-25T02:30:00.000Z'));
    const early = new Date('2026-11-25T06:00:00.000Z');
    await s.inbox.markRead('alice', 'ob-2', early);
    expect(await s.inbox.countUnread('alice', 20)).toBe(4);
    expect(await s.inbox.countUnread('alice', 2)).toBe(2); // the newest two only: the badge's window
    const at = new Date('2026-11-25T07:00:00.000Z');
    expect(await s.inbox.markAllRead('alice', at)).toBe(4);
    const mine = await s.inbox.listMemberMessages('alice', 10);
    expect(mine.map((m) => [m.id, m.readAt])).toEqual([
      ['ob-5', at.toISOString()],
      ['ob-4', at.toISOString()],
      ['ob-3', at.toISOString()],
      ['ob-2', early.toISOString()],
      ['ob-1', at.toISOString()],
    ]);
    expect(await s.inbox.countUnread('alice', 20)).toBe(0);
    expect(await s.inbox.markAllRead('alice', new Date('2026-11-25T08:00:00.000Z'))).toBe(0);
    expect(await s.inbox.countUnread('bob', 20)).toBe(1);
    expect(await s.inbox.markAllRead('carol', at)).toBe(0);
  });

  it('marks all read past the first page of a large inbox', async () => {
    const ids = Array.from({ length: 105 }, (_, i) => `ob-${String(i).padStart(3, '0')}`);
    for (const id of ids) await s.inbox.addMemberMessage(message(id, 'alice', '2026-11-25T01:00:00.000Z'));
    expect(await s.inbox.markAllRead('alice', new Date('2026-11-25T07:00:00.000Z'))).toBe(105);
    expect(await s.inbox.countUnread('alice', 200)).toBe(0);
    expect((await s.inbox.listMemberMessages('alice', 200)).filter((m) => !m.readAt)).toEqual([]);
  });

  it('keeps staff alerts once per id and lists those after a time, newest first', async () => {
    await s.inbox.addStaffAlert(alert('a1', '2026-11-25T01:00:00.000Z', { ownerId: 'staff-1' }));
    await s.inbox.addStaffAlert(alert('a1', '2026-11-25T01:00:00.000Z', { summary: 'a retry must not replace it' }));
    await s.inbox.addStaffAlert(alert('a2', '2026-11-25T02:00:00.000Z'));
    await s.inbox.addStaffAlert(alert('a3', '2026-11-25T03:00:00.000Z', { area: 'privacy', kind: 'requestDue' }));
    expect(await s.inbox.recentStaffAlerts('2026-11-25T00:00:00.000Z', 10)).toEqual([
      alert('a3', '2026-11-25T03:00:00.000Z', { area: 'privacy', kind: 'requestDue' }),
      alert('a2', '2026-11-25T02:00:00.000Z'),
      alert('a1', '2026-11-25T01:00:00.000Z', { ownerId: 'staff-1' }),
    ]);
    // "since" is exclusive: the alert at that instant was already shown.
    expect((await s.inbox.recentStaffAlerts('2026-11-25T02:00:00.000Z', 10)).map((a) => a.id)).toEqual(['a3']);
    expect((await s.inbox.recentStaffAlerts('2026-11-25T00:00:00.000Z', 2)).map((a) => a.id)).toEqual(['a3', 'a2']);
  });

  it('lists the alerts addressed to one staff member after a time, newest first, and no one else’s', async () => {
    await s.inbox.addStaffAlert(alert('b1', '2026-11-25T01:00:00.000Z', { ownerId: 'staff-1' }));
    await s.inbox.addStaffAlert(alert('b2', '2026-11-25T02:00:00.000Z', { ownerId: 'staff-2', area: 'ledger', kind: 'escalated' }));
    await s.inbox.addStaffAlert(alert('b3', '2026-11-25T03:00:00.000Z', { ownerId: 'staff-1', area: 'ledger', kind: 'deadlineWarning' }));
    await s.inbox.addStaffAlert(alert('b4', '2026-11-25T04:00:00.000Z'));
    expect((await s.inbox.recentStaffAlertsFor('staff-1', '2026-11-25T00:00:00.000Z', 10)).map((a) => [a.id, a.ownerId])).toEqual([['b3', 'staff-1'], ['b1', 'staff-1']]);
    expect((await s.inbox.recentStaffAlertsFor('staff-1', '2026-11-25T01:00:00.000Z', 10)).map((a) => a.id)).toEqual(['b3']);
    expect((await s.inbox.recentStaffAlertsFor('staff-1', '2026-11-25T00:00:00.000Z', 1)).map((a) => a.id)).toEqual(['b3']);
    expect(await s.inbox.recentStaffAlertsFor('staff-3', '2026-11-25T00:00:00.000Z', 10)).toEqual([]);
  });

  it('records sandbox pushes once per id, newest first, with their data', async () => {
    await s.inbox.addSandboxMessage(sandbox('sb-1', '2026-11-25T01:00:00.000Z'));
    await s.inbox.addSandboxMessage(sandbox('sb-2', '2026-11-25T02:00:00.000Z'));
    await s.inbox.addSandboxMessage({ ...sandbox('sb-1', '2026-11-25T09:00:00.000Z'), page: 'other' });
    expect(await s.inbox.listSandboxMessages(10)).toEqual([sandbox('sb-2', '2026-11-25T02:00:00.000Z'), sandbox('sb-1', '2026-11-25T01:00:00.000Z')]);
    expect(await s.inbox.listSandboxMessages(1)).toHaveLength(1);
  });
};
