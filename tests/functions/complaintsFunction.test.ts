import { alice, bob, harness, validSubmit } from '../support/localHarness';
import type { ApiReply, MemberComplaintView, SubmitComplaintResponse } from '../../typings/api';

const data = <T>(r: ApiReply<unknown>) => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.data as T;
};

describe('complaints function: a member files and follows a complaint', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  it('submits, grades, numbers and computes deadlines, and owes the member a notification', async () => {
    const res = data<SubmitComplaintResponse>(await h.call('complaints', alice, validSubmit()));
    expect(res.created).toBe(true);
    expect(res.complaint.number).toBe('TS20261102-0001');
    expect(res.complaint.statusLabel).toBe('已提交');
    expect(res.complaint.deadlines.map((d) => [d.kind, d.dueAtText])).toEqual([
      ['acknowledge', '2026-11-04 14:00'],
      ['resolve', '2026-11-11 24:00'],
      ['regulatory', '2026-11-17 24:00'],
    ]);
    expect(h.counts()).toMatchObject({ complaints: 1, outbox: 1 });
  });

  it('returns the first record when the same submit is retried, never a second', async () => {
    const first = data<SubmitComplaintResponse>(await h.call('complaints', alice, validSubmit()));
    const retry = data<SubmitComplaintResponse>(await h.call('complaints', alice, validSubmit()));
    expect(retry).toMatchObject({ created: false, complaint: { id: first.complaint.id, number: first.complaint.number } });
    expect(h.counts()).toMatchObject({ complaints: 1, outbox: 1 });
  });

  it('refuses an idempotency key reused for different content', async () => {
    await h.call('complaints', alice, validSubmit());
    const other = validSubmit();
    other.data.description = '这是另外一件完全不同的投诉内容';
    const res = await h.call('complaints', alice, other);
    expect(res).toMatchObject({ ok: false, error: { code: 'COMPLAINT.IDEMPOTENCY_KEY_REUSED' } });
    expect(h.counts().complaints).toBe(1);
  });

  it('numbers complaints per day in Shanghai time', async () => {
    await h.call('complaints', alice, validSubmit('key-0000000000000001'));
    await h.call('complaints', bob, validSubmit('key-0000000000000002'));
    h.clock.set('2026-11-02T16:30:00Z'); // 00:30 on 11-03 in Shanghai
    const next = data<SubmitComplaintResponse>(await h.call('complaints', alice, validSubmit('key-0000000000000003')));
    expect(next.complaint.number).toBe('TS20261103-0001');
  });

  it('lists and shows only the caller’s own complaints', async () => {
    const mine = data<SubmitComplaintResponse>(await h.call('complaints', alice, validSubmit('key-a000000000000001')));
    await h.call('complaints', bob, validSubmit('key-b000000000000001'));
    const list = data<{ items: { id: string }[] }>(await h.call('complaints', alice, { action: 'listMine', data: {} }));
    expect(list.items.map((i) => i.id)).toEqual([mine.complaint.id]);
    const detail = data<MemberComplaintView>(await h.call('complaints', alice, { action: 'detail', data: { id: mine.complaint.id } }));
    expect(detail.timeline.map((t) => t.label)).toEqual(['提交投诉']);
  });

  it.each([
    ['detail', (id: string) => ({ id })],
    ['rate', (id: string) => ({ id, score: 5 })],
    ['requestReview', (id: string) => ({ id, reason: '我要求重新核查处理结果' })],
    ['addInformation', (id: string) => ({ id, text: '补充一点情况' })],
    ['withdraw', (id: string) => ({ id, reason: '不想投诉了' })],
  ])('answers %s on another member’s complaint as not found, and changes nothing', async (action, payload) => {
    const theirs = data<SubmitComplaintResponse>(await h.call('complaints', bob, validSubmit()));
    const before = h.counts();
    const res = await h.call('complaints', alice, { action, data: payload(theirs.complaint.id) });
    expect(res).toMatchObject({ ok: false, error: { code: 'COMPLAINT.NOT_FOUND', message: '未找到该投诉' } });
    expect(h.counts()).toEqual(before);
  });

  it('lets the member add information, withdraw, and see the state change', async () => {
    const c = data<SubmitComplaintResponse>(await h.call('complaints', alice, validSubmit()));
    const added = data<MemberComplaintView>(
      await h.call('complaints', alice, { action: 'addInformation', data: { id: c.complaint.id, text: '通话时间是11月1日上午' } }),
    );
    expect(added.timeline.map((t) => t.type)).toEqual(['submitted', 'memberAddedInformation']);
    const gone = data<MemberComplaintView>(await h.call('complaints', alice, { action: 'withdraw', data: { id: c.complaint.id, reason: '问题已解决' } }));
    expect(gone.statusLabel).toBe('已撤回');
    expect(gone.can).toEqual({ rate: false, requestReview: false, addInformation: false, withdraw: false });
  });

  it('refuses a call with no member identity', async () => {
    const res = await h.call('complaints', { kind: 'timer' }, { action: 'listMine', data: {} });
    expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });
});

describe('members function: subscription results', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  it('grants one credit per accepted template and none for a rejection', async () => {
    const res = await h.call('members', alice, {
      action: 'reportSubscription',
      data: { results: { 'dev-tpl-complaint-progress': 'accept', 'dev-tpl-complaint-result': 'reject' } },
    });
    expect(res).toEqual({ ok: true, data: { credits: { 'dev-tpl-complaint-progress': 1 } } });
  });

  it('refuses a template id this deployment does not know, granting nothing', async () => {
    const res = await h.call('members', alice, { action: 'reportSubscription', data: { results: { 'tpl-unknown': 'accept' } } });
    expect(res).toMatchObject({ ok: false, error: { code: 'SUBSCRIBE.UNKNOWN_TEMPLATE' } });
    expect(h.counts().credits).toBe(0);
  });
});
