import type { NotificationArea } from '../notifications/areas';
import { PRIVACY_AREA, type PrivacyEventType } from './events';
import type { PrivacyRequestKind } from './model';

/** The request as members name it; member events carry its kind in `detail.requestKind`. */
const REQUEST_WORDS: Record<PrivacyRequestKind, string> = { export: '数据导出申请', correction: '更正申请', deletion: '删除申请' };

/** What happened, after the request's name (更正申请已办结); the number follows after ` · `. */
export const MESSAGE_TITLE: Partial<Record<PrivacyEventType, string>> = {
  requestCompleted: '已办结',
  requestRefused: '未予办理',
  deadlinesChanged: '答复期限已调整',
};

const ALERT_TITLES: Record<PrivacyEventType, string> = {
  requestCompleted: '个人信息申请已办结',
  requestRefused: '个人信息申请未予办理',
  deadlinesChanged: '个人信息申请时限调整',
  deadlineWarning: '个人信息申请即将到期',
  deadlineBreached: '个人信息申请已超时',
};

/**
 * Privacy requests reach members in the message centre only: there is no subscribe-message
 * template for them, and a topic is never pushed under another topic's template.
 */
export const privacyNotifications: NotificationArea = {
  area: PRIVACY_AREA,
  label: '个人信息',
  templates: {},
  templateFor: () => undefined,
  templateValues: () => ({}),
  page: () => 'packages/members/pages/my-data/my-data',
  messageTitle: (e) =>
    `${REQUEST_WORDS[e.detail?.requestKind as PrivacyRequestKind] ?? '个人信息申请'}${MESSAGE_TITLE[e.type as PrivacyEventType] ?? '有新进展'} · ${e.subject.number}`,
  alertTitle: (e) => `${ALERT_TITLES[e.type as PrivacyEventType] ?? '个人信息申请提醒'}：${e.subject.number}`,
  // A member's data request is for those who handle them; an agent reading the feed has no privacy.read.
  readPermission: 'privacy.read',
};
