import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbaseBenefitStore } from '../../adapters/cloudbase/benefitStores';
import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import type { CbDatabase } from '../../adapters/cloudbase/database';
import { cloudbaseMemberStore, cloudbasePolicyStore } from '../../adapters/cloudbase/memberStores';
import { cloudbasePrivacyStore } from '../../adapters/cloudbase/privacyStores';
import { cloudbaseInboxStore } from '../../adapters/cloudbase/staffStores';
import { keyRingBox, keyRingFromEnv } from '../../adapters/crypto/secretBox';
import type { WorkingCalendar } from '../../core/calendar/workingCalendar';
import type { MemberDeps } from '../../core/members/deps';
import type { SmsSender, WeChatPhone } from '../../core/members/ports';
import { consentGate } from '../../core/privacy/consent';
import type { PrivacyDeps } from '../../core/privacy/deps';
import { PRIVACY_NOTICE, PRIVACY_REQUEST_POLICY, RETENTION_TABLE } from '../../core/privacy/policy';
import type { KeyRingBox } from '../../core/shared/keyRing';
import type { SecretBox } from '../../core/staff/ports';
import { randomCode, randomIds, sha256, systemClock } from './systemPorts';

/**
 * The member record and privacy wiring on CloudBase, built the same way by every function that needs
 * it (members, admin, slaMonitor). Functions that never send SMS or check phones (admin, the timer)
 * get senders that refuse, so a wrong call fails loudly instead of silently.
 */
/** The personal-data key ring from the function's environment (PII_KEYS + PII_KEY_CURRENT, or the older single PII_KEY). */
export const piiBox = (fn: string, env: NodeJS.ProcessEnv = process.env): KeyRingBox => {
  try {
    return keyRingBox(keyRingFromEnv(env));
  } catch (e) {
    throw new Error(`the ${fn} function cannot open personal data: ${e instanceof Error ? e.message : String(e)}`);
  }
};

export const refusingSms = (fn: string): SmsSender => ({
  sendCode: async () => {
    throw new Error(`the ${fn} function sends no SMS`);
  },
});

export const refusingPhoneCheck = (fn: string): WeChatPhone => ({
  phoneFromCode: async () => {
    throw new Error(`the ${fn} function checks no WeChat phone`);
  },
});

export const cloudMemberDeps = (db: CbDatabase, box: SecretBox, sms: SmsSender, wechatPhone: WeChatPhone): MemberDeps => ({
  members: cloudbaseMemberStore(db),
  policies: cloudbasePolicyStore(db),
  box,
  sms,
  wechatPhone,
  consent: consentGate({ records: cloudbasePrivacyStore(db), notice: PRIVACY_NOTICE }),
  clock: systemClock,
  ids: randomIds,
  hash: sha256,
  newCode: randomCode,
  heldTier: (memberId) => cloudbaseBenefitStore(db).getStanding(memberId),
  // Failed binding attempts, for the incident detector (core/members/binding.ts).
  audit: cloudbaseAuditLog(db, systemClock),
});

export const cloudPrivacyDeps = (db: CbDatabase, members: MemberDeps, calendar: WorkingCalendar): PrivacyDeps => ({
  ...members,
  records: cloudbasePrivacyStore(db),
  complaints: cloudbaseComplaintStore(db),
  inbox: cloudbaseInboxStore(db),
  calendar,
  notice: PRIVACY_NOTICE,
  requestPolicy: PRIVACY_REQUEST_POLICY,
  retention: RETENTION_TABLE,
});
