import type { Member, Policy } from '../../core/members/model';
import type { LocalSystem } from '../../server/local/localSystem';

/** Test data for claims: a bound holder with a policy (insured persons sealed with the system's key) written straight to the stores. */
const SEED_AUDIT = { actorId: 'test', actorRole: 'headOffice', action: 'test.seed', subjectType: 'policy', subjectId: 'seed' };

export const claimPolicy = (system: LocalSystem, policyNo: string, boundTo: string | undefined, over: Partial<Policy> = {}): Policy => {
  const f = (plain: string, masked: string) => ({ sealed: system.box.seal(plain), masked });
  return {
    policyNo,
    productCode: 'MED01',
    productName: '安心医疗保险',
    holder: { name: f('张晓敏', '张*敏'), idNumber: f('110101199001011234', '110101********1234'), phone: { ...f('13800138000', '138****8000'), index: `idx-${policyNo}` } },
    insured: [
      { name: f('张晓敏', '张*敏'), idNumber: f('110101199001011234', '110101********1234'), relation: 'self' },
      { name: f('李小宝', '李*宝'), idNumber: f('110101201501011234', '110101********1234'), relation: 'child' },
    ],
    coverages: [
      { name: '住院医疗保险金', sumInsuredFen: 20_000_000 },
      { name: '意外身故保险金', sumInsuredFen: 50_000_000 },
    ],
    effectiveDate: '2026-01-01',
    expiryDate: '2026-12-31',
    premiumFen: 120_000,
    salesChannel: 'agent',
    sellerId: 's1',
    status: 'inForce',
    batchId: 'seed',
    ...(boundTo ? { boundTo } : {}),
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
};

/** A bound member holding these policies. */
export const seedClaimant = async (system: LocalSystem, openid: string, policies: Policy[]): Promise<Member> => {
  await system.members.policies.applyImport({ batchId: `seed-${openid}`, policies, lapseAbsent: false, at: '2026-01-01T00:00:00.000Z' }, SEED_AUDIT);
  const m = await system.members.members.ensure({
    id: openid,
    kind: 'bound',
    name: { sealed: system.box.seal('张晓敏'), masked: '张*敏' },
    phone: { sealed: system.box.seal('13800138000'), masked: '138****8000' },
    policyNos: policies.filter((p) => p.boundTo === openid).map((p) => p.policyNo),
    tier: 'standard',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  // The import keeps whoever bound a policy (none for a new one): the binding is written as binding writes it.
  await system.members.members.saveBindings({ ...m, version: m.version + 1 }, m.version, policies.filter((p) => p.boundTo === openid));
  return (await system.members.members.get(openid))!;
};

export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
export const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
