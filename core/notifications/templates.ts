import type { ComplaintEvent, ComplaintEventType } from '../complaints/events';

export type TemplateKey = 'complaintProgress' | 'complaintResult';

/** 投诉进度通知 / 投诉处理结果通知: the two templates members subscribe to when filing. */
const TEMPLATE_OF: Partial<Record<ComplaintEventType, TemplateKey>> = {
  received: 'complaintProgress',
  acknowledged: 'complaintProgress',
  replied: 'complaintProgress',
  informationRequested: 'complaintProgress',
  regulatoryExtended: 'complaintProgress',
  appraisalStarted: 'complaintProgress',
  reviewStarted: 'complaintProgress',
  reopened: 'complaintProgress',
  deadlinesChanged: 'complaintProgress',
  resolved: 'complaintResult',
  closed: 'complaintResult',
  withdrawn: 'complaintResult',
};

/** Short status words, each within the phrase rule (≤ 5 Chinese characters). */
export const STATUS_PHRASE: Partial<Record<ComplaintEventType, string>> = {
  received: '已提交',
  acknowledged: '已受理',
  replied: '已回复',
  informationRequested: '待补充材料',
  regulatoryExtended: '期限延长',
  appraisalStarted: '外部鉴定',
  reviewStarted: '核查中',
  reopened: '重新处理',
  deadlinesChanged: '时限调整',
  resolved: '已答复',
  closed: '已办结',
  withdrawn: '已撤回',
};

export const templateFor = (type: ComplaintEventType): TemplateKey | undefined => TEMPLATE_OF[type];

/** Raw values by template key name; fitTemplateData trims them to each key type's rule. */
export const templateValues = (key: TemplateKey, e: ComplaintEvent): Record<string, string> =>
  key === 'complaintProgress'
    ? { character_string1: e.number, thing2: e.summary, phrase3: STATUS_PHRASE[e.type] ?? '处理中', time4: e.at, thing5: '点击查看投诉处理进度' }
    : { character_string1: e.number, phrase2: STATUS_PHRASE[e.type] ?? '已答复', thing3: e.summary, time4: e.at };

export const messagePage = (e: ComplaintEvent) => `pages/complaint-detail/complaint-detail?id=${e.complaintId}`;
