import { z } from 'zod';
import type { StaffMe } from '../../../../typings/api';
import { callableActions, defineStaffAction, type StaffArea, type StaffAreas } from '../../../../core/staff/actions';
import { ROLE_LABELS } from '../../../../core/staff/model';
import { PERMISSIONS, can, type Permission } from '../../../../core/staff/permissions';
import type { AdminDeps } from '../deps';

/** The signed-in staff member, with every `area/action` they may call, read from the same records the router checks. */
export type SignedInStaff = StaffMe & { actions: string[] };

/** `me` lists every area's actions, this one included, so it is handed the whole registry (late, to avoid an import cycle). */
export const staffArea = (everyArea: () => StaffAreas<AdminDeps>): StaffArea<AdminDeps> => ({
  me: defineStaffAction({
    permission: null,
    input: z.strictObject({}),
    run: async (_deps: AdminDeps, who): Promise<SignedInStaff> => ({
      id: who.id,
      name: who.name,
      role: who.role,
      roleLabel: ROLE_LABELS[who.role],
      permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(who.role, p)),
      actions: callableActions(everyArea(), who.role),
    }),
  }),
  list: defineStaffAction({
    permission: 'staff.list',
    input: z.strictObject({}),
    run: async (deps: AdminDeps) =>
      (await deps.staff.list()).map((u) => ({ id: u.id, name: u.displayName, role: u.role, roleLabel: ROLE_LABELS[u.role] })),
  }),
});
