import type { NotificationArea } from '../notifications/areas';
import { PRIVACY_AREA, type PrivacyEventType } from './events';

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
  messageTitle: (e) => `个人信息申请 ${e.subject.number}`,
  alertTitle: (e) => `${ALERT_TITLES[e.type as PrivacyEventType] ?? '个人信息申请提醒'}：${e.subject.number}`,
};
