import { cloudbaseAuditLog } from '../../adapters/cloudbase/auditLog';
import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { connectCloudbase } from '../../adapters/cloudbase/connect';
import { cloudbaseHolidayNoticeStore } from '../../adapters/cloudbase/holidayNoticeStore';
import { cloudbaseSignInGuard, cloudbaseStaffStore } from '../../adapters/cloudbase/staffStores';
import { pruneSignInGuard } from '../../core/staff/throttle';
import { sha256 } from '../../adapters/hash';
import { checkpointAudit } from '../../core/audit/checkpoint';
import type { AnchorConfig } from '../../core/audit/anchor';
import { anchorKeyFromEnv, hmacAnchorSigner, logAnchorSink } from '../../adapters/auditAnchors';
import { liveCalendar } from '../../core/calendar/liveCalendar';
import { continueRecompute } from '../../core/calendar/recompute';
import { complaintDeadlineWatch } from '../../core/complaints/slaMonitor';
import { satisfactionReminderFollowUp } from '../../core/complaints/satisfactionTimer';
import { cloudbaseRollupStore } from '../../adapters/cloudbase/rollupStore';
import { runGuardedDeadlineTimer } from '../../core/deadlines/clockGuard';
import { cloudbaseDeadlineTimerStore } from '../../adapters/cloudbase/deadlineTimerStore';
import { cloudbaseInboxStore } from '../../adapters/cloudbase/staffStores';
import { privacyDeadlineHolder, privacyDeadlineWatch } from '../../core/privacy/deadlines';
import { PRIVACY_REQUEST_POLICY } from '../../core/privacy/policy';
import { cloudbaseConsultationStore } from '../../adapters/cloudbase/consultationStore';
import { consultationDeadlineHolder, consultationDeadlineWatch } from '../../core/consultations/deadlines';
import { CONSULTATION_POLICY } from '../../core/consultations/policy';
import { cloudbasePrivacyStore } from '../../adapters/cloudbase/privacyStores';
import { jsonLogger } from '../../server/runtime/log';
import { cloudbasePolicyStore } from '../../adapters/cloudbase/memberStores';
import type { SecretBox } from '../../core/staff/ports';
import { keyRingBox, keyRingFromEnv } from '../../adapters/crypto/secretBox';
import { builtInHolidayTable, calendarDeps, complaintDeps, randomIds, systemClock } from '../../server/runtime/systemPorts';
import { assertStartable } from '../../server/runtime/startupCheck';
import { cloudbaseBenefitStore } from '../../adapters/cloudbase/benefitStores';
import { cloudbaseMemberStore } from '../../adapters/cloudbase/memberStores';
import { refusingQr } from '../../adapters/qr/refusingQr';
import { BENEFIT_POLICY } from '../../core/benefits/policy';
import { benefitDeadlineWatch } from '../../core/benefits/watch';
import { randomCode } from '../../server/runtime/systemPorts';
import { cloudbaseClaimStore } from '../../adapters/cloudbase/claimStore';
import { claimDeadlineHolder, claimDeadlineWatch } from '../../core/claims/deadlines';
import { cloudbaseLedgerStore } from '../../adapters/cloudbase/ledgerStore';
import { ledgerDeadlineHolder, ledgerDeadlineWatch } from '../../core/ledger/deadlineWatch';
import { CLAIM_POLICY, CLAIM_TYPES } from '../../core/claims/policy';


assertStartable('slaMonitor');
const { db } = connectCloudbase();
const notices = cloudbaseHolidayNoticeStore(db);
const live = liveCalendar(builtInHolidayTable, notices, systemClock);
// The key on first use (PII_KEYS): complaint texts holding personal numbers are sealed when saved.
let box: SecretBox | undefined;
const piiKey = (): SecretBox => (box ??= keyRingBox(keyRingFromEnv(process.env)));
const complaints = complaintDeps(cloudbaseComplaintStore(db), { seal: (s) => piiKey().seal(s), open: (s) => piiKey().open(s) }, systemClock, live.calendar);
const deps = { ...complaints, staff: cloudbaseStaffStore(db) };
// The timer reads no personal data: privacy requests need only their store, the calendar and the policy.
const privacy = { records: cloudbasePrivacyStore(db), calendar: live.calendar, clock: systemClock, requestPolicy: PRIVACY_REQUEST_POLICY, ids: randomIds };
// Consultations' reply targets count working days: the timer watches them and recomputes them after an import.
const consultations = {
  store: cloudbaseConsultationStore(db),
  clock: systemClock,
  ids: randomIds,
  calendar: live.calendar,
  policy: CONSULTATION_POLICY,
  hash: sha256,
  box: { seal: (s: string) => piiKey().seal(s), open: (s: string) => piiKey().open(s) },
};
// 理赔: its clocks, recomputed too when a holiday notice is imported; its writes keep texts sealed (the key on first use).
const claimClocks = { store: cloudbaseClaimStore(db), clock: systemClock, ids: randomIds, calendar: live.calendar, policy: CLAIM_POLICY, types: CLAIM_TYPES, hash: sha256, box: consultations.box };
// 整改台账: items' working-day deadlines, warned, breached and escalated once (no personal data on the ledger).
const ledgerClocks = { store: cloudbaseLedgerStore(db), clock: systemClock, ids: randomIds, calendar: live.calendar, staff: deps.staff, hash: sha256 };
const holidays = calendarDeps(notices, live, complaints, [privacyDeadlineHolder(privacy), consultationDeadlineHolder(consultations), claimDeadlineHolder(claimClocks), ledgerDeadlineHolder(ledgerClocks)]);
/** Every area with deadlines; a new area adds its watch here (and its holder above, if its due dates count working days). */
// The satisfaction reminders ride on the complaint watch's run (the rollups' consumer that schedules them is in the jobs function).
const rollups = cloudbaseRollupStore(db);
const watches = [
  complaintDeadlineWatch(deps, [
    // The rollups' consumer (which schedules these reminders) runs in the jobs function (cloudfunctions/jobs/background.ts).
    satisfactionReminderFollowUp({ store: complaints.store, reminders: rollups, clock: systemClock }),
  ]),
  privacyDeadlineWatch(privacy),
  consultationDeadlineWatch({ ...consultations, staff: deps.staff }),
  // 理赔: the art 22–25 clocks (no personal data read).
  claimDeadlineWatch({ ...claimClocks, staff: deps.staff }),
  ledgerDeadlineWatch(ledgerClocks),
  // 会员权益: day-before reminders, expiry notices, the yearly tier review and scheduled changes (no personal data).
  benefitDeadlineWatch({
    benefits: cloudbaseBenefitStore(db),
    members: cloudbaseMemberStore(db),
    policies: cloudbasePolicyStore(db),
    // The watch shows no redemption codes: the QR encoder stays out of this bundle (≤ 150 KB).
    qr: refusingQr('slaMonitor'),
    clock: systemClock,
    ids: randomIds,
    hash: sha256,
    newCode: randomCode,
    policy: BENEFIT_POLICY,
  }),
  // Article announcements, the incident detector and the weekly early warning run in the jobs function (background.ts).
];
const audit = cloudbaseAuditLog(db, systemClock);
const guard = {
  timer: cloudbaseDeadlineTimerStore(db),
  alerts: cloudbaseInboxStore(db),
  clock: systemClock,
  supervisorId: async () => (await deps.staff.list()).find((s) => s.role === 'supervisor')?.id,
};
let run = 0;
const log = jsonLogger({ fn: 'slaMonitor' });
/** The anchor key read once; a malformed key is logged each run and checkpoints go on unanchored. */
const anchorConfig = (): AnchorConfig | undefined => {
  try {
    const key = anchorKeyFromEnv(process.env);
    return key && { sign: hmacAnchorSigner(key), sink: logAnchorSink(log) };
  } catch (e) {
    log.error('audit anchor key unusable', { error: String(e) });
    return undefined;
  }
};

/**
 * Timer-triggered every 5 minutes (Asia/Shanghai cron, 7 fields). Safe to run twice. Also finishes
 * the deadline recompute after a holiday-notice import, a slice per run, and checkpoints the audit chains.
 */
export const main = async () => {
  await live.reload();
  const recompute = await continueRecompute(holidays);
  // Behind the clock guard: a jump or a long pause holds automatic escalations and alerts supervisors.
  const guarded = await runGuardedDeadlineTimer(guard, watches, { run: run++ });
  const areas = guarded.areas;
  if (guarded.alerted) log.error('deadline escalations held', { gapMs: guarded.gapMs, hold: guarded.hold });
  for (const a of areas.filter((x) => x.error)) log.error('deadline scan failed', { area: a.area, error: a.error });
  log.info('deadline scan', { areas, recompute: recompute.map((j) => ({ id: j.id, done: j.done, examined: j.examined })) });
  // The audit checkpoint (core/audit/checkpoint.ts): bounded slices, resumed by the next run if cut short.
  // Anchored: the newest checkpoint signed with AUDIT_ANCHOR_KEY into this function's log, outside the database.
  const anchor = anchorConfig();
  if (!anchor) log.error('audit anchor key not set', { setting: 'AUDIT_ANCHOR_KEY' });
  const checkpoint = await checkpointAudit(audit, { now: systemClock.now(), hash: sha256, ...(anchor ? { anchor } : {}) }).catch((e: unknown) => ({ error: String(e) }));
  if ('anchorError' in checkpoint) log.error('audit anchor failed', { error: checkpoint.anchorError });
  log.info('audit checkpoint', { checkpoint });
  // Sign-in counters, markers and TOTP steps nobody wrote to in 90 days (core/staff/throttle.ts).
  const signInPruned = await pruneSignInGuard(cloudbaseSignInGuard(db), systemClock.now()).catch((e: unknown) => ({ error: String(e) }));
  log.info('sign-in guard pruned', { signInPruned });
  return { areas, checkpoint, signInPruned };
};
