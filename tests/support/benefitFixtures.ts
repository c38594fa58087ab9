import type { Benefit, Slot } from '../../core/benefits/model';
import type { Member, Policy, Tier } from '../../core/members/model';
import type { LocalSystem } from '../../server/local/localSystem';

/** Test data for the benefits: bound members with policies written straight to the stores, a catalogue and slots. */
const sealed = (masked: string) => ({ sealed: 'x', masked });
const STAFF_AUDIT = { actorId: 'test', actorRole: 'benefitsAdmin', action: 'test.seed', subjectType: 'benefit', subjectId: 'seed' };

export const policyOf = (policyNo: string, premiumFen: number, status: Policy['status'] = 'inForce', boundTo?: string): Policy => ({
  policyNo,
  productCode: 'P',
  productName: '安心医疗险',
  holder: { name: sealed('张*'), idNumber: sealed('1101**********0000'), phone: { ...sealed('138****0000'), index: `idx-${policyNo}` } },
  insured: [],
  coverages: [],
  effectiveDate: '2026-01-01',
  expiryDate: '2027-01-01',
  premiumFen,
  salesChannel: 'agent',
  sellerId: 's1',
  status,
  batchId: 'seed',
  ...(boundTo ? { boundTo } : {}),
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** A bound member holding these policies (premiums in 分); the member record's tier is what the rules made of them. */
export const seedMember = async (system: LocalSystem, openid: string, premiums: number[], masked = '张*敏'): Promise<Member> => {
  const policies = premiums.map((p, i) => policyOf(`P-${openid}-${i}`, p, 'inForce', openid));
  await system.members.policies.applyImport({ batchId: `seed-${openid}`, policies, lapseAbsent: false, at: '2026-01-01T00:00:00.000Z' }, STAFF_AUDIT);
  const tier: Tier = premiums.length >= 3 ? 'gold' : premiums.length === 2 ? 'silver' : 'standard';
  return system.members.members.ensure({
    id: openid,
    kind: 'bound',
    name: sealed(masked),
    phone: sealed('138****8000'),
    policyNos: policies.map((p) => p.policyNo),
    tier,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
};

/** Changes a member's policies (a lapse, a new one): the register and the member record together. */
export const setPolicies = async (system: LocalSystem, openid: string, policies: Policy[]) => {
  await system.members.policies.applyImport({ batchId: `re-${openid}-${policies.length}`, policies, lapseAbsent: false, at: '2026-01-01T00:00:00.000Z' }, STAFF_AUDIT);
  const m = (await system.members.members.get(openid))!;
  await system.members.members.saveBindings({ ...m, policyNos: policies.map((p) => p.policyNo), version: m.version + 1 }, m.version, []);
};

export const benefit = (over: Partial<Benefit> = {}): Benefit => ({
  id: 'checkup',
  name: '年度体检',
  description: '合作体检中心基础套餐一次',
  kind: 'checkup',
  eligibleTiers: ['standard', 'silver', 'gold'],
  quota: { count: 1, period: 'year' },
  validityDays: 365,
  redemption: 'booking',
  partner: { name: '康体检中心' },
  basis: { kind: 'approval', ref: '增值服务审批〔2026〕12号' },
  outsideContract: true,
  place: '康体检中心（徐汇店）',
  status: 'active',
  termsVersion: 1,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

export const seedBenefit = (system: LocalSystem, b: Benefit) => system.benefits.benefits.saveBenefit(b, null, STAFF_AUDIT);

export const seedSlot = async (system: LocalSystem, benefitId: string, startsAt: string, capacity = 5, booked = 0): Promise<Slot> => {
  const slot: Slot = { id: `${benefitId}-${startsAt.replace(/\D/g, '').slice(0, 12)}`, benefitId, startsAt, endsAt: new Date(Date.parse(startsAt) + 3600_000).toISOString(), capacity, booked, version: 1 };
  await system.benefits.benefits.putSlot(slot, null, STAFF_AUDIT);
  return slot;
};
