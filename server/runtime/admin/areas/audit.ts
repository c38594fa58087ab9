import { z } from 'zod';
import { verifyChain } from '../../../../core/audit/chain';
import { defineStaffAction, type StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

const collect = async <T>(items: AsyncIterable<T> | Iterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
};

export const auditArea: StaffArea<AdminDeps> = {
  list: defineStaffAction({
    permission: 'audit.read',
    input: z.strictObject({
      afterSeq: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(200).default(50),
      subjectId: z.string().max(64).optional(),
    }),
    labels: { afterSeq: '起始序号', limit: '每页条数', subjectId: '对象编号' },
    run: (deps: AdminDeps, _who, page) => deps.audit.list(page),
  }),
  /** The check itself is audited: who looked, and what they were told. */
  verify: defineStaffAction({
    permission: 'audit.read',
    input: z.strictObject({}),
    run: async (deps: AdminDeps, who) => {
      const verdict = verifyChain(await collect(deps.audit.all()), deps.hash);
      await deps.audit.append({ actorId: who.id, actorRole: who.role, action: 'audit.verify', subjectType: 'audit', subjectId: 'chain', detail: verdict });
      return verdict;
    },
  }),
};
