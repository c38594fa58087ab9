import { z } from 'zod';
import { verifyAudit } from '../../../../core/audit/verify';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

export const auditArea: StaffArea<AdminDeps> = {
  /** Newest first across every subject's chain; the next page starts `before` the last entry shown. */
  list: defineStaffAction({
    permission: 'audit.read',
    input: z.strictObject({
      limit: z.number().int().min(1).max(200).default(50),
      subjectId: z.string().max(64).optional(),
      before: z.strictObject({ at: z.string().max(40), id: z.string().max(400) }).optional(),
    }),
    labels: { limit: '每页条数', subjectId: '对象编号', before: '翻页位置' },
    run: (deps: AdminDeps, _who, page) => deps.audit.list(page),
  }),
  /**
   * Every subject chain, every checkpoint, and every checkpointed head against its chain
   * (core/audit/verify.ts). The check itself is audited: who looked, and what they were told.
   */
  verify: defineStaffAction({
    permission: 'audit.read',
    input: z.strictObject({}),
    run: async (deps: AdminDeps, who) => {
      const verdict = await verifyAudit(deps.audit, deps.hash);
      await deps.audit.append({ actorId: who.id, actorRole: who.role, action: 'audit.verify', subjectType: 'audit', subjectId: 'verify', detail: { ...verdict } });
      return verdict;
    },
  }),
};
