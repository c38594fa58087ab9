import type { DeadlineWatch } from '../deadlines/watch';
import { isDomainError } from '../shared/errors';
import { advanceChange } from './changes';
import type { BenefitDeps } from './deps';
import { benefitEvent, BENEFITS_AREA, owed } from './events';
import { remaining } from './grants';
import type { BookingVerdict } from './ports';
import { reviewStanding } from './standing';
import { timeText } from './views';

/**
 * Benefits on the one deadline timer (core/deadlines/watch.ts): the day-before reminders, the notice of
 * unused uses about to expire, the yearly tier review, and scheduled catalogue changes (announced a page
 * at a time, applied on their date). Each finds its work through an index of due times and marks it
 * done with the notice in one write, so a repeated run tells nobody twice.
 */
export const benefitDeadlineWatch = (deps: BenefitDeps): DeadlineWatch => ({
  area: BENEFITS_AREA,
  scan: async (now, budget) => {
    const at = now.toISOString();
    const extra = { reminders: 0, expiryNotices: 0, tierReviews: 0, told: 0, applied: 0 };
    let examined = 0;
    const left = () => budget - examined;

    for (const due of await deps.benefits.remindersDue(at, left())) {
      examined += 1;
      try {
        const v = await deps.benefits.settleBooking(due.id, (b): BookingVerdict => {
          if (!b || b.status !== 'booked' || !b.remindAt || b.remindAt > at) return { kind: 'refuse', error: new Error('not due') };
          const { remindAt: _sent, ...rest } = b;
          const outbox = owed(
            [benefitEvent('reminder', b.memberId, { id: b.id, number: b.number }, at, `明天${b.startsAt ? timeText(b.startsAt).slice(11) : ''}请到${b.terms.place}使用${b.terms.name}`, { name: b.terms.name, place: b.terms.place, ...(b.startsAt ? { startsAt: b.startsAt } : {}) })],
            () => deps.ids.newId(),
            now,
          );
          return { kind: 'write', booking: { ...rest, version: b.version + 1, updatedAt: at }, outbox };
        });
        if (v.kind === 'write') extra.reminders += 1;
      } catch (e) {
        if (!(isDomainError(e) && e.code === 'STORE.BUSY')) throw e;
      }
    }

    if (left() > 0)
      for (const g of await deps.benefits.grantsToNotice(at, left())) {
        examined += 1;
        const left = remaining(g);
        const outbox =
          left > 0 && g.expiresAt > at
            ? owed(
                [benefitEvent('expiring', g.memberId, { id: g.id, number: g.terms.name }, at, `您的${g.terms.name}还有${left}次未使用，将于${timeText(g.expiresAt)}到期`, { name: g.terms.name, remaining: String(left), expiresAt: g.expiresAt, benefitId: g.benefitId })],
                () => deps.ids.newId(),
                now,
              )
            : [];
        if ((await deps.benefits.markGrantNoticed(g.id, at, outbox)) && outbox.length) extra.expiryNotices += 1;
      }

    if (left() > 0)
      for (const s of await deps.benefits.standingsDue(at, left())) {
        examined += 1;
        if (await reviewStanding(deps, s, now)) extra.tierReviews += 1;
      }

    if (left() > 0)
      for (const c of await deps.benefits.openChanges(20)) {
        if (left() <= 0) break;
        const r = await advanceChange(deps, c, now, Math.min(100, Math.max(10, left())));
        examined += Math.max(1, r.told);
        extra.told += r.told;
        if (r.applied) extra.applied += 1;
      }

    return { examined, changed: extra.reminders + extra.expiryNotices + extra.tierReviews + extra.told + extra.applied, warnings: 0, breaches: 0, extra };
  },
});
