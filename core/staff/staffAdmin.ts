/**
 * Staff accounts (员工管理): add, disable, enable, reset TOTP, (re)issue a one-time enrolment link, and
 * the two steps of enrolling through such a link. The admin page (area `staff`) and the command line
 * (`npm run staff`) call the same functions; every change is written version-checked with its audit
 * entry in one transaction (StaffStore.create / update), on the account's own chain (`staff:<id>`).
 *
 * Rank rules (CLARIFICATIONS "Staff and roles"):
 * - A staff member with `staff.manage` adds, disables, enables, resets and re-enrols accounts of a rank
 *   up to their own (ROLE_RANK), never their own account.
 * - Compliance and head-office accounts are created only on the command line (CLI_ONLY_ROLES); the
 *   command line is not ranked: whoever can run it against the store holds the keys anyway, and its
 *   actor is recorded as `cli:<os user>` (see scripts/staff.ts).
 *
 * Enrolment links: `<admin page>#enrol=<staffId>.<random>`. The random half is 32 bytes; only the
 * SHA-256 of the whole token is stored, on the account (one live link per account: a new one replaces
 * the old). It expires after ENROLMENT_POLICY.linkMs and is spent when the enrolment completes (the
 * password set and the authenticator confirmed by a code). The token sits in the URL fragment, which
 * browsers never send to a server, and the page posts it in a JSON body.
 */
import * as z from 'zod/mini';
import type { AuditDraft } from '../audit/chain';
import { ROLE_RANK, type StaffRole } from '../shared/actors';
import { DomainError, commonErrors } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { AUTH_POLICY, settleFullSignIn, signInKeys, sourceOf, totpStepKey, type SignInContext, type StaffAuthDeps } from './auth';
import { CLI_ONLY_ROLES, ROLE_LABELS, type StaffPrincipal, type StaffUser } from './model';

export { CLI_ONLY_ROLES };

/** What the account changes need (the command line has no session, box or password hasher to offer). */
export type StaffAdminDeps = Pick<StaffAuthDeps, 'staff' | 'tokens' | 'clock'>;

export const ENROLMENT_POLICY = {
  linkMs: 24 * 3600_000,
  passwordMin: 10,
  passwordMax: 128,
};


export const STAFF_ROLES = Object.keys(ROLE_LABELS) as StaffRole[];

/** Who changes an account: a signed-in staff member, or the command line (`cli:<os user>`, unranked). */
export type AccountActor = { kind: 'staff'; who: StaffPrincipal } | { kind: 'cli'; id: string; name: string };

export const cliActor = (osUser: string): AccountActor => ({ kind: 'cli', id: `cli:${osUser}`, name: osUser });

export const staffAdminErrors = {
  usernameInvalid: () =>
    new DomainError('STAFF.USERNAME_INVALID', '用户名须以小写字母开头，只含小写字母、数字、点、下划线或连字符，3–32位', 'username does not match the rules'),
  usernameTaken: (u: string) => new DomainError('STAFF.USERNAME_TAKEN', '该用户名已被使用', `username ${u} taken`),
  notFound: (u: string) => new DomainError('STAFF.NOT_FOUND', '没有这个员工账号', `no staff account ${u}`),
  cliOnlyRole: (role: StaffRole) =>
    new DomainError('STAFF.CLI_ONLY_ROLE', `${ROLE_LABELS[role]}账号只能通过审计的命令行创建`, `${role} accounts are created by the command line only`),
  rankTooHigh: (role: StaffRole) =>
    new DomainError('STAFF.RANK_TOO_HIGH', `不能管理比自己级别高的账号（${ROLE_LABELS[role]}）`, `target role ${role} outranks the actor`),
  self: () => new DomainError('STAFF.SELF', '不能对自己的账号执行此操作，请联系其他管理员', 'actor acts on own account'),
  alreadyDisabled: () => new DomainError('STAFF.ALREADY_DISABLED', '该账号已停用', 'account already disabled'),
  notDisabled: () => new DomainError('STAFF.NOT_DISABLED', '该账号未停用', 'account is not disabled'),
  disabled: () => new DomainError('STAFF.DISABLED', '该账号已停用，请先启用', 'account disabled'),
  linkInvalid: () => new DomainError('STAFF.ENROL_LINK_INVALID', '激活链接无效或已使用，请联系员工管理员重新发送', 'enrolment token unknown or spent'),
  linkExpired: () => new DomainError('STAFF.ENROL_LINK_EXPIRED', '激活链接已过期，请联系员工管理员重新发送', 'enrolment token expired'),
  weakPassword: () =>
    new DomainError(
      'STAFF.WEAK_PASSWORD',
      `密码须为${ENROLMENT_POLICY.passwordMin}–${ENROLMENT_POLICY.passwordMax}位，且同时包含字母和数字，不能包含用户名`,
      'password does not meet the rules',
    ),
  badCode: () => new DomainError('AUTH.BAD_TOTP', '动态验证码错误', 'bad TOTP code at enrolment'),
};

const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/;
const LABELS = { username: '用户名', displayName: '姓名', role: '角色', team: '团队', version: '版本', token: '激活链接', password: '密码', code: '动态验证码' };

export const addStaffSchema = z.strictObject({
  username: z.string().check(z.trim(), z.minLength(3), z.maxLength(32)),
  displayName: z.string().check(z.trim(), z.minLength(1), z.maxLength(32)),
  role: z.enum(STAFF_ROLES as [StaffRole, ...StaffRole[]]),
  team: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(32))),
});
export const accountChangeSchema = z.strictObject({ username: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)), version: z.int().check(z.gte(0)) });
export const staffAdminLabels = LABELS;

const actorFields = (actor: AccountActor) =>
  actor.kind === 'staff' ? { actorId: actor.who.id, actorRole: actor.who.role } : { actorId: actor.id, actorRole: 'cli' };

const audit = (actor: AccountActor, action: string, target: StaffUser, detail?: Record<string, unknown>): AuditDraft => ({
  ...actorFields(actor),
  action,
  subjectType: 'staff',
  subjectId: target.id,
  detail: { username: target.username, ...detail },
});

/** The rank rule, for a role being given (add) or an account being changed. */
const mayManage = (actor: AccountActor, role: StaffRole, target?: StaffUser) => {
  if (actor.kind === 'cli') return;
  if (target && target.id === actor.who.id) throw staffAdminErrors.self();
  if (ROLE_RANK[role] > ROLE_RANK[actor.who.role]) throw staffAdminErrors.rankTooHigh(role);
};

const newEnrolment = (deps: StaffAdminDeps, actor: AccountActor, staffId: string, now: Date) => {
  const token = `${staffId}.${deps.tokens.newToken()}`;
  return {
    token,
    enrolment: {
      tokenHash: deps.tokens.sha256(token),
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ENROLMENT_POLICY.linkMs).toISOString(),
      issuedBy: actorFields(actor).actorId,
    },
  };
};

/** What the list and every change return: never a hash, a secret or a token. */
export interface StaffAccountView {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  roleLabel: string;
  team?: string;
  status: 'active' | 'disabled' | 'pendingEnrolment';
  totpEnrolled: boolean;
  lastSignInAt?: string;
  enrolmentExpiresAt?: string;
  lockedUntil?: string;
  createdAt: string;
  version: number;
}

export const accountView = (u: StaffUser): StaffAccountView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  roleLabel: ROLE_LABELS[u.role],
  team: u.team,
  status: u.disabledAt ? 'disabled' : !u.passwordHash || !u.totpEnrolled ? 'pendingEnrolment' : 'active',
  totpEnrolled: u.totpEnrolled,
  lastSignInAt: u.lastSignInAt,
  enrolmentExpiresAt: u.enrolment?.expiresAt,
  lockedUntil: u.lockedUntil,
  createdAt: u.createdAt,
  version: u.version ?? 0,
});

/** A new account, no password yet: the one-time link lets its owner set one and enrol the authenticator. */
export const addStaff = async (deps: StaffAdminDeps, actor: AccountActor, raw: unknown): Promise<{ account: StaffAccountView; enrolToken: string }> => {
  const input = parseInput(addStaffSchema, raw, LABELS);
  if (!USERNAME.test(input.username)) throw staffAdminErrors.usernameInvalid();
  if (actor.kind === 'staff' && CLI_ONLY_ROLES.includes(input.role)) throw staffAdminErrors.cliOnlyRole(input.role);
  mayManage(actor, input.role);
  if (await deps.staff.getByUsername(input.username)) throw staffAdminErrors.usernameTaken(input.username);
  const now = deps.clock.now();
  // The id follows from the username (never renamed), so two concurrent adds of one name collide on the id.
  const id = `staff-${input.username}`;
  const { token, enrolment } = newEnrolment(deps, actor, id, now);
  const user: StaffUser = {
    id,
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    ...(input.team ? { team: input.team } : {}),
    passwordHash: '',
    totpEnrolled: false,
    failedAttempts: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdBy: actorFields(actor).actorId,
    version: 1,
    sessionEpoch: 0,
    enrolment,
  };
  const created = await deps.staff.create(
    user,
    audit(actor, 'staff.add', user, { role: user.role, team: user.team ?? null, displayName: user.displayName, enrolmentExpiresAt: enrolment.expiresAt }),
  );
  if (!created) throw staffAdminErrors.usernameTaken(input.username);
  return { account: accountView(user), enrolToken: token };
};

const loadForChange = async (deps: StaffAdminDeps, actor: AccountActor, raw: unknown) => {
  const input = parseInput(accountChangeSchema, raw, LABELS);
  const user = await deps.staff.getByUsername(input.username);
  if (!user) throw staffAdminErrors.notFound(input.username);
  mayManage(actor, user.role, user);
  if ((user.version ?? 0) !== input.version) throw commonErrors.versionConflict('STAFF', user.id);
  return { user, expected: input.version, now: deps.clock.now() };
};

const write = async (deps: StaffAdminDeps, next: StaffUser, expected: number, draft: AuditDraft) => {
  await deps.staff.update(next, expected, draft);
  return accountView(next);
};

const changed = (user: StaffUser, now: Date, patch: Partial<StaffUser>): StaffUser => ({
  ...user,
  ...patch,
  version: (user.version ?? 0) + 1,
  updatedAt: now.toISOString(),
});

/** 停用: no sign-in, every session ends, any enrolment link dies. */
export const disableStaff = async (deps: StaffAdminDeps, actor: AccountActor, raw: unknown): Promise<StaffAccountView> => {
  const { user, expected, now } = await loadForChange(deps, actor, raw);
  if (user.disabledAt) throw staffAdminErrors.alreadyDisabled();
  const next = changed(user, now, { disabledAt: now.toISOString(), sessionEpoch: (user.sessionEpoch ?? 0) + 1, enrolment: undefined });
  return write(deps, next, expected, audit(actor, 'staff.disable', user, { role: user.role }));
};

/** 启用: signs in again with the credentials it had; a lost authenticator is a TOTP reset, a lost password a new link. */
export const enableStaff = async (deps: StaffAdminDeps, actor: AccountActor, raw: unknown): Promise<StaffAccountView> => {
  const { user, expected, now } = await loadForChange(deps, actor, raw);
  if (!user.disabledAt) throw staffAdminErrors.notDisabled();
  const next = changed(user, now, { disabledAt: undefined, failedAttempts: 0, lockedUntil: undefined });
  return write(deps, next, expected, audit(actor, 'staff.enable', user, { role: user.role }));
};

/** 重置动态验证码: the secret is dropped and sessions end; the next password sign-in enrols a new authenticator. */
export const resetStaffTotp = async (deps: StaffAdminDeps, actor: AccountActor, raw: unknown): Promise<StaffAccountView> => {
  const { user, expected, now } = await loadForChange(deps, actor, raw);
  if (user.disabledAt) throw staffAdminErrors.disabled();
  const next = changed(user, now, {
    totpSecretEncrypted: undefined,
    totpEnrolled: false,
    sessionEpoch: (user.sessionEpoch ?? 0) + 1,
    failedAttempts: 0,
    lockedUntil: undefined,
  });
  return write(deps, next, expected, audit(actor, 'staff.resetTotp', user, { role: user.role }));
};

/** 重新激活: a new one-time link (the old one dies). Current credentials keep working until the link is used. */
export const reissueEnrolment = async (deps: StaffAdminDeps, actor: AccountActor, raw: unknown): Promise<{ account: StaffAccountView; enrolToken: string }> => {
  const { user, expected, now } = await loadForChange(deps, actor, raw);
  if (user.disabledAt) throw staffAdminErrors.disabled();
  const { token, enrolment } = newEnrolment(deps, actor, user.id, now);
  const next = changed(user, now, { enrolment });
  const account = await write(deps, next, expected, audit(actor, 'staff.reissueEnrolment', user, { enrolmentExpiresAt: enrolment.expiresAt }));
  return { account, enrolToken: token };
};

export const listStaffAccounts = async (deps: Pick<StaffAuthDeps, 'staff'>): Promise<StaffAccountView[]> => (await deps.staff.list()).map(accountView);

// ——— Enrolment through the link (no session yet: handleAdmin's auth/enrolStart and auth/enrolFinish) ———

const tokenSchema = z.strictObject({ token: z.string().check(z.minLength(10), z.maxLength(300)) });
const finishSchema = z.strictObject({ token: z.string().check(z.minLength(10), z.maxLength(300)), password: z.string().check(z.minLength(1), z.maxLength(256)), code: z.string().check(z.regex(/^\d{6}$/)) });

/** The account a live link belongs to; every failure reads the same to the caller (no probing by id). */
const accountOfLink = async (deps: StaffAuthDeps, token: string): Promise<StaffUser> => {
  const staffId = token.slice(0, token.lastIndexOf('.'));
  const user = staffId ? await deps.staff.getById(staffId) : null;
  const hash = deps.tokens.sha256(token);
  if (!user || user.disabledAt || !user.enrolment || !timingSafeEqualHex(user.enrolment.tokenHash, hash)) throw staffAdminErrors.linkInvalid();
  if (user.enrolment.expiresAt <= deps.clock.now().toISOString()) throw staffAdminErrors.linkExpired();
  return user;
};

const timingSafeEqualHex = (a: string, b: string) => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};

/** Opening the link: who it is for and the authenticator to add (the same secret however often it is opened). */
export const startEnrolment = async (deps: StaffAuthDeps, raw: unknown): Promise<{ username: string; displayName: string; otpauthUrl: string; expiresAt: string }> => {
  const { token } = parseInput(tokenSchema, raw, LABELS);
  const user = await accountOfLink(deps, token);
  const enrolment = user.enrolment!;
  let sealed = enrolment.pendingTotpSecretEncrypted;
  if (!sealed) {
    sealed = deps.box.seal(deps.totp.newSecret());
    // Bookkeeping like a sign-in's: version-checked, not an account change.
    await deps.staff.save({ ...user, enrolment: { ...enrolment, pendingTotpSecretEncrypted: sealed } });
    await deps.audit.append({ actorId: user.id, actorRole: user.role, action: 'staff.enrol.opened', subjectType: 'staff', subjectId: user.id, detail: { username: user.username } });
  }
  return { username: user.username, displayName: user.displayName, otpauthUrl: deps.totp.uri(deps.box.open(sealed), user.username), expiresAt: enrolment.expiresAt };
};

const strongEnough = (password: string, username: string) =>
  password.length >= ENROLMENT_POLICY.passwordMin &&
  password.length <= ENROLMENT_POLICY.passwordMax &&
  /[A-Za-z]/.test(password) &&
  /\d/.test(password) &&
  !password.toLowerCase().includes(username.toLowerCase());

/**
 * Completing it: the password is set, the authenticator confirmed by a code, the link spent, every older
 * session ended; the new session is signed in with both factors.
 */
export const finishEnrolment = async (
  deps: StaffAuthDeps,
  raw: unknown,
  ctx: SignInContext = {},
): Promise<{ sessionToken: string; who: StaffPrincipal; notice?: string }> => {
  const input = parseInput(finishSchema, raw, LABELS);
  const user = await accountOfLink(deps, input.token);
  if (!strongEnough(input.password, user.username)) throw staffAdminErrors.weakPassword();
  const sealed = user.enrolment!.pendingTotpSecretEncrypted;
  const now = deps.clock.now();
  if (!sealed) throw staffAdminErrors.linkInvalid();
  const step = deps.totp.matchStep(deps.box.open(sealed), input.code, now);
  if (step === null) throw staffAdminErrors.badCode();
  const epoch = (user.sessionEpoch ?? 0) + 1;
  const next = changed(user, now, {
    passwordHash: await deps.passwords.hash(input.password),
    totpSecretEncrypted: sealed,
    totpEnrolled: true,
    failedAttempts: 0,
    lockedUntil: undefined,
    enrolment: undefined,
    sessionEpoch: epoch,
    lastSignInAt: now.toISOString(),
  });
  // Version-checked: of two tabs finishing one link, one wins and the other finds it spent.
  await deps.staff.update(next, user.version ?? 0, {
    actorId: user.id,
    actorRole: user.role,
    action: 'staff.enrolled',
    subjectType: 'staff',
    subjectId: user.id,
    detail: { username: user.username, issuedBy: user.enrolment!.issuedBy },
  });
  // The code that confirmed the authenticator is spent: it cannot open another session (core/staff/auth.ts).
  await deps.signIn.acceptTotpStep(totpStepKey(deps, user.id, sealed), step, now);
  const sessionToken = deps.tokens.newToken();
  await deps.sessions.create({
    idHash: deps.tokens.sha256(sessionToken),
    staffId: user.id,
    epoch,
    mfaAt: now.toISOString(),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + AUTH_POLICY.sessionMs).toISOString(),
  });
  // A full sign-in: the address it was completed from is known from now on (a new colleague, or one whose
  // link staffAdmin re-issued because a guesser keeps an address they never used closed), and the account's
  // failed attempts are told.
  const notice = await settleFullSignIn(deps, user, signInKeys(deps, user.username, sourceOf(ctx)), now);
  return { sessionToken, who: { id: user.id, role: user.role, name: user.displayName }, ...(notice ? { notice } : {}) };
};
