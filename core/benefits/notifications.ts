import type { NotificationArea } from '../notifications/areas';
import type { NotificationEvent } from '../notifications/events';
import { BENEFITS_AREA, type BenefitEventType } from './events';

/** One template per topic: a booking confirmation is never pushed under the reminder's template, and so on. */
const TEMPLATE_OF: Record<BenefitEventType, string> = {
  booked: 'booked',
  reminder: 'reminder',
  cancelled: 'cancelled',
  expiring: 'expiring',
  tierChanged: 'tier',
  tierDowngradeNotice: 'tier',
  changeAnnounced: 'change',
};

const TITLES: Record<BenefitEventType, string> = {
  booked: '权益预约成功',
  reminder: '明日预约提醒',
  cancelled: '权益预约已取消',
  expiring: '权益即将到期',
  tierChanged: '会员等级已调整',
  tierDowngradeNotice: '会员等级年度评定通知',
  changeAnnounced: '会员权益调整公告',
};

const typeOf = (e: NotificationEvent) => e.type as BenefitEventType;
const eventsUnder = (t: string) => (Object.keys(TEMPLATE_OF) as BenefitEventType[]).filter((k) => TEMPLATE_OF[k] === t);
const d = (e: NotificationEvent, k: string, fallback = '') => e.detail?.[k] ?? fallback;

export const benefitNotifications: NotificationArea = {
  area: BENEFITS_AREA,
  label: '会员权益',
  templates: {
    booked: {
      envVar: 'TPL_BENEFIT_BOOKED',
      title: '预约成功通知',
      keywords: { thing1: '预约项目', time2: '预约时间', thing3: '服务地点', character_string4: '预约编号', thing5: '温馨提示' },
      events: eventsUnder('booked'),
    },
    reminder: {
      envVar: 'TPL_BENEFIT_REMINDER',
      title: '预约提醒',
      keywords: { thing1: '预约项目', time2: '预约时间', thing3: '服务地点', thing4: '温馨提示' },
      events: eventsUnder('reminder'),
    },
    cancelled: {
      envVar: 'TPL_BENEFIT_CANCELLED',
      title: '预约取消通知',
      keywords: { thing1: '预约项目', time2: '预约时间', character_string3: '预约编号', thing4: '备注' },
      events: eventsUnder('cancelled'),
    },
    expiring: {
      envVar: 'TPL_BENEFIT_EXPIRING',
      title: '权益到期提醒',
      keywords: { thing1: '权益名称', number2: '剩余次数', time3: '到期时间', thing4: '温馨提示' },
      events: eventsUnder('expiring'),
    },
    tier: {
      envVar: 'TPL_BENEFIT_TIER',
      title: '会员等级变更通知',
      keywords: { thing1: '会员等级', time2: '生效时间', thing3: '变更说明' },
      events: eventsUnder('tier'),
    },
    change: {
      envVar: 'TPL_BENEFIT_CHANGE',
      title: '权益变更通知',
      keywords: { thing1: '权益名称', time2: '生效时间', thing3: '变更内容' },
      events: eventsUnder('change'),
    },
  },
  templateFor: (e) => TEMPLATE_OF[typeOf(e)],
  templateValues: (template, e): Record<string, string> => {
    switch (template) {
      case 'booked':
        return { thing1: d(e, 'name'), time2: d(e, 'startsAt', e.at), thing3: d(e, 'place', '见权益详情'), character_string4: e.subject.number, thing5: '请按时到场，出示核销码' };
      case 'reminder':
        return { thing1: d(e, 'name'), time2: d(e, 'startsAt', e.at), thing3: d(e, 'place', '见权益详情'), thing4: '明天见，如需取消请尽早操作' };
      case 'cancelled':
        return { thing1: d(e, 'name'), time2: d(e, 'startsAt', e.at), character_string3: e.subject.number, thing4: '次数已退回' };
      case 'expiring':
        return { thing1: d(e, 'name'), number2: d(e, 'remaining', '0'), time3: d(e, 'expiresAt', e.at), thing4: '未使用的次数到期作废' };
      case 'tier':
        return { thing1: d(e, 'tier'), time2: d(e, 'effectiveAt', e.at), thing3: e.summary };
      default:
        return { thing1: d(e, 'name'), time2: d(e, 'effectiveAt', e.at), thing3: e.summary };
    }
  },
  page: (e) => {
    switch (typeOf(e)) {
      case 'booked':
      case 'reminder':
      case 'cancelled':
        return `packages/benefits/pages/my-bookings/my-bookings?id=${e.subject.id}`;
      case 'expiring':
      case 'changeAnnounced':
        return `packages/benefits/pages/benefit-detail/benefit-detail?id=${e.detail?.benefitId ?? ''}`;
      default:
        return 'packages/benefits/pages/benefits/benefits';
    }
  },
  messageTitle: (e) => (e.subject.number && !['tierChanged', 'tierDowngradeNotice', 'changeAnnounced', 'expiring'].includes(e.type) ? `${TITLES[typeOf(e)] ?? '会员权益'} · ${e.subject.number}` : (TITLES[typeOf(e)] ?? '会员权益')),
  alertTitle: (e) => `会员权益：${e.subject.number}`,
};
