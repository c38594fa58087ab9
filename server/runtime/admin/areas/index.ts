import type { StaffAreas } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';
import { alertsArea } from './alerts';
import { auditArea } from './audit';
import { calendarArea } from './calendar';
import { complaintsArea } from './complaints';
import { membersArea } from './members';
import { messagesArea } from './messages';
import { privacyArea } from './privacy';
import { staffArea } from './staff';
import { satisfactionArea } from './satisfaction';
import { consultationsArea } from './consultations';
import { claimsArea } from './claims';
import { benefitsArea } from './benefits';
import { incidentsArea } from './incidents';
import { educationArea } from './education';
import { reportsArea } from './reports';
import { dashboardArea } from './dashboard';
import { ledgerArea } from './ledger';
import { earlyWarningArea } from './earlyWarning';
import { qualityArea } from './quality';

/**
 * Every staff area, by the name in `/admin/api/<area>/<action>`. Adding an area is its table file
 * and one line here; the router, the role walk test and `staff/me` all read this.
 */
export const STAFF_AREAS: StaffAreas<AdminDeps> = {
  complaints: complaintsArea,
  staff: staffArea(() => STAFF_AREAS),
  alerts: alertsArea,
  messages: messagesArea,
  audit: auditArea,
  calendar: calendarArea,
  privacy: privacyArea,
  members: membersArea,
  satisfaction: satisfactionArea,
  consultations: consultationsArea,
  claims: claimsArea,
  benefits: benefitsArea,
  incidents: incidentsArea,
  education: educationArea,
  dashboard: dashboardArea,
  reports: reportsArea,
  ledger: ledgerArea,
  earlyWarning: earlyWarningArea,
  quality: qualityArea,
};
