import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseHolidayNoticeStore } from '../../adapters/cloudbase/holidayNoticeStore';
import { cloudbaseContentCheck } from '../../adapters/wechat/contentSafety';
import { liveCalendar } from '../../core/calendar/liveCalendar';
import { isDomainError } from '../../core/shared/errors';
import { clientEvent, cloudCaller } from '../../server/runtime/cloudIdentity';
import { dispatch } from '../../server/runtime/functionRuntime';
import { jsonLogger } from '../../server/runtime/log';
import { builtInHolidayTable, complaintDeps, systemClock } from '../../server/runtime/systemPorts';
import { complaintActions } from './actions';
import type { MemberComplaintDeps } from '../../core/complaints/deps';
import { cloudbaseMemberStore } from '../../adapters/cloudbase/memberStores';
import { cloudbaseFileStorage, type CbStorageApp } from '../../adapters/cloudbase/fileStorage';
import { cloudbaseUploadRegister } from '../../adapters/cloudbase/uploadRegister';
import { keyRingBox, keyRingFromEnv } from '../../adapters/crypto/secretBox';
import { assertStartable } from '../../server/runtime/startupCheck';

assertStartable('complaints');
// Created once per warm container and reused across invocations.
const { app, db } = connectCloudbase();
const live = liveCalendar(builtInHolidayTable, cloudbaseHolidayNoticeStore(db), systemClock);
// The personal-data key (checked at start-up in CloudBase), read on first use: phone, ID and card numbers a
// member types are stored sealed, and opened for them.
let ring: ReturnType<typeof keyRingBox> | undefined;
const piiKey = () => (ring ??= keyRingBox(keyRingFromEnv(process.env)));
const box = { seal: (s: string) => piiKey().seal(s), open: (s: string) => piiKey().open(s) };
const deps: MemberComplaintDeps = {
  ...complaintDeps(cloudbaseComplaintStore(db), box, systemClock, live.calendar, cloudbaseContentCheck(app as never)),
  // Member quotas on the member store's atomic counters; attachments checked in storage (README, Files).
  limits: cloudbaseMemberStore(db),
  files: cloudbaseFileStorage(app as unknown as CbStorageApp),
  // Server-named upload paths, registered for the orphan sweep and counted against the day's uploads.
  uploadSlots: { register: cloudbaseUploadRegister(db), limits: cloudbaseMemberStore(db) },
};
const log = jsonLogger({ fn: 'complaints' });

export const main = async (event: unknown, context: unknown) => {
  const caller = cloudCaller(event, context);
  // Identity first: nothing touches the database for a refused caller. Imported holiday notices reach
  // a warm container within a minute; a failed reload keeps the calendar it had.
  if (!isDomainError(caller)) await live.refresh().catch((e) => log.error('calendar reload failed', { error: String(e) }));
  return dispatch(complaintActions, deps, caller, clientEvent(event), log);
};
