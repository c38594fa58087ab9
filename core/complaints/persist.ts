import type { AuditDraft } from '../audit/chain';
import { isDomainError } from '../shared/errors';
import { outboxFromEvents } from '../notifications/outbox';
import { complaintErrors } from './errors';
import { lifecycleContext, type ComplaintDeps } from './deps';
import type { Change, LifecycleContext } from './lifecycle';
import type { Complaint } from './model';

/**
 * Write a change with its outbox entries (and, for staff actions, their audit entries) in one
 * transaction, failing with VERSION_CONFLICT if someone saved in between.
 */
export const saveChange = async (deps: ComplaintDeps, before: Complaint, ch: Change, audit?: AuditDraft[]): Promise<Complaint> => {
  const complaint = { ...ch.complaint, version: before.version + 1 };
  const outbox = outboxFromEvents(ch.events, () => deps.ids.newId(), deps.clock.now());
  await deps.store.update({ complaint, expectedVersion: before.version, outbox, audit });
  return complaint;
};

export const loadComplaint = async (deps: ComplaintDeps, id: string): Promise<Complaint> => {
  const c = await deps.store.get(id);
  if (!c) throw complaintErrors.notFound(id);
  return c;
};

/**
 * Read, apply, write; on a version conflict read again and re-apply. For changes whose intent does
 * not depend on what the caller saw (a member's rating, the monitor's marks). Staff edits, which do,
 * pass the version they read and get the conflict instead (see staff use cases).
 */
export const mutate = async (
  deps: ComplaintDeps,
  id: string,
  apply: (ctx: LifecycleContext, c: Complaint) => Change | null,
  attempts = 3,
): Promise<Complaint> => {
  for (let i = 1; ; i++) {
    const before = await loadComplaint(deps, id);
    const ch = apply(lifecycleContext(deps), before);
    if (!ch) return before;
    try {
      return await saveChange(deps, before, ch);
    } catch (e) {
      if (i >= attempts || !(isDomainError(e) && e.code.endsWith('.VERSION_CONFLICT'))) throw e;
    }
  }
};
