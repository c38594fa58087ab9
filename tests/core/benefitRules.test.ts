import { isUnfavourable } from '../../core/benefits/changes';
import { newGrant, periodOf } from '../../core/benefits/grants';
import { benefitNotifications } from '../../core/benefits/notifications';
import { BENEFIT_POLICY } from '../../core/benefits/policy';
import { decideTier, nextTierReview } from '../../core/members/tiers';
import { fitTemplateData } from '../../core/notifications/templateValues';
import { benefit } from '../support/benefitFixtures';

describe('benefit rules (pure)', () => {
  it('upgrades at once and moves a downgrade to the first yearly review at least 30 days ahead', () => {
    expect(decideTier('standard', 'gold', new Date('2026-06-01T00:00:00Z'))).toEqual({ kind: 'upgrade', to: 'gold' });
    expect(decideTier('silver', 'silver', new Date('2026-06-01T00:00:00Z'))).toEqual({ kind: 'keep' });
    expect(decideTier('gold', 'standard', new Date('2026-06-01T00:00:00Z'))).toEqual({ kind: 'scheduleDowngrade', to: 'standard', effectiveAt: '2026-12-31T16:00:00.000Z' });
    // 2026-12-05 + 30 days is past the 2027 review: the next one.
    expect(decideTier('gold', 'standard', new Date('2026-12-05T00:00:00Z'))).toMatchObject({ effectiveAt: '2027-12-31T16:00:00.000Z' });
    // The review is 00:00 on 1 January in Shanghai (16:00 UTC the day before).
    expect(nextTierReview(new Date('2026-12-31T16:00:00Z')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(nextTierReview(new Date('2026-12-31T16:00:00.001Z')).toISOString()).toBe('2027-12-31T16:00:00.000Z');
  });

  it('calls a change unfavourable when some member gets less: fewer uses a year, a tier dropped, shorter validity, retired', () => {
    const b = benefit({ quota: { count: 1, period: 'quarter' }, eligibleTiers: ['silver', 'gold'] });
    expect(isUnfavourable(b, { quota: { count: 3, period: 'year' } })).toBe(true); // 3 a year < 4 a year
    expect(isUnfavourable(b, { quota: { count: 1, period: 'month' } })).toBe(false);
    expect(isUnfavourable(b, { eligibleTiers: ['gold'] })).toBe(true);
    expect(isUnfavourable(b, { eligibleTiers: ['standard', 'silver', 'gold'] })).toBe(false);
    expect(isUnfavourable(b, { validityDays: 30 })).toBe(true);
    expect(isUnfavourable(b, { retire: true })).toBe(true);
    expect(isUnfavourable(b, { description: '新说明' })).toBe(false);
  });

  it('issues a grant for the Shanghai period, ending at the earlier of its period and its validity', () => {
    expect(periodOf('quarter', new Date('2026-12-31T15:59:00Z'))).toEqual({ key: '2026Q4', endsAt: new Date('2026-12-31T16:00:00Z') });
    expect(periodOf('month', new Date('2026-12-31T16:00:00Z')).key).toBe('2027-01');
    const g = newGrant(benefit({ quota: { count: 3, period: 'year' }, validityDays: 30 }), 'm1', new Date('2026-03-01T02:00:00Z'), BENEFIT_POLICY);
    expect(g).toMatchObject({ id: 'checkup_2026_m1', granted: 3, used: 0, expiresAt: '2026-03-31T02:00:00.000Z', expiryNoticeAt: '2026-03-24T02:00:00.000Z', termsVersion: 1 });
  });

  it('fills each template with values that fit WeChat’s rules, one template per topic', () => {
    const e = (type: string, detail: Record<string, string>) => ({ area: 'benefits', type, audience: 'member' as const, subject: { id: 'bk1', number: 'QY20261125-ABC123' }, memberId: 'm', at: '2026-11-25T02:00:00.000Z', summary: '您已预约年度体检，时间2026-12-02 09:00', detail });
    const booked = e('booked', { name: '年度体检（含胃肠镜与心脏彩超的高端套餐）', place: '康体检中心（徐汇店）', startsAt: '2026-12-02T01:00:00.000Z' });
    expect(benefitNotifications.templateFor(booked)).toBe('booked');
    expect(fitTemplateData(benefitNotifications.templateValues('booked', booked))).toMatchObject({ thing1: { value: expect.stringMatching(/^.{1,20}$/u) }, time2: { value: '2026-12-02 09:00' }, character_string4: { value: 'QY20261125-ABC123' } });
    const types = ['booked', 'reminder', 'cancelled', 'expiring', 'tierChanged', 'changeAnnounced'];
    expect(new Set(types.map((t) => benefitNotifications.templateFor(e(t, {}))))).toEqual(new Set(['booked', 'reminder', 'cancelled', 'expiring', 'tier', 'change']));
    for (const [name, t] of Object.entries(benefitNotifications.templates))
      for (const type of t.events) expect(Object.keys(benefitNotifications.templateValues(name, e(type, {})))).toEqual(Object.keys(t.keywords));
  });
});
