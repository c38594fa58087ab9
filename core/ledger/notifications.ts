import type { NotificationArea } from '../notifications/areas';
import type { NotificationEvent } from '../notifications/events';
import { outboxFromEvents, type OutboxEntry } from '../notifications/outbox';
import { dueText } from '../shared/shanghaiTime';
import type { LedgerItem } from './model';

export const LEDGER_NOTICE_AREA = 'ledger';

export type LedgerEventType = 'deadlineWarning' | 'deadlineBreached' | 'escalated';

const ALERT_TITLES: Record<LedgerEventType, string> = {
  deadlineWarning: '整改事项即将到期',
  deadlineBreached: '整改事项已逾期',
  escalated: '整改事项逾期升级',
};

/**
 * Ledger items concern staff only: their alerts go to the admin page's feed, never to a member (no
 * template, no message-centre entry), so `memberId` stays empty.
 */
export const ledgerNotifications: NotificationArea = {
  area: LEDGER_NOTICE_AREA,
  label: '整改台账',
  templates: {},
  templateFor: () => undefined,
  templateValues: () => ({}),
  page: () => '',
  addressed: true,
  messageTitle: (e) => `${ALERT_TITLES[e.type as LedgerEventType] ?? '整改事项提醒'} · ${e.subject.number}`,
  alertTitle: (e) => `${ALERT_TITLES[e.type as LedgerEventType] ?? '整改事项提醒'}：${e.subject.number}`,
};

/** What a deadline check recorded (lifecycle.ts evaluateDeadline), as alerts to the people concerned. */
export const ledgerDeadlineEvents = (
  item: LedgerItem,
  at: string,
  out: { warned: number; breached: number; escalated: number },
): NotificationEvent[] => {
  const base = { area: LEDGER_NOTICE_AREA, audience: 'staff' as const, subject: { id: item.id, number: item.number }, memberId: '', at };
  const due = dueText(item.dueAt);
  const events: NotificationEvent[] = [];
  // A breach found without an earlier warning says only that it is overdue: one alert, not two.
  if (out.warned) events.push({ ...base, type: 'deadlineWarning', ownerId: item.ownerId, summary: `「${item.title}」整改期限${due}将至` });
  if (out.breached) events.push({ ...base, type: 'deadlineBreached', ownerId: item.ownerId, summary: `「${item.title}」整改期限${due}已过，请尽快完成整改` });
  if (out.escalated && item.escalatedTo) {
    events.push({ ...base, type: 'escalated', ownerId: item.escalatedTo.id, summary: `「${item.title}」已逾期未完成整改，升级由您督办` });
  }
  return events;
};

export const ledgerDeadlineOutbox = (
  item: LedgerItem,
  at: string,
  out: { warned: number; breached: number; escalated: number },
  newId: () => string,
): OutboxEntry[] => outboxFromEvents(ledgerDeadlineEvents(item, at, out), newId, new Date(at));
