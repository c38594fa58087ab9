import { dispatchOutbox } from '../../core/notifications/dispatcher';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { acknowledge } from '../../core/complaints/lifecycle';
import { mutate } from '../../core/complaints/persist';
import { bodyBesideTitle } from '../../core/notifications/memberMessages';
import { config } from '../../miniprogram/config';
import { all, loadPage, standIn, startBackend, text, until } from './pageHarness';

const file = async (backend: Awaited<ReturnType<typeof startBackend>>, n: number) => {
  const { complaint } = await submitComplaint(backend.system.complaints, config.devOpenid, {
    idempotencyKey: `key-msg-00000000000${n}`,
    category: 'service',
    description: '营业厅工作人员态度恶劣，拒绝办理业务',
  });
  await dispatchOutbox(backend.system.notify); // no subscription credit: no push, but the copy is filed
  return complaint;
};
const unreadRows = (backend: Awaited<ReturnType<typeof startBackend>>) =>
  (backend.system.db.prepare('SELECT COUNT(*) n FROM member_messages WHERE read_at IS NULL').get() as { n: number }).n;

describe('message centre page', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeEach(async () => {
    backend = await startBackend();
  });
  afterEach(async () => {
    await backend.stop();
  });

  it('titles each notification by what happened, the number beside it, and opens the complaint', async () => {
    const complaint = await file(backend, 1);
    const page = loadPage('messages');
    await page.instance.onShow();
    await until(() => page.data.loaded);
    expect(text(page, '.summary')).toContain('您有 1 条未读消息');
    expect(all(page, '.message-title').map((e) => e.textContent)).toEqual(['投诉已提交']);
    expect(all(page, '.message-ref').map((e) => e.textContent)).toEqual([complaint.number]);
    expect(all(page, '.message-body').map((e) => e.textContent)).toEqual(['我们已收到您的投诉']);
    page.querySelector('.message')!.dispatchEvent('tap');
    await until(() => standIn.calls('navigateTo').length === 1);
    expect(standIn.calls('navigateTo')[0].args).toBe(`/packages/complaints/pages/complaint-detail/complaint-detail?id=${complaint.id}`);
    await until(() => unreadRows(backend) === 0);
  });

  it('shows no body that only repeats the title, and only the new part of one that starts with it', async () => {
    const complaint = await file(backend, 1);
    await mutate(backend.system.complaints, complaint.id, (ctx, c) => acknowledge(ctx, c, { kind: 'staff', id: 'staff-1', role: 'agent' }));
    await dispatchOutbox(backend.system.notify);
    const page = loadPage('messages');
    await page.instance.onShow();
    await until(() => page.data.loaded);
    const acked = all(page, '.message').find((m) => m.textContent?.includes('投诉已受理'))!;
    expect(acked.querySelector('.main--message-body')).toBeNull();
    expect(all(page, '.message-time, .time').every((e) => /^\d{1,2}月\d{1,2}日 \d{2}:\d{2}$|^\d{4}年/.test(e.textContent ?? ''))).toBe(true);
    expect(bodyBesideTitle('处理结果已出 · TS20261102-0001', '投诉处理结果已出，请评价')).toBe('请评价');
    expect(bodyBesideTitle('处理期限已延长 · TS20261102-0001', '处理期限延长至30日')).toBe('处理期限延长至30日');
    expect(bodyBesideTitle('投诉重新处理中 · TS20261102-0001', '投诉已重新处理')).toBe('');
  });

  it('全部已读 reads every message on the server and then disappears', async () => {
    await file(backend, 1);
    await file(backend, 2);
    const page = loadPage('messages');
    await page.instance.onShow();
    await until(() => page.data.loaded);
    expect(text(page, '.summary .muted')).toBe('您有 2 条未读消息');
    expect(all(page, '.unread')).toHaveLength(2);
    page.querySelector('.read-all')!.dispatchEvent('tap');
    await until(() => page.data.unread === 0 && !page.data.markingAll);
    expect(unreadRows(backend)).toBe(0);
    expect(all(page, '.unread')).toHaveLength(0);
    expect(all(page, '.read-all')).toHaveLength(0);
    expect(text(page, '.summary')).toBe('消息均已读');
  });

  it('shows the failure with 重试 and the pull-down hint, and recovers on retry', async () => {
    await file(backend, 1);
    const gateway = config.gatewayUrl;
    config.gatewayUrl = 'http://127.0.0.1:9'; // connection refused
    const page = loadPage('messages');
    await page.instance.onShow();
    await until(() => Boolean(page.data.failure) && !page.data.loading);
    expect(all(page, '.failure .retry').map((e) => e.textContent?.trim())).toEqual(['重试']);
    expect(text(page, '.failure .hint')).toBe('也可以下拉页面刷新');
    config.gatewayUrl = gateway;
    page.querySelector('.failure .retry')!.dispatchEvent('tap');
    await until(() => page.data.loaded && !page.data.failure);
    expect(all(page, '.failure')).toHaveLength(0);
    expect(all(page, '.message')).toHaveLength(1);
  });
});
