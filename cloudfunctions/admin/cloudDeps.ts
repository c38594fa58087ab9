import { cloudbaseDeadlineTimerStore } from '../../adapters/cloudbase/deadlineTimerStore';
import { cloudbaseRollupStore } from '../../adapters/cloudbase/rollupStore';
import { cloudbaseComplaintReceivedScan } from '../../adapters/cloudbase/dashboardDrill';
import { cloudbaseBookingChangeFeed, cloudbaseClaimChangeFeed, cloudbaseComplaintChangeFeed, cloudbaseConsultationChangeFeed } from '../../adapters/cloudbase/rollupStore';
import { complaintRecordSource } from '../../core/members/staffMembers';
import { privacyRecordSource } from '../../core/privacy/recordSource';
import { cloudbaseConsultationStore } from '../../adapters/cloudbase/consultationStore';
import { CONSULTATION_POLICY } from '../../core/consultations/policy';
import { consultationRecordSource } from '../../core/consultations/recordSource';
import { consultationDeadlineHolder } from '../../core/consultations/deadlines';
import { randomIds as consultationIds } from '../../server/runtime/systemPorts';
import { cloudbaseImportJobStore } from '../../adapters/cloudbase/importJobStore';
import { sha256 } from '../../adapters/hash';
import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { anchorKeyFromEnv, hmacAnchorSigner } from '../../adapters/auditAnchors';
import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { cloudbaseMemberDirectory } from '../../adapters/cloudbase/memberDirectory';
import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseInboxStore, cloudbaseSessionStore, cloudbaseSignInGuard, cloudbaseStaffStore } from '../../adapters/cloudbase/staffStores';
import { scryptPasswords } from '../../adapters/crypto/passwords';
import { randomTokens } from '../../adapters/crypto/secretBox';
import { privacyDeadlineHolder } from '../../core/privacy/deadlines';
import { cloudMemberDeps, cloudPrivacyDeps, piiBox, refusingPhoneCheck, refusingSms } from '../../server/runtime/cloudMembers';
import { otpauthTotp } from '../../adapters/crypto/totp';
import { builtInHolidayTable, calendarDeps, complaintDeps, systemClock } from '../../server/runtime/systemPorts';
import { cloudbaseHolidayNoticeStore } from '../../adapters/cloudbase/holidayNoticeStore';
import { liveCalendar } from '../../core/calendar/liveCalendar';
import { cloudbaseFileStorage, type CbStorageApp } from '../../adapters/cloudbase/fileStorage';
import type { AdminDeps } from '../../server/runtime/admin/deps';
import { cloudbaseBenefitStore } from '../../adapters/cloudbase/benefitStores';
import { cloudbaseImageStore, type CbUploadApp } from '../../adapters/cloudbase/educationImages';
import { cloudEducationDeps } from '../../server/runtime/cloudEducation';
import { svgQr } from '../../adapters/qr/qrcode';
import { BENEFIT_POLICY } from '../../core/benefits/policy';
import { randomCode } from '../../server/runtime/systemPorts';
import { cloudbaseClaimStore } from '../../adapters/cloudbase/claimStore';
import { CLAIM_POLICY, CLAIM_TYPES } from '../../core/claims/policy';
import { claimDeadlineHolder } from '../../core/claims/deadlines';
import { cloudbaseLedgerStore } from '../../adapters/cloudbase/ledgerStore';
import { cloudbaseIncidentStore } from '../../adapters/cloudbase/incidentStore';
import { cloudbaseQualityStore } from '../../adapters/cloudbase/qualityStore';
import { feedFrameSource, storeCaseReader } from '../../core/quality/sources';
import { cloudbaseEarlyWarningStore } from '../../adapters/cloudbase/earlyWarningStore';
import { cloudbaseEvidenceUploads } from '../../adapters/cloudbase/ledgerEvidence';
import { ledgerDeadlineHolder } from '../../core/ledger/deadlineWatch';
import { cloudQuarterly } from '../../server/runtime/cloudQuarterly';

/** Production wiring of the admin function: CloudBase stores, key from the function's environment. */
export const cloudAdminDeps = (): AdminDeps => {
  const { app, db } = connectCloudbase();
  const box = piiBox('admin');
  const notices = cloudbaseHolidayNoticeStore(db);
  const live = liveCalendar(builtInHolidayTable, notices, systemClock);
  const complaints = complaintDeps(cloudbaseComplaintStore(db), box, systemClock, live.calendar);
  const members = cloudMemberDeps(db, box, refusingSms('admin'), refusingPhoneCheck('admin'));
  const privacy = cloudPrivacyDeps(db, members, live.calendar);
  const anchorKey = anchorKeyFromEnv(process.env);
  const consultationStore = cloudbaseConsultationStore(db);
  const consultationClocks = { store: consultationStore, clock: systemClock, ids: consultationIds, calendar: live.calendar, policy: CONSULTATION_POLICY, hash: sha256, box };
  return {
    ...complaints,
    holidays: calendarDeps(notices, live, complaints, [
      privacyDeadlineHolder(privacy),
      consultationDeadlineHolder(consultationClocks),
      claimDeadlineHolder({ store: cloudbaseClaimStore(db), clock: systemClock, ids: consultationIds, calendar: live.calendar, policy: CLAIM_POLICY, types: CLAIM_TYPES, hash: sha256, box }),
      ledgerDeadlineHolder({ store: cloudbaseLedgerStore(db), clock: systemClock, ids: consultationIds, calendar: live.calendar, staff: cloudbaseStaffStore(db), hash: sha256 }),
    ]),
    staff: cloudbaseStaffStore(db),
    sessions: cloudbaseSessionStore(db),
    signIn: cloudbaseSignInGuard(db),
    passwords: scryptPasswords(),
    totp: otpauthTotp,
    box,
    tokens: randomTokens,
    audit: cloudbaseAuditLog(db, systemClock),
    // audit/verify checks anchors pasted from slaMonitor's log against this key (AUDIT_ANCHOR_KEY, optional here).
    ...(anchorKey ? { auditAnchors: { sign: hmacAnchorSigner(anchorKey) } } : {}),
    inbox: cloudbaseInboxStore(db),
    deadlineTimer: cloudbaseDeadlineTimerStore(db),
    rollups: cloudbaseRollupStore(db),
    dashboardDrill: {
      complaintsReceived: cloudbaseComplaintReceivedScan(db),
      complaints: cloudbaseComplaintChangeFeed(db),
      consultations: cloudbaseConsultationChangeFeed(db),
      claims: cloudbaseClaimChangeFeed(db),
      bookings: cloudbaseBookingChangeFeed(db),
    },
    // Staff member lookups read the same collections the member and policy stores write.
    directory: cloudbaseMemberDirectory(db),
    recordSources: [complaintRecordSource(complaints.store), privacyRecordSource(privacy.records), consultationRecordSource(consultationStore)],
    // 咨询: conversions open their complaint through the same complaints core.
    consultations: {
      store: consultationStore,
      clock: systemClock,
      ids: consultationIds,
      calendar: live.calendar,
      policy: CONSULTATION_POLICY,
      hash: sha256,
      box,
      audit: cloudbaseAuditLog(db, systemClock),
      staff: cloudbaseStaffStore(db),
      directory: cloudbaseMemberDirectory(db),
      files: cloudbaseFileStorage(app as unknown as CbStorageApp),
      complaints,
    },
    // 理赔: disputes become complaints through the same complaints core.
    claims: {
      store: cloudbaseClaimStore(db),
      clock: systemClock,
      ids: consultationIds,
      calendar: live.calendar,
      policy: CLAIM_POLICY,
      types: CLAIM_TYPES,
      hash: sha256,
      box,
      audit: cloudbaseAuditLog(db, systemClock),
      staff: cloudbaseStaffStore(db),
      directory: cloudbaseMemberDirectory(db),
      files: cloudbaseFileStorage(app as unknown as CbStorageApp),
      complaints,
    },
    // 会员权益: catalogue, slots, check-in by code; the tier reads the member record through the member stores.
    memberBenefits: {
      benefits: cloudbaseBenefitStore(db),
      members: members.members,
      policies: members.policies,
      qr: svgQr,
      clock: systemClock,
      ids: consultationIds,
      hash: sha256,
      newCode: randomCode,
      policy: BENEFIT_POLICY,
    },
    register: { members: members.members, policies: members.policies, jobs: cloudbaseImportJobStore(db), hash: sha256 },
    // 权益宣传: articles and reach; staff images go to storage under education/, members read them by temp link.
    education: { ...cloudEducationDeps(db, app, members.members, consultationIds), images: cloudbaseImageStore(app as unknown as CbUploadApp) },
    privacy,
    // 整改台账: evidence goes to storage under ledger/ (outside the members' folders); links audited per view.
    ledger: {
      store: cloudbaseLedgerStore(db),
      clock: systemClock,
      ids: consultationIds,
      calendar: live.calendar,
      staff: cloudbaseStaffStore(db),
      hash: sha256,
      files: cloudbaseFileStorage(app as unknown as CbStorageApp),
      uploads: cloudbaseEvidenceUploads(app as unknown as CbUploadApp),
      audit: cloudbaseAuditLog(db, systemClock),
    },
    // 服务质检: frames from the rollups' change feeds; a sampled case read as its area's masked staff view.
    quality: {
      store: cloudbaseQualityStore(db),
      frames: feedFrameSource({ complaints: cloudbaseComplaintChangeFeed(db), consultations: cloudbaseConsultationChangeFeed(db), claims: cloudbaseClaimChangeFeed(db) }, systemClock),
      cases: storeCaseReader(
        { complaints, consultations: { store: consultationStore }, claims: { store: cloudbaseClaimStore(db) } },
        async () => new Map((await cloudbaseStaffStore(db).list()).map((s) => [s.id, s.displayName])),
      ),
      ledger: { store: cloudbaseLedgerStore(db), clock: systemClock, ids: consultationIds, calendar: live.calendar, staff: cloudbaseStaffStore(db), hash: sha256 },
      clock: systemClock,
      ids: consultationIds,
      calendar: live.calendar,
      staff: cloudbaseStaffStore(db),
      audit: cloudbaseAuditLog(db, systemClock),
      hash: sha256,
    },
    // 信息安全事件: what slaMonitor's detector opened and what staff record; staff names resolve evidence actors.
    incidents: {
      store: cloudbaseIncidentStore(db),
      clock: systemClock,
      hash: sha256,
      staffNames: async () => new Map((await cloudbaseStaffStore(db).list()).map((s) => [s.id, s.displayName])),
    },
    // 风险预警: the alerts slaMonitor opens each week; handled here (排除, 转入整改台账 through the ledger above).
    earlyWarning: { alerts: cloudbaseEarlyWarningStore(db) },
    // Attachments open through getTempFileURL links (≤ 5 minutes), audited per view.
    files: cloudbaseFileStorage(app as unknown as CbStorageApp),
    // 季度报告: the report and commentary here; its XLSX jobs run in the jobs function (exceljs stays there).
    quarterly: (() => {
      const q = cloudQuarterly(db, app as unknown as CbUploadApp & CbStorageApp);
      return { ...q.quarterly, jobs: q.jobs, jobFiles: q.files };
    })(),
  };
};
