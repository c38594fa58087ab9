import { GRADES, STATUSES, type DeadlineKind, type Grade, type TimelineType } from './model';

export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  acknowledge: '受理时限',
  resolve: '处理时限',
  regulatory: '监管答复时限',
  review: '核查时限',
};

export const REMEDIES = ['申请核查', '调解', '仲裁', '诉讼'] as const;

/** The timeline as the member reads it. */
export const MEMBER_TIMELINE_LABELS: Record<TimelineType, string> = {
  submitted: '提交投诉',
  acknowledged: '已受理',
  assigned: '已分派',
  takenOver: '已接手',
  graded: '已分级',
  reply: '客服回复',
  informationRequested: '请您补充材料',
  memberAddedInformation: '您补充了信息',
  internalNote: '内部备注',
  callLogged: '通话记录',
  regulatoryExtended: '处理期限延长',
  regulatoryRestarted: '处理期限重新计算',
  appraisalStarted: '外部鉴定开始',
  appraisalEnded: '外部鉴定结束',
  resolved: '处理结果',
  rated: '您的评价',
  reviewRequested: '申请核查',
  reviewStarted: '核查受理',
  reopened: '重新处理',
  closed: '已办结',
  withdrawn: '已撤回',
  deadlineWarning: '时限提醒',
  deadlineBreached: '时限超时',
  deadlinesRecalculated: '时限调整',
};

/** The timeline as staff read it (who did what to the member's case). */
export const STAFF_TIMELINE_LABELS: Record<TimelineType, string> = {
  submitted: '提交投诉', acknowledged: '受理', assigned: '分派', takenOver: '接手', graded: '分级', reply: '回复会员', informationRequested: '请会员补充',
  memberAddedInformation: '会员补充', internalNote: '内部备注', callLogged: '通话记录', regulatoryExtended: '延长期限', regulatoryRestarted: '期限重算',
  appraisalStarted: '外部鉴定开始', appraisalEnded: '外部鉴定结束', resolved: '处理结果', rated: '会员评价', reviewRequested: '申请核查',
  reviewStarted: '核查受理', reopened: '重新处理', closed: '办结', withdrawn: '撤回', deadlineWarning: '时限预警', deadlineBreached: '时限超时',
  deadlinesRecalculated: '节假日安排公布，时限重算',
};

/** Statuses as staff read them: the member's "待您补充" addresses the member, not the handler. */
export const STAFF_STATUS_LABELS: Record<keyof typeof STATUSES, string> = { ...STATUSES, waitingForMember: '待会员补充' };

/** The one provisional-grade marker, for the queue and the detail alike: 重大, or 重大（待确认） until confirmed. */
export const gradeText = (grade: Grade, confirmed: boolean): string => `${GRADES[grade]}${confirmed ? '' : '（待确认）'}`;
