import { z } from 'zod';
import type { StaffMe } from '../../typings/api';
import { verifyChain } from '../../core/audit/chain';
import * as staffCases from '../../core/complaints/staffUseCases';
import { importHolidayNotice, listHolidayNotices, type CalendarDeps } from '../../core/calendar/importNotice';
import type { StaffComplaintDeps } from '../../core/complaints/staffUseCases';
import type { InboxStore } from '../../core/notifications/inbox';
import { commonErrors } from '../../core/shared/errors';
import { parseInput } from '../../core/shared/validation';
import { login, logout, principalFor, verifySecondFactor, type StaffAuthDeps } from '../../core/staff/auth';
import { ROLE_LABELS, type StaffPrincipal } from '../../core/staff/model';
import { PERMISSIONS, can, requirePermission, type Permission } from '../../core/staff/permissions';

export type AdminDeps = StaffComplaintDeps & StaffAuthDeps & { inbox: InboxStore; holidays: CalendarDeps };

type Handler = (deps: AdminDeps, who: StaffPrincipal, body: unknown) => Promise<unknown>;

const since = z.strictObject({ since: z.iso.datetime().optional() });
const auditPage = z.strictObject({ afterSeq: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(50), subjectId: z.string().max(64).optional() });
const empty = z.strictObject({});

const guarded =
  (permission: Permission, run: Handler): Handler =>
  (deps, who, body) => {
    requirePermission(who, permission);
    return run(deps, who, body);
  };

/** Mirrors the permission each staff write checks, so the route table tells the whole story. */
export const WRITE_PERMISSIONS: Record<keyof typeof staffCases.staffWrites, Permission> = {
  acknowledge: 'complaint.work',
  reply: 'complaint.work',
  note: 'complaint.work',
  requestInformation: 'complaint.work',
  recordMemberContact: 'complaint.work',
  assign: 'complaint.assign',
  grade: 'complaint.grade',
  escalate: 'complaint.escalate',
  extend: 'complaint.extend',
  restartRegulatory: 'complaint.extend',
  startAppraisal: 'complaint.work',
  endAppraisal: 'complaint.work',
  resolve: 'complaint.work',
  close: 'complaint.close',
  startReview: 'complaint.review',
  merge: 'complaint.merge',
};

/**
 * Every staff endpoint after sign-in, with the permission it needs. Use cases check their own
 * permission too; the walk test (tests/functions/adminRoles.test.ts) covers every row × every role.
 */
export const ADMIN_ROUTES: Record<string, { permission: Permission | null; run: Handler }> = {
  me: {
    permission: null,
    run: async (_d, who): Promise<StaffMe> => ({
      id: who.id,
      name: who.name,
      role: who.role,
      roleLabel: ROLE_LABELS[who.role],
      permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(who.role, p)),
    }),
  },
  queue: { permission: 'queue.read', run: staffCases.staffQueue },
  search: { permission: 'queue.read', run: staffCases.staffSearch },
  detail: { permission: 'complaint.read', run: staffCases.staffDetail },
  viewPersonalData: { permission: 'complaint.viewPersonalData', run: staffCases.viewPersonalData },
  logComplaint: { permission: 'complaint.log', run: staffCases.logComplaint },
  staff: {
    permission: 'staff.list',
    run: guarded('staff.list', async (deps) =>
      (await deps.staff.list()).map((u) => ({ id: u.id, name: u.displayName, role: u.role, roleLabel: ROLE_LABELS[u.role] })),
    ),
  },
  alerts: {
    permission: 'alerts.read',
    run: guarded('alerts.read', async (deps, _w, body) => {
      const { since: from } = parseInput(since, body ?? {}, { since: '起始时间' });
      return deps.inbox.recentStaffAlerts(from ?? new Date(deps.clock.now().getTime() - 86_400_000).toISOString(), 50);
    }),
  },
  sandboxMessages: {
    permission: 'messages.sandbox',
    run: guarded('messages.sandbox', async (deps, _w, body) => {
      parseInput(empty, body ?? {});
      return deps.inbox.listSandboxMessages(100);
    }),
  },
  calendarNotices: { permission: 'calendar.read', run: async (deps, who, body) => (parseInput(empty, body ?? {}), listHolidayNotices(deps.holidays, who)) },
  calendarImport: { permission: 'calendar.import', run: (deps, who, body) => importHolidayNotice(deps.holidays, who, body) },
  auditList: {
    permission: 'audit.read',
    run: guarded('audit.read', async (deps, _w, body) => deps.audit.list(parseInput(auditPage, body ?? {}, { limit: '每页条数' }))),
  },
  auditVerify: {
    permission: 'audit.read',
    run: guarded('audit.read', async (deps, who) => {
      const verdict = verifyChain(await collect(deps.audit.all()), deps.hash);
      await deps.audit.append({ actorId: who.id, actorRole: who.role, action: 'audit.verify', subjectType: 'audit', subjectId: 'chain', detail: verdict });
      return verdict;
    }),
  },
  ...Object.fromEntries(
    Object.entries(staffCases.staffWrites).map(([name, run]) => [name, { permission: WRITE_PERMISSIONS[name as keyof typeof staffCases.staffWrites], run }]),
  ),
};

const collect = async <T>(items: AsyncIterable<T> | Iterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
};

export const SESSION_COOKIE = 'ms_staff';

export interface AdminRequest {
  method: string;
  /** The part after /admin/api/ */
  route: string;
  cookie?: string;
  contentType?: string;
  body: unknown;
}

export interface AdminResponse {
  status: number;
  body: unknown;
  setCookie?: string;
}

const readCookie = (header: string | undefined, name: string) =>
  header
    ?.split(';')
    .map((p) => p.trim().split('='))
    .find(([k]) => k === name)?.[1];

export const sessionCookie = (token: string, secure: boolean, maxAgeS = 8 * 3600) =>
  `${SESSION_COOKIE}=${token}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;

/**
 * The admin API, transport-free: the gateway and the HTTP-triggered function both call this.
 * JSON bodies only (a cross-site form cannot send one without a preflight), and the cookie is
 * SameSite=Strict: together they shut out cross-site request forgery.
 */
export const handleAdmin = async (deps: AdminDeps, req: AdminRequest, secureCookies: boolean): Promise<{ data?: unknown; setCookie?: string }> => {
  if (req.method !== 'POST') throw commonErrors.unknownAction(`${req.method} ${req.route}`);
  if (!req.contentType?.startsWith('application/json')) throw commonErrors.forbidden('admin API takes JSON only');
  const token = readCookie(req.cookie, SESSION_COOKIE);
  if (req.route === 'login') {
    const res = await login(deps, req.body);
    const { sessionToken, ...rest } = res;
    return { data: rest, setCookie: sessionCookie(sessionToken, secureCookies, 300) };
  }
  if (req.route === 'totp') {
    const who = await verifySecondFactor(deps, token, req.body);
    return { data: { id: who.id, name: who.name, role: who.role }, setCookie: sessionCookie(token!, secureCookies) };
  }
  if (req.route === 'logout') {
    await logout(deps, token);
    return { data: {}, setCookie: sessionCookie('', secureCookies, 0) };
  }
  const route = Object.prototype.hasOwnProperty.call(ADMIN_ROUTES, req.route) ? ADMIN_ROUTES[req.route] : undefined;
  if (!route) throw commonErrors.unknownAction(req.route);
  const who = await principalFor(deps, token);
  if (route.permission) requirePermission(who, route.permission);
  return { data: await route.run(deps, who, req.body ?? {}) };
};
