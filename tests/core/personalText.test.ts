import { findPersonalNumbers, luhnValid, maskPersonalText } from '../../core/shared/personalText';
import { mapComplaintTexts, openComplaintTexts, revealComplaintTexts, sealComplaintTexts } from '../../core/complaints/personalTexts';
import { addInternalNote, memberAddsInformation, resolve } from '../../core/complaints/lifecycle';
import { mapSealed, sealedValues } from '../../core/members/rekey';
import { agent, ctxAt, member, sampleComplaint, testBox } from '../support/fixtures';

const masked = (t: string) => maskPersonalText(t).text;
const kinds = (t: string) => findPersonalNumbers(t).map((s) => s.kind);

// 110105199001011232 passes GB 11643; …1230 (the example) differs only in the check digit.
const ID = '110105199001011232';
const CARD16 = '6228480012345671'; // Luhn-valid
const CARD19 = '6222021234567890128'; // Luhn-valid

describe('personal numbers in free text', () => {
  it('masks a mobile number, an ID number and a bank card the way staff views mask them', () => {
    expect(masked('我的电话13800138000，身份证110105199001011232，卡号6228480012345671')).toBe(
      '我的电话138****8000，身份证110105********1232，卡号6228 **** **** 5671',
    );
    expect(maskPersonalText('电话13800138000').spans).toEqual([{ kind: 'phone', start: 2, end: 13, masked: '138****8000' }]);
  });

  it('reads numbers split by spaces or dashes, and a +86 prefix', () => {
    expect(masked('电话 138 0013 8000 或 139-0013-9000')).toBe('电话 138****8000 或 139****9000');
    expect(masked('+86 13800138000')).toBe('+86 138****8000');
    expect(masked('+8613800138000')).toBe('+86138****8000');
    expect(masked('+86-138-0013-8000')).toBe('+86-138****8000');
    expect(masked('身份证 110105 19900101 1232')).toBe('身份证 110105********1232');
    expect(masked('卡号 6222 0212 3456 7890 128 谢谢')).toBe('卡号 6222 **** **** 0128 谢谢');
    expect(masked('卡号6228-4800-1234-5671')).toBe('卡号6228 **** **** 5671');
  });

  it('checks the ID check digit (X too), and masks an ID whose only fault is the check digit', () => {
    expect(findPersonalNumbers('11010519491231002X')).toMatchObject([{ kind: 'idNumber', checked: true, masked: '110105********002X' }]);
    expect(findPersonalNumbers('11010519491231002x号')).toMatchObject([{ kind: 'idNumber', checked: true }]);
    expect(findPersonalNumbers('身份证110105199001011230')).toMatchObject([{ kind: 'idNumber', checked: false, masked: '110105********1230' }]);
    // No real birth date (month 13): not an ID, and not Luhn-valid as a card.
    expect(kinds('编号110105199013011232')).toEqual([]);
  });

  it('leaves policy and claim numbers, amounts, dates and times alone', () => {
    for (const t of [
      '保单号P2026000123，理赔号CL13800138000',
      '保单 P2026000456 已续保',
      '金额13800138000.50元', // an amount, not a phone
      '涉及保费600000元，138000元已退',
      '2026-11-02 14:30 来电，2026年11月2日',
      '投诉编号TS20261102-0001',
      '日期20261102 金额1380013800',
      '时间戳1767225600000', // 13 digits starting 1: no card
      '订单 2026 0101 2026 0201', // dates in a row are not read as a card (Luhn fails here) …
      '2026-01-01 2026-02-01', // … nor dates joined by dashes
      '4008-888-888', // a hotline
      '95519',
    ])
      expect([t, findPersonalNumbers(t)]).toEqual([t, []]);
  });

  it('never matches inside a longer digit run', () => {
    expect(kinds('138001380001')).toEqual([]); // 12 digits
    expect(kinds('013800138000')).toEqual([]);
    expect(kinds(`9${ID}`)).toEqual([]);
    expect(kinds(`${CARD19}0`)).toEqual([]); // 20 digits
  });

  it('keeps the numbers apart when several are written in a row', () => {
    expect(masked('13800138000 13900139000')).toBe('138****8000 139****9000');
    expect(masked(`${ID} 13800138000`)).toBe('110105********1232 138****8000');
    expect(masked('2026-01-01 13800138000')).toBe('2026-01-01 138****8000');
  });

  it('Luhn', () => {
    expect(luhnValid(CARD16)).toBe(true);
    expect(luhnValid('6228480012345672')).toBe(false);
    expect(kinds('卡号6228480012345672')).toEqual([]);
    expect(kinds(CARD19)).toEqual(['bankCard']);
  });

  it('is idempotent: a masked text has nothing left to mask', () => {
    const once = masked(`电话13800138000 身份证${ID} 卡${CARD16}`);
    expect(masked(once)).toBe(once);
  });
});

describe('complaint texts: stored masked, original sealed', () => {
  const ctx = ctxAt('2026-11-02T06:00:00Z');
  const written = sampleComplaint(ctx, { description: `请回电13800138000，身份证${ID}` });

  it('seals each text that held a number, once, and reveals it for the member', () => {
    const stored = sealComplaintTexts(testBox, written);
    expect(stored.description).toBe('请回电138****8000，身份证110105********1232');
    expect(Object.keys(stored.sealedTexts!)).toEqual(['description']);
    expect(JSON.stringify(stored)).not.toContain('13800138000');
    expect(sealComplaintTexts(testBox, stored)).toBe(stored); // idempotent: nothing re-sealed
    expect(revealComplaintTexts(testBox, stored).description).toBe(written.description);
    expect(revealComplaintTexts(testBox, stored).sealedTexts).toBeUndefined();
  });

  it('covers timeline texts (member information, staff notes) and the decision', () => {
    let c = sealComplaintTexts(testBox, written);
    c = sealComplaintTexts(testBox, memberAddsInformation(ctx, c, member(), `银行卡${CARD16}`).complaint);
    c = sealComplaintTexts(testBox, addInternalNote(ctx, c, agent, '已回拨 139-0013-9000').complaint);
    c = sealComplaintTexts(testBox, resolve(ctx, c, agent, { findings: '退费至尾号5671的卡，联系13900139000', basis: '条款', remedies: ['申请核查'] }).complaint);
    for (const raw of ['13800138000', CARD16, '139-0013-9000', '13900139000']) expect(JSON.stringify(c)).not.toContain(raw);
    const originals = openComplaintTexts(testBox, c);
    const withText = (type: string) => `timeline:${c.timeline.find((e) => e.type === type)!.id}`;
    expect(Object.keys(originals).sort()).toEqual(
      ['description', 'decision:findings', withText('memberAddedInformation'), withText('internalNote'), withText('resolved')].sort(),
    );
    expect(Object.values(originals)).toEqual(expect.arrayContaining([`银行卡${CARD16}`, '已回拨 139-0013-9000']));
  });

  it('a replaced text does not bring back a stale original', () => {
    const c = sealComplaintTexts(testBox, resolve(ctx, written, agent, { findings: '请拨打13800138000核实', basis: '条款', remedies: ['申请核查'] }).complaint);
    const replaced = { ...c, decision: { ...c.decision!, findings: '已核实，无需回电' } };
    expect(openComplaintTexts(testBox, replaced)['decision:findings']).toBeUndefined();
    expect(revealComplaintTexts(testBox, replaced).decision!.findings).toBe('已核实，无需回电');
  });

  it('npm run rekey finds and re-seals the sealed originals', () => {
    const stored = sealComplaintTexts(testBox, written) as unknown as Record<string, unknown>;
    expect(sealedValues('complaints', stored)).toEqual([(stored.sealedTexts as Record<string, string>).description]);
    const resealed = mapSealed('complaints', stored, (s) => `re:${s}`) as { sealedTexts: Record<string, string> };
    expect(resealed.sealedTexts.description.startsWith('re:')).toBe(true);
  });
});
