import { harness } from '../support/localHarness';
import type { Caller } from '../../server/runtime/functionRuntime';

/** The member's consultation function (cloudfunctions/consultations) on the local system: a real SQLite file. */
const alice: Caller = { kind: 'member', openid: 'openid-alice' };
const bob: Caller = { kind: 'member', openid: 'openid-bob' };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1]);

type H = ReturnType<typeof harness>;
const call = (h: H, who: Caller, action: string, data?: unknown) => h.call('consultations', who, data === undefined ? { action } : { action, data }) as Promise<any>;
const ok = async (p: Promise<any>) => {
  const res = await p;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
const ask = (key = 'ask-key-0000000001', extra: Record<string, unknown> = {}) => ({
  idempotencyKey: key,
  topic: 'coverage',
  question: '我的重疾险保不保甲状腺结节？需要补充什么材料？',
  ...extra,
});
/** Everything a refused request could have changed. */
const snapshot = (h: H) =>
  JSON.stringify(['consultations', 'consultation_keys', 'outbox', 'rate_limits'].map((t) => h.system.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));

describe('consultations for members', () => {
  let h: H;
  // Wednesday 2026-11-25 10:00 in Shanghai.
  beforeEach(() => {
    h = harness('2026-11-25T02:00:00Z');
  });
  afterEach(() => h.close());

  it('lets a visitor (no bound policy) ask, with a photo, and shows the question with the due time of the first reply', async () => {
    const photo = h.system.files.save(alice.kind === 'member' ? alice.openid : '', PNG, 'report.png');
    const { consultation, created } = await ok(call(h, alice, 'ask', ask(undefined, { attachments: [photo] })));
    expect(created).toBe(true);
    expect(consultation).toMatchObject({
      number: expect.stringMatching(/^ZX20261125-\d{4}$/),
      status: 'awaitingReply',
      statusLabel: '等待客服答复',
      topicLabel: '保障查询',
      // One working day after Wednesday: Thursday 24:00.
      dueText: '预计11月26日24时前答复',
      canRate: false,
      canFollowUp: true,
    });
    expect(consultation.timeline).toEqual([expect.objectContaining({ type: 'asked', mine: true, attachments: [photo] })]);
    const url = await ok(call(h, alice, 'fileUrl', { id: consultation.id, fileId: photo }));
    expect(url.url).toContain('/files/uploads/');
    // Someone else's id answers like a missing one.
    expect((await call(h, bob, 'fileUrl', { id: consultation.id, fileId: photo })).error.code).toBe('CONSULTATION.NOT_FOUND');
  });

  it('makes one consultation of a retried ask, and refuses the key reused for another question', async () => {
    const first = await ok(call(h, alice, 'ask', ask()));
    const again = await ok(call(h, alice, 'ask', ask()));
    expect(again).toMatchObject({ created: false, consultation: { id: first.consultation.id } });
    const before = snapshot(h);
    const reused = await call(h, alice, 'ask', ask(undefined, { question: '另一个完全不同的问题，关于投保流程' }));
    expect(reused.error.code).toBe('CONSULTATION.IDEMPOTENCY_KEY_REUSED');
    expect(snapshot(h)).toBe(before);
    expect((await ok(call(h, alice, 'listMine', {}))).items).toHaveLength(1);
  });

  it('keeps each member to their own consultations', async () => {
    const { consultation } = await ok(call(h, alice, 'ask', ask()));
    expect((await call(h, bob, 'detail', { id: consultation.id })).error.code).toBe('CONSULTATION.NOT_FOUND');
    expect((await call(h, bob, 'followUp', { idempotencyKey: 'bob-followup-key-0001', id: consultation.id, text: '我也想问一下' })).error.code).toBe('CONSULTATION.NOT_FOUND');
    expect((await call(h, bob, 'rate', { idempotencyKey: 'bob-rate-key-00000001', id: consultation.id, score: 1 })).error.code).toBe('CONSULTATION.NOT_FOUND');
    expect((await ok(call(h, bob, 'listMine', {}))).items).toEqual([]);
  });

  it('takes follow-ups while waiting without moving the due time, and refuses a rating before any answer', async () => {
    const { consultation } = await ok(call(h, alice, 'ask', ask()));
    h.clock.advance(3600_000);
    const v = await ok(call(h, alice, 'followUp', { idempotencyKey: 'alice-followup-00001', id: consultation.id, text: '补充：去年体检报告显示3类结节' }));
    expect(v.timeline.map((e: any) => e.type)).toEqual(['asked', 'followUp']);
    expect(v.dueText).toBe(consultation.dueText);
    expect((await call(h, alice, 'rate', { idempotencyKey: 'alice-rate-key-00001', id: consultation.id, score: 5 })).error.code).toBe('CONSULTATION.NOT_ANSWERED');
  });

  it('keeps a phone number typed into the question sealed at rest, and shows it in full to its member', async () => {
    const { consultation } = await ok(call(h, alice, 'ask', ask(undefined, { question: '请顾问打我电话13800138000，想了解重疾险' })));
    expect(consultation.question).toContain('13800138000');
    const stored = (h.system.db.prepare('SELECT doc FROM consultations').get() as { doc: string }).doc;
    expect(stored).not.toContain('13800138000');
    expect(stored).toContain('138****8000');
    expect((await ok(call(h, alice, 'detail', { id: consultation.id }))).question).toContain('13800138000');
  });

  describe('bad input: a specific code and a Chinese message, nothing changed', () => {
    const cases: [string, string, () => unknown, string, string][] = [
      ['a question too short', 'ask', () => ask(undefined, { question: '问' }), 'REQUEST.INVALID', '咨询内容至少5个字'],
      ['an oversized question', 'ask', () => ask(undefined, { question: '保'.repeat(1001) }), 'REQUEST.INVALID', '咨询内容不能超过1000个字'],
      ['an unknown topic', 'ask', () => ask(undefined, { topic: 'lottery' }), 'REQUEST.INVALID', '咨询类型不在可选范围内'],
      ['a hidden control character', 'ask', () => ask(undefined, { question: '我想了解\u202e重疾险的保障' }), 'REQUEST.INVALID', '咨询内容含有不支持的控制字符'],
      ['too many photos', 'ask', () => ask(undefined, { attachments: Array.from({ length: 7 }, (_, i) => `local://uploads/x${i}.png`) }), 'REQUEST.INVALID', '图片最多6项'],
      ['someone else’s photo', 'ask', () => ask(undefined, { attachments: [h.system.files.save('openid-bob', PNG)] }), 'ATTACHMENT.NOT_YOURS', '附件不存在或不属于您'],
      ['a field it does not know', 'ask', () => ask(undefined, { memberId: 'openid-bob' }), 'REQUEST.INVALID', '不支持的字段：memberId'],
      ['a score of 6', 'rate', () => ({ idempotencyKey: 'rate-key-000000000001', id: 'nonexistent-id', score: 6 }), 'REQUEST.INVALID', '评分不能大于5'],
      ['a malformed id', 'detail', () => ({ id: '../../etc' }), 'REQUEST.INVALID', '咨询编号格式不正确'],
      ['an unknown consultation', 'detail', () => ({ id: 'no-such-consultation' }), 'CONSULTATION.NOT_FOUND', '未找到该咨询'],
      ['an oversized follow-up', 'followUp', () => ({ idempotencyKey: 'followup-key-00000001', id: 'no-such-consultation', text: '追'.repeat(1001) }), 'REQUEST.INVALID', '追问内容不能超过1000个字'],
    ];
    it.each(cases)('%s', async (_name, action, data, code, message) => {
      await ok(call(h, alice, 'ask', ask('ask-key-existing-01')));
      const input = data();
      const before = snapshot(h);
      const res = await call(h, alice, action, input);
      expect(res.ok).toBe(false);
      expect(res.error.code).toBe(code);
      expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(JSON.stringify(res.error)).toContain(message);
      expect(snapshot(h)).toBe(before);
    });

    it('refuses past the hourly quota with a time to try again, counting nothing for the refusal', async () => {
      for (let i = 0; i < 5; i++) await ok(call(h, alice, 'ask', ask(`ask-key-quota-${String(i).padStart(4, '0')}`)));
      const before = snapshot(h);
      const res = await call(h, alice, 'ask', ask('ask-key-quota-9999'));
      expect(res.error.code).toBe('RATE.LIMITED');
      expect(res.error.message).toContain('每小时最多提交5条咨询');
      expect(snapshot(h)).toBe(before);
    });
  });
});
