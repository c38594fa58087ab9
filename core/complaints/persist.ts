import type { AuditDraft } from '../audit/chain';
import { retryOnVersionConflict } from '../shared/retry';
import { outboxFromEvents } from '../notifications/outbox';
import { complaintErrors } from './errors';
import { lifecycleContext, type ComplaintDeps } from './deps';
import type { Change, LifecycleContext } from './lifecycle';
import type { Complaint } from './model';
import { sealComplaintTexts } from './personalTexts';

/**
 * Write a change with its outbox entries (and, for staff actions, their audit entries) in one
 * transaction, failing with VERSION_CONFLICT if someone saved in between.
 */
export const saveChange = async (deps: ComplaintDeps, before: Complaint, ch: Change, audit?: AuditDraft[]): Promise<Complaint> => {
  // Phone, ID and card numbers in the texts are stored masked, each original sealed (personalTexts.ts).
  const complaint = sealComplaintTexts(deps.box, { ...ch.complaint, version: before.version + 1 });
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
 * Read, apply, write; on a version conflict read again and re-apply (see retryOnVersionConflict for
 * which changes may do this).
 */
export const mutate = (
  deps: ComplaintDeps,
  id: string,
  apply: (ctx: LifecycleContext, c: Complaint) => Change | null,
  attempts = 3,
): Promise<Complaint> =>
  retryOnVersionConflict(async () => {
    const before = await loadComplaint(deps, id);
    const ch = apply(lifecycleContext(deps), before);
    return ch ? saveChange(deps, before, ch) : before;
  }, attempts);
