/**
 * Who acts on a record. Every area (complaints, members, privacy, claims …) records actors the same
 * way, so audit entries and timelines read alike across the product.
 */
export type StaffRole = 'agent' | 'supervisor' | 'headOffice' | 'compliance';

/** Seniority for reviews and take-overs: a review goes to someone more senior than the first handler. */
export const ROLE_RANK: Record<StaffRole, number> = { agent: 1, supervisor: 2, headOffice: 3, compliance: 3 };

export type Actor =
  | { kind: 'member'; id: string }
  | { kind: 'staff'; id: string; role: StaffRole; name?: string }
  | { kind: 'system' };
