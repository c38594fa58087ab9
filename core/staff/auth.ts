/**
 * Staff sign-in: password, then TOTP.
 *
 * - Every attempt is counted BEFORE the password or code is checked, in one store transaction
 *   (SignInGuard.take, core/staff/throttle.ts), so parallel guesses get no more tries than serial ones.
 * - Counters per account+source, per account (not applied from a source the account already signed in
 *   from, nor from a browser carrying the account's device marker) and per source address, for passwords
 *   and codes alike, with growing delays instead of a hard lock: a guesser elsewhere cannot keep a staff
 *   member out, and one source cannot sweep accounts. While any counter is closed every attempt, a right
 *   password included, gets AUTH.THROTTLED with the same wait.
 * - Unknown usernames go through the same counters (keyed by a keyed hash of the name) and the same scrypt
 *   cost (a dummy hash made by the same hasher, so with the same parameters), and get the same answers.
 * - A TOTP code is accepted once: the last accepted time step per authenticator is recorded atomically. The
 *   code the account just used, sent again from the same source (a second tab, `npm run totp` twice), is
 *   answered "already used" and not counted as a guess.
 * - Audited with the source address: failed sign-ins (known or unknown name), sign-in, sign-out.
 * - The staff member is told, after the second factor, how many failed attempts their account had since
 *   their last FULL sign-in (SecondFactorResult.notice): the account's counters keep them until then, so an
 *   abandoned or failed second step loses nothing.
 */
import type { AuditDraft, AuditLog } from '../audit/chain';
import { DomainError, commonErrors } from '../shared/errors';
import type { Clock } from '../shared/ports';
import { formatShanghai } from '../shared/shanghaiTime';
import { parseInput } from '../shared/validation';
import * as z from 'zod/mini';
import type { StaffPrincipal, StaffSession, StaffUser } from './model';
import type { PasswordHasher, SecretBox, SessionStore, SignInGuard, StaffStore, TokenSource, TotpPort } from './ports';
import type { ClearedCounter, ThrottleRule } from './throttle';

export interface StaffAuthDeps {
  staff: StaffStore;
  sessions: SessionStore;
  signIn: SignInGuard;
  passwords: PasswordHasher;
  totp: TotpPort;
  box: SecretBox;
  tokens: TokenSource;
  audit: AuditLog;
  clock: Clock;
}

/** Where a sign-in call came from: the client address as the HTTP front saw it (server/runtime/adminHttp.ts). */
export interface SignInContext {
  source?: string;
  /** The browser's device marker (cookie set after a full sign-in, server/runtime/admin/handleAdmin.ts), if any. */
  device?: string;
}

const MINUTE = 60_000;
const growing = (free: number) => ({ free, baseMs: 30_000, maxMs: 15 * MINUTE, decayMs: 15 * MINUTE });
const DAY = 86_400_000;

export const AUTH_POLICY = {
  sessionMs: 8 * 3600_000,
  /** A password-only session must finish its second factor quickly. */
  pendingMfaMs: 5 * MINUTE,
  /**
   * Free attempts, then 30 s doubling per attempt up to 15 minutes; one attempt forgiven per quiet 15 minutes.
   * pair: one account from one source; account: one account from sources it never signed in from; source:
   * every account from one source; totpPair: an account's second factor from one source; totp: an account's
   * second factor from sources it never signed in from.
   */
  throttle: { pair: growing(5), account: growing(20), source: growing(30), totpPair: growing(5), totp: growing(5) },
  /**
   * A browser's device marker lives as long as the sign-in guard keeps a marker nobody refreshed
   * (SIGN_IN_GUARD_KEEP_DAYS); each full sign-in refreshes both.
   */
  deviceMs: 90 * DAY,
};

export const authErrors = {
  badCredentials: () => new DomainError('AUTH.BAD_CREDENTIALS', '用户名或密码错误', 'bad username or password'),
  throttled: (retryAfterMs: number) => {
    const s = Math.max(1, Math.ceil(retryAfterMs / 1000));
    const wait = s < 60 ? `${s}秒` : `${Math.ceil(s / 60)}分钟`;
    return new DomainError('AUTH.THROTTLED', `登录尝试过于频繁，请${wait}后再试`, `sign-in throttled for ${s}s`, { retryAfterS: s });
  },
  badCode: () => new DomainError('AUTH.BAD_TOTP', '动态验证码错误', 'bad TOTP code'),
  /** The password is already checked here, so saying why tells a guesser nothing; a colleague signing in twice in 30 s learns to wait. */
  usedCode: () => new DomainError('AUTH.BAD_TOTP', '该动态验证码已使用过，请等待验证器显示下一个验证码（约30秒）', 'TOTP code already used'),
  mfaRequired: () => new DomainError('AUTH.MFA_REQUIRED', '请先完成动态验证码验证', 'second factor missing'),
  disabled: () => new DomainError('AUTH.DISABLED', '账号已停用，请联系员工管理员', 'account disabled'),
};

/** A session ends when its account is disabled or its epoch moved on (disable, TOTP reset, re-enrolment). */
const sessionStillValid = (user: StaffUser, session: StaffSession) => !user.disabledAt && (session.epoch ?? 0) === (user.sessionEpoch ?? 0);

const loginSchema = z.strictObject({ username: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)), password: z.string().check(z.minLength(1), z.maxLength(256)) });
const codeSchema = z.strictObject({ code: z.string().check(z.regex(/^\d{6}$/)) });

export const sourceOf = (ctx: SignInContext) => (ctx.source && ctx.source.trim().slice(0, 100)) || 'unknown';

/** A device marker is a token made by TokenSource.newToken; anything else in the cookie is ignored. */
const DEVICE_ID = /^[A-Za-z0-9_-]{20,128}$/;
const deviceOf = (ctx: SignInContext) => (ctx.device && DEVICE_ID.test(ctx.device) ? ctx.device : undefined);

/** The counters' keys: keyed hashes only, so the store holds neither usernames nor addresses. */
export const signInKeys = (deps: Pick<StaffAuthDeps, 'box'>, username: string, source: string) => {
  const name = deps.box.blindIndex(`staff-signin\u0000${username}`);
  const from = deps.box.blindIndex(`staff-signin-source\u0000${source}`);
  return {
    name,
    from,
    pair: `pair:${name}:${from}`,
    account: `acct:${name}`,
    source: `src:${from}`,
    known: `known:${name}:${from}`,
    totpPair: `totp-pair:${name}:${from}`,
  };
};

/**
 * The marker that a browser completed a full sign-in to this account. It carries the account's session
 * epoch, so disabling the account, resetting its authenticator or a new enrolment (password reset)
 * revokes every device at once; only a keyed hash of the cookie's id is stored.
 */
export const deviceKey = (deps: Pick<StaffAuthDeps, 'box'>, name: string, user: Pick<StaffUser, 'sessionEpoch'>, deviceId: string) =>
  `device:${name}:${user.sessionEpoch ?? 0}:${deps.box.blindIndex(`staff-device\u0000${deviceId}`)}`;

/** Markers that let an attempt past the account-wide counters: this source, and this browser if it carries a marker. */
const knownMarkers = (deps: Pick<StaffAuthDeps, 'box'>, keys: ReturnType<typeof signInKeys>, user: StaffUser | null, ctx: SignInContext) => {
  const device = deviceOf(ctx);
  // For an unknown name there is no account to hold a marker: the cookie changes nothing.
  return user && device ? [keys.known, deviceKey(deps, keys.name, user, device)] : [keys.known];
};

const rule = (key: string, policy: Omit<ThrottleRule, 'key'>, exemptIf?: string[]): ThrottleRule => ({ key, ...policy, ...(exemptIf ? { exemptIf } : {}) });

const passwordRules = (keys: ReturnType<typeof signInKeys>, known: string[]): ThrottleRule[] => [
  rule(keys.pair, AUTH_POLICY.throttle.pair),
  rule(keys.account, AUTH_POLICY.throttle.account, known),
  rule(keys.source, AUTH_POLICY.throttle.source),
];

const codeRules = (keys: ReturnType<typeof signInKeys>, user: StaffUser, known: string[]): ThrottleRule[] => [
  rule(keys.totpPair, AUTH_POLICY.throttle.totpPair),
  rule(`totp:${user.id}`, AUTH_POLICY.throttle.totp, known), // settleFullSignIn clears this key
  rule(keys.source, AUTH_POLICY.throttle.source),
];

/**
 * The hash an unknown username (or an account with no password yet) is checked against: made once per
 * hasher by that hasher, so it costs exactly what a real account's check costs.
 */
const dummies = new WeakMap<PasswordHasher, Promise<string>>();
export const dummyHashFor = (deps: Pick<StaffAuthDeps, 'passwords' | 'tokens'>): Promise<string> => {
  let dummy = dummies.get(deps.passwords);
  if (!dummy) {
    dummy = deps.passwords.hash(deps.tokens.newToken());
    dummies.set(deps.passwords, dummy);
    // A failed attempt is not kept (the next sign-in tries again), and never an unhandled rejection.
    dummy.catch(() => dummies.delete(deps.passwords));
  }
  return dummy;
};

/**
 * 张三 → 张******; agent01 → ag******: enough for an auditor to search for a typo by its start, not to read a
 * password typed as a name; the mask has one length, so the hint does not tell the name's length either.
 */
export const nameHint = (username: string) => {
  const chars = [...username];
  return chars.slice(0, chars.length <= 2 ? 1 : 2).join('') + '******';
};

const failureAudit = (user: StaffUser | null, nameHash: string, username: string, source: string, reason: string): AuditDraft =>
  user
    ? { actorId: user.id, actorRole: user.role, action: 'staff.login.failed', subjectType: 'staff', subjectId: user.id, detail: { reason, source } }
    : {
        actorId: 'anonymous',
        actorRole: 'anonymous',
        action: 'staff.login.failed',
        subjectType: 'staffSignIn',
        // One chain per attempted name (keyed hash), so a burst on one name never contends with another.
        subjectId: `unknown-${nameHash.slice(0, 24)}`,
        detail: { reason: 'unknownUser', username: nameHint(username), source },
      };

export type LoginResult =
  | { sessionToken: string; next: 'totp' }
  | { sessionToken: string; next: 'enrol'; otpauthUrl: string };

/** Step one: the password. Opens a session that is good for nothing until the second factor passes. */
export const login = async (deps: StaffAuthDeps, raw: unknown, ctx: SignInContext = {}): Promise<LoginResult> => {
  const input = parseInput(loginSchema, raw, { username: '用户名', password: '密码' });
  const dummy = dummyHashFor(deps);
  const now = deps.clock.now();
  const source = sourceOf(ctx);
  const keys = signInKeys(deps, input.username, source);
  // Read before counting (for known and unknown names alike) so a device marker can be recognised.
  const user = await deps.staff.getByUsername(input.username);
  const rules = passwordRules(keys, knownMarkers(deps, keys, user, ctx));
  const verdict = await deps.signIn.take(rules, now);
  if (!verdict.allowed) throw authErrors.throttled(verdict.retryAfterMs);
  // An unknown name, and an account created by staffAdmin.ts whose enrolment link is unused, check against the dummy.
  const encoded = user?.passwordHash || (await dummy);
  const matches = await deps.passwords.verify(input.password, encoded);
  if (!user?.passwordHash || !matches) {
    await deps.audit.append(failureAudit(user, keys.name, input.username, source, 'password'));
    throw authErrors.badCredentials();
  }
  // Told only to whoever knows the password: a disabled account is not probed by its name.
  if (user.disabledAt) throw authErrors.disabled();
  // The account's counter gets this attempt back but keeps its failures until a full sign-in, which tells
  // the staff member about them: a password alone (its second step failed or abandoned) clears nothing.
  await deps.signIn.settle({ clear: [keys.pair], refund: [rules[1], rules[2]], remember: [] }, now);
  let current = user;
  if (!current.totpEnrolled && !current.totpSecretEncrypted) {
    current = { ...current, totpSecretEncrypted: deps.box.seal(deps.totp.newSecret()) };
    await deps.staff.save(current);
  }
  const token = deps.tokens.newToken();
  await deps.sessions.create({
    idHash: deps.tokens.sha256(token),
    staffId: user.id,
    epoch: user.sessionEpoch ?? 0,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + AUTH_POLICY.pendingMfaMs).toISOString(),
  });
  if (current.totpEnrolled) return { sessionToken: token, next: 'totp' };
  return { sessionToken: token, next: 'enrol', otpauthUrl: deps.totp.uri(deps.box.open(current.totpSecretEncrypted!), user.username) };
};

const liveSession = async (deps: StaffAuthDeps, token: string | undefined): Promise<StaffSession> => {
  if (!token) throw commonErrors.unauthenticated();
  const session = await deps.sessions.get(deps.tokens.sha256(token));
  if (!session || session.expiresAt <= deps.clock.now().toISOString()) throw commonErrors.unauthenticated();
  return session;
};

/** Where the last accepted step of one authenticator is kept: a new secret (reset, re-enrolment, re-key) starts afresh. */
export const totpStepKey = (deps: Pick<StaffAuthDeps, 'tokens'>, staffId: string, sealedSecret: string) =>
  `totp-step:${staffId}:${deps.tokens.sha256(sealedSecret).slice(0, 24)}`;

/** notice: failed attempts since the last full sign-in; device: the browser's device marker id to (re)set. */
export type SecondFactorResult = StaffPrincipal & { notice?: string; device: string };

/** What the account's cleared counters held: failed passwords, and failed codes besides the one that just passed. */
const noticeOf = (cleared: ClearedCounter[], keys: { account: string; totp: string }): string | undefined => {
  const passwords = cleared.find((c) => c.key === keys.account);
  const codes = cleared.find((c) => c.key === keys.totp);
  const failures = (passwords?.total ?? 0) + Math.max(0, (codes?.total ?? 0) - 1);
  if (failures <= 0) return undefined;
  const since = [passwords, codes].filter((c): c is ClearedCounter => Boolean(c && c.total > 0)).map((c) => c.since).sort()[0];
  return `您的账号自${formatShanghai(new Date(since))}以来有${failures}次失败的登录尝试。如非本人操作，请立即修改密码并联系员工管理员。`;
};

/**
 * Both factors passed (a sign-in's code step, or an enrolment link completed): the account's counters are
 * forgotten and what they held is the notice for the staff member; this source is remembered as known.
 */
export const settleFullSignIn = async (
  deps: Pick<StaffAuthDeps, 'signIn'>,
  user: StaffUser,
  keys: ReturnType<typeof signInKeys>,
  now: Date,
  more: { refund?: ThrottleRule[]; remember?: string[] } = {},
): Promise<string | undefined> => {
  const totp = `totp:${user.id}`;
  const cleared = await deps.signIn.settle(
    { clear: [keys.account, keys.pair, keys.totpPair, totp], refund: more.refund ?? [], remember: [keys.known, ...(more.remember ?? [])] },
    now,
  );
  return noticeOf(cleared, { account: keys.account, totp });
};

/** Step two: the TOTP code (also completes enrolment on first use). */
export const verifySecondFactor = async (deps: StaffAuthDeps, token: string | undefined, raw: unknown, ctx: SignInContext = {}): Promise<SecondFactorResult> => {
  const { code } = parseInput(codeSchema, raw, { code: '动态验证码' });
  const session = await liveSession(deps, token);
  const user = await deps.staff.getById(session.staffId);
  if (!user || !user.totpSecretEncrypted || !sessionStillValid(user, session)) throw commonErrors.unauthenticated();
  const now = deps.clock.now();
  const source = sourceOf(ctx);
  const keys = signInKeys(deps, user.username, source);
  const rules = codeRules(keys, user, knownMarkers(deps, keys, user, ctx));
  const verdict = await deps.signIn.take(rules, now);
  if (!verdict.allowed) throw authErrors.throttled(verdict.retryAfterMs);
  const step = deps.totp.matchStep(deps.box.open(user.totpSecretEncrypted), code, now);
  const stepKey = totpStepKey(deps, user.id, user.totpSecretEncrypted);
  // A code already used (or older than the last one used) is refused like a wrong one.
  const fresh = step !== null && (await deps.signIn.acceptTotpStep(stepKey, step, now, keys.from));
  if (!fresh) {
    const last = step === null ? null : await deps.signIn.lastTotpStep(stepKey);
    if (last && last.step === step && last.by === keys.from) {
      // The very code this account just signed in with, from the same source: a second tab or a second
      // `npm run totp`, not a guess (a guesser elsewhere holding it still counts). Refused, not counted.
      await deps.signIn.settle({ clear: [], refund: rules, remember: [] }, now);
      throw authErrors.usedCode();
    }
    await deps.audit.append(failureAudit(user, keys.name, user.username, source, step === null ? 'totp' : 'totpReplay'));
    // Anyone else gets the wrong-code answer: "already used" would tell a password holder elsewhere that the code
    // they hold was the right one (outside test). The audit keeps the difference.
    throw authErrors.badCode();
  }
  const device = deviceOf(ctx) ?? deps.tokens.newToken();
  const notice = await settleFullSignIn(deps, user, keys, now, { refund: [rules[2]], remember: [deviceKey(deps, keys.name, user, device)] });
  await deps.staff.save({ ...user, totpEnrolled: true, lastSignInAt: now.toISOString() });
  const { signInNotice: _retired, ...rest } = session;
  await deps.sessions.save({ ...rest, mfaAt: now.toISOString(), expiresAt: new Date(now.getTime() + AUTH_POLICY.sessionMs).toISOString() });
  await deps.audit.append({ actorId: user.id, actorRole: user.role, action: 'staff.login', subjectType: 'staff', subjectId: user.id, detail: { source } });
  return { id: user.id, role: user.role, name: user.displayName, device, ...(notice ? { notice } : {}) };
};

/** The staff member behind a session cookie; both factors must have passed. */
export const principalFor = async (deps: StaffAuthDeps, token: string | undefined): Promise<StaffPrincipal> => {
  const session = await liveSession(deps, token);
  if (!session.mfaAt) throw authErrors.mfaRequired();
  const user = await deps.staff.getById(session.staffId);
  if (!user || !sessionStillValid(user, session)) throw commonErrors.unauthenticated();
  return { id: user.id, role: user.role, name: user.displayName };
};

/** Ends the session (if any) and audits the sign-out of its account with the source address. */
export const logout = async (deps: StaffAuthDeps, token: string | undefined, ctx: SignInContext = {}) => {
  if (!token) return;
  const idHash = deps.tokens.sha256(token);
  const session = await deps.sessions.get(idHash);
  await deps.sessions.remove(idHash);
  if (!session) return;
  const user = await deps.staff.getById(session.staffId);
  await deps.audit.append({
    actorId: session.staffId,
    actorRole: user?.role ?? 'unknown',
    action: 'staff.logout',
    subjectType: 'staff',
    subjectId: session.staffId,
    detail: { source: sourceOf(ctx), ...(session.mfaAt ? {} : { pendingSecondFactor: true }) },
  });
};
