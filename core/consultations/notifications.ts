import type { NotificationArea } from '../notifications/areas';
import type { NotificationEvent } from '../notifications/events';
import { CONSULTATIONS_AREA, type ConsultationEventType } from './events';

/**
 * Three templates, one topic each (never one topic under another's template): an answer, a hand-off
 * to an advisor, a proposed plan. Other member events (enrollment recorded, converted) reach the
 * message centre only. Template ids come from the environment (TPL_CONSULT_*), like every area's.
 */
const TEMPLATE_OF: Partial<Record<ConsultationEventType, 'answered' | 'handedToAdvisor' | 'planProposed'>> = {
  answered: 'answered',
  handedToAdvisor: 'handedToAdvisor',
  planProposed: 'planProposed',
};

export const MESSAGE_TITLE: Partial<Record<ConsultationEventType, string>> = {
  answered: '您的咨询有了答复',
  handedToAdvisor: '咨询已转交保险顾问',
  planProposed: '保险顾问为您制定了方案',
  enrollmentRecorded: '已登记投保协助',
  converted: '咨询已转为投诉',
};

const ALERT_TITLES: Partial<Record<ConsultationEventType, string>> = {
  assignedToAdvisor: '新转交的咨询',
  followUp: '会员追问',
  deadlineWarning: '咨询答复即将到期',
  deadlineBreached: '咨询答复已超时',
  escalated: '咨询超时已升级',
};

const typeOf = (e: NotificationEvent) => e.type as ConsultationEventType;
const eventsUnder = (t: string) => Object.keys(TEMPLATE_OF).filter((k) => TEMPLATE_OF[k as ConsultationEventType] === t);

export const consultationNotifications: NotificationArea = {
  area: CONSULTATIONS_AREA,
  label: '咨询',
  templates: {
    answered: {
      envVar: 'TPL_CONSULT_ANSWERED',
      title: '咨询回复通知',
      keywords: { character_string1: '咨询编号', thing2: '回复内容', time3: '回复时间', thing4: '温馨提示' },
      events: eventsUnder('answered'),
    },
    handedToAdvisor: {
      envVar: 'TPL_CONSULT_HANDOVER',
      title: '咨询转接通知',
      keywords: { character_string1: '咨询编号', thing2: '处理进度', time3: '转接时间' },
      events: eventsUnder('handedToAdvisor'),
    },
    planProposed: {
      envVar: 'TPL_CONSULT_PLAN',
      title: '保险方案通知',
      keywords: { character_string1: '咨询编号', thing2: '方案内容', time3: '制定时间', thing4: '温馨提示' },
      events: eventsUnder('planProposed'),
    },
  },
  templateFor: (e) => TEMPLATE_OF[typeOf(e)],
  templateValues: (template, e): Record<string, string> => {
    if (template === 'handedToAdvisor') return { character_string1: e.subject.number, thing2: e.summary, time3: e.at };
    if (template === 'planProposed') return { character_string1: e.subject.number, thing2: e.summary, time3: e.at, thing4: '点击查看方案详情' };
    return { character_string1: e.subject.number, thing2: e.summary, time3: e.at, thing4: '点击查看答复，可继续追问' };
  },
  page: (e) => `packages/consultations/pages/consultation-detail/consultation-detail?id=${e.subject.id}`,
  messageTitle: (e) => `${MESSAGE_TITLE[typeOf(e)] ?? '咨询有新进展'} · ${e.subject.number}`,
  alertTitle: (e) => `${ALERT_TITLES[typeOf(e)] ?? '咨询提醒'}：${e.subject.number}`,
};
