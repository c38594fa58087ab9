import fs from 'node:fs';
import path from 'node:path';
import { acknowledge, requestInformation, resolve } from '../../core/complaints/lifecycle';
import { mutate } from '../../core/complaints/persist';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { defaultComplaintPolicy } from '../../core/complaints/policy';
import { config } from '../../miniprogram/config';
import { dueDateText, momentText } from '../../miniprogram/utils/dates';
import { ROOT, all, loadPage, pageRoute, simulate, startBackend, text, until } from './pageHarness';

/**
 * Issue 10 item 1, the parts a member meets when something goes wrong or is late: 重试 and pull-down on
 * every page that loads, Chinese dates, 已超时 in words with the apology and the new date, a resolved
 * case with one main action, the list card's to-do or next date, and a destructive 撤回投诉.
 */
const agent = { kind: 'staff' as const, id: 'staff-1', role: 'agent' as const };
const OFFLINE = 'http://127.0.0.1:9'; // connection refused
const HOUR = 3600_000;

describe('member dates', () => {
  const now = new Date('2026-11-25T04:00:00Z');
  it('writes a day-end due time as 24时前 of that day, and a clock time with its minutes', () => {
    expect(dueDateText('2026-12-03T16:00:00Z', now)).toBe('12月3日24时前'); // 12-04 00:00 Shanghai ends 12-03
    expect(dueDateText('2026-11-25T18:22:00Z', now)).toBe('11月26日 02:22前');
    expect(momentText('2026-11-04T02:00:00Z', now)).toBe('11月4日 10:00');
  });
  it('adds the year only when it is not this year (Shanghai’s year, not UTC’s)', () => {
    expect(dueDateText('2027-01-04T16:00:00Z', now)).toBe('2027年1月4日24时前');
    expect(momentText('2025-12-31T17:00:00Z', now)).toBe('1月1日 01:00'); // already 1 Jan 2026 in Shanghai: this year
    expect(momentText('2025-12-31T15:00:00Z', now)).toBe('2025年12月31日 23:00');
  });
});

describe('complaint screens: errors, deadlines, overdue and one action at a time', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let gateway: string;
  const submit = (key: string) =>
    submitComplaint(backend.system.complaints, config.devOpenid, { idempotencyKey: key, category: 'claims', description: '理赔款申请已经过去二十天仍未到账' });
  const resolved = async (key: string) => {
    const { complaint } = await submit(key);
    await mutate(backend.system.complaints, complaint.id, (ctx, c) => acknowledge(ctx, c, agent));
    await mutate(backend.system.complaints, complaint.id, (ctx, c) =>
      resolve(ctx, c, agent, { findings: '审核延误属实，已安排赔付', basis: '保险法第二十三条', remedies: ['申请核查', '调解'] }),
    );
    return complaint;
  };
  const openDetail = async (id: string) => {
    const page = loadPage('complaint-detail');
    await page.instance.onLoad({ id });
    await until(() => !page.data.loading);
    return page;
  };

  beforeEach(async () => {
    backend = await startBackend('2026-11-02T06:00:00Z'); // Monday 14:00 Shanghai
    gateway = config.gatewayUrl;
  });
  afterEach(async () => {
    config.gatewayUrl = gateway;
    await backend.stop();
  });

  it('turns on pull-down refresh on the home, the message centre, the list and the detail page', () => {
    for (const name of ['home', 'messages', 'complaints', 'complaint-detail']) {
      const json = JSON.parse(fs.readFileSync(path.join(ROOT, `${pageRoute(name)}.json`), 'utf8'));
      expect([name, json.enablePullDownRefresh]).toEqual([name, true]);
    }
  });

  it.each(['home', 'complaints'])('%s: a failed load offers 重试 and the pull-down hint, and 重试 recovers', async (name) => {
    await submit('key-scr-000000000001');
    config.gatewayUrl = OFFLINE;
    const page = loadPage(name);
    page.instance.onShow();
    await until(() => Boolean(page.data.failure) && !page.data.loading);
    expect(all(page, '.failure .retry').map((e) => e.textContent?.trim())).toEqual(['重试']);
    expect(text(page, '.failure .hint')).toBe('也可以下拉页面刷新');
    config.gatewayUrl = gateway;
    page.querySelector('.failure .retry')!.dispatchEvent('tap');
    await until(() => !page.data.failure && !page.data.loading);
    expect(all(page, '.failure')).toHaveLength(0);
    if (name === 'complaints') expect(all(page, '.item')).toHaveLength(1);
    else expect(page.data.profile).not.toBeNull();
  });

  it('detail: a failed load offers 重试; pull-down reloads and stops the spinner', async () => {
    const { complaint } = await submit('key-scr-000000000002');
    config.gatewayUrl = OFFLINE;
    const page = await openDetail(complaint.id);
    expect(text(page, '.load-failure .failure-text')).toBe('网络不稳定，请检查网络后重试');
    expect(text(page, '.load-failure .retry')).toBe('重试');
    expect(text(page, '.load-failure .hint')).toBe('也可以下拉页面刷新');
    config.gatewayUrl = gateway;
    const stop = jest.spyOn(wx, 'stopPullDownRefresh');
    await page.instance.onPullDownRefresh();
    await simulate.sleep(10);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(all(page, '.load-failure')).toHaveLength(0);
    expect(text(page, '.case .number')).toBe(complaint.number);
    stop.mockRestore();
  });

  it('detail: plain clock names, one line on each, Chinese dates, no 监管 jargon and no 处理时限 twice', async () => {
    const { complaint } = await submit('key-scr-000000000003');
    await mutate(backend.system.complaints, complaint.id, (ctx, c) => acknowledge(ctx, c, agent));
    const page = await openDetail(complaint.id);
    const labels = all(page, '.deadline-label').map((e) => e.textContent);
    expect(labels).toEqual(['承诺答复时间', '最迟答复时间']);
    expect(all(page, '.deadline-hint').every((e) => (e.textContent ?? '').length > 4)).toBe(true);
    for (const when of all(page, '.deadline .when').map((e) => e.textContent ?? ''))
      expect(when).toMatch(/^(\d{4}年)?\d{1,2}月\d{1,2}日(24时| \d{2}:\d{2})前$/);
    const shown = page.dom!.textContent ?? '';
    expect(shown).not.toMatch(/监管答复时限|\d{4}-\d{2}-\d{2} 24:00/);
    expect(shown.split('处理时限').length - 1).toBeLessThanOrEqual(1);
  });

  it('detail: an overdue case says 已超时 in words, apologises with the configured text and gives the regulatory date', async () => {
    const { complaint } = await submit('key-scr-000000000004');
    backend.clock.advance(50 * HOUR); // past the 48-hour 受理 clock, long before the 15-day one
    const page = await openDetail(complaint.id);
    const cards = all(page, '.card');
    expect(cards[0].getAttribute('class')).toContain('late');
    expect(text(page, '.late .tag')).toBe('已超时');
    expect(text(page, '.late-missed')).toBe('受理时间已过');
    expect(text(page, '.late-apology')).toBe(defaultComplaintPolicy.overdueApology.text);
    const regulatory = page.data.complaint!.deadlines.find((d) => d.kind === 'regulatory')!;
    expect(text(page, '.late-expect')).toBe(`新的时间最迟${dueDateText(regulatory.dueAt, new Date())}给您答复`);
    expect(text(page, '.deadline-acknowledge .tag')).toBe('已超时');
    expect(text(page, '.deadline-acknowledge .when')).toMatch(/^原定\d{1,2}月\d{1,2}日 \d{2}:\d{2}前$/);
    expect(all(page, '.next-step')).toHaveLength(0);
  });

  it('detail: the apology is a compliance placeholder until confirmed, and the member view carries that mark', async () => {
    expect(defaultComplaintPolicy.overdueApology.confirmed).toBe(false);
    const { complaint } = await submit('key-scr-000000000005');
    backend.clock.advance(50 * HOUR);
    const page = await openDetail(complaint.id);
    expect(page.data.complaint!.overdue).toMatchObject({ apologyConfirmed: false, missed: ['受理时间'], nextBinding: { label: '最迟答复时间' } });
  });

  it('detail: a resolved case shows the result first and rating as the one main action; 申请核查 and 补充信息 open one at a time', async () => {
    const complaint = await resolved('key-scr-000000000006');
    const page = await openDetail(complaint.id);
    const cardClasses = all(page, '.card').map((e) => e.getAttribute('class') ?? '');
    expect(cardClasses[0]).toContain('decision');
    expect(cardClasses[1]).toContain('rate');
    expect(all(page, 'wx-button.btn').map((e) => e.textContent?.trim())).toEqual(['提交评价']);
    expect(all(page, 'wx-textarea')).toHaveLength(0); // the comment box appears once a star is chosen
    expect(all(page, '.more-link').map((e) => e.textContent?.replace(/[›︿]/g, '').trim())).toEqual(['对结果有异议？申请核查', '补充信息']);

    page.querySelector('.open-info')!.dispatchEvent('tap');
    await simulate.sleep(10);
    expect(all(page, '.add-info .send-info')).toHaveLength(1);
    page.querySelector('.open-review')!.dispatchEvent('tap');
    await simulate.sleep(10);
    expect(all(page, '.add-info')).toHaveLength(0);
    expect(all(page, '.review .request-review')).toHaveLength(1);
    page.querySelector('.request-review')!.dispatchEvent('tap');
    await simulate.sleep(10);
    expect(text(page, '.review .form-error')).toBe('请说明申请核查的原因（至少5个字）');
    expect(all(page, '.failure')).toHaveLength(0);
  });

  it('detail: the status tag has the list’s colour, and 撤回投诉 has the destructive look', async () => {
    const complaint = await resolved('key-scr-000000000007');
    let page = await openDetail(complaint.id);
    expect(all(page, '.status')[0].getAttribute('class')).toContain('done');
    const { complaint: open } = await submit('key-scr-000000000008');
    page = await openDetail(open.id);
    const withdraw = all(page, '.withdraw')[0];
    expect(withdraw.getAttribute('class')).toContain('btn-danger');
    expect(withdraw.getAttribute('class')).not.toContain('btn-plain');
  });

  it('list: each card shows the member’s to-do, else when we will next answer', async () => {
    // The card compares the date with the phone's clock: the server's must agree with it here.
    backend.clock.set(new Date().toISOString());
    const { complaint: waiting } = await submit('key-scr-000000000009');
    await mutate(backend.system.complaints, waiting.id, (ctx, c) => acknowledge(ctx, c, agent));
    await mutate(backend.system.complaints, waiting.id, (ctx, c) => requestInformation(ctx, c, agent, '请补充银行流水'));
    const answered = await resolved('key-scr-000000000010');
    const { complaint: fresh } = await submit('key-scr-000000000011');
    const page = loadPage('complaints');
    page.instance.onShow();
    await until(() => page.data.loaded);
    const card = (id: string) => page.data.items.find((i) => i.id === id)!;
    expect(card(waiting.id).todo).toBe('待您补充');
    expect(card(waiting.id).todoText).toBe('客服请您补充材料');
    expect(card(answered.id).todo).toBe('待评价');
    expect(card(answered.id).todoText).toBe('处理结果已出，请您评价');
    expect(card(fresh.id).nextText).toMatch(/^预计(\d{4}年)?\d{1,2}月\d{1,2}日(24时| \d{2}:\d{2})前受理$/);
    expect(all(page, '.todo').map((e) => e.textContent?.replace('去处理 ›', ''))).toEqual(expect.arrayContaining(['客服请您补充材料', '处理结果已出，请您评价']));
    expect(all(page, '.next')).toHaveLength(1);
  });
});
