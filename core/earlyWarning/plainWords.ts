/**
 * What an alert means, in words a branch manager reads at a glance ("本周投诉 12 件，过去 8 周平均每周
 * 3 件，明显偏高"). The statistical evidence (`test.statement`: the test, p-value, threshold) stays on the
 * alert for compliance and is shown second, behind a toggle.
 */
import { DIM_LABELS, type EarlyWarningAlert } from './model';

type PlainAlert = Pick<EarlyWarningAlert, 'dim' | 'label' | 'test'>;

/** A weekly average as people say it: whole numbers plain, otherwise one decimal ("不到 1" below one). */
const perWeek = (mean: number): string => (mean > 0 && mean < 1 ? '不到 1' : ` ${Number.isInteger(mean) ? String(mean) : mean.toFixed(1)}`);

/** How far above usual, in words: the count as a multiple of the average once it is at least twice it. */
const howHigh = (count: number, mean: number): string => {
  if (mean === 0) return '以往几乎没有，本周突然出现，明显偏高';
  const times = count / mean;
  return times >= 2
    ? `约为平时的 ${times >= 10 ? Math.round(times) : Math.round(times * 10) / 10} 倍，明显偏高`
    : `比平时多 ${Math.max(1, Math.round(count - mean))} 件，超出平常的起伏，明显偏高`;
};

/** What the alert is about: 投诉类别「保费扣缴」. */
export const alertSubject = (a: Pick<EarlyWarningAlert, 'dim' | 'label'>): string => `${DIM_LABELS[a.dim]}「${a.label}」`;

/** The alert in one plain sentence, with no statistical terms. */
export const plainSummaryOf = (a: PlainAlert): string => {
  const t = a.test;
  switch (t.method) {
    case 'poissonConditional':
    case 'overdispersedLogT':
      return `本周投诉 ${t.count} 件，过去 ${t.historyWeeks ?? 0} 周平均每周${perWeek(t.baselineMean ?? 0)} 件，${howHigh(t.count, t.baselineMean ?? 0)}`;
    case 'distinctMembersRule':
      return `本周该销售人员经手的保单收到 ${t.count} 件投诉，来自 ${t.distinctMembers ?? t.count} 位不同的会员（${t.threshold} 位及以上即提醒）`;
    case 'policyRule':
      return `本周同一张保单收到 ${t.count} 件投诉（${t.threshold} 件及以上即提醒）`;
    case 'repeatRule':
      return `同一位会员近期反复投诉，共 ${t.count} 件，最近一件在本周（${t.threshold} 件及以上即提醒）`;
  }
};
