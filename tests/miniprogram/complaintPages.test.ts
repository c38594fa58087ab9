import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acknowledge, requestInformation, resolve } from '../../core/complaints/lifecycle';
import { mutate } from '../../core/complaints/persist';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { config } from '../../miniprogram/config';
import { dispatch } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { all, loadPage, simulate, standIn, startBackend, text, until } from './pageHarness';

const agent = { kind: 'staff' as const, id: 'staff-1', role: 'agent' as const };

describe('my complaints, detail and guide pages', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  const submitAs = (openid: string, key: string, description: string) =>
    submitComplaint(backend.system.complaints, openid, { idempotencyKey: key, category: 'claims', description });

  beforeEach(async () => {
    backend = await startBackend();
  });
  afterEach(async () => {
    config.mode = 'local';
    await backend.stop();
  });

  it('lists only the signed-in member’s complaints', async () => {
    await submitAs(config.devOpenid, 'key-mine-000000000001', '理赔款迟迟没有到账，已经超过约定时间');
    await submitAs('openid-someone-else', 'key-other-00000000001', '别人的投诉内容不应该出现在我的列表');
    const page = loadPage('complaints');
    page.instance.onShow();
    await until(() => page.data.loaded);
    expect(page.querySelectorAll('.item')).toHaveLength(1);
    expect(text(page, '.item .summary')).toContain('理赔款迟迟没有到账');
    expect(text(page, '.item .tag')).toBe('已提交');
  });

  it('shows deadlines and the timeline, and lets the member rate a resolved complaint', async () => {
    const { complaint } = await submitAs(config.devOpenid, 'key-mine-000000000002', '理赔审核超过三十天仍无结果');
    await mutate(backend.system.complaints, complaint.id, (ctx, c) => acknowledge(ctx, c, agent));
    await mutate(backend.system.complaints, complaint.id, (ctx, c) =>
      resolve(ctx, c, agent, { findings: '审核延误属实，已安排赔付', basis: '保险法第二十三条', remedies: ['申请核查', '调解'] }),
    );
    const page = loadPage('complaint-detail');
    await page.instance.onLoad({ id: complaint.id });
    await simulate.sleep(10);
    expect(text(page, '.status')).toBe('已答复');
    expect(text(page, '.deadline-regulatory .when')).toMatch(/^已于(\d{4}年)?\d{1,2}月\d{1,2}日 \d{2}:\d{2}完成$/);
    expect(text(page, '.deadline-regulatory .deadline-label')).toBe('最迟答复时间');
    expect(all(page, '.event-label').map((e) => e.textContent)).toEqual(['提交投诉', '已受理', '处理结果']);
    expect(text(page, '.decision')).toContain('审核延误属实');

    page.querySelectorAll('.star')[1].dispatchEvent('tap');
    await simulate.sleep(0);
    page.querySelector('.submit-rating')!.dispatchEvent('tap');
    await until(() => Boolean(page.data.complaint?.rating));
    expect(page.querySelector('.rate')).toBeUndefined();
    // A low rating keeps the case open for 申请核查, behind its link.
    expect(text(page, '.open-review')).toContain('申请核查');
    expect(all(page, '.request-review')).toHaveLength(0);
  });

  it('sends a review request with the member’s reason', async () => {
    const { complaint } = await submitAs(config.devOpenid, 'key-mine-000000000003', '理赔金额计算有误，少赔了两千元');
    await mutate(backend.system.complaints, complaint.id, (ctx, c) =>
      resolve(ctx, c, agent, { findings: '按条款计算无误', basis: '合同第五条', remedies: ['申请核查'] }),
    );
    const page = loadPage('complaint-detail');
    await page.instance.onLoad({ id: complaint.id });
    page.querySelector('.open-review')!.dispatchEvent('tap');
    await simulate.sleep(10);
    page.instance.onReviewReason({ detail: { value: '计算方式与合同约定不一致' } } as never);
    page.querySelector('.request-review')!.dispatchEvent('tap');
    await until(() => page.data.complaint?.status === 'reviewRequested');
    expect(text(page, '.status')).toBe('已申请核查');
  });

  describe('detail page: the current ask, adding files, and rating', () => {
    const waiting = async (key: string) => {
      const { complaint } = await submitAs(config.devOpenid, key, '理赔款申请已经过去二十天仍未到账');
      await mutate(backend.system.complaints, complaint.id, (ctx, c) => acknowledge(ctx, c, agent));
      await mutate(backend.system.complaints, complaint.id, (ctx, c) => requestInformation(ctx, c, agent, '请补充续保通知短信的截图'));
      return complaint;
    };
    const resolved = async (key: string) => {
      const { complaint } = await submitAs(config.devOpenid, key, '理赔审核超过三十天仍无结果');
      await mutate(backend.system.complaints, complaint.id, (ctx, c) =>
        resolve(ctx, c, agent, { findings: '审核延误属实，已安排赔付', basis: '保险法第二十三条', remedies: ['申请核查', '调解'] }),
      );
      return complaint;
    };

    it('puts what staff asked for first, with the 补充信息 box right there', async () => {
      const complaint = await waiting('key-mine-000000000010');
      const page = loadPage('complaint-detail');
      await page.instance.onLoad({ id: complaint.id });
      await simulate.sleep(10);
      const cards = all(page, '.card');
      expect(cards[0].getAttribute('class')).toContain('ask');
      expect(text(page, '.ask .ask-quote')).toBe('请补充续保通知短信的截图');
      expect(all(page, '.ask .send-info')).toHaveLength(1);
      expect(all(page, '.add-info')).toHaveLength(1); // not a second box further down
      expect(all(page, '.next-step')).toHaveLength(0);
    });

    it('shows the next step from the next open deadline otherwise', async () => {
      const { complaint } = await submitAs(config.devOpenid, 'key-mine-000000000011', '理赔款申请已经过去二十天仍未到账');
      const page = loadPage('complaint-detail');
      await page.instance.onLoad({ id: complaint.id });
      await simulate.sleep(10);
      expect(all(page, '.card')[0].getAttribute('class')).toContain('next-step');
      expect(text(page, '.next-step')).toMatch(/^下一步专人将于(\d{4}年)?\d{1,2}月\d{1,2}日(24时| \d{2}:\d{2})前受理您的投诉$/);
    });

    it('sends added information with a photo to the server', async () => {
      const complaint = await waiting('key-mine-000000000012');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-info-'));
      const photo = path.join(dir, 'sms.png');
      fs.writeFileSync(photo, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
      standIn.chosenFiles = [photo];
      const page = loadPage('complaint-detail');
      await page.instance.onLoad({ id: complaint.id });
      await simulate.sleep(10);
      page.querySelector('.ask .add-photo')!.dispatchEvent('tap');
      await simulate.sleep(10);
      expect(all(page, '.ask .info-file wx-image')).toHaveLength(1);
      page.instance.onInfo({ detail: { value: '短信截图已附上' } } as never);
      page.querySelector('.send-info')!.dispatchEvent('tap');
      await until(() => page.data.complaint?.status !== 'waitingForMember' && !page.data.busy);
      const doc = JSON.parse((backend.system.db.prepare('SELECT doc FROM complaints WHERE id = ?').get(complaint.id) as { doc: string }).doc);
      expect(doc.attachments).toHaveLength(1);
      expect(doc.attachments[0]).toMatch(/^local:\/\/uploads\/.+\.png$/);
      const added = doc.timeline.find((e: { type: string }) => e.type === 'memberAddedInformation');
      expect(added.text).toBe('短信截图已附上');
      expect(page.data.infoFiles).toEqual([]);
      expect(all(page, '.ask')).toHaveLength(0);
      expect(page.data.files).toHaveLength(1);
    });

    it('takes a satisfied rating without closing the case: 申请核查 stays on offer until the date it shows', async () => {
      const complaint = await resolved('key-mine-000000000013');
      const page = loadPage('complaint-detail');
      await page.instance.onLoad({ id: complaint.id });
      await simulate.sleep(10);
      const deadline = text(page, '.review-deadline');
      expect(deadline).toMatch(/^申请核查请在(\d{4}年)?\d{1,2}月\d{1,2}日24时前提出$/);

      page.querySelectorAll('.star')[3].dispatchEvent('tap');
      await simulate.sleep(0);
      await page.instance.onRate();
      await until(() => page.data.complaint?.rating?.score === 4);
      expect(standIn.calls('showModal')).toEqual([]);
      expect(page.data.complaint?.status).toBe('resolved');
      expect(page.data.complaint?.can).toMatchObject({ rate: false, requestReview: true });
      expect(text(page, '.review-deadline')).toBe(deadline);
    });
  });

  it('shows "not found" for another member’s complaint id', async () => {
    const { complaint } = await submitAs('openid-someone-else', 'key-other-00000000002', '这是别人的投诉，不能被我看到');
    const page = loadPage('complaint-detail');
    await page.instance.onLoad({ id: complaint.id });
    await simulate.sleep(10);
    expect(text(page, '.load-failure .failure-text')).toBe('未找到该投诉');
    expect(all(page, '.load-failure .retry')).toHaveLength(0); // trying again cannot help
    expect(page.data.complaint).toBeNull();
  });

  it('calls wx.cloud.callFunction in cloud mode', async () => {
    config.mode = 'cloud';
    const entry = backend.system.functions.complaints;
    standIn.cloudCall = (_name, event) => dispatch(entry.table, entry.deps as never, { kind: 'member', openid: 'openid-cloud' }, event, silentLogger);
    const page = loadPage('complaints');
    page.instance.onShow();
    await until(() => page.data.loaded);
    expect(standIn.calls('cloud.callFunction')[0].args).toMatchObject({ name: 'complaints', data: { action: 'listMine' } });
    expect(standIn.calls('request')).toEqual([]);
    expect(text(page, '.empty')).toBe('暂无投诉记录');
  });

  it('publishes the complaint channels, hotline and the 15-day promise (a regulatory duty)', () => {
    const page = loadPage('complaint-guide');
    expect(page.dom!.textContent).toContain('15日内');
    expect(page.dom!.textContent).toContain(config.hotline);
    expect(page.querySelectorAll('.channel')).toHaveLength(4);
  });
});
