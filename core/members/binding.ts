import * as z from 'zod/mini';
import { maskPhone } from '../shared/masking';
import { localDateOf } from '../shared/shanghaiTime';
import { parseInput } from '../shared/validation';
import { BINDING_LIMITS as L, type MemberDeps } from './deps';
import { memberErrors } from './errors';
import { isDomainError } from '../shared/errors';
import { PHONE } from './identityNumbers';
import type { Member, Policy } from './model';
import type { BindingChallenge, ChallengeVerdict, LimitRule } from './ports';
import { constantTimeEqual } from './sealing';
import { tierFor } from './tiers';

const LABELS = { policyNo: '保单号', phone: '手机号', code: '验证码' };
const policyNo = z.string().check(z.trim(), z.minLength(1), z.maxLength(32), z.regex(/^[A-Za-z0-9-]+$/));
const startSchema = z.strictObject({ policyNo, phone: z.string().check(z.regex(PHONE)) });
const confirmSchema = z.strictObject({ policyNo, phone: z.string().check(z.regex(PHONE)), code: z.string().check(z.regex(/^\d{6}$/)) });
const unbindSchema = z.strictObject({ policyNo });
const DAY = 24 * 3600_000;

export const visitor = (id: string, at: string): Member => ({ id, kind: 'visitor', policyNos: [], tier: 'visitor', version: 1, createdAt: at, updatedAt: at });

const limit = async (deps: MemberDeps, rules: LimitRule[], message: string) => {
  const hit = await deps.members.takeLimits(rules, deps.clock.now());
  if (hit) throw memberErrors.rateLimited(hit.includes(':gap:') ? '发送过于频繁，请60秒后再试' : message);
};

/**
 * Binding processes the holder's name, phone and ID number: only with the member's general consent to
 * the current privacy notice. Checked before any counter moves or anything is read, so a refusal changes nothing.
 */
const requireConsent = async (deps: MemberDeps, memberId: string) => {
  if (!(await deps.consent.hasCurrentConsent(memberId))) throw memberErrors.consentRequired();
};

/** The register's holder phone must match; only then do we say anything about the policy's binding. */
const checkPolicy = (deps: MemberDeps, memberId: string, policy: Policy | null, phone: string): Policy => {
  if (!policy || policy.holder.phone.index !== deps.box.blindIndex(phone)) throw memberErrors.noMatch();
  if (policy.boundTo === memberId) throw memberErrors.alreadyYours();
  if (policy.boundTo) throw memberErrors.alreadyBound();
  if (policy.status === 'lapsed' || policy.status === 'surrendered') throw memberErrors.notHolder();
  return policy;
};

/** Writes a fresh one-time code for (member, policy); only its hash is kept. Returns the code. */
const putNewChallenge = async (deps: MemberDeps, memberId: string, policyNo: string, phoneIndex: string): Promise<string> => {
  const now = deps.clock.now();
  const id = deps.ids.newId();
  const code = deps.newCode();
  const challenge: BindingChallenge = {
    id,
    memberId,
    policyNo,
    phoneIndex,
    codeHash: deps.hash(`${id}:${code}`),
    expiresAt: new Date(now.getTime() + L.codeTtlMs).toISOString(),
    wrongAttempts: 0,
    createdAt: now.toISOString(),
  };
  await deps.members.putChallenge(challenge);
  return code;
};

/** The day's failed policy/phone matches of one policy number, from any member (BINDING_LIMITS.failedMatchesPerPolicyPerDay). */
const policyGuessRule = (policyNo: string, day: string, cost = 1): LimitRule => ({ key: `bind:nomatch:${policyNo.toUpperCase()}:${day}`, max: L.failedMatchesPerPolicyPerDay, windowMs: DAY, cost });

/**
 * Many accounts guessing one policy's holder phone: once the policy number's failed matches reach the
 * day's limit every start for it is refused, the right phone too (or the refusal would tell a right
 * guess), before the register is read, so an unknown number is refused exactly like a real one. The
 * refusal is guessing evidence: audited like a wrong code (member.bind.failed, counted by the incident detector).
 */
const checkPolicyGuesses = async (deps: MemberDeps, memberId: string, policyNo: string, day: string) => {
  // Cost 0 only looks: the count moves when a match fails (below), not for a right phone.
  const spent = await deps.members.takeLimits([{ ...policyGuessRule(policyNo, day, 0), max: L.failedMatchesPerPolicyPerDay - 1 }], deps.clock.now());
  if (spent) await refuseGuessing(deps, memberId, policyNo);
};

/** Audits the refusal (member.bind.failed) and throws it: 429, a message that says nothing about the policy. */
const refuseGuessing = async (deps: MemberDeps, memberId: string, policyNo: string): Promise<never> => {
  await deps.audit
    ?.append({ actorId: memberId, actorRole: 'member', action: 'member.bind.failed', subjectType: 'member', subjectId: memberId, detail: { reason: 'RATE.LIMITED', step: 'start', policyNo, limit: 'failedMatchesPerPolicy' } })
    .catch(() => undefined);
  throw memberErrors.rateLimited('该保单今日核验失败次数过多，为保护保单信息，请明天再试或联系客服');
};

/**
 * Step 1 of binding (policy number + phone + SMS code): the phone must be the register's holder
 * phone. Every attempt counts against the member's daily limit, every send against the phone's and
 * the policy's, before anything is looked up, so probing costs the same as trying.
 */
const startBindingUnaudited = async (deps: MemberDeps, memberId: string, raw: unknown) => {
  const input = parseInput(startSchema, raw, LABELS);
  await requireConsent(deps, memberId);
  const day = localDateOf(deps.clock.now());
  await limit(deps, [{ key: `bind:member:${memberId}:${day}`, max: L.attemptsPerMemberPerDay, windowMs: DAY, memberId }], '今日绑定尝试次数已达上限，请明天再试');
  await checkPolicyGuesses(deps, memberId, input.policyNo, day);
  try {
    checkPolicy(deps, memberId, await deps.policies.get(input.policyNo), input.phone);
  } catch (e) {
    // A failed match is counted; one that finds the allowance spent meanwhile (a parallel guess) is refused as past it.
    if (isDomainError(e) && e.code === 'BINDING.NO_MATCH' && (await deps.members.takeLimits([policyGuessRule(input.policyNo, day)], deps.clock.now())))
      await refuseGuessing(deps, memberId, input.policyNo);
    throw e;
  }
  const phoneIndex = deps.box.blindIndex(input.phone);
  await limit(
    deps,
    [
      { key: `sms:gap:${phoneIndex}`, max: 1, windowMs: L.sendGapMs },
      { key: `sms:phone:${phoneIndex}:${day}`, max: L.sendsPerPhonePerDay, windowMs: DAY },
      { key: `sms:policy:${input.policyNo}:${day}`, max: L.sendsPerPolicyPerDay, windowMs: DAY },
    ],
    '今日验证码发送次数已达上限，请明天再试',
  );
  const code = await putNewChallenge(deps, memberId, input.policyNo, phoneIndex);
  await deps.sms.sendCode(input.phone, code, deps.clock.now());
  return { sentTo: maskPhone(input.phone), expiresInSeconds: L.codeTtlMs / 1000, resendAfterSeconds: L.sendGapMs / 1000 };
};

/** The rule for one code check, pure: decided inside the store's transaction so the wrong-attempt count moves with it. */
export const judgeCode = (
  deps: Pick<MemberDeps, 'hash' | 'box'>,
  now: Date,
  memberId: string,
  input: { phone: string; code: string },
  c: BindingChallenge | null,
  policy: Policy | null,
  member: Member | null,
): ChallengeVerdict => {
  if (!c || c.usedAt) return { kind: 'refuse', error: memberErrors.noCode() };
  if (c.phoneIndex !== deps.box.blindIndex(input.phone)) return { kind: 'refuse', error: memberErrors.noMatch() };
  if (now.toISOString() >= c.expiresAt) return { kind: 'refuse', error: memberErrors.codeExpired() };
  if (c.wrongAttempts >= L.wrongCodesPerCode) return { kind: 'refuse', error: memberErrors.tooManyWrong() };
  if (!constantTimeEqual(deps.hash(`${c.id}:${input.code}`), c.codeHash)) {
    const wrongAttempts = c.wrongAttempts + 1;
    return { kind: 'refuse', challenge: { ...c, wrongAttempts }, error: memberErrors.wrongCode(L.wrongCodesPerCode - wrongAttempts) };
  }
  const spent = { ...c, usedAt: now.toISOString() };
  if (!policy) return { kind: 'refuse', challenge: spent, error: memberErrors.noMatch() };
  if (policy.boundTo && policy.boundTo !== memberId) return { kind: 'refuse', challenge: spent, error: memberErrors.alreadyBound() };
  const at = now.toISOString();
  const base = member ?? visitor(memberId, at);
  const bound: Member = {
    ...base,
    kind: 'bound',
    name: policy.holder.name,
    phone: policy.holder.phone,
    idNumber: policy.holder.idNumber,
    policyNos: [...new Set([...base.policyNos, policy.policyNo])],
    version: base.version + 1,
    updatedAt: at,
  };
  return { kind: 'bind', challenge: spent, member: bound, policy: { ...policy, boundTo: memberId, updatedAt: at } };
};

/** Recomputes the tier from the member's policies after their set changed. */
const refreshTier = async (deps: MemberDeps, member: Member) => {
  const tier = tierFor(await deps.policies.listByNos(member.policyNos));
  if (tier === member.tier) return member;
  const next = { ...member, tier, tierReviewedAt: deps.clock.now().toISOString(), version: member.version + 1 };
  await deps.members.saveBindings(next, member.version, []);
  return next;
};

/** One binding attempt against the member's and the policy's daily limits (20 each). */
const takeBindAttempt = (deps: MemberDeps, memberId: string, policyNo: string) => {
  const day = localDateOf(deps.clock.now());
  return limit(
    deps,
    [
      { key: `bind:member:${memberId}:${day}`, max: L.attemptsPerMemberPerDay, windowMs: DAY, memberId },
      { key: `bind:policy:${policyNo}:${day}`, max: L.attemptsPerPolicyPerDay, windowMs: DAY },
    ],
    '今日绑定尝试次数已达上限，请明天再试',
  );
};

/** Checks the code against the member's newest challenge inside the store's transaction, then binds. */
const settle = async (deps: MemberDeps, memberId: string, policyNo: string, input: { phone: string; code: string }) => {
  const now = deps.clock.now();
  const verdict = await deps.members.settleChallenge(memberId, policyNo, (c, policy, member) => judgeCode(deps, now, memberId, input, c, policy, member));
  if (verdict.kind === 'refuse') throw verdict.error;
  const member = await refreshTier(deps, verdict.member);
  return { bound: verdict.policy.policyNo, tier: member.tier, policies: member.policyNos.length };
};

/** Step 2: the code. Wrong codes count per code (5), attempts per member and per policy per day (20). */
const confirmBindingUnaudited = async (deps: MemberDeps, memberId: string, raw: unknown) => {
  const input = parseInput(confirmSchema, raw, LABELS);
  await requireConsent(deps, memberId);
  await takeBindAttempt(deps, memberId, input.policyNo);
  return settle(deps, memberId, input.policyNo, input);
};

/** The member lets go of a policy; with none left they are a visitor again and the holder details go with it. */
export const unbindPolicy = async (deps: MemberDeps, memberId: string, raw: unknown) => {
  const { policyNo: no } = parseInput(unbindSchema, raw, LABELS);
  const member = await deps.members.get(memberId);
  const policy = await deps.policies.get(no);
  if (!member || !member.policyNos.includes(no) || !policy || policy.boundTo !== memberId) throw memberErrors.notBound();
  const rest = member.policyNos.filter((p) => p !== no);
  const at = deps.clock.now().toISOString();
  const next: Member = rest.length
    ? { ...member, policyNos: rest, version: member.version + 1, updatedAt: at }
    : { ...visitor(member.id, member.createdAt), version: member.version + 1, updatedAt: at };
  await deps.members.saveBindings(next, member.version, [{ ...policy, boundTo: undefined, updatedAt: at }]);
  await refreshTier(deps, next);
  return { unbound: no, remaining: rest.length };
};

const phoneCheckSchema = z.strictObject({ policyNo, phoneCode: z.string().check(z.trim(), z.minLength(8), z.maxLength(128), z.regex(/^[\w-]+$/)) });

/**
 * Binding by WeChat's phone-number check (the getPhoneNumber button): when the phone WeChat vouches
 * for is the register's holder phone, no SMS is needed. It goes through the same atomic path as a
 * code: a challenge is written and settled at once, so "one holder binds once" is decided inside
 * the store's transaction. A different phone answers BINDING.PHONE_MISMATCH and the page offers
 * the SMS code instead; the phone itself is never echoed.
 */
const bindWithWeChatPhoneUnaudited = async (deps: MemberDeps, memberId: string, raw: unknown) => {
  const input = parseInput(phoneCheckSchema, raw, { ...LABELS, phoneCode: '手机号授权' });
  await requireConsent(deps, memberId);
  await takeBindAttempt(deps, memberId, input.policyNo);
  let phone: string;
  try {
    phone = await deps.wechatPhone.phoneFromCode(input.phoneCode);
  } catch {
    throw memberErrors.phoneCheckFailed();
  }
  const policy = await deps.policies.get(input.policyNo);
  if (policy && policy.holder.phone.index !== deps.box.blindIndex(phone)) throw memberErrors.phoneMismatch();
  checkPolicy(deps, memberId, policy, phone);
  const code = await putNewChallenge(deps, memberId, input.policyNo, deps.box.blindIndex(phone));
  return settle(deps, memberId, input.policyNo, { phone, code });
};

/**
 * The refusals that are someone guessing are audited on the member's own chain with the policy number
 * tried, and the incident detector counts them per member and per policy (core/incidents/detector.ts,
 * binding brute force): a wrong or locked code, and a daily attempt limit reached when confirming
 * (20 per member, 20 per policy), and a start refused because the policy number's failed matches are
 * spent (checkPolicyGuesses, audited there). Not audited: a single wrong policy/phone pair or a phone
 * WeChat vouches for that is not the holder's (probing them runs into the limits, which are audited),
 * the 60-second resend gap (an impatient tap), and bad input.
 */
const GUESSING: Record<string, readonly string[]> = {
  start: [],
  confirm: ['BINDING.WRONG_CODE', 'BINDING.CODE_LOCKED', 'RATE.LIMITED'],
  wechatPhone: ['RATE.LIMITED'],
};

const audited =
  (step: string, run: (deps: MemberDeps, memberId: string, raw: unknown) => Promise<unknown>) =>
  async (deps: MemberDeps, memberId: string, raw: unknown) => {
    try {
      return await run(deps, memberId, raw);
    } catch (e) {
      if (deps.audit && isDomainError(e) && GUESSING[step].includes(e.code)) {
        const tried = (raw as { policyNo?: unknown } | null)?.policyNo;
        const policyNo = typeof tried === 'string' && /^[A-Za-z0-9-]{1,32}$/.test(tried.trim()) ? tried.trim() : undefined;
        await deps.audit
          .append({ actorId: memberId, actorRole: 'member', action: 'member.bind.failed', subjectType: 'member', subjectId: memberId, detail: { reason: e.code, step, ...(policyNo ? { policyNo } : {}) } })
          .catch(() => undefined);
      }
      throw e;
    }
  };

/** Step 1: nothing it refuses is a guess worth auditing (see GUESSING). */
export const startBinding = startBindingUnaudited;
/** Step 2 (see confirmBindingUnaudited). */
export const confirmBinding = audited('confirm', confirmBindingUnaudited) as typeof confirmBindingUnaudited;
/** The WeChat phone check (see bindWithWeChatPhoneUnaudited). */
export const bindWithWeChatPhone = audited('wechatPhone', bindWithWeChatPhoneUnaudited) as typeof bindWithWeChatPhoneUnaudited;
