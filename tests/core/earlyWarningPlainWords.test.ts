import { plainSummaryOf } from '../../core/earlyWarning/plainWords';
import { earlyWarningOutbox } from '../../core/earlyWarning/notifications';
import type { AlertTest, EarlyWarningAlert } from '../../core/earlyWarning/model';

const TECHNICAL = /p\s*=|p 值|泊松|Poisson|离散|overdispers|Bonferroni|t 检验|序列|阈值|基线/i;
const rise = (count: number, historyWeeks: number, historyTotal: number, extra: Partial<AlertTest> = {}): Pick<EarlyWarningAlert, 'dim' | 'label' | 'test'> => ({
  dim: 'category',
  label: '保费扣缴',
  test: { method: 'poissonConditional', count, historyWeeks, historyTotal, baselineMean: historyTotal / historyWeeks, pValue: 1e-6, threshold: 0.002, statement: 'Bonferroni …', ...extra },
});

describe('early-warning alerts in plain words', () => {
  it('a rise reads as this week against the usual week, without statistical terms', () => {
    expect(plainSummaryOf(rise(12, 8, 24))).toBe('本周投诉 12 件，过去 8 周平均每周 3 件，约为平时的 4 倍，明显偏高');
    expect(plainSummaryOf(rise(9, 8, 4))).toBe('本周投诉 9 件，过去 8 周平均每周不到 1 件，约为平时的 18 倍，明显偏高');
    expect(plainSummaryOf(rise(40, 8, 200, { method: 'overdispersedLogT', dispersion: 3.2 }))).toBe('本周投诉 40 件，过去 8 周平均每周 25 件，比平时多 15 件，超出平常的起伏，明显偏高');
    expect(plainSummaryOf(rise(6, 6, 0))).toBe('本周投诉 6 件，过去 6 周平均每周 0 件，以往几乎没有，本周突然出现，明显偏高');
  });

  it('the rules read as what happened and when staff are told', () => {
    const rule = (method: AlertTest['method'], extra: Partial<AlertTest> = {}) => plainSummaryOf({ dim: 'seller', label: 'S-01', test: { method, count: 16, threshold: 5, statement: '', ...extra } });
    expect(rule('distinctMembersRule', { distinctMembers: 16 })).toBe('本周该销售人员经手的保单收到 16 件投诉，来自 16 位不同的会员（5 位及以上即提醒）');
    expect(rule('policyRule')).toBe('本周同一张保单收到 16 件投诉（5 件及以上即提醒）');
    expect(rule('repeatRule')).toBe('同一位会员近期反复投诉，共 16 件，最近一件在本周（5 件及以上即提醒）');
    for (const m of ['distinctMembersRule', 'policyRule', 'repeatRule'] as const) expect(rule(m)).not.toMatch(TECHNICAL);
    expect(plainSummaryOf(rise(12, 8, 24, { method: 'overdispersedLogT' }))).not.toMatch(TECHNICAL);
  });

  it('the notice a manager gets carries the plain sentence, not the test', () => {
    const alert = { ...rise(12, 8, 24), id: 'ew-1', key: 'k', week: '2026-W47', kind: 'rise', value: 'premium', series: [], evidence: { complaints: [], total: 12, truncated: false }, status: 'new' } as unknown as EarlyWarningAlert;
    const manager = { id: 'staff-m', role: 'manager' } as never;
    const [entry] = earlyWarningOutbox([alert], [manager], () => 'n-1', new Date('2026-11-23T00:00:00Z')).get('ew-1')!;
    const summary = JSON.stringify(entry);
    expect(summary).toContain('投诉类别「保费扣缴」：本周投诉 12 件，过去 8 周平均每周 3 件');
    expect(summary).not.toContain('Bonferroni');
  });
});
