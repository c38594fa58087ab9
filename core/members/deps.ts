import type { AuditDraft } from '../audit/chain';
import type { Clock, IdGenerator } from '../shared/ports';
import type { SecretBox } from '../staff/ports';
import type { Tier } from './model';
import type { ConsentGate, MemberStore, PolicyStore, SmsSender, WeChatPhone } from './ports';

export interface MemberDeps {
  members: MemberStore;
  policies: PolicyStore;
  box: SecretBox;
  sms: SmsSender;
  /** Exchanges the getPhoneNumber button's code for the phone WeChat has verified. */
  wechatPhone: WeChatPhone;
  /** The general consent to the current privacy notice, which binding requires (checked on the server). */
  consent: ConsentGate;
  clock: Clock;
  ids: IdGenerator;
  /** SHA-256 hex (crypto is a port). */
  hash(text: string): string;
  /** A uniformly random 6-digit code. */
  newCode(): string;
  /**
   * The tier the benefits rules hold for the member (core/benefits/standing.ts), where they keep one: a
   * lower tier waits for the yearly review there, so the home shows what the member's benefits follow.
   */
  heldTier?(memberId: string): Promise<HeldTier | null>;
  /**
   * Where a failed binding attempt is audited (`member.bind.failed`, binding.ts): the evidence the
   * incident detector counts for brute force (core/incidents/policy.ts). Absent: not audited.
   */
  audit?: { append(draft: AuditDraft): Promise<unknown> };
}

/** A tier as the benefits hold it: a downgrade is scheduled for the review, with notice, never applied at once. */
export interface HeldTier {
  tier: Tier;
  reviewedAt?: string;
  downgrade?: { to: Tier; effectiveAt: string };
}

/** Binding limits (data, CLARIFICATIONS "Members"). */
export const BINDING_LIMITS = {
  codeTtlMs: 5 * 60_000,
  wrongCodesPerCode: 5,
  sendGapMs: 60_000,
  sendsPerPhonePerDay: 10,
  sendsPerPolicyPerDay: 10,
  attemptsPerMemberPerDay: 20,
  attemptsPerPolicyPerDay: 20,
  /**
   * Wrong policy/phone pairs per policy number per day, whoever tries (an unknown number counts the
   * same, so the refusal says nothing about whether it exists): past it every start is refused.
   */
  failedMatchesPerPolicyPerDay: 10,
} as const;
