import { STAFF_STATUS_LABELS } from '../../core/complaints/labels';
import { CHANNELS, COMPLAINT_CATEGORIES, GRADES, OPEN_STATUSES } from '../../core/complaints/model';

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
export const STATUS_OPTIONS = options(STAFF_STATUS_LABELS, [...OPEN_STATUSES]);
export const GRADE_OPTIONS = options(GRADES);
export const CATEGORY_OPTIONS = options(COMPLAINT_CATEGORIES);
export const CHANNEL_OPTIONS = options(CHANNELS);
