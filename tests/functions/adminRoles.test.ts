import { ADMIN_ROUTES } from '../../cloudfunctions/admin/api';
import { DEMO_STAFF } from '../../server/demoStaff';
import { can } from '../../core/staff/permissions';
import { adminHarness } from '../support/adminHarness';

/**
 * Every staff endpoint × every role: a role without the permission is refused with AUTH.FORBIDDEN
 * before anything runs; a role with it gets past the check (then may fail validation on this empty body).
 */
describe('role check on every admin endpoint', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    h = await adminHarness();
    for (const s of DEMO_STAFF) cookies[s.role] = await h.signIn(s.username);
  });
  afterAll(() => h.close());

  const rows = Object.entries(ADMIN_ROUTES).flatMap(([route, { permission }]) =>
    (['agent', 'supervisor', 'headOffice', 'compliance'] as const).map((role) => [route, role, permission] as const),
  );

  it.each(rows)('%s as %s', async (route, role, permission) => {
    const before = h.counts();
    const result = await h.call(route, { id: 'c-does-not-exist', version: 1 }, cookies[role]).then(
      () => 'ran',
      (e: { code: string }) => e.code,
    );
    if (permission && !can(role, permission)) expect(result).toBe('AUTH.FORBIDDEN');
    else expect(result).not.toBe('AUTH.FORBIDDEN');
    expect(h.counts()).toEqual(before);
  });

  it('refuses every endpoint without a session', async () => {
    for (const route of Object.keys(ADMIN_ROUTES)) await expect(h.call(route, {})).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });
});
