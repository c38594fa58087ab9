/**
 * Who acts on a record. Every area (complaints, members, privacy, claims …) records actors the same
 * way, so audit entries and timelines read alike across the product.
 */
export type StaffRole =
  | 'agent'
  | 'supervisor'
  | 'headOffice'
  | 'compliance'
  | 'advisor'
  | 'claimsHandler'
  | 'benefitsAdmin'
  | 'manager'
  | 'inspector'
  | 'staffAdmin'
  | 'partner';

/**
 * Seniority for reviews, take-overs and account management: a review goes to someone more senior than
 * the first handler, and a staff admin manages accounts up to their own rank. Partners (who check in
 * bookings) rank below every employee; a staff admin ranks with a supervisor, so manager, head-office and
 * compliance accounts come from the audited command line only.
 */
export const ROLE_RANK: Record<StaffRole, number> = {
  partner: 0,
  agent: 1,
  advisor: 1,
  claimsHandler: 1,
  benefitsAdmin: 1,
  supervisor: 2,
  inspector: 2,
  staffAdmin: 2,
  manager: 3,
  headOffice: 3,
  compliance: 3,
};

export type Actor =
  | { kind: 'member'; id: string }
  | { kind: 'staff'; id: string; role: StaffRole; name?: string }
  | { kind: 'system' };
