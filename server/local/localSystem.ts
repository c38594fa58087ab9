import { makeFolders } from '../../adapters/folders';
import { complaintRecordSource } from '../../core/members/staffMembers';
import { privacyRecordSource } from '../../core/privacy/recordSource';
import { fakeWeChatPhone } from '../../adapters/wechat/phoneNumber';
import { sqliteImportJobStore } from '../../adapters/sqlite/importJobStore';
import { fakeContentCheck } from '../../adapters/wechat/contentSafety';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sqliteAuditLog } from '../../adapters/sqlite/auditLog';
import { anchorKeyFromEnv, fileAnchorSink, hmacAnchorSigner } from '../../adapters/auditAnchors';
import { sqliteInboxStore } from '../../adapters/sqlite/inboxStore';
import { sqliteSessionStore, sqliteSignInGuard, sqliteStaffStore } from '../../adapters/sqlite/staffStores';
import type { AdminDeps } from '../runtime/admin/deps';
import { scryptPasswords } from '../../adapters/crypto/passwords';
import { aesGcmBox, keyRingBox, keyRingFromEnv, randomTokens } from '../../adapters/crypto/secretBox';
import { otpauthTotp } from '../../adapters/crypto/totp';
import { sqliteComplaintStore } from '../../adapters/sqlite/complaintStore';
import { openDatabase, type Db } from '../../adapters/sqlite/database';
import { writerLimits } from '../../adapters/sqlite/writerThread';
import { timeOrderedIds } from '../../adapters/sqlite/timeOrderedIds';
import { sqliteOutboxStore } from '../../adapters/sqlite/outboxStore';
import { sqliteSubscriptionStore } from '../../adapters/sqlite/subscriptionStore';
import { complaintActions } from '../../cloudfunctions/complaints/actions';
import type { MemberComplaintDeps } from '../../core/complaints/deps';
import { localFileStorage } from './gateway/uploads';
import { memberActions } from '../../cloudfunctions/members/actions';
import { sqliteMemberStore, sqlitePolicyStore } from '../../adapters/sqlite/memberStores';
import { sandboxSms } from '../../adapters/sms/sandboxSms';
import { sqliteMemberDirectory } from '../../adapters/sqlite/memberDirectory';
import type { MemberDeps as MemberRecordDeps } from '../../core/members/deps';
import { sha256 } from '../../adapters/hash';
import { localExportFiles } from './exportFiles';
import { sqliteJobStore, sqliteReportStore } from '../../adapters/sqlite/reportStores';
import { sqliteTargetSettingStore } from '../../adapters/sqlite/targetSettingStore';
import { rollupComplaintSource } from '../../core/reports/complaintSource';
import type { QuarterSources } from '../../core/reports/sources';
import { incidentSource, reachSource } from '../../core/reports/connectedSources';
import { incidentCounts } from '../../core/incidents/counts';
import { jobsTick } from '../runtime/jobsRun';
import type { Clock } from '../../core/shared/ports';
import { knownTemplateIds, subscribeTemplateIds } from '../runtime/config';
import { NOTIFICATION_AREAS } from '../runtime/notificationAreas';
import { sandboxSender } from '../../adapters/wechat/senders';
import type { ActionTable } from '../runtime/functionRuntime';
import { builtInHolidayTable, calendarDeps, complaintDeps, randomCode, randomIds, systemClock } from '../runtime/systemPorts';
import { listHolidayNoticesSync, sqliteHolidayNoticeStore } from '../../adapters/sqlite/holidayNoticeStore';
import { liveCalendar } from '../../core/calendar/liveCalendar';
import { sqlitePrivacyStore } from '../../adapters/sqlite/privacyStores';
import { sqliteConsultationStore } from '../../adapters/sqlite/consultationStore';
import { consultationActions } from '../../cloudfunctions/consultations/actions';
import type { MemberConsultationDeps, StaffConsultationDeps } from '../../core/consultations/deps';
import { consultationDeadlineHolder, consultationDeadlineWatch } from '../../core/consultations/deadlines';
import { CONSULTATION_POLICY } from '../../core/consultations/policy';
import { consultationRecordSource } from '../../core/consultations/recordSource';
import { consultationAttachmentArea } from '../../core/consultations/attachmentArea';
import { complaintAttachmentArea } from '../../core/complaints/attachmentArea';
import { claimAttachmentArea } from '../../core/claims/attachmentArea';
import type { AttachmentArea } from '../../core/shared/orphanUploads';
import type { UploadSlotPorts } from '../../core/shared/uploadSlots';
import { consentGate } from '../../core/privacy/consent';
import { privacyDeadlineHolder, privacyDeadlineWatch } from '../../core/privacy/deadlines';
import { complaintDeadlineWatch } from '../../core/complaints/slaMonitor';
import { rollupFollowUp, satisfactionReminderFollowUp } from '../../core/complaints/satisfactionTimer';
import { sqliteComplaintChangeFeed, sqliteRollupStore } from '../../adapters/sqlite/rollupStore';
import { sqliteComplaintReceivedScan } from '../../adapters/sqlite/dashboardDrill';
import { sqliteBookingChangeFeed as drillBookings, sqliteClaimChangeFeed as drillClaims, sqliteConsultationChangeFeed as drillConsultations } from '../../adapters/sqlite/rollupStore';
import type { ClockGuardDeps } from '../../core/deadlines/clockGuard';
import { sqliteDeadlineTimerStore } from '../../adapters/sqlite/deadlineTimerStore';
import type { PrivacyDeps } from '../../core/privacy/deps';
import { PRIVACY_NOTICE, PRIVACY_REQUEST_POLICY, RETENTION_TABLE } from '../../core/privacy/policy';
import { sqliteBenefitStore } from '../../adapters/sqlite/benefitStores';
import { svgQr } from '../../adapters/qr/qrcode';
import { benefitActions } from '../../cloudfunctions/benefits/actions';
import type { BenefitDeps } from '../../core/benefits/deps';
import { BENEFIT_POLICY } from '../../core/benefits/policy';
import { benefitDeadlineWatch } from '../../core/benefits/watch';
import { sqliteEducationStore } from '../../adapters/sqlite/educationStore';
import { educationDeadlineWatch } from '../../core/education/announce';
import { educationAttachmentArea } from '../../core/education/attachmentArea';
import type { EducationStaffDeps } from '../../core/education/deps';
import { sqliteClaimStore } from '../../adapters/sqlite/claimStore';
import { claimActions } from '../../cloudfunctions/claims/actions';
import type { MemberClaimDeps, StaffClaimDeps } from '../../core/claims/deps';
import { claimDeadlineHolder, claimDeadlineWatch } from '../../core/claims/deadlines';
import { sqliteLedgerStore } from '../../adapters/sqlite/ledgerStore';
import { sqliteQualityStore } from '../../adapters/sqlite/qualityStore';
import { sqliteUploadRegister } from '../../adapters/sqlite/uploadRegister';
import { feedFrameSource, storeCaseReader } from '../../core/quality/sources';
import { sqliteClaimChangeFeed, sqliteConsultationChangeFeed } from '../../adapters/sqlite/rollupStore';
import { ledgerDeadlineHolder, ledgerDeadlineWatch } from '../../core/ledger/deadlineWatch';
import { ledgerAttachmentArea } from '../../core/ledger/attachmentArea';
import { sqliteEarlyWarningStore } from '../../adapters/sqlite/earlyWarningStore';
import { sqliteComplaintDrill } from '../../adapters/sqlite/complaintDrill';
import { earlyWarningWatch } from '../../core/earlyWarning/watch';
import { rollupWeeklyCounts } from '../../core/earlyWarning/weeklyCountsFromRollups';
import { EARLY_WARNING_POLICY } from '../../core/earlyWarning/policy';
import type { LedgerDeps } from '../../core/ledger/deps';
import { CLAIM_POLICY, CLAIM_TYPES } from '../../core/claims/policy';
import { assertSensitiveUploadAllowed } from '../../core/privacy/consent';
import { incidentWatch } from '../../core/incidents/watch';
import { sqliteIncidentStore } from '../../adapters/sqlite/incidentStore';

export interface FunctionEntry {
  table: ActionTable<never>;
  deps: unknown;
}

/** Everything the local system runs on: one SQLite file, the same action tables the cloud functions serve. */
/**
 * The key for personal data at rest. Locally: a random key kept in the data folder (never committed);
 * in the cloud: PII_KEYS + PII_KEY_CURRENT (or the older PII_KEY) from the function's environment (README, Configuration).
 */
/** The data folder (database, key, dev secret) is the owner's alone: 0700. */
const privateDataDir = (dataDir: string) => {
  makeFolders(dataDir);
  fs.chmodSync(dataDir, 0o700);
};

const localBox = (dataDir: string) => {
  // PII_KEYS / PII_KEY_CURRENT (or PII_KEY) as in the cloud, e.g. to try a rotation and npm run rekey locally.
  if (process.env.PII_KEYS || process.env.PII_KEY) return keyRingBox(keyRingFromEnv(process.env));
  const file = path.join(dataDir, 'pii.key');
  privateDataDir(dataDir);
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { mode: 0o600 });
  // Owner only, also for a key written by an older version with the default mode.
  fs.chmodSync(file, 0o600);
  return aesGcmBox(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
};

/** A random key kept in the data folder (never committed), e.g. for signing file links. */
const localKey = (dataDir: string, name: string): Buffer => {
  const file = path.join(dataDir, name);
  makeFolders(dataDir);
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { mode: 0o600 });
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
};

export const localSystem = (opts: { dataDir: string; clock?: Clock; dbFile?: string; fastPasswords?: boolean }) => {
  privateDataDir(opts.dataDir);
  const db: Db = openDatabase(opts.dbFile ?? path.join(opts.dataDir, 'member-service.db'));
  const clock = opts.clock ?? systemClock;
  const audit = sqliteAuditLog(db, clock);
  const notices = sqliteHolidayNoticeStore(db, audit.appendSync);
  const live = liveCalendar(builtInHolidayTable, notices, clock, { initial: listHolidayNoticesSync(db) });
  const box = localBox(opts.dataDir);
  const uploads = localFileStorage(opts.dataDir, localKey(opts.dataDir, 'files.key'), clock);
  // Export jobs' files (季度报告 XLSX) are served by the same signed file route as attachments.
  const exportFiles = localExportFiles(opts.dataDir, localKey(opts.dataDir, 'files.key'));
  const files: typeof uploads = { ...uploads, resolve: (name, query, now) => (exportFiles.owns(name) ? exportFiles.resolve(name, query, now) : uploads.resolve(name, query, now)) };
  // Member quotas count on the member store's atomic counters (memberRecords, below); files live in the data folder.
  // Cloud-mode upload slots (uploadSlot) work locally too: a register table and the same upload counter.
  const uploadSlots: UploadSlotPorts = { register: sqliteUploadRegister(db), limits: { takeLimits: (rules, now) => memberRecords.members.takeLimits(rules, now) } };
  const complaints: MemberComplaintDeps = {
    ...complaintDeps(sqliteComplaintStore(db, audit.appendSync), box, clock, live.calendar, fakeContentCheck),
    // Complaint and outbox ids in time order: new rows land on the last page of their key index (timeOrderedIds.ts).
    ids: timeOrderedIds,
    files,
    // In the turn's group commit (groupCommit.ts), on the writer thread when the gateway runs one (writerThread.ts).
    limits: writerLimits(db, (rules, now) => memberRecords.members.takeLimits(rules, now)),
    uploadSlots,
  };
  const privacyRecords = sqlitePrivacyStore(db, audit.appendSync);
  // 咨询: the member function's deps (quotas on the member store's counters, photos in the data folder).
  const consultationCore = {
    store: sqliteConsultationStore(db, audit.appendSync),
    clock,
    ids: randomIds,
    calendar: live.calendar,
    policy: CONSULTATION_POLICY,
    hash: sha256,
    box,
  };
  const consultations: MemberConsultationDeps = {
    ...consultationCore,
    files,
    contentCheck: fakeContentCheck,
    limits: { takeLimits: (rules, now) => memberRecords.members.takeLimits(rules, now) },
    members: { get: (id) => memberRecords.members.get(id) },
    policies: { get: (no) => memberRecords.policies.get(no) },
    uploadSlots,
  };
  // Privacy due dates count working days too; the holder needs no personal data (as in slaMonitor).
  const privacyClocks = { records: privacyRecords, calendar: live.calendar, clock, requestPolicy: PRIVACY_REQUEST_POLICY, ids: randomIds };
  const holidays = calendarDeps(notices, live, complaints, [privacyDeadlineHolder(privacyClocks), consultationDeadlineHolder(consultationCore)]);
  const admin: AdminDeps = {
    ...complaints,
    holidays,
    staff: sqliteStaffStore(db, audit.appendSync),
    sessions: sqliteSessionStore(db),
    signIn: sqliteSignInGuard(db),
    // Tests may use cheaper scrypt parameters; the format records them, so verification is unchanged.
    passwords: scryptPasswords(opts.fastPasswords ? { N: 1024, r: 8, p: 1 } : undefined),
    totp: otpauthTotp,
    box,
    tokens: randomTokens,
    audit,
    inbox: sqliteInboxStore(db),
    directory: sqliteMemberDirectory(db),
    files,
    // The member page's areas, in this order (a new area with records about members adds its source here).
    recordSources: [complaintRecordSource(complaints.store), privacyRecordSource(privacyRecords), consultationRecordSource(consultationCore.store)],
  };
  const subscriptions = { subscriptions: sqliteSubscriptionStore(db), inbox: admin.inbox, clock, knownTemplateIds: knownTemplateIds() };
  const sms = sandboxSms(db, admin.box);
  const benefitStore = sqliteBenefitStore(db, audit.appendSync);
  const memberRecords: MemberRecordDeps = {
    // The tier the benefits hold (a downgrade waits for the review there): what the home shows.
    heldTier: (memberId) => benefitStore.getStanding(memberId),
    members: sqliteMemberStore(db, audit.appendSync),
    policies: sqlitePolicyStore(db, audit.appendSync),
    box: admin.box,
    sms: sms.sender,
    wechatPhone: fakeWeChatPhone,
    // Binding needs the general consent to the notice the privacy actions serve (read when asked, so one source).
    consent: { hasCurrentConsent: (memberId) => consentGate(privacy).hasCurrentConsent(memberId) },
    clock,
    ids: randomIds,
    hash: sha256,
    newCode: randomCode,
    // Failed binding attempts, for the incident detector (core/members/binding.ts).
    audit,
  };
  const privacy: PrivacyDeps = {
    ...memberRecords,
    records: privacyRecords,
    complaints: complaints.store,
    inbox: admin.inbox,
    calendar: live.calendar,
    notice: PRIVACY_NOTICE,
    requestPolicy: PRIVACY_REQUEST_POLICY,
    retention: RETENTION_TABLE,
  };
  admin.privacy = privacy;
  // 权益宣传: articles, reads and reach marks; staff images in the data folder (kept by the sweep through the articles).
  const educationStore = sqliteEducationStore(db, audit.appendSync);
  const education: EducationStaffDeps = {
    education: educationStore,
    files,
    clock,
    ids: randomIds,
    isBound: async (id) => (await memberRecords.members.get(id))?.kind === 'bound',
    images: { save: async (owner, bytes) => files.save(owner, Buffer.from(bytes)) },
  };
  admin.education = education;
  const members = { ...subscriptions, ...memberRecords, privacy, education };
  admin.register = { members: memberRecords.members, policies: memberRecords.policies, jobs: sqliteImportJobStore(db, audit.appendSync), hash: sha256 };
  admin.smsSandbox = sms;
  const consultationStaff: StaffConsultationDeps = { ...consultationCore, box, audit, staff: admin.staff, directory: admin.directory, files, complaints };
  admin.consultations = consultationStaff;
  // 理赔: the member function reads the register for binding and policies; health documents pass the privacy consent gate.
  const claimCore = { store: sqliteClaimStore(db, audit.appendSync), clock, ids: randomIds, calendar: live.calendar, policy: CLAIM_POLICY, types: CLAIM_TYPES, hash: sha256, box };
  // Claim due dates move when a year's holiday notice is imported (2027 is 暂定 until then).
  holidays.holders.push(claimDeadlineHolder(claimCore));
  const claims: MemberClaimDeps = {
    ...claimCore,
    members: memberRecords.members,
    policies: memberRecords.policies,
    box,
    files,
    sensitiveConsent: { assertAllowed: (memberId) => assertSensitiveUploadAllowed(privacy, memberId) },
    uploadSlots,
  };
  const claimStaff: StaffClaimDeps = { ...claimCore, audit, staff: admin.staff, directory: admin.directory, files, complaints };
  admin.claims = claimStaff;
  // 整改台账: items on the working calendar (recomputed on a new notice), evidence in the uploads folder under `staff:<id>`.
  const ledgerCore: LedgerDeps = { store: sqliteLedgerStore(db, audit.appendSync), clock, ids: randomIds, calendar: live.calendar, staff: admin.staff, hash: sha256 };
  holidays.holders.push(ledgerDeadlineHolder(ledgerCore));
  admin.ledger = { ...ledgerCore, files, audit, uploads: { put: async (owner, bytes, name) => files.save(owner, Buffer.from(bytes), name) } };
  // 服务质检: frames from the rollups' change feeds; a sampled case read as its area's masked staff view.
  admin.quality = {
    store: sqliteQualityStore(db, audit.appendSync),
    frames: feedFrameSource({ complaints: sqliteComplaintChangeFeed(db), consultations: sqliteConsultationChangeFeed(db), claims: sqliteClaimChangeFeed(db) }, clock),
    cases: storeCaseReader({ complaints, consultations: consultationCore, claims: claimCore }, async () => new Map((await admin.staff.list()).map((s) => [s.id, s.displayName]))),
    ledger: ledgerCore,
    clock,
    ids: randomIds,
    calendar: live.calendar,
    staff: admin.staff,
    audit,
    hash: sha256,
  };
  // 会员权益: the member record and policies decide the tier; staff and partners see the record's masks only.
  const benefits: BenefitDeps = {
    benefits: benefitStore,
    members: memberRecords.members,
    policies: memberRecords.policies,
    qr: svgQr,
    clock,
    ids: randomIds,
    hash: sha256,
    newCode: randomCode,
    policy: BENEFIT_POLICY,
  };
  admin.memberBenefits = benefits;
  // 信息安全事件 (core/incidents): the detector rides on the slaMonitor watches below; staff names resolve evidence actors.
  const incidentStore = sqliteIncidentStore(db, audit.appendSync);
  admin.incidents = {
    store: incidentStore,
    clock,
    hash: sha256,
    staffNames: async () => new Map((await admin.staff.list()).map((s) => [s.id, s.displayName])),
  };
  // Audit anchors (core/audit/anchor.ts): AUDIT_ANCHOR_KEY as in the cloud, else a key of its own in the data folder;
  // the anchors go to an append-only file, never into the database. Beside the database by default, where whoever
  // owns the data folder can also delete them: AUDIT_ANCHOR_FILE puts them elsewhere (another disk or host, a file
  // made append-only with `chattr +a`), and every anchor is printed to the process log as well.
  const anchorKey = anchorKeyFromEnv(process.env) ?? localKey(opts.dataDir, 'audit-anchor.key');
  const anchorFile = process.env.AUDIT_ANCHOR_FILE?.trim() || path.join(opts.dataDir, 'audit-anchors.log');
  admin.auditAnchors = { sign: hmacAnchorSigner(anchorKey), sink: fileAnchorSink(anchorFile) };
  const outbox = sqliteOutboxStore(db);
  /** The notify function's work, locally: WeChat replaced by the sandbox sender (recorded, shown on the admin page). */
  const notify = {
    outbox,
    inbox: admin.inbox,
    subscriptions: subscriptions.subscriptions,
    sender: sandboxSender(admin.inbox, clock),
    clock,
    areas: NOTIFICATION_AREAS,
    templateIds: subscribeTemplateIds(),
    miniprogramState: 'developer' as const,
  };
  const sla = { ...complaints, staff: admin.staff, holidays };
  /** What the slaMonitor timer runs: every area with deadlines. */
  // The management rollups (core/rollups/): one consumer riding on the complaint watch's run, and the satisfaction reminders it schedules.
  const rollups = sqliteRollupStore(db);
  admin.rollups = rollups;
  // 季度报告 (core/reports): frozen figures over the rollups; its XLSX jobs run in-process by jobsTick (the cloud's `jobs` timer).
  const quarterSources: QuarterSources = {
    complaints: rollupComplaintSource(rollups),
    incidents: incidentSource(incidentCounts(incidentStore)),
    reach: reachSource({ education: educationStore }),
  };
  const quarterly = { reports: sqliteReportStore(db, audit.appendSync), targetSettings: sqliteTargetSettingStore(db, audit.appendSync), sources: quarterSources, clock, ids: randomIds, hash: sha256 };
  admin.quarterly = { ...quarterly, jobs: sqliteJobStore(db, audit.appendSync), jobFiles: exportFiles };
  const jobs = { jobs: admin.quarterly.jobs, files: exportFiles, quarterly };
  admin.dashboardDrill = {
    complaintsReceived: sqliteComplaintReceivedScan(db),
    complaints: sqliteComplaintChangeFeed(db),
    consultations: drillConsultations(db),
    claims: drillClaims(db),
    bookings: drillBookings(db),
  };
  // One consumer, a cursor per feed: complaints (with their policy's product, sales channel and seller from the register), consultations, claims, bookings.
  const rollupDeps = {
    feed: sqliteComplaintChangeFeed(db),
    rollups,
    clock,
    policy: complaints.policy,
    policies: memberRecords.policies,
    consultations: drillConsultations(db),
    claims: drillClaims(db),
    bookings: drillBookings(db),
  };
  const earlyWarningAlerts = sqliteEarlyWarningStore(db, audit.appendSync);
  admin.earlyWarning = { alerts: earlyWarningAlerts };
  const deadlineWatches = [
    complaintDeadlineWatch(sla, [rollupFollowUp(rollupDeps), satisfactionReminderFollowUp({ store: complaints.store, reminders: rollups, clock })]),
    privacyDeadlineWatch(privacyClocks),
    consultationDeadlineWatch({ ...consultationCore, staff: admin.staff }),
    claimDeadlineWatch({ ...claimCore, staff: admin.staff }),
    ledgerDeadlineWatch(ledgerCore),
    benefitDeadlineWatch(benefits),
    incidentWatch({ incidents: incidentStore, audit, clock, hash: sha256 }),
    educationDeadlineWatch(education),
    // 风险预警: the last complete ISO week, once (core/earlyWarning/weeklyRun.ts), from the rollups' week counters.
    earlyWarningWatch({ counts: rollupWeeklyCounts(rollups), drill: sqliteComplaintDrill(db), alerts: earlyWarningAlerts, clock, hash: sha256, policy: EARLY_WARNING_POLICY, notify: { staff: admin.staff, ids: randomIds } }),
  ];
  /** The clock guard around them (core/deadlines/clockGuard.ts): last run, escalation hold, the supervisors' alert. */
  const deadlineTimer = sqliteDeadlineTimerStore(db);
  admin.deadlineTimer = deadlineTimer;
  const deadlineGuard: ClockGuardDeps = {
    timer: deadlineTimer,
    alerts: admin.inbox,
    clock,
    supervisorId: async () => (await admin.staff.list()).find((s) => s.role === 'supervisor')?.id,
  };
  const functions: Record<string, FunctionEntry> = {
    complaints: { table: complaintActions as ActionTable<never>, deps: complaints },
    members: { table: memberActions as ActionTable<never>, deps: members },
    consultations: { table: consultationActions as ActionTable<never>, deps: consultations },
    claims: { table: claimActions as ActionTable<never>, deps: claims },
    benefits: { table: benefitActions as ActionTable<never>, deps: benefits },
  };
  /**
   * Every area whose records hold member uploads: the orphan sweep keeps what any of them holds
   * (core/shared/orphanUploads.ts). A new area that attaches files adds itself here.
   */
  const attachmentAreas: AttachmentArea[] = [complaintAttachmentArea(complaints.store), consultationAttachmentArea(consultationCore.store), claimAttachmentArea(claimCore.store), ledgerAttachmentArea(ledgerCore.store), educationAttachmentArea(educationStore)];
  return { attachmentAreas, db, clock, box, complaints, consultations, claims, benefits, files, admin, subscriptions, members, privacy, smsSandbox: sms, outbox, notify, sla, rollupDeps, deadlineWatches, deadlineGuard, functions, dataDir: opts.dataDir, jobs, jobsTick: (budgetMs?: number) => jobsTick(jobs, budgetMs) };
};

export type LocalSystem = ReturnType<typeof localSystem>;
