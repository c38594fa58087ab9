import { staffMemberActions } from '../../../../core/members/staffMembers';
import type { StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

/**
 * Members: lookup (masked), the member page, audited unmasking, assisted unbinding, the register
 * import (preview, then confirm) and the local SMS sandbox (`smsSandbox`: a sandbox, never real SMS).
 */
export const membersArea: StaffArea<AdminDeps> = staffMemberActions;
