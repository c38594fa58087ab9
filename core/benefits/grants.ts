import { DAY_MS, SHANGHAI_OFFSET_MS } from '../shared/shanghaiTime';
import type { Benefit, BenefitTerms, Grant } from './model';
import type { BenefitPolicy } from './policy';

const shanghaiParts = (at: Date) => {
  const d = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() };
};
/** 00:00 Shanghai on the first of month `m` (0-based, may overflow into the next year). */
const monthStart = (y: number, m: number) => new Date(Date.UTC(y, m, 1) - SHANGHAI_OFFSET_MS);

/** The quota period `at` falls in: its key and when it ends (a `once` grant ends by its validity only). */
export const periodOf = (period: BenefitTerms['quota']['period'], at: Date): { key: string; endsAt?: Date } => {
  const { y, m } = shanghaiParts(at);
  switch (period) {
    case 'month':
      return { key: `${y}-${String(m + 1).padStart(2, '0')}`, endsAt: monthStart(y, m + 1) };
    case 'quarter': {
      const q = Math.floor(m / 3);
      return { key: `${y}Q${q + 1}`, endsAt: monthStart(y, (q + 1) * 3) };
    }
    case 'year':
      return { key: String(y), endsAt: monthStart(y + 1, 0) };
    default:
      return { key: 'once' };
  }
};

export const grantIdOf = (benefitId: string, periodKey: string, memberId: string) => `${benefitId}_${periodKey}_${memberId}`;

/** The grant a member gets for the current period, under the entry's terms as they are today. */
export const newGrant = (b: Benefit, memberId: string, now: Date, policy: BenefitPolicy): Grant => {
  const period = periodOf(b.quota.period, now);
  const byValidity = now.getTime() + b.validityDays * DAY_MS;
  const expires = new Date(Math.min(byValidity, period.endsAt?.getTime() ?? byValidity));
  const terms: BenefitTerms = { name: b.name, description: b.description, eligibleTiers: b.eligibleTiers, quota: b.quota, validityDays: b.validityDays };
  return {
    id: grantIdOf(b.id, period.key, memberId),
    memberId,
    benefitId: b.id,
    periodKey: period.key,
    granted: b.quota.count,
    used: 0,
    grantedAt: now.toISOString(),
    expiresAt: expires.toISOString(),
    termsVersion: b.termsVersion,
    terms,
    expiryNoticeAt: new Date(Math.max(now.getTime(), expires.getTime() - policy.expiryNoticeDays * DAY_MS)).toISOString(),
  };
};

export const remaining = (g: Grant) => Math.max(0, g.granted - g.used);
