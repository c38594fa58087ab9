import { ROLE_RANK, type StaffRole } from '../shared/actors';

export const ROLE_LABELS: Record<StaffRole, string> = {
  agent: '客服专员',
  supervisor: '客服主管',
  headOffice: '总公司审批人',
  compliance: '合规/管理员',
  advisor: '顾问',
  claimsHandler: '理赔专员',
  benefitsAdmin: '权益管理员',
  manager: '管理层',
  inspector: '质检员',
  staffAdmin: '员工管理员',
  partner: '合作机构',
};

/** Created only by the audited command line, never from the admin page. */
export const CLI_ONLY_ROLES: readonly StaffRole[] = ['headOffice', 'compliance', 'manager'];

/** The roles an account manager of `role` may give or change from the admin page (staffAdmin.ts enforces the same). */
export const rolesManageableBy = (role: StaffRole): StaffRole[] =>
  (Object.keys(ROLE_LABELS) as StaffRole[]).filter((r) => !CLI_ONLY_ROLES.includes(r) && ROLE_RANK[r] <= ROLE_RANK[role]);

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  /** scrypt, encoded with its parameters and salt (see adapters/crypto/passwords.ts). */
  passwordHash: string;
  /** Base32 TOTP secret, encrypted at rest; absent until enrolment starts. */
  totpSecretEncrypted?: string;
  totpEnrolled: boolean;
  /** Retired: sign-in failures are counted by SignInGuard (core/staff/throttle.ts), never on the record. */
  failedAttempts: number;
  /** Retired with the 15-minute lock; ignored by sign-in, cleared by account changes. */
  lockedUntil?: string;
  createdAt: string;
  /** 所属团队: a staff attribute, free text (core/staff/staffAdmin.ts checks its length). */
  team?: string;
  /** Bumped by every account change of staffAdmin.ts; absent on accounts seeded before it (read as 0). */
  version?: number;
  /** When the last account change (staffAdmin.ts) was made: also the time of its audit entry. */
  updatedAt?: string;
  /** Set while the account is disabled (停用): no sign-in, no session. */
  disabledAt?: string;
  /**
   * Sessions carry the epoch of their account when opened; disabling, resetting TOTP and completing an
   * enrolment bump it, so every session opened before ends at its next request. Absent = 0.
   */
  sessionEpoch?: number;
  lastSignInAt?: string;
  /** The one live enrolment link (激活链接), if any: only the SHA-256 of its token is kept. */
  enrolment?: StaffEnrolment;
  createdBy?: string;
}

export interface StaffEnrolment {
  tokenHash: string;
  issuedAt: string;
  expiresAt: string;
  issuedBy: string;
  /** The authenticator secret shown when the link was opened, sealed; becomes the account's on completion. */
  pendingTotpSecretEncrypted?: string;
}

export interface StaffSession {
  /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
  idHash: string;
  staffId: string;
  /** Password accepted; second factor still owed until mfaAt is set. */
  mfaAt?: string;
  /** The account's sessionEpoch when this session opened (absent = 0). */
  epoch?: number;
  createdAt: string;
  expiresAt: string;
  /** Retired: the notice is now made when the second factor passes, from the account's counters (core/staff/auth.ts). */
  signInNotice?: string;
}

/** Who acts in a staff call, after the session and its second factor were checked. */
export interface StaffPrincipal {
  id: string;
  role: StaffRole;
  name: string;
}
