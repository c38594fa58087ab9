import { fitTemplateData, fitValue } from '../../core/notifications/templateValues';

/** One case per key type in RULES.md's subscribe-message value rules. */
describe('subscribe-message value rules', () => {
  it('thing: at most 20 characters, cut with an ellipsis', () => {
    const v = fitValue('thing', '客服回复了您的投诉请及时查看处理结果和后续安排谢谢');
    expect(Array.from(v)).toHaveLength(20);
    expect(v.endsWith('…')).toBe(true);
    expect(fitValue('thing', '投诉已受理')).toBe('投诉已受理');
  });
  it('number: digits only, at most 32', () => {
    expect(fitValue('number', '金额 12,345.60')).toBe('12345.60');
    expect(fitValue('number', '9'.repeat(40))).toHaveLength(32);
  });
  it('letter: letters only, at most 32', () => {
    expect(fitValue('letter', 'abc-123-DEF')).toBe('abcDEF');
  });
  it('symbol: at most 5 symbols', () => {
    expect(fitValue('symbol', '#$%^&*()')).toBe('#$%^&');
  });
  it('character_string: no Chinese, at most 32', () => {
    expect(fitValue('character_string', '编号TS20261102-0001')).toBe('TS20261102-0001');
    expect(fitValue('character_string', 'A'.repeat(40))).toHaveLength(32);
  });
  it('phrase: Chinese only, at most 5 characters', () => {
    expect(fitValue('phrase', '待补充材料!')).toBe('待补充材料');
    expect(fitValue('phrase', '处理中OK请稍候')).toBe('处理中请稍');
  });
  it('name: at most 10 Chinese characters, or 20 letters', () => {
    expect(fitValue('name', '欧阳娜娜娜娜娜娜娜娜娜娜')).toBe('欧阳娜娜娜娜娜娜娜娜');
    expect(fitValue('name', 'Alexander Hamilton The Third')).toBe('Alexander Hamilton T');
  });
  it('amount: one currency sign and at most 10 digits, may end with 元', () => {
    expect(fitValue('amount', '18600.50元')).toBe('¥18600.50元');
    expect(fitValue('amount', '¥¥123')).toBe('¥123');
  });
  it('phone_number: digits, + and -, at most 17', () => {
    expect(fitValue('phone_number', '电话：+86 138-1234-5678')).toBe('+86138-1234-5678');
  });
  it('car_number: at most 8 characters', () => {
    expect(fitValue('car_number', '粤B 12345 6')).toBe('粤B123456');
  });
  it('time and date: in Asia/Shanghai, documented formats', () => {
    expect(fitValue('time', '2026-11-02T16:30:00.000Z')).toBe('2026-11-03 00:30');
    expect(fitValue('date', '2026-11-02T16:30:00.000Z')).toBe('2026-11-03');
  });
  it('removes newlines and control characters from every value', () => {
    const data = fitTemplateData({ thing1: '第一行\n第二行\t完', character_string2: 'A\u0000B' });
    expect(data).toEqual({ thing1: { value: '第一行 第二行 完' }, character_string2: { value: 'AB' } });
  });
});
