import type { NotificationArea } from '../notifications/areas';
import type { NotificationEvent } from '../notifications/events';
import { COMPLAINTS_AREA, type ComplaintEventType } from './events';

/** 投诉进度通知 / 投诉处理结果通知: the two templates members subscribe to when filing. */
const TEMPLATE_OF: Partial<Record<ComplaintEventType, 'progress' | 'result'>> = {
  received: 'progress',
  acknowledged: 'progress',
  replied: 'progress',
  informationRequested: 'progress',
  regulatoryExtended: 'progress',
  appraisalStarted: 'progress',
  reviewStarted: 'progress',
  reopened: 'progress',
  deadlinesChanged: 'progress',
  satisfactionReminder: 'progress',
  resolved: 'result',
  closed: 'result',
  withdrawn: 'result',
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
  satisfactionReminder: '待您评价',
  resolved: '已答复',
  closed: '已办结',
  withdrawn: '已撤回',
};

/**
 * The message-centre title: what happened, in the member's words; the number follows after ` · `
 * (the messages page shows it as secondary text). Every member event has one.
 */
export const MESSAGE_TITLE: Partial<Record<ComplaintEventType, string>> = {
  received: '投诉已提交',
  acknowledged: '投诉已受理',
  replied: '客服回复了您的投诉',
  informationRequested: '请补充材料',
  regulatoryExtended: '处理期限已延长',
  appraisalStarted: '已委托外部鉴定',
  reviewStarted: '核查申请已受理',
  reopened: '投诉重新处理中',
  deadlinesChanged: '处理时限已调整',
  satisfactionReminder: '请评价投诉处理结果',
  resolved: '处理结果已出',
  closed: '投诉已办结',
  withdrawn: '投诉已撤回',
};

const ALERT_TITLES: Partial<Record<ComplaintEventType, string>> = {
  greenChannelAlert: '绿色通道案件',
  reviewRequested: '会员申请核查',
  escalated: '案件已升级至主管',
  deadlineWarning: '时限即将到期',
  deadlineBreached: '时限已超时，已升级',
};

const eventsUnder = (template: 'progress' | 'result') => Object.keys(TEMPLATE_OF).filter((t) => TEMPLATE_OF[t as ComplaintEventType] === template);

const typeOf = (e: NotificationEvent) => e.type as ComplaintEventType;

export const complaintNotifications: NotificationArea = {
  area: COMPLAINTS_AREA,
  label: '投诉',
  templates: {
    progress: {
      envVar: 'TPL_COMPLAINT_PROGRESS',
      title: '投诉进度通知',
      keywords: { character_string1: '投诉单号', thing2: '进度说明', phrase3: '处理状态', time4: '更新时间', thing5: '温馨提示' },
      events: eventsUnder('progress'),
    },
    result: {
      envVar: 'TPL_COMPLAINT_RESULT',
      title: '投诉处理结果通知',
      keywords: { character_string1: '投诉单号', phrase2: '处理结果', thing3: '结果说明', time4: '办结时间' },
      events: eventsUnder('result'),
    },
  },
  templateFor: (e) => TEMPLATE_OF[typeOf(e)],
  templateValues: (template, e): Record<string, string> =>
    template === 'progress'
      ? { character_string1: e.subject.number, thing2: e.summary, phrase3: STATUS_PHRASE[typeOf(e)] ?? '处理中', time4: e.at, thing5: '点击查看投诉处理进度' }
      : { character_string1: e.subject.number, phrase2: STATUS_PHRASE[typeOf(e)] ?? '已答复', thing3: e.summary, time4: e.at },
  page: (e) => `packages/complaints/pages/complaint-detail/complaint-detail?id=${e.subject.id}`,
  messageTitle: (e) => `${MESSAGE_TITLE[typeOf(e)] ?? '投诉进度更新'} · ${e.subject.number}`,
  alertTitle: (e) => `${ALERT_TITLES[typeOf(e)] ?? '投诉提醒'}：${e.subject.number}`,
};
