import type { StaffRole } from '../../core/shared/actors';
import type { AdminDeps } from '../runtime/admin/deps';

export const DEMO_PASSWORD = 'Demo@2026!';

export const DEMO_STAFF: { id: string; username: string; displayName: string; role: StaffRole }[] = [
  { id: 'staff-agent-01', username: 'agent01', displayName: '王小丽', role: 'agent' },
  { id: 'staff-agent-02', username: 'agent02', displayName: '赵强', role: 'agent' },
  { id: 'staff-super-01', username: 'super01', displayName: '陈主管', role: 'supervisor' },
  { id: 'staff-ho-01', username: 'ho01', displayName: '周审批', role: 'headOffice' },
  { id: 'staff-comp-01', username: 'comp01', displayName: '孙合规', role: 'compliance' },
  { id: 'staff-advisor-01', username: 'advisor01', displayName: '李顾问', role: 'advisor' },
  { id: 'staff-claims-01', username: 'claims01', displayName: '钱理赔', role: 'claimsHandler' },
  { id: 'staff-benefits-01', username: 'benefits01', displayName: '吴权益', role: 'benefitsAdmin' },
  { id: 'staff-manager-01', username: 'manager01', displayName: '郑经理', role: 'manager' },
  { id: 'staff-qa-01', username: 'qa01', displayName: '冯质检', role: 'inspector' },
  { id: 'staff-staffadmin-01', username: 'staffadm01', displayName: '何人事', role: 'staffAdmin' },
  { id: 'staff-partner-01', username: 'partner01', displayName: '康体检中心', role: 'partner' },
];

/**
 * Demo staff with a known password and an enrolled TOTP secret (printed by `npm start`, current code
 * by `npm run totp -- <username>`), so a newcomer can sign in without a phone.
 */
export const seedDemoStaff = async (deps: AdminDeps, secrets: Record<string, string> = {}): Promise<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const s of DEMO_STAFF) {
    const existing = await deps.staff.getByUsername(s.username);
    if (existing?.totpSecretEncrypted) {
      out[s.username] = deps.box.open(existing.totpSecretEncrypted);
      continue;
    }
    const secret = secrets[s.username] ?? deps.totp.newSecret();
    await deps.staff.save({
      ...s,
      // Keeps an account's version (an account made by `npm run staff` under a demo name), so the save is not refused.
      ...(existing?.version !== undefined ? { version: existing.version } : {}),
      passwordHash: await deps.passwords.hash(DEMO_PASSWORD),
      totpSecretEncrypted: deps.box.seal(secret),
      totpEnrolled: true,
      failedAttempts: 0,
      createdAt: deps.clock.now().toISOString(),
    });
    out[s.username] = secret;
  }
  return out;
};
