import type { NotificationArea } from '../../core/notifications/areas';
import { DISPATCH_POLICY, UNKNOWN_PUSH, dispatchOutbox, type DispatchDeps, type SubscribeMessage, type WeChatSender } from '../../core/notifications/dispatcher';
import type { NotificationEvent } from '../../core/notifications/events';
import { outboxFromEvents } from '../../core/notifications/outbox';
import { fixedClock } from '../../core/shared/ports';
import { memoryInbox, memoryOutbox, memorySubscriptions } from '../fakes/memoryNotificationPorts';
import { harness, validSubmit } from '../support/localHarness';
import type { SubmitComplaintResponse } from '../../typings/api';

/**
 * Issue 9 item 7: the dispatcher is killed at every step of one entry's dispatch, then a fresh
 * dispatcher runs after the lease has run out. Whatever the step, every entry ends with exactly one
 * message-centre notice and at most one push.
 *
 * A "kill" is simulated by wrapping the ports of one dispatcher incarnation: at the chosen step the
 * port does (or does not do) its effect and throws, and from then on every port of that incarnation
 * throws too — a dead process does nothing more, even in the dispatcher's own error handling.
 */
const STEPS = [
  'after lease', // claimed, nothing else done
  'after filing', // notice filed
  'after credit', // subscription credit spent
  'after push mark', // attempt recorded, not yet sent
  'during send, unanswered', // WeChat never received it
  'during send, answered', // WeChat delivered it, the answer never came back
  'before mark sent', // the settle never reached the store
] as const;
type Step = (typeof STEPS)[number];

/** Pushes WeChat has actually delivered, whatever the dispatcher learnt of them. */
const weChat = () => {
  const delivered: SubscribeMessage[] = [];
  const sender: WeChatSender = { send: async (m) => (delivered.push(m), { errcode: 0, errmsg: 'ok' }) };
  return { sender, delivered };
};

class Killed extends Error {}

/** One dispatcher incarnation that dies at `step` while handling entry `victim`. */
const killable = (deps: DispatchDeps, step: Step, victim: string, weChatSender: WeChatSender) => {
  let dead = false;
  let current = '';
  const die = (): never => {
    dead = true;
    throw new Killed(`killed ${step}`);
  };
  const alive = () => {
    if (dead) throw new Killed('dead process');
  };
  const at = (s: Step) => s === step && current === victim;
  const outbox: DispatchDeps['outbox'] = {
    due: async (...a) => (alive(), deps.outbox.due(...a)),
    claim: async (id, now, until) => {
      alive();
      current = id;
      const won = await deps.outbox.claim(id, now, until);
      if (won && at('after lease')) die();
      return won;
    },
    markPushAttempt: async (id, now) => {
      alive();
      const ok = await deps.outbox.markPushAttempt(id, now);
      if (at('after push mark')) die();
      return ok;
    },
    settle: async (id, o) => {
      alive();
      if (at('before mark sent')) die();
      return deps.outbox.settle(id, o);
    },
    listForSubject: (s) => deps.outbox.listForSubject(s),
  };
  const inbox: DispatchDeps['inbox'] = {
    ...deps.inbox,
    addMemberMessage: async (m) => {
      alive();
      await deps.inbox.addMemberMessage(m);
      if (at('after filing')) die();
    },
    addStaffAlert: async (a) => (alive(), deps.inbox.addStaffAlert(a)),
  };
  const subscriptions: DispatchDeps['subscriptions'] = {
    ...deps.subscriptions,
    consume: async (...a) => {
      alive();
      const ok = await deps.subscriptions.consume(...a);
      if (at('after credit')) die();
      return ok;
    },
    grant: async (...a) => (alive(), deps.subscriptions.grant(...a)),
  };
  const sender: WeChatSender = {
    send: async (m) => {
      alive();
      if (at('during send, unanswered')) die();
      const answer = await weChatSender.send(m);
      if (at('during send, answered')) die();
      return answer;
    },
  };
  return { ...deps, outbox, inbox, subscriptions, sender };
};

const claimsArea: NotificationArea = {
  area: 'claims',
  label: '理赔',
  templates: { progress: { envVar: 'TPL_CLAIM_PROGRESS', title: '理赔进度通知', keywords: { character_string1: '理赔单号', thing2: '进度说明' }, events: ['documentsRequested'] } },
  templateFor: (e) => (e.type === 'documentsRequested' ? 'progress' : undefined),
  templateValues: (_t, e) => ({ character_string1: e.subject.number, thing2: e.summary }),
  page: (e) => `packages/claims/pages/claim-detail/claim-detail?id=${e.subject.id}`,
  messageTitle: (e) => `理赔 ${e.subject.number}`,
  alertTitle: (e) => `理赔提醒：${e.subject.number}`,
};

const MEMBERS = ['openid-a', 'openid-b', 'openid-c'];
const event = (memberId: string, i: number): NotificationEvent => ({
  area: 'claims',
  type: 'documentsRequested',
  audience: 'member',
  subject: { id: `claim-000${i}`, number: `LP20261125-000${i}` },
  memberId,
  at: '2026-11-25T02:00:00.000Z',
  summary: '请补充医院发票原件',
});

/** Pushes that, after the crash and the recovery, the victim (the second entry) may have had. */
const victimPushes = (step: Step) => (['after push mark', 'during send, unanswered'].includes(step) ? 0 : 1);
const closedAsUnknown = (step: Step) => ['after push mark', 'during send, unanswered', 'during send, answered', 'before mark sent'].includes(step);

describe('dispatch a crash cannot bite (in-memory ports)', () => {
  it.each(STEPS)('killed %s: one notice per entry, at most one push, nothing left leased', async (step) => {
    const clock = fixedClock('2026-11-25T02:00:00Z');
    let n = 0;
    const outbox = memoryOutbox(outboxFromEvents(MEMBERS.map(event), () => `entry-${++n}`, clock.now()));
    const inbox = memoryInbox();
    const subs = memorySubscriptions();
    for (const m of MEMBERS) for (let i = 0; i < 3; i++) await subs.store.grant(m, 'tpl-claim', clock.now());
    const wx = weChat();
    const deps: DispatchDeps = {
      outbox: outbox.store,
      inbox: inbox.store,
      subscriptions: subs.store,
      sender: wx.sender,
      clock,
      areas: [claimsArea],
      templateIds: { 'claims.progress': 'tpl-claim' },
      miniprogramState: 'formal',
    };

    await expect(dispatchOutbox(killable(deps, step, 'entry-2', wx.sender))).rejects.toBeInstanceOf(Killed);
    expect(outbox.rows.get('entry-2')!.status).toBe('sending'); // the dead dispatcher still holds it
    // Before the lease runs out nobody touches it.
    await dispatchOutbox(deps);
    expect(outbox.rows.get('entry-2')!.status).toBe('sending');

    clock.advance(DISPATCH_POLICY.leaseMs + 1000);
    const report = await dispatchOutbox(deps);
    expect(report.unknown).toBe(closedAsUnknown(step) ? 1 : 0);
    clock.advance(24 * 3600_000);
    await dispatchOutbox(deps); // and again later: nothing is resent

    for (const m of MEMBERS) expect(inbox.messages.filter((x) => x.memberId === m)).toHaveLength(1);
    const pushes = (m: string) => wx.delivered.filter((x) => x.touser === m).length;
    expect(pushes('openid-a')).toBe(1);
    expect(pushes('openid-b')).toBe(victimPushes(step));
    expect(pushes('openid-c')).toBe(1);
    const victim = outbox.rows.get('entry-2')!;
    expect(victim).toMatchObject(closedAsUnknown(step) ? { status: 'failed', lastError: UNKNOWN_PUSH } : { status: 'sent' });
    expect(victim.pushAttemptAt).toBeUndefined();
    expect([...outbox.rows.values()].map((e) => e.status)).not.toContain('sending');
  });
});

describe('dispatch a crash cannot bite (SQLite, local system)', () => {
  const PROGRESS = 'dev-tpl-complaint-progress';
  it.each(STEPS)('killed %s: one notice per complaint, at most one push', async (step) => {
    const h = harness();
    try {
      const ids: string[] = [];
      for (const [i, m] of MEMBERS.entries()) {
        for (let k = 0; k < 3; k++) await h.system.subscriptions.subscriptions.grant(m, PROGRESS, h.clock.now());
        const r = await h.call('complaints', { kind: 'member', openid: m }, validSubmit(`key-crash-000000000${i}`));
        ids.push((r as { data: SubmitComplaintResponse }).data.complaint.id);
      }
      const entries = h.system.db.prepare('SELECT id, member_id FROM outbox ORDER BY created_at, id').all() as { id: string; member_id: string }[];
      expect(entries).toHaveLength(3);
      const victim = entries[1];
      const wx = weChat();
      const deps: DispatchDeps = { ...h.system.notify, sender: wx.sender };

      await expect(dispatchOutbox(killable(deps, step, victim.id, wx.sender))).rejects.toBeInstanceOf(Killed);
      h.clock.advance(DISPATCH_POLICY.leaseMs + 1000);
      await dispatchOutbox(deps);
      h.clock.advance(24 * 3600_000);
      await dispatchOutbox(deps);

      for (const m of MEMBERS) expect(await h.system.admin.inbox.listMemberMessages(m, 10)).toHaveLength(1);
      for (const e of entries) {
        const pushes = wx.delivered.filter((x) => x.touser === e.member_id).length;
        expect(pushes).toBe(e.id === victim.id ? victimPushes(step) : 1);
      }
      const rows = h.system.db.prepare('SELECT id, status, last_error, push_attempt_at FROM outbox').all() as { id: string; status: string; last_error: string | null; push_attempt_at: string | null }[];
      expect(rows.map((r) => r.status)).not.toContain('sending');
      expect(rows.find((r) => r.id === victim.id)).toMatchObject(closedAsUnknown(step) ? { status: 'failed', last_error: UNKNOWN_PUSH, push_attempt_at: null } : { status: 'sent' });
    } finally {
      h.close();
    }
  });
});
