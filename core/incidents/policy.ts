import type { IncidentSeverity } from './model';

/**
 * The detector's norms and windows (data, like core/complaints/policy.ts). A compliance officer may
 * tune the thresholds; the defaults are our reading of "unusual" for a member-service team.
 *
 * Windows: sign-in, denial and binding counts are kept over windows of `windowMs` that start every
 * `windowMs / 2` (hopping windows), so a burst no longer than half a window always lies whole inside one
 * window, even when it straddles a window edge. A window whose half-window predecessor already opened
 * an incident for the same subject opens none (the same burst). Unmasking is counted per Shanghai
 * calendar day per staff member.
 */
export interface IncidentPolicy {
  /**
   * Entries younger than this wait for the next run (a transaction stamps `at` before it commits; as
   * checkpoint.ts). Limit: an entry whose `at` lies more than the lag behind its commit (a badly skewed
   * clock) lands behind the cursor and is not counted; the audit log still holds it.
   */
  lagMs: number;
  /** Audit time read per step, halved when a step holds more than maxEntriesPerStep entries (not below minStepMs). */
  stepMs: number;
  minStepMs: number;
  maxEntriesPerStep: number;
  /** Steps per run at most: the rest is the next run's (bounded within a function's time limit). */
  maxSteps: number;
  /** Audit entries copied into an incident as its evidence, at most. */
  evidenceMax: number;
  /** perAccount, perSource, perStaff, perMember, perPolicy: the count in one window that opens an incident. */
  signIn: { windowMs: number; perAccount: number; perSource: number; severity: IncidentSeverity };
  denied: { windowMs: number; perStaff: number; severity: IncidentSeverity };
  /** The norm: up to perStaffPerDay views a day are ordinary; one more opens an incident. */
  unmask: { actions: readonly string[]; perStaffPerDay: number; severity: IncidentSeverity };
  binding: { windowMs: number; perMember: number; perPolicy: number; severity: IncidentSeverity };
  /**
   * The whole-log verification (core/audit/verify.ts) at most this often; 0 = never (then only a staff
   * verification that failed opens one). It reads every entry: on a log too big for one timer run's time
   * limit, set 0 and rely on the staff check. A staff verify that fails counts either way.
   */
  chain: { verifyEveryMs: number; severity: IncidentSeverity };
  /** Seed 000: incidents down 20% against the same quarter a year earlier (CLARIFICATIONS "Management"). */
  target: { reduction: number };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every action that shows a member's personal data in full, or a file they uploaded (core/audit/view.ts labels). */
export const UNMASK_ACTIONS = [
  'member.unmask',
  'complaint.viewPersonalData',
  'complaint.unmaskText',
  'complaint.viewAttachment',
  'consultation.unmaskMember',
  'consultation.unmaskText',
  'consultation.viewAttachment',
  'claim.unmaskText',
  'claim.documentViewed',
  'claim.healthDocumentViewed',
] as const;

export const INCIDENT_POLICY: IncidentPolicy = {
  lagMs: 2 * MINUTE,
  stepMs: 6 * HOUR,
  minStepMs: MINUTE,
  maxEntriesPerStep: 5000,
  maxSteps: 12,
  evidenceMax: 20,
  signIn: { windowMs: 15 * MINUTE, perAccount: 5, perSource: 10, severity: 'medium' },
  denied: { windowMs: 15 * MINUTE, perStaff: 5, severity: 'medium' },
  unmask: { actions: UNMASK_ACTIONS, perStaffPerDay: 30, severity: 'high' },
  binding: { windowMs: HOUR, perMember: 10, perPolicy: 10, severity: 'high' },
  chain: { verifyEveryMs: 24 * HOUR, severity: 'critical' },
  target: { reduction: 0.2 },
};
