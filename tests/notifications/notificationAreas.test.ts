import { declaredTemplates, type NotificationArea } from '../../core/notifications/areas';
import { dispatchOutbox, type SubscribeMessage, type WeChatSender } from '../../core/notifications/dispatcher';
import type { NotificationEvent } from '../../core/notifications/events';
import { outboxFromEvents } from '../../core/notifications/outbox';
import { complaintNotifications } from '../../core/complaints/notifications';
import { fixedClock } from '../../core/shared/ports';
import { knownTemplateIds, subscribeTemplateIds } from '../../server/runtime/config';
import { NOTIFICATION_AREAS } from '../../server/runtime/notificationAreas';
import { memoryInbox, memoryOutbox, memorySubscriptions } from '../fakes/memoryNotificationPorts';

/**
 * The notification layer knows no area: a second area (an illustrative "claims" declaration made
 * here, not the product's) files, pushes and alerts through the same dispatcher, each under its own
 * templates, titles and pages. Pure: in-memory ports, a fixed clock.
 */
const claimsArea: NotificationArea = {
  area: 'claims',
  label: '理赔',
  templates: {
    progress: { envVar: 'TPL_CLAIM_PROGRESS', title: '理赔进度通知', keywords: { character_string1: '理赔单号', thing2: '进度说明' }, events: ['documentsRequested'] },
  },
  templateFor: (e) => (e.type === 'documentsRequested' ? 'progress' : undefined),
  templateValues: (_t, e) => ({ character_string1: e.subject.number, thing2: e.summary }),
  page: (e) => `packages/claims/pages/claim-detail/claim-detail?id=${e.subject.id}`,
  messageTitle: (e) => `理赔 ${e.subject.number}`,
  alertTitle: (e) => `理赔提醒：${e.subject.number}`,
};

const event = (over: Partial<NotificationEvent>): NotificationEvent => ({
  area: 'claims',
  type: 'documentsRequested',
  audience: 'member',
  subject: { id: 'claim-0001', number: 'LP20261125-0001' },
  memberId: 'openid-a',
  at: '2026-11-25T02:00:00.000Z',
  summary: '请补充医院发票原件',
  ...over,
});

const setup = (events: NotificationEvent[], credits: Record<string, number> = {}) => {
  const clock = fixedClock('2026-11-25T02:00:00Z');
  let n = 0;
  const outbox = memoryOutbox(outboxFromEvents(events, () => `entry-${++n}`, clock.now()));
  const inbox = memoryInbox();
  const subs = memorySubscriptions();
  for (const [tpl, k] of Object.entries(credits)) for (let i = 0; i < k; i++) void subs.store.grant('openid-a', tpl, clock.now());
  const sent: SubscribeMessage[] = [];
  const sender: WeChatSender = { send: async (m) => (sent.push(m), { errcode: 0 }) };
  const run = (areas: NotificationArea[] = [complaintNotifications, claimsArea]) =>
    dispatchOutbox({
      outbox: outbox.store,
      inbox: inbox.store,
      subscriptions: subs.store,
      sender,
      clock,
      areas,
      templateIds: { 'claims.progress': 'tpl-claim', 'complaints.progress': 'tpl-c-progress', 'complaints.result': 'tpl-c-result' },
      miniprogramState: 'formal',
    });
  return { run, outbox, inbox, subs, sent, clock };
};

describe('notifications from any area', () => {
  it("files and pushes a second area's event with that area's title, page and template", async () => {
    const t = setup([event({})], { 'tpl-claim': 1 });
    expect(await t.run()).toMatchObject({ sent: 1 });
    expect(t.inbox.messages).toEqual([expect.objectContaining({ title: '理赔 LP20261125-0001', page: 'packages/claims/pages/claim-detail/claim-detail?id=claim-0001', subjectId: 'claim-0001' })]);
    expect(t.sent).toEqual([expect.objectContaining({ template_id: 'tpl-claim', data: { character_string1: { value: 'LP20261125-0001' }, thing2: { value: '请补充医院发票原件' } } })]);
    expect([...t.outbox.rows.values()][0]).toMatchObject({ topic: 'claims.documentsRequested', status: 'sent' });
  });

  it("never spends another area's credit: a complaint credit does not carry a claim push", async () => {
    const t = setup([event({})], { 'tpl-c-progress': 1 });
    expect(await t.run()).toMatchObject({ sent: 0, skipped: 1 });
    expect(t.sent).toEqual([]);
    expect(t.inbox.messages).toHaveLength(1);
    expect(await t.subs.store.balance('openid-a')).toEqual({ 'tpl-c-progress': 1 });
  });

  it('files an event the area pushes under no template in the message centre only', async () => {
    const t = setup([event({ type: 'paid', summary: '赔款已支付' })], { 'tpl-claim': 1 });
    expect(await t.run()).toMatchObject({ skipped: 1 });
    expect(t.sent).toEqual([]);
    expect(t.inbox.messages.map((m) => m.body)).toEqual(['赔款已支付']);
  });

  it("turns a staff event into an alert titled by its area, keeping area, subject and owner", async () => {
    const t = setup([event({ audience: 'staff', type: 'nearBreach', ownerId: 'staff-7', summary: '30日核定期限将至' })]);
    expect(await t.run()).toMatchObject({ alerts: 1 });
    expect(t.inbox.alerts).toEqual([
      expect.objectContaining({ area: 'claims', kind: 'nearBreach', subjectId: 'claim-0001', number: 'LP20261125-0001', title: '理赔提醒：LP20261125-0001', ownerId: 'staff-7' }),
    ]);
  });

  it('keeps an event of an unregistered area pending (a deploy in progress), and delivers it once the area is known', async () => {
    const t = setup([event({})], { 'tpl-claim': 1 });
    expect(await t.run([complaintNotifications])).toMatchObject({ retrying: 1, sent: 0 });
    expect(t.inbox.messages).toEqual([]);
    expect([...t.outbox.rows.values()][0]).toMatchObject({ status: 'pending', lastError: 'no notification area "claims" registered' });
    t.clock.advance(3600_000);
    expect(await t.run()).toMatchObject({ sent: 1 });
  });

  it('fails, and does not guess, when a template the area uses has no configured id', async () => {
    const t = setup([event({})], { 'tpl-claim': 1 });
    const noIds = dispatchOutbox({ outbox: t.outbox.store, inbox: memoryInbox().store, subscriptions: t.subs.store, sender: { send: async () => ({ errcode: 0 }) }, clock: t.clock, areas: [claimsArea], templateIds: {}, miniprogramState: 'formal' });
    expect(await noIds).toMatchObject({ failed: 1 });
    expect(await t.subs.store.balance('openid-a')).toEqual({ 'tpl-claim': 1 });
  });
});

describe('template configuration', () => {
  it('lists every registered area’s templates under <area>.<template>, from the variables each area names', () => {
    expect(declaredTemplates([complaintNotifications, claimsArea])).toMatchObject({
      'complaints.progress': { envVar: 'TPL_COMPLAINT_PROGRESS', title: '投诉进度通知' },
      'complaints.result': { envVar: 'TPL_COMPLAINT_RESULT', title: '投诉处理结果通知' },
      'claims.progress': { envVar: 'TPL_CLAIM_PROGRESS', title: '理赔进度通知' },
    });
    const ids = subscribeTemplateIds({ TPL_COMPLAINT_PROGRESS: 'real-progress-id' });
    expect(ids['complaints.progress']).toBe('real-progress-id');
    expect(ids['complaints.result']).toBe('dev-tpl-complaint-result');
    expect(knownTemplateIds({})).toHaveLength(Object.keys(declaredTemplates(NOTIFICATION_AREAS)).length);
  });

  it('fills exactly the keywords each template declares, for every event it lists, and pushes no other event under it', () => {
    for (const area of [...NOTIFICATION_AREAS, claimsArea])
      for (const [name, d] of Object.entries(area.templates)) {
        expect(d.events.length).toBeGreaterThan(0);
        for (const type of d.events) {
          const e = event({ area: area.area, type });
          expect(area.templateFor(e)).toBe(name);
          expect(Object.keys(area.templateValues(name, e))).toEqual(Object.keys(d.keywords));
        }
      }
    // Every complaint event pushed at all is listed under its template.
    const types = ['received', 'acknowledged', 'replied', 'informationRequested', 'resolved', 'regulatoryExtended', 'appraisalStarted', 'reviewStarted', 'reopened', 'closed', 'withdrawn', 'greenChannelAlert', 'reviewRequested', 'escalated', 'deadlineWarning', 'deadlineBreached', 'deadlinesChanged'];
    for (const type of types) {
      const t = complaintNotifications.templateFor(event({ area: 'complaints', type }));
      if (t) expect(complaintNotifications.templates[t].events).toContain(type);
    }
  });

  it('gives every registered area distinct variables, so no two templates share an id by accident', () => {
    const vars = Object.values(declaredTemplates(NOTIFICATION_AREAS)).map((d) => d.envVar);
    expect(new Set(vars).size).toBe(vars.length);
  });
});

describe('message-centre titles', () => {
  const event = (area: string, type: string, detail?: Record<string, string>): NotificationEvent => ({
    area, type, audience: 'member', subject: { id: 'x-1', number: 'TS20261125-0001' }, memberId: 'm', at: '2026-11-25T02:00:00.000Z', summary: '…', ...(detail ? { detail } : {}),
  });
  it('says what happened first and keeps the number after " · "', () => {
    const complaints = NOTIFICATION_AREAS.find((a) => a.area === 'complaints')!;
    const privacy = NOTIFICATION_AREAS.find((a) => a.area === 'privacy')!;
    expect(complaints.messageTitle(event('complaints', 'acknowledged'))).toBe('投诉已受理 · TS20261125-0001');
    expect(complaints.messageTitle(event('complaints', 'replied'))).toBe('客服回复了您的投诉 · TS20261125-0001');
    expect(complaints.messageTitle(event('complaints', 'informationRequested'))).toBe('请补充材料 · TS20261125-0001');
    expect(complaints.messageTitle(event('complaints', 'resolved'))).toBe('处理结果已出 · TS20261125-0001');
    expect(privacy.messageTitle(event('privacy', 'requestCompleted', { requestKind: 'correction' }))).toBe('更正申请已办结 · TS20261125-0001');
    expect(privacy.messageTitle(event('privacy', 'requestRefused', { requestKind: 'deletion' }))).toBe('删除申请未予办理 · TS20261125-0001');
    expect(privacy.messageTitle(event('privacy', 'requestCompleted'))).toBe('个人信息申请已办结 · TS20261125-0001');
  });
  it('has its own title for every complaint event pushed to members', () => {
    for (const type of Object.values(complaintNotifications.templates).flatMap((t) => t.events))
      expect(complaintNotifications.messageTitle(event('complaints', type))).not.toMatch(/^投诉进度更新/);
  });
});
