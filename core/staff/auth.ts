import type { AuditLog } from '../audit/chain';
import { DomainError, commonErrors } from '../shared/errors';
import type { Clock } from '../shared/ports';
import { parseInput } from '../shared/validation';
import { z } from 'zod';
import type { StaffPrincipal, StaffSession, StaffUser } from './model';
import type { PasswordHasher, SecretBox, SessionStore, StaffStore, TokenSource, TotpPort } from './ports';

export interface StaffAuthDeps {
  staff: StaffStore;
  sessions: SessionStore;
  passwords: PasswordHasher;
  totp: TotpPort;
  box: SecretBox;
  tokens: TokenSource;
  audit: AuditLog;
  clock: Clock;
}

export const AUTH_POLICY = {
  maxFailures: 5,
  lockMs: 15 * 60_000,
  sessionMs: 8 * 3600_000,
  /** A password-only session must finish its second factor quickly. */
  pendingMfaMs: 5 * 60_000,
};

export const authErrors = {
  badCredentials: () => new DomainError('AUTH.BAD_CREDENTIALS', '用户名或密码错误', 'bad username or password'),
  locked: (until: string) => new DomainError('AUTH.LOCKED', '登录失败次数过多，账号已临时锁定，请15分钟后再试', `account locked until ${until}`),
  badCode: () => new DomainError('AUTH.BAD_TOTP', '动态验证码错误', 'bad TOTP code'),
  mfaRequired: () => new DomainError('AUTH.MFA_REQUIRED', '请先完成动态验证码验证', 'second factor missing'),
  disabled: () => new DomainError('AUTH.DISABLED', '账号已停用，请联系员工管理员', 'account disabled'),
};

/** A session ends when its account is disabled or its epoch moved on (disable, TOTP reset, re-enrolment). */
const sessionStillValid = (user: StaffUser, session: StaffSession) => !user.disabledAt && (session.epoch ?? 0) === (user.sessionEpoch ?? 0);

const loginSchema = z.strictObject({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });
const codeSchema = z.strictObject({ code: z.string().regex(/^\d{6}$/) });

const recordFailure = async (deps: StaffAuthDeps, user: StaffUser, reason: string) => {
  const now = deps.clock.now();
  const failedAttempts = user.failedAttempts + 1;
  const locked = failedAttempts >= AUTH_POLICY.maxFailures;
  await deps.staff.save({
    ...user,
    failedAttempts: locked ? 0 : failedAttempts,
    lockedUntil: locked ? new Date(now.getTime() + AUTH_POLICY.lockMs).toISOString() : user.lockedUntil,
  });
  await deps.audit.append({
    actorId: user.id,
    actorRole: user.role,
    action: locked ? 'staff.locked' : 'staff.login.failed',
    subjectType: 'staff',
    subjectId: user.id,
    detail: { reason, failedAttempts },
  });
};

const isLocked = (user: StaffUser, now: Date) => Boolean(user.lockedUntil && user.lockedUntil > now.toISOString());

export type LoginResult =
  | { sessionToken: string; next: 'totp' }
  | { sessionToken: string; next: 'enrol'; otpauthUrl: string };

/** Step one: the password. Opens a session that is good for nothing until the second factor passes. */
export const login = async (deps: StaffAuthDeps, raw: unknown): Promise<LoginResult> => {
  const input = parseInput(loginSchema, raw, { username: '用户名', password: '密码' });
  const now = deps.clock.now();
  const user = await deps.staff.getByUsername(input.username);
  if (!user) {
    // Same cost and answer as a wrong password, so usernames cannot be probed.
    await deps.passwords.verify(input.password, 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    throw authErrors.badCredentials();
  }
  if (isLocked(user, now)) throw authErrors.locked(user.lockedUntil!);
  // An account created by staffAdmin.ts has no password until its enrolment link is used.
  if (!user.passwordHash || !(await deps.passwords.verify(input.password, user.passwordHash))) {
    await recordFailure(deps, user, 'password');
    throw authErrors.badCredentials();
  }
  // Told only to whoever knows the password: a disabled account is not probed by its name.
  if (user.disabledAt) throw authErrors.disabled();
  let current = { ...user, failedAttempts: 0, lockedUntil: undefined };
  if (!current.totpEnrolled && !current.totpSecretEncrypted) current = { ...current, totpSecretEncrypted: deps.box.seal(deps.totp.newSecret()) };
  await deps.staff.save(current);
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

/** Step two: the TOTP code (also completes enrolment on first use). */
export const verifySecondFactor = async (deps: StaffAuthDeps, token: string | undefined, raw: unknown): Promise<StaffPrincipal> => {
  const { code } = parseInput(codeSchema, raw, { code: '动态验证码' });
  const session = await liveSession(deps, token);
  const user = await deps.staff.getById(session.staffId);
  if (!user || !user.totpSecretEncrypted || !sessionStillValid(user, session)) throw commonErrors.unauthenticated();
  const now = deps.clock.now();
  if (isLocked(user, now)) throw authErrors.locked(user.lockedUntil!);
  if (!deps.totp.verify(deps.box.open(user.totpSecretEncrypted), code, now)) {
    await recordFailure(deps, user, 'totp');
    throw authErrors.badCode();
  }
  await deps.staff.save({ ...user, totpEnrolled: true, failedAttempts: 0, lastSignInAt: now.toISOString() });
  await deps.sessions.save({ ...session, mfaAt: now.toISOString(), expiresAt: new Date(now.getTime() + AUTH_POLICY.sessionMs).toISOString() });
  await deps.audit.append({ actorId: user.id, actorRole: user.role, action: 'staff.login', subjectType: 'staff', subjectId: user.id });
  return { id: user.id, role: user.role, name: user.displayName };
};

/** The staff member behind a session cookie; both factors must have passed. */
export const principalFor = async (deps: StaffAuthDeps, token: string | undefined): Promise<StaffPrincipal> => {
  const session = await liveSession(deps, token);
  if (!session.mfaAt) throw authErrors.mfaRequired();
  const user = await deps.staff.getById(session.staffId);
  if (!user || !sessionStillValid(user, session)) throw commonErrors.unauthenticated();
  return { id: user.id, role: user.role, name: user.displayName };
};

export const logout = async (deps: StaffAuthDeps, token: string | undefined) => {
  if (token) await deps.sessions.remove(deps.tokens.sha256(token));
};
