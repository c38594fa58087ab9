import type { NotificationArea } from '../notifications/areas';
import type { NotificationEvent } from '../notifications/events';
import { CLAIMS_AREA, type ClaimEventType } from './events';

/**
 * Four templates, one topic each (never one topic under another's template): received, documents
 * needed, decision (an offer or a refusal), payment. Other member events reach the message centre
 * only. Template ids come from the environment (TPL_CLAIM_*), like every area's (server/runtime/config.ts).
 */
type Template = 'received' | 'documentsNeeded' | 'decision' | 'payment';
const TEMPLATE_OF: Partial<Record<ClaimEventType, Template>> = {
  received: 'received',
  documentsNeeded: 'documentsNeeded',
  offered: 'decision',
  refused: 'decision',
  paid: 'payment',
};

export const MESSAGE_TITLE: Partial<Record<ClaimEventType, string>> = {
  received: '理赔申请已受理',
  documentsNeeded: '请补充理赔材料',
  underReview: '理赔进入审核',
  offered: '理赔核定结果：请确认赔付金额',
  refused: '理赔审核结果',
  agreed: '已确认赔付金额',
  paid: '理赔款已支付',
  withdrawn: '理赔申请已撤销',
  converted: '理赔异议已转为投诉',
  deadlinesChanged: '理赔时限已调整',
};

const ALERT_TITLES: Partial<Record<ClaimEventType, string>> = {
  approvalNeeded: '理赔金额待审批',
  documentsArrived: '理赔材料已补齐',
  deadlineWarning: '理赔时限即将到期',
  deadlineBreached: '理赔时限已超时',
  escalated: '理赔超时已升级',
};

const typeOf = (e: NotificationEvent) => e.type as ClaimEventType;
const eventsUnder = (t: Template) => Object.keys(TEMPLATE_OF).filter((k) => TEMPLATE_OF[k as ClaimEventType] === t);

export const claimNotifications: NotificationArea = {
  area: CLAIMS_AREA,
  label: '理赔',
  templates: {
    received: {
      envVar: 'TPL_CLAIM_RECEIVED',
      title: '理赔受理通知',
      keywords: { character_string1: '案件编号', thing2: '受理说明', time3: '受理时间' },
      events: eventsUnder('received'),
    },
    documentsNeeded: {
      envVar: 'TPL_CLAIM_DOCUMENTS',
      title: '理赔材料补充通知',
      keywords: { character_string1: '案件编号', thing2: '所需材料', time3: '通知时间', thing4: '温馨提示' },
      events: eventsUnder('documentsNeeded'),
    },
    decision: {
      envVar: 'TPL_CLAIM_DECISION',
      title: '理赔审核结果通知',
      keywords: { character_string1: '案件编号', thing2: '审核结果', time3: '审核时间' },
      events: eventsUnder('decision'),
    },
    payment: {
      envVar: 'TPL_CLAIM_PAYMENT',
      title: '理赔款支付通知',
      keywords: { character_string1: '案件编号', amount2: '支付金额', time3: '支付时间' },
      events: eventsUnder('payment'),
    },
  },
  templateFor: (e) => TEMPLATE_OF[typeOf(e)],
  templateValues: (template, e): Record<string, string> => {
    if (template === 'documentsNeeded') return { character_string1: e.subject.number, thing2: e.detail?.items ?? e.summary, time3: e.at, thing4: '请一次补齐，补充期间时限暂停' };
    if (template === 'payment') return { character_string1: e.subject.number, amount2: `¥${(e.detail?.amountYuan ?? '').replace(/,/g, '')}`, time3: e.at };
    if (template === 'decision') return { character_string1: e.subject.number, thing2: e.summary, time3: e.at };
    return { character_string1: e.subject.number, thing2: e.summary, time3: e.at };
  },
  page: (e) => `packages/claims/pages/claim-detail/claim-detail?id=${e.subject.id}`,
  messageTitle: (e) => `${MESSAGE_TITLE[typeOf(e)] ?? '理赔有新进展'} · ${e.subject.number}`,
  alertTitle: (e) => `${ALERT_TITLES[typeOf(e)] ?? '理赔提醒'}：${e.subject.number}`,
};
