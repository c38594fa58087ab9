import { cloudbaseClaimStore } from '../../adapters/cloudbase/claimStore';
import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseFileStorage, type CbStorageApp } from '../../adapters/cloudbase/fileStorage';
import { cloudbaseUploadRegister } from '../../adapters/cloudbase/uploadRegister';
import { cloudbaseHolidayNoticeStore } from '../../adapters/cloudbase/holidayNoticeStore';
import { cloudbaseMemberStore, cloudbasePolicyStore } from '../../adapters/cloudbase/memberStores';
import { cloudbasePrivacyStore } from '../../adapters/cloudbase/privacyStores';
import { keyRingBox, keyRingFromEnv } from '../../adapters/crypto/secretBox';
import { sha256 } from '../../adapters/hash';
import { liveCalendar } from '../../core/calendar/liveCalendar';
import type { MemberClaimDeps } from '../../core/claims/deps';
import { CLAIM_POLICY, CLAIM_TYPES } from '../../core/claims/policy';
import { assertSensitiveUploadAllowed } from '../../core/privacy/consent';
import { PRIVACY_NOTICE } from '../../core/privacy/policy';
import { isDomainError } from '../../core/shared/errors';
import { clientEvent, cloudCaller } from '../../server/runtime/cloudIdentity';
import { dispatch } from '../../server/runtime/functionRuntime';
import { jsonLogger } from '../../server/runtime/log';
import { assertStartable } from '../../server/runtime/startupCheck';
import { builtInHolidayTable, randomIds, systemClock } from '../../server/runtime/systemPorts';
import { claimActions } from './actions';

assertStartable('claims');
// Created once per warm container and reused across invocations.
const { app, db } = connectCloudbase();
const live = liveCalendar(builtInHolidayTable, cloudbaseHolidayNoticeStore(db), systemClock);
// The personal-data key on first use: the insured persons' names are opened for their own policyholder.
let ring: ReturnType<typeof keyRingBox> | undefined;
const piiKey = () => (ring ??= keyRingBox(keyRingFromEnv(process.env)));
const privacy = { records: cloudbasePrivacyStore(db), notice: PRIVACY_NOTICE };
const memberStore = cloudbaseMemberStore(db);
const deps: MemberClaimDeps = {
  store: cloudbaseClaimStore(db),
  clock: systemClock,
  ids: randomIds,
  calendar: live.calendar,
  policy: CLAIM_POLICY,
  types: CLAIM_TYPES,
  hash: sha256,
  members: memberStore,
  policies: cloudbasePolicyStore(db),
  box: { open: (s: string) => piiKey().open(s), seal: (s: string) => piiKey().seal(s) },
  files: cloudbaseFileStorage(app as unknown as CbStorageApp),
  sensitiveConsent: { assertAllowed: (memberId) => assertSensitiveUploadAllowed(privacy, memberId) },
  // Server-named upload paths, registered for the orphan sweep and counted against the day's uploads.
  uploadSlots: { register: cloudbaseUploadRegister(db), limits: memberStore },
};
const log = jsonLogger({ fn: 'claims' });

export const main = async (event: unknown, context: unknown) => {
  const caller = cloudCaller(event, context);
  // Identity first: nothing touches the database for a refused caller.
  if (!isDomainError(caller)) await live.refresh().catch((e) => log.error('calendar reload failed', { error: String(e) }));
  return dispatch(claimActions, deps, caller, clientEvent(event), log);
};
