import * as z from 'zod/mini';
import type { StaffMe } from '../../../../typings/api';
import { callableActions, defineStaffAction, type StaffArea, type StaffAreas } from '../../../../core/staff/actions';
import { ROLE_LABELS } from '../../../../core/staff/model';
import { PERMISSIONS, can, type Permission } from '../../../../core/staff/permissions';
import {
  accountChangeSchema,
  addStaff,
  addStaffSchema,
  disableStaff,
  enableStaff,
  listStaffAccounts,
  reissueEnrolment,
  resetStaffTotp,
  staffAdminLabels,
  type AccountActor,
} from '../../../../core/staff/staffAdmin';
import type { StaffPrincipal } from '../../../../core/staff/model';
import type { AdminDeps } from '../deps';

const asActor = (who: StaffPrincipal): AccountActor => ({ kind: 'staff', who });
/** The link is the admin page's own address plus this fragment (the page knows where it is served). */
const withLink = (out: { enrolToken: string }) => ({ ...out, enrolPath: `#enrol=${out.enrolToken}` });

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
    // `name` for the pickers (assign); the rest for 员工管理. No hash, secret or token leaves.
    run: async (deps: AdminDeps) => (await listStaffAccounts(deps)).map((a) => ({ ...a, name: a.displayName })),
  }),
  add: defineStaffAction({
    permission: 'staff.manage',
    input: addStaffSchema,
    labels: staffAdminLabels,
    run: async (deps: AdminDeps, who, input) => withLink(await addStaff(deps, asActor(who), input)),
  }),
  disable: defineStaffAction({
    permission: 'staff.manage',
    input: accountChangeSchema,
    labels: staffAdminLabels,
    run: (deps: AdminDeps, who, input) => disableStaff(deps, asActor(who), input),
  }),
  enable: defineStaffAction({
    permission: 'staff.manage',
    input: accountChangeSchema,
    labels: staffAdminLabels,
    run: (deps: AdminDeps, who, input) => enableStaff(deps, asActor(who), input),
  }),
  resetTotp: defineStaffAction({
    permission: 'staff.manage',
    input: accountChangeSchema,
    labels: staffAdminLabels,
    run: (deps: AdminDeps, who, input) => resetStaffTotp(deps, asActor(who), input),
  }),
  reissueEnrolment: defineStaffAction({
    permission: 'staff.manage',
    input: accountChangeSchema,
    labels: staffAdminLabels,
    run: async (deps: AdminDeps, who, input) => withLink(await reissueEnrolment(deps, asActor(who), input)),
  }),
});
