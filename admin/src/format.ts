import { CHANNELS, COMPLAINT_CATEGORIES, GRADES, OPEN_STATUSES, STATUSES } from '../../core/complaints/model';

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

const options = (labels: Record<string, string>, keys = Object.keys(labels)) => keys.map((value) => ({ label: labels[value], value }));

/** Labels come from the core's tables: one source for the words staff and members see. */
export const STATUS_OPTIONS = options(STATUSES, [...OPEN_STATUSES]);
export const GRADE_OPTIONS = options(GRADES);
export const CATEGORY_OPTIONS = options(COMPLAINT_CATEGORIES);
export const CHANNEL_OPTIONS = options(CHANNELS);
export const TIMELINE_LABELS: Record<string, string> = {
  submitted: '提交投诉', acknowledged: '受理', assigned: '分派', graded: '分级', reply: '回复会员', informationRequested: '请会员补充',
  memberAddedInformation: '会员补充', internalNote: '内部备注', regulatoryExtended: '延长期限', regulatoryRestarted: '期限重算',
  appraisalStarted: '外部鉴定开始', appraisalEnded: '外部鉴定结束', resolved: '处理结果', rated: '会员评价', reviewRequested: '申请核查',
  reviewStarted: '核查受理', reopened: '重新处理', closed: '办结', withdrawn: '撤回', deadlineWarning: '时限预警', deadlineBreached: '时限超时',
};
