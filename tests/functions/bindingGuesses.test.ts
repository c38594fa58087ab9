import fs from 'node:fs';
import path from 'node:path';
import { importPolicies } from '../../core/members/importPolicies';
import { MEMBER_QUOTAS } from '../../core/members/quotas';
import { dispatch, httpStatusFor, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { harness } from '../support/localHarness';

/**
 * Guessing the holder's phone of one policy from many member accounts: each member's own daily limit
 * does not stop eight accounts × ten tries. Failed matches are counted per policy number as well, an
 * unknown number exactly like a real one, and past the limit every try is refused (429) and audited.
 */
const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
type H = ReturnType<typeof harness>;
const member = (i: number): Caller => ({ kind: 'member', openid: `openid-guess-${i}` });
const call = (h: H, who: Caller, action: string, data?: unknown) => dispatch(h.system.functions.members.table, h.system.functions.members.deps as never, who, { action, data }, silentLogger);
const wrongPhone = (i: number) => `1390000${String(1000 + i).slice(-4)}`;
const failedAudits = (h: H) =>
  (h.system.db.prepare("SELECT actor_id, detail FROM audit_log WHERE action = 'member.bind.failed' ORDER BY rowid").all() as { actor_id: string; detail: string }[]).map((r) => ({
    actor: r.actor_id,
    ...(JSON.parse(r.detail) as Record<string, unknown>),
  }));

describe('failed binding matches are limited per policy, across members', () => {
  let h: H;
  const LIMIT = MEMBER_QUOTAS.binding.failedMatchesPerPolicyPerDay;
  beforeEach(async () => {
    h = harness('2026-11-25T02:00:00Z');
    await importPolicies(h.system.members, { id: 'staff-comp-01', role: 'compliance' }, { csv: REGISTER, full: false, validRowsOnly: false, dryRun: false });
    for (let i = 0; i < 8; i++) await call(h, member(i), 'answerPrivacyNotice', { noticeVersion: h.system.privacy.notice.version, agree: true });
  });
  afterEach(() => h.close());

  const guessRound = async (policyNo: string) => {
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) for (let k = 0; k < 10; k++) {
      const res = await call(h, member(i), 'startBinding', { policyNo, phone: wrongPhone(i * 10 + k) });
      codes.push(res.ok ? 'ok' : res.error.code);
    }
    return codes;
  };

  it.each([
    ['a policy in the register', 'P2026000123'],
    ['a policy number nobody holds', 'P0000000000'],
  ])('%s: 8 members × 10 wrong phones get the limit of NO_MATCH, then 429 in Chinese', async (_what, policyNo) => {
    const codes = await guessRound(policyNo);
    expect(codes.filter((c) => c === 'BINDING.NO_MATCH')).toHaveLength(LIMIT);
    expect(codes.slice(0, LIMIT).every((c) => c === 'BINDING.NO_MATCH')).toBe(true);
    expect(codes.slice(LIMIT).every((c) => c === 'RATE.LIMITED')).toBe(true);
    const refused = await call(h, member(7), 'startBinding', { policyNo, phone: wrongPhone(99) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', message: expect.stringMatching(/[\u4e00-\u9fa5]/) } });
    if (!refused.ok) {
      expect(httpStatusFor(refused.error.code)).toBe(429);
      // Nothing in it says whether the policy exists.
      expect(refused.error.message).not.toMatch(/不存在|未找到|有效/);
    }
    // Each refusal past the limit is evidence of guessing: audited on the member's chain with the policy tried.
    const audits = failedAudits(h);
    expect(audits).toHaveLength(codes.length - LIMIT + 1);
    expect(audits[0]).toMatchObject({ reason: 'RATE.LIMITED', step: 'start', policyNo, limit: 'failedMatchesPerPolicy' });
  });

  it('an unknown number and a real one answer alike, message for message', async () => {
    const real = await guessRound('P2026000123');
    const unknown = await guessRound('P0000000000');
    expect(unknown).toEqual(real);
    const a = await call(h, member(1), 'startBinding', { policyNo: 'P2026000123', phone: wrongPhone(5) });
    const b = await call(h, member(1), 'startBinding', { policyNo: 'P0000000000', phone: wrongPhone(5) });
    expect(a.ok || b.ok).toBe(false);
    if (!a.ok && !b.ok) expect(a.error).toEqual(b.error);
  });

  it('past the limit even the right phone is refused until tomorrow (no oracle), and other policies are untouched', async () => {
    await guessRound('P2026000123');
    const holder = await call(h, { kind: 'member', openid: 'openid-alice' }, 'answerPrivacyNotice', { noticeVersion: h.system.privacy.notice.version, agree: true });
    expect(holder.ok).toBe(true);
    expect(await call(h, { kind: 'member', openid: 'openid-alice' }, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' })).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    expect(await call(h, member(0), 'startBinding', { policyNo: 'P2026000456', phone: wrongPhone(1) })).toMatchObject({ ok: false, error: { code: 'BINDING.NO_MATCH' } });
    h.clock.advance(24 * 3600_000);
    expect(await call(h, { kind: 'member', openid: 'openid-alice' }, 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' })).toMatchObject({ ok: true });
  });

  it('guesses sent in parallel get no more NO_MATCH than serial ones', async () => {
    const replies = await Promise.all(Array.from({ length: 40 }, (_, n) => call(h, member(n % 8), 'startBinding', { policyNo: 'P2026000123', phone: wrongPhone(n) })));
    const codes = replies.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'BINDING.NO_MATCH')).toHaveLength(LIMIT);
    expect(codes.filter((c) => c === 'RATE.LIMITED')).toHaveLength(40 - LIMIT);
  });

  it('a right phone does not use up the allowance', async () => {
    for (let i = 0; i < LIMIT; i++) {
      h.clock.advance(61_000);
      expect(await call(h, member(i % 8), 'startBinding', { policyNo: 'P2026000123', phone: '13800138000' })).toMatchObject({ ok: true });
    }
    expect(await call(h, member(0), 'startBinding', { policyNo: 'P2026000123', phone: wrongPhone(1) })).toMatchObject({ ok: false, error: { code: 'BINDING.NO_MATCH' } });
  });
});
