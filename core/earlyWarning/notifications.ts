import type { NotificationArea } from '../notifications/areas';
import type { NotificationEvent } from '../notifications/events';
import { outboxFromEvents, type OutboxEntry } from '../notifications/outbox';
import { can } from '../staff/permissions';
import type { StaffUser } from '../staff/model';
import { ALERT_KIND_LABELS, type EarlyWarningAlert } from './model';
import { alertSubject, plainSummaryOf } from './plainWords';

export const EARLY_WARNING_NOTICE_AREA = 'earlyWarning';

/**
 * 风险预警 reach staff only: a new alert is announced in the admin page's feed to everyone who handles
 * alerts (earlyWarning.handle), one alert each, since the feed addresses alerts to a person.
 */
export const earlyWarningNotifications: NotificationArea = {
  area: EARLY_WARNING_NOTICE_AREA,
  label: '风险预警',
  templates: {},
  templateFor: () => undefined,
  templateValues: () => ({}),
  page: () => '',
  addressed: true,
  messageTitle: (e) => `新风险预警 · ${e.subject.number}`,
  alertTitle: (e) => `新风险预警：${e.subject.number}`,
};

/** Who is told of a new alert: active staff whose role handles alerts. */
export const earlyWarningRecipients = (staff: readonly StaffUser[]) => staff.filter((s) => !s.disabledAt && can(s.role, 'earlyWarning.handle'));

/** The staff alerts owed for each alert a run opens, by alert id (written only if that alert is new). */
export const earlyWarningOutbox = (alerts: readonly EarlyWarningAlert[], recipients: readonly StaffUser[], newId: () => string, now: Date): Map<string, OutboxEntry[]> =>
  new Map(
    alerts.map((a) => {
      const events: NotificationEvent[] = recipients.map((s) => ({
        area: EARLY_WARNING_NOTICE_AREA,
        type: 'alertOpened',
        audience: 'staff',
        // The alert's week and what it is about: no member data (a member is a pseudonym already).
        subject: { id: a.id, number: `${ALERT_KIND_LABELS[a.kind]} · ${a.week}` },
        memberId: '',
        at: now.toISOString(),
        ownerId: s.id,
        // Plain words for the manager who gets it; the test's statement is on the alert itself.
        summary: `${alertSubject(a)}：${plainSummaryOf(a)}`.slice(0, 120),
      }));
      return [a.id, outboxFromEvents(events, newId, now)];
    }),
  );
