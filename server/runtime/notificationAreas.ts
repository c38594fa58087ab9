import { complaintNotifications } from '../../core/complaints/notifications';
import type { NotificationArea } from '../../core/notifications/areas';
import { privacyNotifications } from '../../core/privacy/notifications';
import { consultationNotifications } from '../../core/consultations/notifications';
import { claimNotifications } from '../../core/claims/notifications';
import { benefitNotifications } from '../../core/benefits/notifications';
import { educationNotifications } from '../../core/education/notifications';
import { ledgerNotifications } from '../../core/ledger/notifications';
import { earlyWarningNotifications } from '../../core/earlyWarning/notifications';

/**
 * The registration list: every area whose events reach members or staff. A new area adds its
 * NotificationArea here and touches nothing else in the notification layer.
 */
export const NOTIFICATION_AREAS: readonly NotificationArea[] = [complaintNotifications, privacyNotifications, consultationNotifications, benefitNotifications, claimNotifications, educationNotifications, ledgerNotifications, earlyWarningNotifications];
