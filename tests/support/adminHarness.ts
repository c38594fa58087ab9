import type { AdminDeps } from '../../server/runtime/admin/deps';
import { handleAdmin } from '../../server/runtime/admin/handleAdmin';
import { DEMO_PASSWORD, DEMO_STAFF, seedDemoStaff } from '../../server/local/demoStaff';
import { currentTotp } from '../../adapters/crypto/totp';
import { harness } from './localHarness';

const SECRET = 'JBSWY3DPEHPK3PXP'; // fixed base32 so tests can compute codes

/** A local system with demo staff whose TOTP secret is known, and a signed-in caller per username. */
export const adminHarness = async (at = '2026-11-02T06:00:00Z', opts: { realClock?: boolean } = {}) => {
  const h = harness(at, { fastPasswords: true, realClock: opts.realClock });
  const deps: AdminDeps = h.system.admin;
  await seedDemoStaff(deps, Object.fromEntries(DEMO_STAFF.map((s) => [s.username, SECRET])));
  /** `source`: the client address the HTTP front would pass (audited with sign-ins, searches and case reads). */
  const call = async (route: string, body: unknown, cookie?: string, source?: string) =>
    handleAdmin(deps, { method: 'POST', route, cookie, contentType: 'application/json', body, ...(source ? { source } : {}) }, false);
  const code = () => currentTotp(SECRET, opts.realClock ? new Date() : h.clock.now());
  /**
   * A TOTP code is accepted once (core/staff/auth.ts). Tests sign one account in several times on a fixed
   * clock, so the helper forgets the accepted steps first; tests of replay itself call auth/totp directly.
   */
  const forgetTotpSteps = () => h.system.db.prepare("DELETE FROM staff_signin_guard WHERE key LIKE 'totp-step:%'").run();
  const signIn = async (username: string): Promise<string> => {
    const first = await call('auth/login', { username, password: DEMO_PASSWORD });
    const cookie = first.setCookie!.split(';')[0];
    forgetTotpSteps();
    await call('auth/totp', { code: code() }, cookie);
    return cookie;
  };
  const as = async (username: string, source?: string) => {
    const cookie = await signIn(username);
    return (route: string, body: unknown = {}) => call(route, body, cookie, source).then((r) => r.data as any);
  };
  return { ...h, deps, call, code, signIn, as, SECRET, forgetTotpSteps };
};
