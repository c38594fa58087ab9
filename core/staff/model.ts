import type { StaffRole } from '../shared/actors';

export const ROLE_LABELS: Record<StaffRole, string> = {
  agent: '客服专员',
  supervisor: '客服主管',
  headOffice: '总公司审批人',
  compliance: '合规/管理员',
};

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
  failedAttempts: number;
  lockedUntil?: string;
  createdAt: string;
}

export interface StaffSession {
  /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
  idHash: string;
  staffId: string;
  /** Password accepted; second factor still owed until mfaAt is set. */
  mfaAt?: string;
  createdAt: string;
  expiresAt: string;
}

/** Who acts in a staff call, after the session and its second factor were checked. */
export interface StaffPrincipal {
  id: string;
  role: StaffRole;
  name: string;
}
