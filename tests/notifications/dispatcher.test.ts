import { backoffMs, dispatchOutbox, PushNotSent, type SubscribeMessage, type WeChatSender } from '../../core/notifications/dispatcher';
import { runSlaMonitor } from '../../core/complaints/slaMonitor';
import { seedDemoStaff } from '../../server/local/demoStaff';
import { alice, harness, validSubmit } from '../support/localHarness';
import type { SubmitComplaintResponse } from '../../typings/api';

/** TEST DOUBLE for WeChat's subscribeMessage.send: answers with the scripted errcodes, records what it was given. */
const scriptedWeChat = (answers: (number | 'network' | 'notSent')[]) => {
  const sent: SubscribeMessage[] = [];
  const sender: WeChatSender = {
    async send(m) {
      sent.push(m);
      const a = answers.length > 1 ? answers.shift()! : answers[0];
      if (a === 'network') throw new Error('socket hang up');
      if (a === 'notSent') throw new PushNotSent('cloudbase -1: refused');
      return { errcode: a, errmsg: a === 0 ? 'ok' : 'scripted' };
    },
  };
  return { sender, sent };
};

describe('notify: draining the outbox', () => {
  let h: ReturnType<typeof harness>;
  const PROGRESS = 'dev-tpl-complaint-progress';
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  const submit = async (credits = 1) => {
    for (let i = 0; i < credits; i++) await h.system.subscriptions.subscriptions.grant('openid-alice', PROGRESS, h.clock.now());
    const r = await h.call('complaints', alice, validSubmit());
    return (r as { data: SubmitComplaintResponse }).data.complaint;
  };
  const outboxRow = () => h.system.db.prepare('SELECT status, attempts, last_error FROM outbox').get() as { status: string; attempts: number; last_error: string };
  const credits = async () => (await h.system.subscriptions.subscriptions.balance('openid-alice'))[PROGRESS] ?? 0;
  const run = (sender: WeChatSender) => dispatchOutbox({ ...h.system.notify, sender });

  it('sends a fitted message, spends the credit, files a message-centre copy, and never sends it again', async () => {
    const c = await submit();
    const wx = scriptedWeChat([0]);
    expect(await run(wx.sender)).toMatchObject({ sent: 1 });
    expect(wx.sent[0]).toMatchObject({
      touser: 'openid-alice',
      template_id: PROGRESS,
      page: `packages/complaints/pages/complaint-detail/complaint-detail?id=${c.id}`,
      data: { character_string1: { value: c.number }, phrase3: { value: '已提交' }, time4: { value: '2026-11-02 14:00' } },
    });
    expect(await credits()).toBe(0);
    expect(await run(wx.sender)).toMatchObject({ sent: 0 });
    h.clock.advance(3600_000);
    await run(wx.sender);
    expect(wx.sent).toHaveLength(1);
    const inbox = await h.system.admin.inbox.listMemberMessages('openid-alice', 10);
    expect(inbox.map((m) => m.body)).toEqual(['我们已收到您的投诉']);
  });

  it('without a credit, skips the push but still files the message-centre copy', async () => {
    await submit(0);
    const wx = scriptedWeChat([0]);
    expect(await run(wx.sender)).toMatchObject({ skipped: 1, sent: 0 });
    expect(wx.sent).toHaveLength(0);
    expect(outboxRow()).toMatchObject({ status: 'skipped', last_error: 'no subscription credit' });
    expect(await h.system.admin.inbox.listMemberMessages('openid-alice', 10)).toHaveLength(1);
  });

  it.each([
    [43101, 'skipped'],
    [40003, 'failed'],
    [47003, 'failed'],
    [45168, 'failed'],
  ])('does not retry errcode %s (%s)', async (code, status) => {
    await submit();
    const wx = scriptedWeChat([code]);
    await run(wx.sender);
    h.clock.advance(24 * 3600_000);
    await run(wx.sender);
    expect(wx.sent).toHaveLength(1);
    expect(outboxRow().status).toBe(status);
  });

  it.each([[43108], ['notSent' as const]])('retries %s with growing backoff, keeping the credit until it is sent', async (first) => {
    await submit();
    const wx = scriptedWeChat([first, first, 0]);
    expect(await run(wx.sender)).toMatchObject({ retrying: 1 });
    expect(await credits()).toBe(1);
    expect(outboxRow()).toMatchObject({ status: 'pending', attempts: 1 });
    h.clock.advance(backoffMs(1) - 1000);
    await run(wx.sender);
    expect(wx.sent).toHaveLength(1); // not yet due
    h.clock.advance(1000);
    await run(wx.sender);
    h.clock.advance(backoffMs(2));
    await run(wx.sender);
    expect(wx.sent).toHaveLength(3);
    expect(outboxRow()).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await credits()).toBe(0);
  });

  it('never resends a push that got no answer (WeChat may have delivered it): at most once', async () => {
    await submit(2);
    const wx = scriptedWeChat(['network', 0]);
    expect(await run(wx.sender)).toMatchObject({ unknown: 1, retrying: 0 });
    expect(outboxRow()).toMatchObject({ status: 'failed', attempts: 1 });
    expect(outboxRow().last_error).toMatch(/^no answer \(socket hang up\); outcome unknown, not resent$/);
    h.clock.advance(24 * 3600_000);
    await run(wx.sender);
    expect(wx.sent).toHaveLength(1);
    expect(await credits()).toBe(1); // the one spent on the unanswered push stays spent
    expect((await h.system.admin.inbox.listMemberMessages('openid-alice', 10)).length).toBe(1); // the notice is filed
  });

  it('closes, rather than resends, an entry whose dispatcher died mid-send, and refiles its notice', async () => {
    await submit();
    const id = (h.system.db.prepare('SELECT id FROM outbox').get() as { id: string }).id;
    await h.system.outbox.claim(id, h.clock.now(), new Date(h.clock.now().getTime() + 60_000)); // a dispatcher took it,
    await h.system.outbox.markPushAttempt(id, h.clock.now()); // began the push, then died
    h.clock.advance(61_000);
    const wx = scriptedWeChat([0]);
    expect(await run(wx.sender)).toMatchObject({ unknown: 1, sent: 0 });
    expect(wx.sent).toHaveLength(0);
    expect(await h.system.admin.inbox.listMemberMessages('openid-alice', 10)).toHaveLength(1);
  });

  it('sends, once, an entry whose dispatcher died before the push began', async () => {
    await submit();
    const id = (h.system.db.prepare('SELECT id FROM outbox').get() as { id: string }).id;
    await h.system.outbox.claim(id, h.clock.now(), new Date(h.clock.now().getTime() + 60_000)); // leased, then died
    h.clock.advance(61_000);
    const wx = scriptedWeChat([0]);
    expect(await run(wx.sender)).toMatchObject({ sent: 1 });
    expect(wx.sent).toHaveLength(1);
    expect(await h.system.admin.inbox.listMemberMessages('openid-alice', 10)).toHaveLength(1);
  });

  it('turns staff events into alerts for the admin page', async () => {
    await h.system.subscriptions.subscriptions.grant('openid-alice', PROGRESS, h.clock.now());
    const r = await h.call('complaints', alice, { ...validSubmit(), data: { ...validSubmit().data, urgent: true } });
    expect(r.ok).toBe(true);
    expect(await run(scriptedWeChat([0]).sender)).toMatchObject({ sent: 1, alerts: 1 });
    const alerts = await h.system.admin.inbox.recentStaffAlerts('2026-01-01T00:00:00Z', 10);
    expect(alerts[0]).toMatchObject({ kind: 'greenChannelAlert' });
  });
});

describe('slaMonitor', () => {
  it('looks only at due cases, breaches once, escalates to a supervisor, and is safe to run twice', async () => {
    const h = harness();
    await seedDemoStaff(h.system.admin);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await h.call('complaints', { kind: 'member', openid: `openid-${i}` }, validSubmit(`key-sla-00000000000${i}`));
      ids.push((r as { data: SubmitComplaintResponse }).data.complaint.id);
    }
    h.clock.advance(3600_000);
    expect(await runSlaMonitor(h.system.sla)).toMatchObject({ examined: 0 });
    h.clock.set('2026-11-04T06:00:00Z'); // the 48-hour acknowledgement has run out for all five
    const first = await runSlaMonitor(h.system.sla);
    expect(first).toMatchObject({ examined: 5, breaches: 5, escalated: 5 });
    const second = await runSlaMonitor(h.system.sla);
    expect(second).toMatchObject({ examined: 0, breaches: 0 });
    const c = await h.system.complaints.store.get(ids[0]);
    expect(c!.owner).toMatchObject({ role: 'supervisor' });
    expect(c!.breaches.map((b) => b.kind)).toEqual(['acknowledge']);
    h.close();
  });
});
