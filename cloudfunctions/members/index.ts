import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseHolidayNoticeStore } from '../../adapters/cloudbase/holidayNoticeStore';
import { cloudbaseSubscriptionStore } from '../../adapters/cloudbase/subscriptionStore';
import { tencentSms, tencentSmsConfigFromEnv } from '../../adapters/sms/tencentSms';
import { cloudbaseWeChatPhone } from '../../adapters/wechat/phoneNumber';
import { liveCalendar } from '../../core/calendar/liveCalendar';
import { isDomainError } from '../../core/shared/errors';
import { cloudMemberDeps, cloudPrivacyDeps, piiBox } from '../../server/runtime/cloudMembers';
import { clientEvent, cloudCaller } from '../../server/runtime/cloudIdentity';
import { knownTemplateIds } from '../../server/runtime/config';
import { dispatch } from '../../server/runtime/functionRuntime';
import { jsonLogger } from '../../server/runtime/log';
import { builtInHolidayTable, randomIds, systemClock } from '../../server/runtime/systemPorts';
import { memberActions } from './actions';
import { assertStartable } from '../../server/runtime/startupCheck';
import { cloudEducationDeps } from '../../server/runtime/cloudEducation';

/**
 * Production wiring of the members function, built once per warm container: messages, subscriptions,
 * the member record and binding (CloudBase stores, Tencent Cloud SMS) and the privacy actions. It
 * refuses to start without its configuration (PII_KEY, the SMS_* variables of adapters/sms/tencentSms.ts)
 * rather than failing each binding later.
 */
assertStartable('members');
const { app, db } = connectCloudbase();
const live = liveCalendar(builtInHolidayTable, cloudbaseHolidayNoticeStore(db), systemClock);
const memberRecords = cloudMemberDeps(db, piiBox('members'), tencentSms(tencentSmsConfigFromEnv()), cloudbaseWeChatPhone(app as never));
const privacy = cloudPrivacyDeps(db, memberRecords, live.calendar);
const inbox = privacy.inbox;
const deps = {
  ...memberRecords,
  subscriptions: cloudbaseSubscriptionStore(db),
  inbox,
  knownTemplateIds: knownTemplateIds(),
  privacy,
  // 权益宣传: articles for everyone, reads and the monthly activity mark for reach.
  education: cloudEducationDeps(db, app, memberRecords.members, randomIds),
};
const log = jsonLogger({ fn: 'members' });

export const main = async (event: unknown, context: unknown) => {
  const caller = cloudCaller(event, context);
  // Identity first: nothing touches the database for a refused caller. Privacy request deadlines count
  // working days, so imported holiday notices reach a warm container within a minute, as in complaints.
  if (!isDomainError(caller)) await live.refresh().catch((e) => log.error('calendar reload failed', { error: String(e) }));
  return dispatch(memberActions, deps, caller, clientEvent(event), log);
};
