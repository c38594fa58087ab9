import * as z from 'zod/mini';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

export const messagesArea: StaffArea<AdminDeps> = {
  /** Subscribe messages the sandbox sender recorded instead of sending them (the local system). */
  sandbox: defineStaffAction({
    permission: 'messages.sandbox',
    input: z.strictObject({}),
    run: (deps: AdminDeps) => deps.inbox.listSandboxMessages(100),
  }),
};
