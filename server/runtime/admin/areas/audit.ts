import { z } from 'zod';
import { verifyAudit } from '../../../../core/audit/verify';
import type { AuditAnchor } from '../../../../core/audit/anchor';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

const anchorSchema = z.strictObject({ seq: z.number().int().min(1), hash: z.string().max(128), at: z.string().max(40), sig: z.string().max(128) });

/** Without an anchor key nothing can be checked against anchors (the verdict then has no anchor counts). */
const anchorCheck = async (deps: AdminDeps, pasted: AuditAnchor[]) => {
  if (!deps.auditAnchors) return undefined;
  const anchors = [...pasted];
  const read = deps.auditAnchors.sink?.read?.();
  if (read) for await (const a of read) anchors.push(a);
  return { anchors, sign: deps.auditAnchors.sign };
};

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
    // Anchors pasted from the function log (the cloud's sink cannot be read back from here), besides the sink's own.
    input: z.strictObject({ anchors: z.array(anchorSchema).max(10_000).optional() }),
    labels: { anchors: '锚点记录' },
    run: async (deps: AdminDeps, who, { anchors }) => {
      const verdict = await verifyAudit(deps.audit, deps.hash, await anchorCheck(deps, anchors ?? []));
      await deps.audit.append({ actorId: who.id, actorRole: who.role, action: 'audit.verify', subjectType: 'audit', subjectId: 'verify', detail: { ...verdict } });
      return verdict;
    },
  }),
};
