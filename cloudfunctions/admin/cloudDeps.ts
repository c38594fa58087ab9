import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { cloudbaseMemberDirectory } from '../../adapters/cloudbase/memberDirectory';
import { cloudbaseMemberStore, cloudbasePolicyStore } from '../../adapters/cloudbase/memberStores';
import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseInboxStore, cloudbaseSessionStore, cloudbaseStaffStore } from '../../adapters/cloudbase/staffStores';
import { scryptPasswords } from '../../adapters/crypto/passwords';
import { aesGcmBox, randomTokens } from '../../adapters/crypto/secretBox';
import { otpauthTotp } from '../../adapters/crypto/totp';
import { builtInHolidayTable, calendarDeps, complaintDeps, systemClock } from '../../server/runtime/systemPorts';
import { cloudbaseHolidayNoticeStore } from '../../adapters/cloudbase/holidayNoticeStore';
import { liveCalendar } from '../../core/calendar/liveCalendar';
import type { AdminDeps } from '../../server/runtime/admin/deps';

/** Production wiring of the admin function: CloudBase stores, key from the function's environment. */
export const cloudAdminDeps = (): AdminDeps => {
  const { db } = connectCloudbase();
  const key = process.env.PII_KEY;
  if (!key) throw new Error('PII_KEY is not configured for the admin function');
  const notices = cloudbaseHolidayNoticeStore(db);
  const live = liveCalendar(builtInHolidayTable, notices, systemClock);
  const complaints = complaintDeps(cloudbaseComplaintStore(db), systemClock, live.calendar);
  return {
    ...complaints,
    holidays: calendarDeps(notices, live, complaints),
    staff: cloudbaseStaffStore(db),
    sessions: cloudbaseSessionStore(db),
    passwords: scryptPasswords(),
    totp: otpauthTotp,
    box: aesGcmBox(Buffer.from(key, 'base64')),
    tokens: randomTokens,
    audit: cloudbaseAuditLog(db, systemClock),
    inbox: cloudbaseInboxStore(db),
    // Staff member lookups read the same collections the member and policy stores write.
    directory: cloudbaseMemberDirectory(db),
    register: { members: cloudbaseMemberStore(db), policies: cloudbasePolicyStore(db) },
  };
};
