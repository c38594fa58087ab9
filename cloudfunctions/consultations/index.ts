import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseConsultationStore } from '../../adapters/cloudbase/consultationStore';
import { cloudbaseFileStorage, type CbStorageApp } from '../../adapters/cloudbase/fileStorage';
import { cloudbaseUploadRegister } from '../../adapters/cloudbase/uploadRegister';
import { cloudbaseHolidayNoticeStore } from '../../adapters/cloudbase/holidayNoticeStore';
import { cloudbaseMemberStore, cloudbasePolicyStore } from '../../adapters/cloudbase/memberStores';
import { keyRingBox, keyRingFromEnv } from '../../adapters/crypto/secretBox';
import { sha256 } from '../../adapters/hash';
import { cloudbaseContentCheck } from '../../adapters/wechat/contentSafety';
import { liveCalendar } from '../../core/calendar/liveCalendar';
import type { MemberConsultationDeps } from '../../core/consultations/deps';
import { CONSULTATION_POLICY } from '../../core/consultations/policy';
import { isDomainError } from '../../core/shared/errors';
import { clientEvent, cloudCaller } from '../../server/runtime/cloudIdentity';
import { dispatch } from '../../server/runtime/functionRuntime';
import { jsonLogger } from '../../server/runtime/log';
import { assertStartable } from '../../server/runtime/startupCheck';
import { builtInHolidayTable, randomIds, systemClock } from '../../server/runtime/systemPorts';
import { consultationActions } from './actions';

assertStartable('consultations');
// Created once per warm container and reused across invocations.
const { app, db } = connectCloudbase();
const live = liveCalendar(builtInHolidayTable, cloudbaseHolidayNoticeStore(db), systemClock);
// The personal-data key on first use: phone, ID and card numbers a member types are stored sealed, and opened for them.
let ring: ReturnType<typeof keyRingBox> | undefined;
const piiKey = () => (ring ??= keyRingBox(keyRingFromEnv(process.env)));
const memberStore = cloudbaseMemberStore(db);
const deps: MemberConsultationDeps = {
  store: cloudbaseConsultationStore(db),
  clock: systemClock,
  ids: randomIds,
  calendar: live.calendar,
  policy: CONSULTATION_POLICY,
  hash: sha256,
  box: { seal: (s: string) => piiKey().seal(s), open: (s: string) => piiKey().open(s) },
  limits: memberStore,
  members: memberStore,
  policies: cloudbasePolicyStore(db),
  files: cloudbaseFileStorage(app as unknown as CbStorageApp),
  contentCheck: cloudbaseContentCheck(app as never),
  // Server-named upload paths, registered for the orphan sweep and counted against the day's uploads.
  uploadSlots: { register: cloudbaseUploadRegister(db), limits: memberStore },
};
const log = jsonLogger({ fn: 'consultations' });

export const main = async (event: unknown, context: unknown) => {
  const caller = cloudCaller(event, context);
  // Identity first: nothing touches the database for a refused caller.
  if (!isDomainError(caller)) await live.refresh().catch((e) => log.error('calendar reload failed', { error: String(e) }));
  return dispatch(consultationActions, deps, caller, clientEvent(event), log);
};
