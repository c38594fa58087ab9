import { STAFF_AREAS } from '../../server/runtime/admin/areas';
import { DEMO_STAFF } from '../../server/local/demoStaff';
import { mayCall } from '../../core/staff/actions';
import { ROLE_RANK, type StaffRole } from '../../core/shared/actors';
import { adminHarness } from '../support/adminHarness';

const ROLES = Object.keys(ROLE_RANK) as StaffRole[];

/** Read from the registry the router serves, so a new area or action is walked without editing this file. */
const ACTIONS = Object.entries(STAFF_AREAS).flatMap(([area, actions]) => Object.entries(actions).map(([name, action]) => ({ route: `${area}/${name}`, action })));

/**
 * Every staff action × every role: a role without the permission is refused with AUTH.FORBIDDEN
 * before anything runs; a role with it gets past the check (then may fail validation on this body).
 */
describe('role check on every admin action', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    h = await adminHarness();
    for (const s of DEMO_STAFF) cookies[s.role] = await h.signIn(s.username);
  });
  afterAll(() => h.close());

  const rows = ACTIONS.flatMap(({ route, action }) => ROLES.map((role) => [route, role, action] as const));

  it.each(rows)('%s as %s', async (route, role, action) => {
    const before = h.counts();
    const result = await h.call(route, { id: 'c-does-not-exist', version: 1 }, cookies[role]).then(
      () => 'ran',
      (e: { code: string }) => e.code,
    );
    if (mayCall(role, action)) expect(result).not.toBe('AUTH.FORBIDDEN');
    else expect(result).toBe('AUTH.FORBIDDEN');
    expect(h.counts()).toEqual(before);
  });

  it('refuses every action without a session', async () => {
    for (const { route } of ACTIONS) await expect(h.call(route, {})).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('tells each role, through staff/me, exactly the actions it may call', async () => {
    for (const role of ROLES) {
      const me = (await h.call('staff/me', {}, cookies[role])).data as { actions: string[] };
      expect(me.actions).toEqual(ACTIONS.filter(({ action }) => mayCall(role, action)).map(({ route }) => route));
    }
  });

  it('lets service staff look members up, only supervisors and head office unmask or unbind, head office and compliance import', () => {
    const who = (route: string) => ROLES.filter((role) => mayCall(role, ACTIONS.find((a) => a.route === route)!.action));
    const lookup = ['agent', 'supervisor', 'headOffice', 'compliance'];
    expect(['members/search', 'members/page'].map(who)).toEqual([lookup, lookup]);
    expect(['members/unmask', 'members/unbind'].map(who)).toEqual([['supervisor', 'headOffice'], ['supervisor', 'headOffice']]);
    const importRoutes = ['importCreate', 'importChunk', 'importValidate', 'importConfirm', 'importAbandon', 'importJob', 'importJobs'].map((a) => `members/${a}`);
    expect(importRoutes.map(who)).toEqual(importRoutes.map(() => ['headOffice', 'compliance']));
  });

  it('lets only supervisors and staff admins manage staff accounts; they, managers, head office and compliance list them', () => {
    const who = (route: string) => ROLES.filter((role) => mayCall(role, ACTIONS.find((a) => a.route === route)!.action));
    const manage = ['staff/add', 'staff/disable', 'staff/enable', 'staff/resetTotp', 'staff/reissueEnrolment'];
    expect(manage.map(who)).toEqual(manage.map(() => ['supervisor', 'staffAdmin']));
    expect(who('staff/list')).toEqual(['supervisor', 'staffAdmin', 'manager', 'headOffice', 'compliance']);
  });

  it('keeps `auth` for the sign-in steps, outside every staff area', () => {
    expect(Object.keys(STAFF_AREAS)).not.toContain('auth');
  });
});
