import type { AuditDraft } from '../audit/chain';
import { outboxFromEvents } from '../notifications/outbox';
import { retryOnVersionConflict } from '../shared/retry';
import { localDateOf } from '../shared/shanghaiTime';
import type { ClaimDeps } from './deps';
import { claimErrors } from './errors';
import type { Change, ClaimContext } from './lifecycle';
import type { Claim } from './model';
import { sealClaimTexts } from './personalTexts';

export const contextOf = (deps: ClaimDeps): ClaimContext => ({ now: deps.clock.now(), calendar: deps.calendar, policy: deps.policy, newId: () => deps.ids.newId() });

export const loadClaim = async (deps: ClaimDeps, id: string): Promise<Claim> => {
  const c = await deps.store.get(id);
  if (!c) throw claimErrors.notFound(id);
  return c;
};

/** A change with its outbox and audit entries in one transaction; CLAIM.VERSION_CONFLICT if someone saved in between. */
export const saveChange = async (deps: ClaimDeps, before: Claim, ch: Change, audit?: AuditDraft[]): Promise<Claim> => {
  // Every write seals personal numbers in the texts, so no transition has to remember it.
  const claim = sealClaimTexts(deps.box, { ...ch.claim, version: before.version + 1 });
  await deps.store.update({ claim, expectedVersion: before.version, outbox: outboxFromEvents(ch.events, () => deps.ids.newId(), deps.clock.now()), audit });
  return claim;
};

/** Read, apply, write, again on a version race: for changes whose intent does not depend on what was seen (the member's, the timer's). */
export const mutate = (deps: ClaimDeps, id: string, apply: (ctx: ClaimContext, c: Claim) => Change | null): Promise<Claim> =>
  retryOnVersionConflict(async () => {
    const before = await loadClaim(deps, id);
    const ch = apply(contextOf(deps), before);
    return ch ? saveChange(deps, before, ch) : before;
  });

/** LP + the day in Shanghai + a per-day sequence of at least four digits: LP20261125-0001 (sharded counters: unique, not gap-free). */
export const formatClaimNumber = (day: string, seq: number) => `LP${day}-${String(seq).padStart(4, '0')}`;

export const allocateClaimNumber = async (deps: ClaimDeps, at: Date) => {
  const day = localDateOf(at).replace(/-/g, '');
  return formatClaimNumber(day, await deps.store.nextSequence(`claim:${day}`));
};

/** A number as staff type it, at any length (case, spaces and leading zeros do not matter), or undefined. */
export const canonicalClaimNumber = (q: string): string | undefined => {
  const m = /^LP(\d{8})-?(\d{1,9})$/i.exec(q.replace(/\s+/g, ''));
  return m ? formatClaimNumber(m[1], Number(m[2])) : undefined;
};
