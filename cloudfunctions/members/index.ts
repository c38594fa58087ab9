import { cloudbaseWeChatPhone } from '../../adapters/wechat/phoneNumber';
import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseHolidayNoticeStore } from '../../adapters/cloudbase/holidayNoticeStore';
import { cloudbaseMemberStore, cloudbasePolicyStore } from '../../adapters/cloudbase/memberStores';
import { cloudbasePrivacyStore } from '../../adapters/cloudbase/privacyStores';
import { cloudbaseSubscriptionStore } from '../../adapters/cloudbase/subscriptionStore';
import { cloudbaseInboxStore } from '../../adapters/cloudbase/staffStores';
import { aesGcmBox } from '../../adapters/crypto/secretBox';
import { tencentSms, tencentSmsConfigFromEnv } from '../../adapters/sms/tencentSms';
import { liveCalendar } from '../../core/calendar/liveCalendar';
import type { MemberDeps as MemberRecordDeps } from '../../core/members/deps';
import type { PrivacyDeps } from '../../core/privacy/deps';
import { PRIVACY_NOTICE, PRIVACY_REQUEST_POLICY, RETENTION_TABLE } from '../../core/privacy/policy';
import { isDomainError } from '../../core/shared/errors';
import { clientEvent, cloudCaller } from '../../server/runtime/cloudIdentity';
import { knownTemplateIds } from '../../server/runtime/config';
import { dispatch } from '../../server/runtime/functionRuntime';
import { jsonLogger } from '../../server/runtime/log';
import { builtInHolidayTable, randomCode, randomIds, sha256, systemClock } from '../../server/runtime/systemPorts';
import { memberRecordActions } from './actions';

/**
 * Production wiring of the members function, built once per warm container: messages, subscriptions,
 * the member record and binding (CloudBase stores, Tencent Cloud SMS) and the privacy actions. It
 * refuses to start without its configuration (PII_KEY, the SMS_* variables of adapters/sms/tencentSms.ts)
 * rather than failing each binding later.
 */
const piiKey = (): Buffer => {
  const key = Buffer.from(process.env.PII_KEY ?? '', 'base64');
  if (key.length !== 32) throw new Error('PII_KEY is not configured for the members function: set it to the base64 of the 32-byte key the admin function uses');
  return key;
};

const { app, db } = connectCloudbase();
const box = aesGcmBox(piiKey());
const sms = tencentSms(tencentSmsConfigFromEnv());
const live = liveCalendar(builtInHolidayTable, cloudbaseHolidayNoticeStore(db), systemClock);
const inbox = cloudbaseInboxStore(db);

const memberRecords: MemberRecordDeps = {
  members: cloudbaseMemberStore(db),
  policies: cloudbasePolicyStore(db),
  box,
  sms,
  wechatPhone: cloudbaseWeChatPhone(app as never),
  clock: systemClock,
  ids: randomIds,
  hash: sha256,
  newCode: randomCode,
};
const privacy: PrivacyDeps = {
  ...memberRecords,
  records: cloudbasePrivacyStore(db),
  complaints: cloudbaseComplaintStore(db),
  inbox,
  calendar: live.calendar,
  notice: PRIVACY_NOTICE,
  requestPolicy: PRIVACY_REQUEST_POLICY,
  retention: RETENTION_TABLE,
};
const deps = {
  ...memberRecords,
  subscriptions: cloudbaseSubscriptionStore(db),
  inbox,
  knownTemplateIds: knownTemplateIds(),
  privacy,
};
const log = jsonLogger({ fn: 'members' });

export const main = async (event: unknown, context: unknown) => {
  const caller = cloudCaller(event, context);
  // Identity first: nothing touches the database for a refused caller. Privacy request deadlines count
  // working days, so imported holiday notices reach a warm container within a minute, as in complaints.
  if (!isDomainError(caller)) await live.refresh().catch((e) => log.error('calendar reload failed', { error: String(e) }));
  return dispatch(memberRecordActions, deps, caller, clientEvent(event), log);
};
