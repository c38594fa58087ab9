import { isValidIdNumber, isValidPhone, maskIdNumber, maskName } from '../../core/members/identityNumbers';
import { judgeCode } from '../../core/members/binding';
import { constantTimeEqual } from '../../core/members/sealing';
import { tierFor } from '../../core/members/tiers';
import type { Policy } from '../../core/members/model';
import type { BindingChallenge } from '../../core/members/ports';

describe('identity numbers', () => {
  it('accepts a resident ID whose check digit is right, including X, and refuses a mistyped digit or date', () => {
    expect(isValidIdNumber('110105198503151230')).toBe(true);
    expect(isValidIdNumber('11010520150601456x')).toBe(true);
    expect(isValidIdNumber('110105198503151231')).toBe(false);
    expect(isValidIdNumber('110105198502301230')).toBe(false);
    expect(isValidIdNumber('11010519850315123')).toBe(false);
  });
  it('accepts mainland mobile numbers only', () => {
    expect(isValidPhone('13800138000')).toBe(true);
    expect(isValidPhone('12800138000')).toBe(false);
    expect(isValidPhone('+8613800138000')).toBe(false);
  });
  it('masks what staff see: region and last four of the ID, family name of a name', () => {
    expect(maskIdNumber('110105198503151230')).toBe('110105********1230');
    expect(maskName('张晓敏')).toBe('张*敏');
    expect(maskName('李明')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
  });
  it('compares codes in constant time and still tells equal from unequal', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});

const policy = (over: Partial<Policy> = {}): Policy =>
  ({ policyNo: 'P1', status: 'inForce', premiumFen: 100_000, holder: { phone: { index: 'idx-13800138000' } }, ...over }) as Policy;

describe('tiers (data in core/members/tiers.ts)', () => {
  it('reads visitor, standard, silver and gold from the policies in force and their premium', () => {
    expect(tierFor([])).toBe('visitor');
    expect(tierFor([policy()])).toBe('standard');
    expect(tierFor([policy(), policy()])).toBe('silver');
    expect(tierFor([policy({ premiumFen: 600_000 })])).toBe('silver');
    expect(tierFor([policy({ premiumFen: 2_000_000 })])).toBe('gold');
    expect(tierFor([policy({ status: 'lapsed' })])).toBe('standard');
  });
});

describe('judging a binding code (pure, inside the store transaction)', () => {
  const deps = { hash: (s: string) => `h(${s})`, box: { blindIndex: (s: string) => `idx-${s}` } as never };
  const now = new Date('2026-11-25T02:00:00Z');
  const challenge: BindingChallenge = {
    id: 'ch1',
    memberId: 'm1',
    policyNo: 'P1',
    phoneIndex: 'idx-13800138000',
    codeHash: 'h(ch1:123456)',
    expiresAt: '2026-11-25T02:05:00.000Z',
    wrongAttempts: 0,
    createdAt: '2026-11-25T02:00:00.000Z',
  };
  const judge = (c: BindingChallenge | null, code = '123456', at = now, p: Policy | null = policy()) =>
    judgeCode(deps, at, 'm1', { phone: '13800138000', code }, c, p, null);

  it('binds with the right code and spends the challenge', () => {
    const v = judge(challenge);
    expect(v).toMatchObject({ kind: 'bind', challenge: { usedAt: now.toISOString() }, member: { kind: 'bound', policyNos: ['P1'] }, policy: { boundTo: 'm1' } });
  });
  it('counts a wrong code on the challenge it returns', () => {
    expect(judge(challenge, '000000')).toMatchObject({ kind: 'refuse', challenge: { wrongAttempts: 1 }, error: { code: 'BINDING.WRONG_CODE' } });
  });
  it('refuses at the exact instant of expiry, after five wrong codes, and once spent', () => {
    expect(judge(challenge, '123456', new Date(challenge.expiresAt))).toMatchObject({ error: { code: 'BINDING.CODE_EXPIRED' } });
    expect(judge({ ...challenge, wrongAttempts: 5 })).toMatchObject({ error: { code: 'BINDING.CODE_LOCKED' } });
    expect(judge({ ...challenge, usedAt: now.toISOString() })).toMatchObject({ error: { code: 'BINDING.CODE_NOT_SENT' } });
  });
  it('refuses a policy bound in the meantime by someone else', () => {
    expect(judge(challenge, '123456', now, policy({ boundTo: 'm2' }))).toMatchObject({ kind: 'refuse', error: { code: 'BINDING.ALREADY_BOUND' } });
  });
});
