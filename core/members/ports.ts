import type { AuditDraft } from '../audit/chain';
import type { Member, Policy } from './model';

export interface PolicyImportBatch {
  batchId: string;
  policies: Policy[];
  /** A full import: in-force policies absent from the file become lapsed (never deleted). */
  lapseAbsent: boolean;
  at: string;
}

export interface PolicyStore {
  get(policyNo: string): Promise<Policy | null>;
  listByNos(policyNos: string[]): Promise<Policy[]>;
  /**
   * Writes a whole import in one transaction, with its audit entry: a file is in the register
   * entirely or not at all. A re-imported policy keeps who bound it.
   */
  applyImport(batch: PolicyImportBatch, audit: AuditDraft): Promise<{ inserted: number; updated: number; lapsed: number }>;
  /*
   * The same import written over several calls (the admin page's import job, core/members/importJobs.ts),
   * each call bounded: rows are staged under the batch id, invisible to every reader, then one commit
   * makes the whole batch visible with its audit entry. Every step is safe to repeat after a crash.
   */
  /** Stages these rows (idempotent per policy number). CloudBase: claims or renews the import lease (POLICY_IMPORT.BUSY if another import holds it). */
  stageImport(batch: StagedImportRef, policies: Policy[]): Promise<void>;
  /**
   * For a full import: stages the lapse of up to `limit` in-force policies (by policy number, after
   * `after`) that the batch does not list. `last` is the cursor; `done` when there are no more.
   * A store that works out lapses inside its commit answers done at once.
   */
  stageLapses(batch: StagedImportRef, after: string | undefined, limit: number): Promise<{ last?: string; done: boolean }>;
  /** Makes the staged batch visible at once, with its audit entry and counts; repeating it returns the same counts and writes nothing. */
  commitStaged(batch: StagedImportRef & { lapseAbsent: boolean }, audit: AuditDraft): Promise<{ inserted: number; updated: number; lapsed: number }>;
  /** After the commit: folds up to `limit` staged rows into the register; true when nothing of the batch is left staged. */
  finishStaged(batchId: string, limit: number): Promise<boolean>;
  /** Drops an uncommitted batch's staged rows (an abandoned or failed job) and releases its lease. */
  discardStaged(batchId: string): Promise<void>;
}

export interface StagedImportRef {
  batchId: string;
  /** When this call runs (renews the lease). */
  at: string;
}

/** A one-time SMS code sent for binding: only its hash is kept. */
export interface BindingChallenge {
  id: string;
  memberId: string;
  policyNo: string;
  phoneIndex: string;
  codeHash: string;
  expiresAt: string;
  wrongAttempts: number;
  usedAt?: string;
  createdAt: string;
}

export interface LimitRule {
  key: string;
  max: number;
  windowMs: number;
  /** The member a counter is about, when it is keyed by one: a deletion request erases the member's counters. */
  memberId?: string;
  /**
   * How much this use counts (default 1): e.g. an upload's bytes against a daily byte allowance. Negative
   * gives a use back (an upload the store could not take): never below 0, never refused, nothing in a new window.
   */
  cost?: number;
}

/** The outcome of a code check, decided by the core from what the store read inside its transaction. */
export type ChallengeVerdict =
  | { kind: 'refuse'; challenge?: BindingChallenge; error: Error }
  | { kind: 'bind'; challenge: BindingChallenge; member: Member; policy: Policy };

export interface MemberStore {
  get(id: string): Promise<Member | null>;
  /** Creates the visitor record on first contact; returns the record either way. */
  ensure(member: Member): Promise<Member>;
  /**
   * Counts one use (`cost`, default 1) against every rule, atomically: if any rule would pass its
   * maximum within its window, nothing is counted and that rule's key is returned. Parallel callers get no more than serial ones.
   */
  takeLimits(rules: LimitRule[], now: Date): Promise<string | null>;
  putChallenge(c: BindingChallenge): Promise<void>;
  /**
   * Reads the member's newest open challenge for the policy, the policy and the member, lets `decide`
   * rule, and writes the verdict in the same transaction: the wrong-attempt count moves with the check,
   * and a binding writes member, policy and the spent challenge together.
   */
  settleChallenge(
    memberId: string,
    policyNo: string,
    decide: (c: BindingChallenge | null, policy: Policy | null, member: Member | null) => ChallengeVerdict,
  ): Promise<ChallengeVerdict>;
  /** Writes the member and the policies whose binding changed, version-checked on the member. */
  saveBindings(member: Member, expectedVersion: number, policies: Policy[], audit?: AuditDraft): Promise<void>;
}

/** Sends a one-time code by SMS: Tencent Cloud SMS in production, a sandbox locally (codes shown in the admin page). */
export interface SmsSender {
  /** `purpose` picks the text (binding by default; `export` for the fresh check before a data export). */
  sendCode(phone: string, code: string, at: Date, purpose?: 'binding' | 'export'): Promise<void>;
}

/**
 * Whether the member's general consent to the current privacy notice is in force. Binding processes
 * the holder's name, phone and ID number, so it runs only with that consent (个人信息保护法 art 13-14).
 * Implemented from the privacy store where the deps are built (core/privacy/consent.ts `consentGate`).
 */
export interface ConsentGate {
  hasCurrentConsent(memberId: string): Promise<boolean>;
}

/** WeChat's phone-number check: the code from a getPhoneNumber button, exchanged server-side (phonenumber.getPhoneNumber). */
export interface WeChatPhone {
  /** The verified phone (digits, no country code). Throws when the code is invalid, used or expired. */
  phoneFromCode(code: string): Promise<string>;
}
