import { alice, harness, validSubmit } from '../support/localHarness';
import type { SubmitComplaintResponse } from '../../typings/api';

/**
 * Every entry point × malformed, wrong-typed, oversized and unknown-field input: each gets a specific
 * code and a Chinese message, and the store is exactly as it was.
 */
const long = (n: number) => '字'.repeat(n);
const ID = '{id}';
const withDescription = (description: string) => ({ ...validSubmit(), data: { ...validSubmit().data, description } });
/** { a: { a: … 1 } } n objects deep, built without recursion. */
const nested = (n: number) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};
const nestedArray = (n: number) => {
  let v: unknown = [];
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

const cases: [string, string, unknown, string][] = [
  // [function, description, event, expected code]
  ['complaints', 'event that is not an object', 'submit', 'REQUEST.INVALID'],
  ['complaints', 'missing action', { data: {} }, 'REQUEST.INVALID'],
  ['complaints', 'unknown action', { action: 'deleteAll', data: {} }, 'REQUEST.UNKNOWN_ACTION'],
  ['complaints', 'prototype action name', { action: 'constructor', data: {} }, 'REQUEST.UNKNOWN_ACTION'],
  ['complaints', 'unknown envelope field', { action: 'listMine', data: {}, openid: 'someone-else' }, 'REQUEST.INVALID'],
  ['complaints', 'event over 100 KB', { action: 'submit', data: { description: 'x'.repeat(110_000) } }, 'REQUEST.TOO_LARGE'],
  ['complaints', 'submit: no fields', { action: 'submit', data: {} }, 'REQUEST.INVALID'],
  ['complaints', 'submit: data not an object', { action: 'submit', data: [1, 2] }, 'REQUEST.INVALID'],
  ['complaints', 'submit: unknown category', { ...validSubmit(), data: { ...validSubmit().data, category: 'weather' } }, 'REQUEST.INVALID'],
  ['complaints', 'submit: description too short', { ...validSubmit(), data: { ...validSubmit().data, description: '太差' } }, 'REQUEST.INVALID'],
  ['complaints', 'submit: description too long', { ...validSubmit(), data: { ...validSubmit().data, description: long(2001) } }, 'REQUEST.INVALID'],
  ['complaints', 'submit: description a number', { ...validSubmit(), data: { ...validSubmit().data, description: 12345678901 } }, 'REQUEST.INVALID'],
  ['complaints', 'submit: memberId smuggled in', { ...validSubmit(), data: { ...validSubmit().data, memberId: 'openid-bob' } }, 'REQUEST.INVALID'],
  ['complaints', 'submit: attachment is a URL', { ...validSubmit(), data: { ...validSubmit().data, attachments: ['https://evil.example/x.jpg'] } }, 'REQUEST.INVALID'],
  ['complaints', 'submit: ten attachments', { ...validSubmit(), data: { ...validSubmit().data, attachments: Array(10).fill('cloud://env/a.jpg') } }, 'REQUEST.INVALID'],
  ['complaints', 'submit: negative amount', { ...validSubmit(), data: { ...validSubmit().data, amountAtStake: -1 } }, 'REQUEST.INVALID'],
  ['complaints', 'submit: short idempotency key', { ...validSubmit(), data: { ...validSubmit().data, idempotencyKey: 'abc' } }, 'REQUEST.INVALID'],
  ['complaints', 'submit: description with control characters', { ...validSubmit(), data: { ...validSubmit().data, description: '控制字符测试\u0000\u0007\u001b[31m红色文字很长' } }, 'REQUEST.INVALID'],
  ['complaints', 'submit: description with a right-to-left override', { ...validSubmit(), data: { ...validSubmit().data, description: '理赔一直没有结果\u202e果结有没直一' } }, 'REQUEST.INVALID'],
  ['complaints', 'addInformation: zero-width characters', { action: 'addInformation', data: { id: ID, text: '补充\u200b说明' } }, 'REQUEST.INVALID'],
  ['complaints', 'submit: policy number with spaces', { ...validSubmit(), data: { ...validSubmit().data, policyNo: 'P 2026 0001' } }, 'REQUEST.INVALID'],
  ['complaints', 'listMine: page size 21', { action: 'listMine', data: { limit: 21 } }, 'REQUEST.INVALID'],
  ['complaints', 'listMine: forged cursor', { action: 'listMine', data: { cursor: 'not-a-cursor' } }, 'REQUEST.INVALID'],
  ['complaints', 'listMine: unknown field', { action: 'listMine', data: { memberId: 'x' } }, 'REQUEST.INVALID'],
  ['complaints', 'detail: id with a quote', { action: 'detail', data: { id: "x' OR 1=1 --" } }, 'REQUEST.INVALID'],
  ['complaints', 'detail: missing id', { action: 'detail', data: {} }, 'REQUEST.INVALID'],
  ['complaints', 'detail: unknown id', { action: 'detail', data: { id: 'no-such-complaint' } }, 'COMPLAINT.NOT_FOUND'],
  ['complaints', 'rate: score 6', { action: 'rate', data: { id: ID, score: 6 } }, 'REQUEST.INVALID'],
  ['complaints', 'rate: score 4.5', { action: 'rate', data: { id: ID, score: 4.5 } }, 'REQUEST.INVALID'],
  ['complaints', 'rate: before resolution', { action: 'rate', data: { id: ID, score: 5 } }, 'COMPLAINT.ILLEGAL_TRANSITION'],
  ['complaints', 'rate: comment too long', { action: 'rate', data: { id: ID, score: 3, comment: long(501) } }, 'REQUEST.INVALID'],
  ['complaints', 'requestReview: reason too short', { action: 'requestReview', data: { id: ID, reason: '不行' } }, 'REQUEST.INVALID'],
  ['complaints', 'requestReview: before resolution', { action: 'requestReview', data: { id: ID, reason: '我对处理结果不满意' } }, 'COMPLAINT.ILLEGAL_TRANSITION'],
  ['complaints', 'addInformation: empty text', { action: 'addInformation', data: { id: ID, text: '   ' } }, 'REQUEST.INVALID'],
  ['complaints', 'addInformation: text too long', { action: 'addInformation', data: { id: ID, text: long(1001) } }, 'REQUEST.INVALID'],
  ['complaints', 'withdraw: reason wrong type', { action: 'withdraw', data: { id: ID, reason: { text: 'x' } } }, 'REQUEST.INVALID'],
  ['complaints', 'uploadSlot: an extension off the allow-list', { action: 'uploadSlot', data: { ext: 'svg' } }, 'UPLOAD.TYPE_NOT_ALLOWED'],
  ['complaints', 'uploadSlot: a chosen path smuggled in', { action: 'uploadSlot', data: { ext: 'png', cloudPath: 'members/openid-bob/complaints/x.png' } }, 'REQUEST.INVALID'],
  ['members', 'reportSubscription: bad result value', { action: 'reportSubscription', data: { results: { 'dev-tpl-complaint-progress': 'yes' } } }, 'REQUEST.INVALID'],
  ['members', 'reportSubscription: results missing', { action: 'reportSubscription', data: {} }, 'REQUEST.INVALID'],
  ['members', 'reportSubscription: unknown field', { action: 'reportSubscription', data: { results: {}, openid: 'x' } }, 'REQUEST.INVALID'],
  ['members', 'unknown action', { action: 'deleteMe' }, 'REQUEST.UNKNOWN_ACTION'],
  // Issue 9 item 9: hidden characters, invisible padding, broken UTF-16, nesting.
  ['complaints', 'submit: description of 20 zero-width spaces', withDescription('\u200b'.repeat(20)), 'REQUEST.INVALID'],
  ['complaints', 'submit: two characters padded with ideographic spaces', withDescription('太\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000差'), 'REQUEST.INVALID'],
  ['complaints', 'submit: combining marks on one letter', withDescription('a' + '\u0301'.repeat(20)), 'REQUEST.INVALID'],
  ['complaints', 'submit: Hangul filler letters', withDescription('\u3164'.repeat(12)), 'REQUEST.INVALID'],
  ['complaints', 'submit: ANSI escape (clear screen)', withDescription('理赔一直没有结果\u001b[2J\u001b[H请尽快处理'), 'REQUEST.INVALID'],
  ['complaints', 'submit: NUL in the middle', withDescription('理赔一直没有结果\u0000请尽快处理谢谢'), 'REQUEST.INVALID'],
  ['complaints', 'submit: C1 control (NEL)', withDescription('理赔一直没有结果\u0085请尽快处理谢谢'), 'REQUEST.INVALID'],
  ['complaints', 'submit: first-strong isolate', withDescription('理赔一直没有结果\u2068请尽快处理谢谢\u2069'), 'REQUEST.INVALID'],
  ['complaints', 'submit: lone high surrogate', withDescription('理赔一直没有结果请尽快处理谢谢\ud83d'), 'REQUEST.INVALID'],
  ['complaints', 'submit: lone low surrogate', withDescription('\ude00理赔一直没有结果请尽快处理谢谢'), 'REQUEST.INVALID'],
  ['complaints', 'lone surrogate in the action name', { action: 'submit\ud800', data: {} }, 'REQUEST.INVALID'],
  ['complaints', 'lone surrogate in a field name', { action: 'listMine', data: { ['\udc00x']: 1 } }, 'REQUEST.INVALID'],
  ['complaints', 'rate: comment with a right-to-left override', { action: 'rate', data: { id: ID, score: 3, comment: '很好\u202e差很' } }, 'REQUEST.INVALID'],
  ['complaints', 'requestReview: reason with BEL', { action: 'requestReview', data: { id: ID, reason: '我对处理结果不满意\u0007\u0007' } }, 'REQUEST.INVALID'],
  ['complaints', 'addInformation: only a word joiner and spaces', { action: 'addInformation', data: { id: ID, text: ' \u2060 ' } }, 'REQUEST.INVALID'],
  ['members', 'requestCorrection: detail of zero-width joiners', { action: 'requestCorrection', data: { field: 'phone', detail: '\u200d'.repeat(10) } }, 'REQUEST.INVALID'],
  ['members', 'requestCorrection: detail with an ANSI colour', { action: 'requestCorrection', data: { field: 'phone', detail: '手机号应为\u001b[31m13800138000' } }, 'REQUEST.INVALID'],
  // Noncharacters, interlinear annotation controls, private-use padding.
  ['complaints', 'submit: U+FFFE in the description', withDescription('理赔一直没有结果\ufffe请尽快处理谢谢'), 'REQUEST.INVALID'],
  ['complaints', 'submit: U+FFFF in the description', withDescription('理赔一直没有结果\uffff请尽快处理谢谢'), 'REQUEST.INVALID'],
  ['complaints', 'submit: U+FDD0 in the description', withDescription('理赔一直没有结果\ufdd0请尽快处理谢谢'), 'REQUEST.INVALID'],
  ['complaints', 'submit: U+10FFFF in the description', withDescription('理赔一直没有结果\u{10ffff}请尽快处理谢谢'), 'REQUEST.INVALID'],
  ['complaints', 'submit: interlinear annotation anchors', withDescription('理赔一直没有结果\ufff9隐藏\ufffa注释\ufffb请尽快处理'), 'REQUEST.INVALID'],
  ['complaints', 'submit: 20 private-use characters', withDescription('\ue000'.repeat(20)), 'REQUEST.INVALID'],
  ['complaints', 'submit: a hidden text in tag characters', withDescription(`客服承诺回电三天过去了没有任何人联系我${String.fromCodePoint(0xe0001, 0xe0069, 0xe0067, 0xe006e)}`), 'REQUEST.INVALID'],
  ['complaints', 'submit: a soft hyphen', withDescription('客服承诺回电\u00ad三天过去了没有任何人联系我'), 'REQUEST.INVALID'],
  ['complaints', 'submit: plane-15 private-use characters', withDescription('\u{f0000}'.repeat(12)), 'REQUEST.INVALID'],
  ['complaints', 'addInformation: U+FFFE only', { action: 'addInformation', data: { id: ID, text: '\ufffe' } }, 'REQUEST.INVALID'],
  ['complaints', 'event nested 33 deep', { action: 'listMine', data: nested(33) }, 'REQUEST.TOO_DEEP'],
  ['complaints', 'event nested 10,000 deep', { action: 'listMine', data: nested(10_000) }, 'REQUEST.TOO_DEEP'],
  ['complaints', 'array nested 10,000 deep', nestedArray(10_000), 'REQUEST.TOO_DEEP'],
];

describe('bad input at every entry point', () => {
  let h: ReturnType<typeof harness>;
  let id: string;
  beforeEach(async () => {
    h = harness();
    const r = await h.call('complaints', alice, validSubmit('key-seed-000000000001'));
    if (!r.ok) throw new Error('seed failed');
    id = (r.data as SubmitComplaintResponse).complaint.id;
  });
  afterEach(() => h.close());

  it.each(cases)('%s — %s → %s, nothing changes', async (fn, _what, event, code) => {
    const filled = !/TOO_DEEP/.test(code) ? JSON.parse(JSON.stringify(event).split(ID).join(id)) : event;
    const before = h.counts();
    const res = await h.call(fn, alice, filled);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe(code);
    expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(JSON.stringify(res)).not.toMatch(/at .*\.ts|Error:/);
    expect(h.counts()).toEqual(before);
  });

  it('names the field and the problem in Chinese', async () => {
    const res = await h.call('complaints', alice, { ...validSubmit(), data: { ...validSubmit().data, description: '太差' } });
    expect(res).toMatchObject({ ok: false, error: { issues: [{ path: 'description', message: '投诉内容至少10个字' }] } });
  });

  it('tells a field of the wrong type from a missing one, once, and names hidden control characters', async () => {
    const wrongType = await h.call('complaints', alice, { ...validSubmit(), data: { ...validSubmit().data, description: ['一', '二'] } });
    expect(wrongType).toMatchObject({ ok: false, error: { issues: [{ path: 'description', message: '投诉内容格式不正确' }] } });
    const hidden = await h.call('complaints', alice, { ...validSubmit(), data: { ...validSubmit().data, description: '客服态度很差\u202e差很度态服客' } });
    expect(hidden).toMatchObject({ ok: false, error: { issues: [{ path: 'description', message: '投诉内容含有不支持的控制字符' }] } });
    const notAnObject = await h.call('complaints', alice, { action: 'submit', data: 'hello' });
    expect(notAnObject).toMatchObject({ ok: false, error: { issues: [{ path: '', message: '请求内容格式不正确' }] } });
  });

  it.each([
    ['a right-to-left override', '客服态度很差\u202e差很度态服客', ['bidi_controls']],
    ['NUL, BEL and an ANSI escape', '客服态度很差\u0000\u0007\u001b[31m很差很差', ['control_characters']],
    ['zero-width spaces between words', '客服态度\u200b很差很差很差', ['invisible_characters']],
    ['a lone surrogate', '客服态度很差很差很差\udbff', ['lone_surrogate']],
    ['20 zero-width spaces', '\u200b'.repeat(20), ['invisible_characters', 'too_short_visible']],
    ['six characters spaced out to eleven', '太 差 了 太 差 了', ['too_short_visible']],
    ['two characters', '太差', ['too_short']],
    ['a U+FFFE noncharacter', '客服态度很差很差很差\ufffe', ['noncharacters']],
    ['a plane-16 noncharacter', '客服态度很差很差很差\u{10fffe}', ['noncharacters']],
    ['an interlinear annotation', '客服态度\ufff9很差\ufffa注\ufffb很差很差', ['invisible_characters']],
    ['20 private-use characters', '\ue000'.repeat(20), ['too_short_visible']],
    ['a text hidden in tag characters', `客服态度很差很差很差${String.fromCodePoint(0xe0001, 0xe0041, 0xe0042)}`, ['invisible_characters']],
    ['a soft hyphen', '客服态度很差\u00ad很差很差', ['invisible_characters']],
  ])('gives %s its own reason', async (_what, description, reasons) => {
    const res = await h.call('complaints', alice, withDescription(description));
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.issues?.map((i) => i.reason)).toEqual(reasons);
    expect(res.error.issues?.every((i) => /^(data\.)?description$/.test(i.path) && /^(投诉内容|提交的文字)/.test(i.message))).toBe(true);
  });

  it('counts visible characters for the minimum, and says so', async () => {
    const padded = await h.call('complaints', alice, withDescription('太\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000差'));
    expect(padded).toMatchObject({ ok: false, error: { issues: [{ path: 'description', reason: 'too_short_visible', message: '投诉内容至少10个字（空格和不可见字符不计）' }] } });
    // Ten visible characters with an emoji (one character, two UTF-16 units) and spaces between them pass.
    const ok = await h.call('complaints', alice, { ...withDescription('理赔 拖了 三个月 没结果 😡 ！'), data: { ...withDescription('').data, description: '理赔 拖了 三个月 没结果 😡 ！', idempotencyKey: 'key-visible-00000000001' } });
    expect(ok.ok).toBe(true);
  });

  it('refuses an event the platform parsed that nests forever (a cycle) as too deep, not a 500', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const res = await h.call('complaints', alice, { action: 'listMine', data: cyclic });
    expect(res).toMatchObject({ ok: false, error: { code: 'REQUEST.TOO_DEEP', message: '提交的内容层级过深' } });
  });

  it('names a lone surrogate in the event by path, with no surrogate echoed back', async () => {
    const res = await h.call('complaints', alice, { action: 'listMine', data: { ['k\ud800']: '\udfff' } });
    expect(res).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID', issues: [{ reason: 'lone_surrogate', message: '提交的文字含有无法识别的字符' }] } });
    expect(JSON.stringify(res)).not.toMatch(/\\ud[89a-f]/i);
  });
});
