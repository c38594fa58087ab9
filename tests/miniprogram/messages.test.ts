import { dispatchOutbox } from '../../core/notifications/dispatcher';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { config } from '../../miniprogram/config';
import { all, loadPage, standIn, startBackend, text, until } from './pageHarness';

describe('message centre page', () => {
  it('shows the member’s notifications, unread first marked, and opens the complaint', async () => {
    const backend = await startBackend();
    const { complaint } = await submitComplaint(backend.system.complaints, config.devOpenid, {
      idempotencyKey: 'key-msg-0000000000001',
      category: 'service',
      description: '营业厅工作人员态度恶劣，拒绝办理业务',
    });
    await dispatchOutbox(backend.system.notify); // no subscription credit: no push, but the copy is filed
    const page = loadPage('messages');
    await page.instance.onShow();
    await until(() => page.data.loaded);
    expect(text(page, '.summary')).toBe('您有 1 条未读消息');
    expect(all(page, '.message-body').map((e) => e.textContent)).toEqual(['我们已收到您的投诉']);
    page.querySelector('.message')!.dispatchEvent('tap');
    await until(() => standIn.calls('navigateTo').length === 1);
    expect(standIn.calls('navigateTo')[0].args).toBe(`/packages/complaints/pages/complaint-detail/complaint-detail?id=${complaint.id}`);
    await until(() => (backend.system.db.prepare('SELECT read_at FROM member_messages').get() as { read_at: string | null }).read_at !== null);
    await backend.stop();
  });
});
