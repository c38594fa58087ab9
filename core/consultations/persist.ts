import type { AuditDraft } from '../audit/chain';
import { outboxFromEvents } from '../notifications/outbox';
import { localDateOf } from '../shared/shanghaiTime';
import { retryOnVersionConflict } from '../shared/retry';
import type { ConsultationDeps } from './deps';
import { consultationErrors } from './errors';
import type { Change, ConsultationContext } from './lifecycle';
import type { Consultation } from './model';
import { sealConsultationTexts } from './personalTexts';

export const contextOf = (deps: ConsultationDeps): ConsultationContext => ({
  now: deps.clock.now(),
  calendar: deps.calendar,
  policy: deps.policy,
  newId: () => deps.ids.newId(),
});

export const loadConsultation = async (deps: ConsultationDeps, id: string): Promise<Consultation> => {
  const c = await deps.store.get(id);
  if (!c) throw consultationErrors.notFound(id);
  return c;
};

/** A change with its outbox entries and audit entries, in one transaction; VERSION_CONFLICT if someone saved in between. */
export const saveChange = async (deps: ConsultationDeps, before: Consultation, ch: Change, audit?: AuditDraft[]): Promise<Consultation> => {
  const consultation = sealConsultationTexts(deps.box, { ...ch.consultation, version: before.version + 1 });
  await deps.store.update({ consultation, expectedVersion: before.version, outbox: outboxFromEvents(ch.events, () => deps.ids.newId(), deps.clock.now()), audit });
  return consultation;
};

/** Read, apply, write, again on a version race: for changes whose intent does not depend on what was seen (the member's, the timer's). */
export const mutate = (deps: ConsultationDeps, id: string, apply: (ctx: ConsultationContext, c: Consultation) => Change | null): Promise<Consultation> =>
  retryOnVersionConflict(async () => {
    const before = await loadConsultation(deps, id);
    const ch = apply(contextOf(deps), before);
    return ch ? saveChange(deps, before, ch) : before;
  });

/** ZX + the day in Shanghai + a per-day sequence of at least four digits: ZX20261125-0001. */
export const formatConsultationNumber = (day: string, seq: number) => `ZX${day}-${String(seq).padStart(4, '0')}`;

export const allocateConsultationNumber = async (deps: ConsultationDeps, at: Date) => {
  const day = localDateOf(at).replace(/-/g, '');
  return formatConsultationNumber(day, await deps.store.nextSequence(`consultation:${day}`));
};

/** A number as staff type it (case, spaces and leading zeros do not matter), or undefined. */
export const canonicalConsultationNumber = (q: string): string | undefined => {
  const m = /^ZX(\d{8})-?(\d{1,9})$/i.exec(q.replace(/\s+/g, ''));
  return m ? formatConsultationNumber(m[1], Number(m[2])) : undefined;
};
