import { qualityErrors } from './errors';
import type { QualityArea, Scorecard, ScorecardItem } from './model';

/**
 * The scorecards each area starts with (data: a compliance officer or manager edits them in the admin page;
 * every change is a new version). Weights are points out of 100; fatal errors fail the case outright.
 */
const card = (area: QualityArea, items: ScorecardItem[], fatal: [string, string][]): Scorecard => ({
  area,
  version: 1,
  items,
  fatalErrors: fatal.map(([key, label]) => ({ key, label })),
  passMark: 80,
  updatedAt: '2026-11-01T00:00:00.000Z',
});

const common = (first: ScorecardItem[]): ScorecardItem[] => [
  ...first,
  { key: 'courtesy', label: '服务态度与用语', weight: 15, guide: '称呼得体、语气耐心，无推诿、指责用语' },
  { key: 'record', label: '记录完整', weight: 15, guide: '时间线、内部备注、通话记录完整，附件归档' },
];

export const DEFAULT_SCORECARDS: Record<QualityArea, Scorecard> = {
  complaints: card(
    'complaints',
    common([
      { key: 'acknowledge', label: '及时受理与告知', weight: 15, guide: '按时确认受理，告知处理时限' },
      { key: 'investigation', label: '调查核实充分', weight: 20, guide: '核实事实、沟通相关部门，依据充分' },
      { key: 'resolution', label: '处理结果合规', weight: 20, guide: '处理意见有依据，告知会员救济途径' },
      { key: 'timeliness', label: '时限达标', weight: 15, guide: '在法定及公司时限内办结，延期有审批' },
    ]),
    [
      ['wrongDate', '告知了错误的监管时限'],
      ['unmaskedId', '向会员发送了未脱敏的证件号码'],
      ['noRemedy', '未告知会员申请核查或外部救济途径'],
    ],
  ),
  consultations: card(
    'consultations',
    common([
      { key: 'accuracy', label: '解答准确', weight: 30, guide: '条款、责任、流程解答准确，无误导' },
      { key: 'handoff', label: '转交及时完整', weight: 20, guide: '需要顾问时及时转交，背景信息完整' },
      { key: 'timeliness', label: '回复及时', weight: 20, guide: '在回复时限内答复' },
    ]),
    [
      ['misleading', '对保险责任作出误导性解答'],
      ['unmaskedId', '向会员发送了未脱敏的证件号码'],
    ],
  ),
  claims: card(
    'claims',
    common([
      { key: 'notice', label: '一次性告知材料', weight: 20, guide: '第二十二条通知一次性列明所需材料' },
      { key: 'calculation', label: '理算准确', weight: 30, guide: '扣除、免赔、比例有据可查，金额正确' },
      { key: 'timeliness', label: '核定及支付时限', weight: 20, guide: '三十日核定、十日支付、六十日先予支付' },
    ]),
    [
      ['wrongDate', '告知了错误的监管时限'],
      ['noRefusalLetter', '拒赔未出具书面通知及理由'],
      ['unmaskedId', '向会员发送了未脱敏的证件号码'],
    ],
  ),
};

/** A scorecard as saved: unique item keys, weights summing to exactly 100, a pass mark within 1–100. */
export const checkScorecard = (c: Pick<Scorecard, 'items' | 'fatalErrors' | 'passMark'>): void => {
  const seen = new Set<string>();
  for (const i of [...c.items.map((x) => x.key), ...c.fatalErrors.map((x) => `fatal:${x.key}`)]) {
    if (seen.has(i)) throw qualityErrors.duplicateItem(i.replace(/^fatal:/, ''));
    seen.add(i);
  }
  const sum = c.items.reduce((s, i) => s + i.weight, 0);
  if (sum !== 100) throw qualityErrors.weightsSum(sum);
  if (!Number.isInteger(c.passMark) || c.passMark < 1 || c.passMark > 100) throw qualityErrors.badPassMark();
};
