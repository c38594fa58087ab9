import type { ComplaintListItem, DeadlineView, MemberComplaintView } from '../../typings/api';
import { dueDateText, momentText } from './dates';

/** One tag colour per status, the same on the list and the detail page. */
export const statusTone = (status: string): '' | 'warn' | 'done' =>
  status === 'waitingForMember' ? 'warn' : status === 'resolved' || status === 'closed' ? 'done' : '';

/** What a running clock promises, as a phrase after its date: 12月3日24时前答复. */
const PROMISE: Record<DeadlineView['kind'], string> = {
  acknowledge: '受理',
  resolve: '答复',
  regulatory: '答复',
  review: '答复核查结果',
};

export interface DeadlineRow {
  kind: DeadlineView['kind'];
  label: string;
  hint: string;
  /** The date in words: 12月3日24时前, 已于11月4日 10:00完成, 原定11月26日 02:22前. */
  value: string;
  state: 'running' | 'overdue' | 'met' | 'metLate';
  paused: boolean;
  provisional: boolean;
}

/** The member's deadline card: each clock with its plain name, a one-line explanation and a Chinese date. */
export const deadlineRows = (deadlines: DeadlineView[], now: Date): DeadlineRow[] =>
  deadlines.map((d) => {
    const base = { kind: d.kind, label: d.label, hint: d.hint ?? '', paused: d.paused && !d.met, provisional: d.provisional && !d.met };
    if (d.met) {
      const when = d.metAt ? `已于${momentText(d.metAt, now)}完成` : '已完成';
      return { ...base, value: when, state: d.breached ? 'metLate' : 'met' };
    }
    if (d.overdue) return { ...base, value: `原定${dueDateText(d.dueAt, now)}`, state: 'overdue' };
    return { ...base, value: dueDateText(d.dueAt, now), state: 'running' };
  });

/** The to-do as a request to the member (the status tag beside it already says 待您补充). */
const TODO_WORDS: Record<string, string> = { 待您补充: '客服请您补充材料', 待评价: '处理结果已出，请您评价' };

/** The list card's second line: the member's to-do, else when we will next answer. */
export const listCardLine = (item: ComplaintListItem, now: Date): { todo: string; next: string; overdue: boolean } => {
  if (item.todo) return { todo: TODO_WORDS[item.todo] ?? item.todo, next: '', overdue: false };
  const n = item.memberNext;
  if (!n) return { todo: '', next: '', overdue: false };
  if (Date.parse(n.dueAt) <= now.getTime()) return { todo: '', next: '已超时，我们正在加紧处理', overdue: true };
  return { todo: '', next: `预计${dueDateText(n.dueAt, now)}${PROMISE[n.kind]}`, overdue: false };
};

/** One line for what happens next while nothing is asked of the member: the earliest clock still running. */
export const nextStepText = (c: MemberComplaintView, now: Date): string => {
  const open = c.deadlines.filter((d) => !d.met && !d.overdue).sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1))[0];
  if (!open) return '';
  const by = dueDateText(open.dueAt, now);
  if (open.kind === 'acknowledge') return `专人将于${by}受理您的投诉`;
  if (open.kind === 'review') return `正在核查，${by}答复核查结果`;
  return `正在处理，${by}答复您`;
};

/** The overdue card: what was missed and the new date that binds us (the regulatory one), in words. */
export const overdueCard = (c: MemberComplaintView, now: Date): { apology: string; missed: string; expectation: string } | null => {
  const o = c.overdue;
  if (!o) return null;
  return {
    apology: o.apology,
    missed: `${o.missed.join('、')}已过`,
    expectation: o.nextBinding ? `最迟${dueDateText(o.nextBinding.dueAt, now)}给您答复` : '我们将尽快给您答复，并由专人跟进',
  };
};
