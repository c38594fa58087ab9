import * as z from 'zod/mini';
import { labelOf, parseInput } from '../../core/shared/validation';

const issuesOf = (schema: z.core.$ZodType, input: unknown, labels: Record<string, string>) => {
  try {
    parseInput(schema, input, labels);
  } catch (e) {
    return (e as { details?: { issues: { path: string; message: string; reason: string }[] } }).details!.issues;
  }
  throw new Error('input was accepted');
};

const schema = z.strictObject({
  calculation: z.strictObject({
    lines: z.array(z.strictObject({ item: z.string().check(z.minLength(2)), claimedFen: z.int() })).check(z.minLength(1)),
    ratioPct: z.int().check(z.gte(1), z.lte(100)),
  }),
  note: z.string(),
});
const line = { item: '住院医疗费', claimedFen: 100 };

describe('parseInput names the innermost labelled field', () => {
  const labels = { calculation: '理算明细', 'calculation.lines.*.claimedFen': '申请金额', 'calculation.lines.*.item': '费用项目', 'calculation.ratioPct': '赔付比例', note: '说明' };

  it('an issue inside a list item names the item by its position and the field, the path as sent', () => {
    const issues = issuesOf(schema, { calculation: { lines: [line, line, { item: '药费', claimedFen: 'abc' }], ratioPct: 80 }, note: 'x' }, labels);
    expect(issues).toEqual([{ path: 'calculation.lines.2.claimedFen', message: '理算明细第3项 · 申请金额格式不正确', reason: 'wrong_type' }]);
  });

  it('a nested field outside a list is named by its own label; a list itself and unlabelled fields by the top label as before', () => {
    const issues = issuesOf(schema, { calculation: { lines: [], ratioPct: 0 }, note: 'x' }, labels);
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['calculation.lines', '理算明细至少1项'],
      ['calculation.ratioPct', '赔付比例不能小于1'],
    ]);
  });

  it('flat label maps read as they always did', () => {
    const issues = issuesOf(schema, { calculation: { lines: [{ item: 'x', claimedFen: 1 }], ratioPct: 50 } }, { calculation: '理算明细', note: '说明' });
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['calculation.lines.0.item', '理算明细至少2个字'],
      ['note', '请填写说明'],
    ]);
  });

  it('a dotted key without the position also labels the field in every item', () => {
    expect(labelOf({ products: '推荐产品', 'products.name': '产品名称' }, ['products', 1, 'name'])).toBe('推荐产品第2项 · 产品名称');
    expect(labelOf({ products: '推荐产品' }, ['products', 1, 'name'])).toBe('推荐产品');
    expect(labelOf({}, [])).toBe('请求内容');
    expect(labelOf({}, ['x', 'y'])).toBe('输入');
  });
});

describe('a value off a list', () => {
  it('names the values the field takes, beside the Chinese message', () => {
    const schema = z.strictObject({ kind: z.enum(['product', 'claim', 'service']) });
    expect(issuesOf(schema, { kind: 'other' }, { kind: '咨询类型' })).toEqual([
      { path: 'kind', message: '咨询类型不在可选范围内', reason: 'not_allowed', allowed: ['product', 'claim', 'service'] },
    ]);
  });
});

describe('tag characters', () => {
  it('refuses a hidden tag text but keeps the subdivision flag emoji', async () => {
    const { textFaults } = await import('../../core/shared/validation');
    const scotland = String.fromCodePoint(0x1f3f4, 0xe0067, 0xe0062, 0xe0073, 0xe0063, 0xe0074, 0xe007f);
    expect(textFaults(`客服态度很差 ${scotland}`)).toEqual([]);
    expect(textFaults(`客服态度很差${String.fromCodePoint(0xe0001, 0xe0068, 0xe0069)}`)).toEqual(['invisible_characters']);
    expect(textFaults(`${scotland}${String.fromCodePoint(0xe0068)}`)).toEqual(['invisible_characters']);
  });
});
