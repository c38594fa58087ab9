/** "剩余 3小时20分" / "已超时 1天2小时": the SLA countdown the queue shows. */
export const countdown = (dueAt: string, now: number): { text: string; tone: 'overdue' | 'soon' | 'ok' } => {
  const ms = Date.parse(dueAt) - now;
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = d ? `${d}天${h}小时` : h ? `${h}小时${m}分` : `${m}分钟`;
  if (ms <= 0) return { text: `已超时 ${span}`, tone: 'overdue' };
  return { text: `剩余 ${span}`, tone: ms < 8 * 3_600_000 ? 'soon' : 'ok' };
};

export const STATUS_OPTIONS = [
  { label: '已提交', value: 'submitted' },
  { label: '已受理', value: 'acknowledged' },
  { label: '处理中', value: 'inProgress' },
  { label: '待会员补充', value: 'waitingForMember' },
  { label: '重新处理', value: 'reopened' },
  { label: '已申请核查', value: 'reviewRequested' },
  { label: '核查中', value: 'underReview' },
];
export const GRADE_OPTIONS = [
  { label: '一般', value: 'ordinary' },
  { label: '较大', value: 'significant' },
  { label: '重大', value: 'major' },
];
export const CATEGORY_OPTIONS = [
  { label: '理赔争议', value: 'claims' },
  { label: '销售误导', value: 'sales' },
  { label: '服务态度', value: 'service' },
  { label: '保全变更', value: 'policyChange' },
  { label: '保费扣缴', value: 'premium' },
  { label: '会员权益', value: 'benefits' },
  { label: '个人信息', value: 'privacy' },
  { label: '其他', value: 'other' },
];
export const CHANNEL_OPTIONS = [
  { label: '小程序', value: 'miniprogram' },
  { label: '电话', value: 'phone' },
  { label: '网站', value: 'web' },
  { label: 'App', value: 'app' },
  { label: '信函', value: 'letter' },
];
export const TIMELINE_LABELS: Record<string, string> = {
  submitted: '提交投诉', acknowledged: '受理', assigned: '分派', graded: '分级', reply: '回复会员', informationRequested: '请会员补充',
  memberAddedInformation: '会员补充', internalNote: '内部备注', regulatoryExtended: '延长期限', regulatoryRestarted: '期限重算',
  appraisalStarted: '外部鉴定开始', appraisalEnded: '外部鉴定结束', resolved: '处理结果', rated: '会员评价', reviewRequested: '申请核查',
  reviewStarted: '核查受理', reopened: '重新处理', closed: '办结', withdrawn: '撤回', deadlineWarning: '时限预警', deadlineBreached: '时限超时',
};
