import type { AuditDraft } from '../audit/chain';
import { tierRank } from '../members/tiers';
import { isDomainError } from '../shared/errors';
import type { BenefitDeps } from './deps';
import { benefitEvent, owed } from './events';
import type { Benefit, BenefitChange, BenefitNotice, BenefitTerms } from './model';
import { describePatch } from './views';

const PER_YEAR = { month: 12, quarter: 4, year: 1, once: 1 } as const;

/** Less for some member: fewer uses a year, a tier dropped, a shorter validity, or the benefit retired. */
export const isUnfavourable = (b: BenefitTerms, patch: BenefitChange['patch']): boolean => {
  if (patch.retire) return true;
  if (patch.quota && patch.quota.count * PER_YEAR[patch.quota.period] < b.quota.count * PER_YEAR[b.quota.period]) return true;
  if (patch.eligibleTiers && b.eligibleTiers.some((t) => !patch.eligibleTiers!.includes(t))) return true;
  return patch.validityDays !== undefined && patch.validityDays < b.validityDays;
};

/** The entry with a change applied: new terms version; grants and bookings already issued keep theirs. */
export const applyPatch = (b: Benefit, c: BenefitChange, at: string): Benefit => {
  const { retire, ...terms } = c.patch;
  return {
    ...b,
    ...terms,
    ...(terms.eligibleTiers ? { eligibleTiers: [...terms.eligibleTiers].sort((x, y) => tierRank(x) - tierRank(y)) } : {}),
    status: retire ? 'retired' : b.status,
    termsVersion: b.termsVersion + 1,
    version: b.version + 1,
    updatedAt: at,
  };
};

export const changeSummary = (b: BenefitTerms, patch: BenefitChange['patch'], note?: string) => {
  const what = describePatch(b, patch);
  return what && note ? `${what}。${note}` : what;
};

const systemAudit = (c: BenefitChange, action: string): AuditDraft => ({
  actorId: 'system',
  actorRole: 'system',
  action: `benefits.${action}`,
  subjectType: 'benefitChange',
  subjectId: c.id,
  detail: { benefitId: c.benefitId, effectiveAt: c.effectiveAt },
});

/**
 * One step of a scheduled change (timer): tell the next page of affected members (those whose tier the
 * entry serves before or after the change) in the message centre, pushed where they hold a credit for
 * the change template; once everyone has been told and the date has come, apply it.
 */
export const advanceChange = async (deps: BenefitDeps, c: BenefitChange, now: Date, pageSize: number): Promise<{ told: number; applied: boolean }> => {
  const at = now.toISOString();
  const b = await deps.benefits.getBenefit(c.benefitId);
  if (!b) return { told: 0, applied: false };
  if (!c.announce.done) {
    const page = await deps.benefits.roster(c.announce.after, pageSize);
    const tiers = new Set([...b.eligibleTiers, ...(c.patch.eligibleTiers ?? [])]);
    const affected = page.filter((m) => tiers.has(m.tier));
    const notices: BenefitNotice[] = [];
    const outbox = affected.flatMap((m) => {
      const entries = owed(
        [benefitEvent('changeAnnounced', m.memberId, { id: c.id, number: b.name }, at, c.summary, { name: b.name, effectiveAt: c.effectiveAt, benefitId: b.id })],
        () => deps.ids.newId(),
        now,
      );
      notices.push({ changeId: c.id, memberId: m.memberId, nameMasked: m.nameMasked, tier: m.tier, at, outboxId: entries[0].id });
      return entries;
    });
    const next: BenefitChange = {
      ...c,
      announce: { done: page.length < pageSize, after: page[page.length - 1]?.memberId ?? c.announce.after, told: c.announce.told + notices.length },
      version: c.version + 1,
    };
    try {
      await deps.benefits.recordAnnouncement(next, c.version, notices, outbox);
    } catch (e) {
      if (isDomainError(e) && e.code === 'BENEFITS.VERSION_CONFLICT') return { told: 0, applied: false };
      throw e;
    }
    return { told: notices.length, applied: false };
  }
  if (c.effectiveAt > at) return { told: 0, applied: false };
  const applied: BenefitChange = { ...c, status: 'applied', appliedAt: at, version: c.version + 1 };
  try {
    await deps.benefits.applyChange(applied, c.version, applyPatch(b, c, at), b.version, systemAudit(c, 'change.apply'));
  } catch (e) {
    if (isDomainError(e) && e.code === 'BENEFITS.VERSION_CONFLICT') return { told: 0, applied: false };
    throw e;
  }
  return { told: 0, applied: true };
};
