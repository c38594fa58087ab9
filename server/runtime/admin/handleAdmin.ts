import { STAFF_ACTIVITY, sourceAddress } from '../../../core/audit/reads';
import { commonErrors, isDomainError } from '../../../core/shared/errors';
import { isJsonContentType } from '../../../core/shared/validation';
import { performStaffAction } from '../../../core/staff/actions';
import { AUTH_POLICY, login, logout, principalFor, verifySecondFactor } from '../../../core/staff/auth';
import { finishEnrolment, startEnrolment } from '../../../core/staff/staffAdmin';
import { STAFF_AREAS } from './areas';
import type { AdminDeps } from './deps';

export const SESSION_COOKIE = 'ms_staff';
/** The browser's device marker (core/staff/auth.ts deviceKey): sent only to the sign-in steps. */
export const DEVICE_COOKIE = 'ms_staff_device';

export interface AdminRequest {
  method: string;
  /** The part after /admin/api/, e.g. `complaints/queue`. */
  route: string;
  cookie?: string;
  contentType?: string;
  body: unknown;
  /**
   * The client's address as the HTTP front determined it (server/runtime/adminHttp.ts: the socket, or the
   * last X-Forwarded-For entry only behind a configured proxy such as CloudBase's gateway); for sign-in
   * throttling and the audit entries of sign-in, sign-out, searches and case reads.
   */
  source?: string;
}

export interface AdminReply {
  data?: unknown;
  setCookie?: string;
}

/** `<area>/<action>`; checked here so the gateway and the cloud function (which only strip /admin/api/) agree. */
const ROUTE = /^([a-z][a-zA-Z]*)\/([a-zA-Z]+)$/;

const readCookie = (header: string | undefined, name: string) =>
  header
    ?.split(';')
    .map((p) => p.trim().split('='))
    .find(([k]) => k === name)?.[1];

export const sessionCookie = (token: string, secure: boolean, maxAgeS = 8 * 3600) =>
  `${SESSION_COOKIE}=${token}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;

export const deviceCookie = (id: string, secure: boolean) =>
  `${DEVICE_COOKIE}=${id}; Path=/admin/api/auth; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(AUTH_POLICY.deviceMs / 1000)}${secure ? '; Secure' : ''}`;

/**
 * The password step's session cookie already lasts as long as a full session (the server still ends the
 * session 5 minutes after the password unless the code passes): so the code step, which must set the
 * device marker, does not also have to renew the session cookie, and every reply sets one cookie only.
 */
const PENDING_COOKIE_S = Math.ceil((AUTH_POLICY.sessionMs + AUTH_POLICY.pendingMfaMs) / 1000);

/** Own keys only: `constructor` or `__proto__` in a path must not reach an object's prototype. */
const entryOf = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

type SignInStep = (deps: AdminDeps, token: string | undefined, body: unknown, secureCookies: boolean, source?: string, device?: string) => Promise<AdminReply>;

/** `auth/<step>`: these come before a session exists and set or clear its cookie, so they are not staff actions. */
const SIGN_IN: Readonly<Record<string, SignInStep>> = {
  login: async (deps, _token, body, secure, source, device) => {
    const { sessionToken, ...rest } = await login(deps, body, { source, device });
    return { data: rest, setCookie: sessionCookie(sessionToken, secure, PENDING_COOKIE_S) };
  },
  totp: async (deps, token, body, secure, source, device) => {
    const who = await verifySecondFactor(deps, token, body, { source, device });
    // notice: failed sign-ins on the account since its last full sign-in (the page shows it once).
    return { data: { id: who.id, name: who.name, role: who.role, ...(who.notice ? { notice: who.notice } : {}) }, setCookie: deviceCookie(who.device, secure) };
  },
  // The one-time enrolment link (core/staff/staffAdmin.ts): opening it, then setting the password and the authenticator.
  enrolStart: async (deps, _token, body) => ({ data: await startEnrolment(deps, body) }),
  enrolFinish: async (deps, _token, body, secure, source) => {
    const { sessionToken, who, notice } = await finishEnrolment(deps, body, { source });
    return { data: { id: who.id, name: who.name, role: who.role, ...(notice ? { notice } : {}) }, setCookie: sessionCookie(sessionToken, secure) };
  },
  logout: async (deps, token, _body, secure, source) => {
    await logout(deps, token, { source });
    return { data: {}, setCookie: sessionCookie('', secure, 0) };
  },
};

/**
 * The admin API, transport-free: the gateway and the HTTP-triggered function both call this.
 * JSON bodies only (a cross-site form cannot send one without a preflight), and the cookie is
 * SameSite=Strict: together they shut out cross-site request forgery.
 */
export const handleAdmin = async (deps: AdminDeps, req: AdminRequest, secureCookies: boolean): Promise<AdminReply> => {
  if (req.method !== 'POST') throw commonErrors.unknownAction(`${req.method} ${req.route}`);
  if (!isJsonContentType(req.contentType)) throw commonErrors.notJson(); // application/json (UTF-8), as the member API
  const [, area, name] = ROUTE.exec(req.route) ?? [];
  if (!area) throw commonErrors.unknownAction(req.route);
  const token = readCookie(req.cookie, SESSION_COOKIE);
  if (area === 'auth') {
    const step = entryOf(SIGN_IN, name);
    if (!step) throw commonErrors.unknownAction(req.route);
    return step(deps, token, req.body, secureCookies, req.source, readCookie(req.cookie, DEVICE_COOKIE));
  }
  const actions = entryOf(STAFF_AREAS, area);
  const action = actions && entryOf(actions, name);
  if (!action) throw commonErrors.unknownAction(req.route);
  const who = await principalFor(deps, token);
  try {
    return { data: await performStaffAction(action, deps, who, req.body, { source: req.source }) };
  } catch (e) {
    if (isDomainError(e) && e.code === 'AUTH.FORBIDDEN') await auditDenied(deps, who, `${area}/${name}`, req.source);
    throw e;
  }
};

/**
 * A refused staff action is audited (`staff.denied`) on the staff member's own chain, so no two staff
 * share a document; the incident detector counts these (core/incidents/policy.ts). Only refusals pay
 * for the write, and a failed write never hides the refusal.
 */
const auditDenied = async (deps: AdminDeps, who: { id: string; role: string }, action: string, source?: string) => {
  await deps.audit
    .append({ actorId: who.id, actorRole: who.role, action: 'staff.denied', subjectType: STAFF_ACTIVITY, subjectId: who.id, detail: { action, source: sourceAddress({ source }) } })
    .catch(() => undefined);
};
