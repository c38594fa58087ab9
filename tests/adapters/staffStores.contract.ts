import type { StaffSession, StaffUser } from '../../core/staff/model';
import type { SessionStore, SignInGuard, StaffStore } from '../../core/staff/ports';
import type { ThrottleRule } from '../../core/staff/throttle';

export interface StaffStoresUnderTest {
  staff: StaffStore;
  sessions: SessionStore;
  signIn: SignInGuard;
  close?(): Promise<void> | void;
}

const user = (id: string, username: string, over: Partial<StaffUser> = {}): StaffUser => ({
  id,
  username,
  displayName: `客服${id}`,
  role: 'agent',
  passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA',
  totpEnrolled: false,
  failedAttempts: 0,
  createdAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

const session = (idHash: string, over: Partial<StaffSession> = {}): StaffSession => ({
  idHash,
  staffId: 'staff-1',
  createdAt: '2026-11-25T02:00:00.000Z',
  expiresAt: '2026-11-25T10:00:00.000Z',
  ...over,
});

/** What every StaffStore and SessionStore does, whatever database is behind it. */
export const staffStoresContract = (make: () => Promise<StaffStoresUnderTest>) => {
  let s: StaffStoresUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  it('finds a saved staff member by id and by username, unchanged', async () => {
    const u = user('staff-1', 'agent01', { totpSecretEncrypted: 'v1:abc', totpEnrolled: true, lockedUntil: '2026-11-25T02:15:00.000Z' });
    await s.staff.save(u);
    expect(await s.staff.getById('staff-1')).toEqual(u);
    expect(await s.staff.getByUsername('agent01')).toEqual(u);
    expect(await s.staff.getById('staff-404')).toBeNull();
    expect(await s.staff.getByUsername('nobody')).toBeNull();
  });

  it('saving again replaces the record: a cleared lock is gone, a renamed account is found by its new name only', async () => {
    await s.staff.save(user('staff-1', 'agent01', { failedAttempts: 5, lockedUntil: '2026-11-25T02:15:00.000Z' }));
    await s.staff.save(user('staff-1', 'agent01-new', { failedAttempts: 0 }));
    const now = await s.staff.getById('staff-1');
    expect(now).toEqual(user('staff-1', 'agent01-new'));
    expect(now).not.toHaveProperty('lockedUntil');
    expect(await s.staff.getByUsername('agent01')).toBeNull();
    expect((await s.staff.list()).map((u) => u.id)).toEqual(['staff-1']);
  });

  it('lists every staff member by username', async () => {
    for (const [id, name] of [['s3', 'super01'], ['s1', 'agent02'], ['s2', 'agent01'], ['s4', 'comp01']]) await s.staff.save(user(id, name));
    expect((await s.staff.list()).map((u) => u.username)).toEqual(['agent01', 'agent02', 'comp01', 'super01']);
  });

  it('refuses a second account with a username already taken, keeping the first', async () => {
    await s.staff.save(user('staff-1', 'agent01'));
    // Matched on content, not with toThrow(): better-sqlite3's native addon is shared by the test files of
    // a jest worker, so its SqliteError may come from another file's realm and fail an instanceof check.
    await expect(s.staff.save(user('staff-2', 'agent01'))).rejects.toMatchObject({ message: expect.stringMatching(/UNIQUE|duplicate/i) });
    expect(await s.staff.getByUsername('agent01')).toMatchObject({ id: 'staff-1' });
    expect(await s.staff.getById('staff-2')).toBeNull();
  });

  it('keeps a session by its hash, records the second factor, and forgets it on removal', async () => {
    await s.sessions.create(session('h1'));
    await s.sessions.create(session('h2', { staffId: 'staff-2' }));
    expect(await s.sessions.get('h1')).toEqual(session('h1'));
    await s.sessions.save(session('h1', { mfaAt: '2026-11-25T02:01:00.000Z' }));
    expect(await s.sessions.get('h1')).toEqual(session('h1', { mfaAt: '2026-11-25T02:01:00.000Z' }));
    await s.sessions.remove('h1');
    await s.sessions.remove('h-unknown');
    expect(await s.sessions.get('h1')).toBeNull();
    expect(await s.sessions.get('h2')).toEqual(session('h2', { staffId: 'staff-2' }));
  });

  describe('SignInGuard', () => {
    const t0 = new Date('2026-11-25T02:00:00.000Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const r = (key: string, over: Partial<ThrottleRule> = {}): ThrottleRule => ({ key, free: 3, baseMs: 30_000, maxMs: 120_000, decayMs: 600_000, ...over });

    it('lets the free attempts pass, then closes with doubling delays; refused attempts are not counted', async () => {
      const rules = [r('acct:a'), r('src:s', { free: 10 })];
      for (let i = 0; i < 2; i++) expect(await s.signIn.take(rules, t0)).toEqual({ allowed: true, closedNow: [] });
      expect(await s.signIn.take(rules, t0)).toEqual({ allowed: true, closedNow: ['acct:a'] });
      expect(await s.signIn.take(rules, at(29_999))).toEqual({ allowed: false, retryAfterMs: 1 });
      expect(await s.signIn.take(rules, at(10_000))).toEqual({ allowed: false, retryAfterMs: 20_000 });
      // The wait was 30 s whatever was refused in it; the next one doubles it, then the cap holds.
      expect(await s.signIn.take(rules, at(30_000))).toEqual({ allowed: true, closedNow: ['acct:a'] });
      expect(await s.signIn.take(rules, at(30_000 + 59_999))).toEqual({ allowed: false, retryAfterMs: 1 });
      expect(await s.signIn.take(rules, at(90_000))).toEqual({ allowed: true, closedNow: ['acct:a'] });
      expect(await s.signIn.take(rules, at(90_000))).toEqual({ allowed: false, retryAfterMs: 120_000 });
      // Another key is untouched by this one.
      expect(await s.signIn.take([r('acct:b')], at(90_000))).toEqual({ allowed: true, closedNow: [] });
    });

    it('forgives one attempt per quiet decay period, back to the full budget', async () => {
      const rules = [r('acct:a')];
      for (let i = 0; i < 3; i++) await s.signIn.take(rules, t0);
      expect(await s.signIn.take(rules, at(600_000))).toEqual({ allowed: true, closedNow: ['acct:a'] }); // 3 - 1 + 1
      for (let i = 0; i < 3; i++) expect(await s.signIn.take(rules, at(600_000 + 4 * 600_000))).toMatchObject({ allowed: true });
    });

    it('counts parallel attempts exactly: never more allowed than the free budget', async () => {
      const rules = [r('acct:p', { free: 5 })];
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => s.signIn.take(rules, t0)));
      const allowed = results.filter((x) => x.status === 'fulfilled' && x.value.allowed).length;
      // A transaction that lost every retry on CloudBase is STORE.BUSY: refused, nothing verified.
      for (const x of results) if (x.status === 'rejected') expect(x.reason).toMatchObject({ code: 'STORE.BUSY' });
      expect(allowed).toBeLessThanOrEqual(5);
      let more = 0;
      for (let i = 0; i < 10; i++) if ((await s.signIn.take(rules, t0)).allowed) more += 1;
      expect(allowed + more).toBe(5);
    });

    it('does not refuse through a rule whose marker is remembered, but still counts on it', async () => {
      const rules = [r('acct:a', { free: 1, exemptIf: 'known:a:s' })];
      await s.signIn.take(rules, t0);
      expect(await s.signIn.take(rules, t0)).toMatchObject({ allowed: false });
      await s.signIn.settle({ clear: [], refund: [], remember: ['known:a:s'] }, t0);
      expect(await s.signIn.take(rules, t0)).toEqual({ allowed: true, closedNow: [] });
      const [held] = await s.signIn.settle({ clear: ['acct:a'], refund: [], remember: [] }, t0);
      expect(held).toEqual({ key: 'acct:a', total: 2, since: t0.toISOString() });
    });

    it('clears counters (telling what they held), gives one attempt back on refund, and reopens below the budget', async () => {
      const src = r('src:s', { free: 2 });
      await s.signIn.take([r('acct:a'), src], t0);
      await s.signIn.take([r('acct:a'), src], at(1000));
      expect(await s.signIn.take([src], at(2000))).toMatchObject({ allowed: false });
      const cleared = await s.signIn.settle({ clear: ['acct:a', 'acct:none'], refund: [src], remember: [] }, at(2000));
      expect(cleared).toEqual([{ key: 'acct:a', total: 2, since: t0.toISOString() }]);
      expect(await s.signIn.take([src], at(2000))).toMatchObject({ allowed: true });
      expect(await s.signIn.settle({ clear: ['acct:a'], refund: [], remember: [] }, at(2000))).toEqual([]);
    });

    it('prunes only what nobody wrote to since the cut-off: counters, markers and TOTP steps alike', async () => {
      await s.signIn.take([r('acct:old')], t0);
      await s.signIn.settle({ clear: [], refund: [], remember: ['known:old'] }, t0);
      await s.signIn.acceptTotpStep('totp-step:old', 7, t0);
      await s.signIn.take([r('acct:new')], at(60_000));
      expect(await s.signIn.pruneStale(at(30_000))).toBe(3);
      expect(await s.signIn.pruneStale(at(30_000))).toBe(0);
      // The pruned step is gone (a fresh step accepted), the marker no longer exempts, the newer counter still counts.
      expect(await s.signIn.acceptTotpStep('totp-step:old', 7, at(60_000))).toBe(true);
      expect(await s.signIn.take([r('acct:x', { free: 1, exemptIf: 'known:old' })], at(60_000))).toEqual({ allowed: true, closedNow: ['acct:x'] });
      const [kept] = await s.signIn.settle({ clear: ['acct:new'], refund: [], remember: [] }, at(60_000));
      expect(kept).toEqual({ key: 'acct:new', total: 1, since: at(60_000).toISOString() });
    });

    it('accepts each TOTP step once, never an older one, and exactly one of parallel uses', async () => {
      expect(await s.signIn.acceptTotpStep('totp-step:1', 100, t0)).toBe(true);
      expect(await s.signIn.acceptTotpStep('totp-step:1', 100, t0)).toBe(false);
      expect(await s.signIn.acceptTotpStep('totp-step:1', 99, t0)).toBe(false);
      expect(await s.signIn.acceptTotpStep('totp-step:2', 100, t0)).toBe(true);
      const parallel = await Promise.allSettled(Array.from({ length: 10 }, () => s.signIn.acceptTotpStep('totp-step:1', 101, t0)));
      expect(parallel.filter((x) => x.status === 'fulfilled' && x.value === true)).toHaveLength(1);
      expect(await s.signIn.acceptTotpStep('totp-step:1', 101, t0)).toBe(false);
    });

    it('is exempted by any one of several markers (a known source or a device)', async () => {
      const rules = [r('acct:d', { free: 1, exemptIf: ['known:d:s', 'device:d:0:x'] })];
      await s.signIn.take(rules, t0);
      expect(await s.signIn.take(rules, t0)).toMatchObject({ allowed: false });
      await s.signIn.settle({ clear: [], refund: [], remember: ['device:d:0:x'] }, t0);
      expect(await s.signIn.take(rules, t0)).toEqual({ allowed: true, closedNow: [] });
      expect(await s.signIn.take([r('acct:d', { free: 1, exemptIf: ['known:d:s', 'device:d:1:x'] })], t0)).toMatchObject({ allowed: false });
    });

    it('records who a TOTP step was accepted by, and tells it back', async () => {
      expect(await s.signIn.lastTotpStep('totp-step:by')).toBeNull();
      expect(await s.signIn.acceptTotpStep('totp-step:by', 200, t0, 'src-a')).toBe(true);
      expect(await s.signIn.acceptTotpStep('totp-step:by', 200, t0, 'src-b')).toBe(false);
      expect(await s.signIn.lastTotpStep('totp-step:by')).toEqual({ step: 200, by: 'src-a' });
      expect(await s.signIn.acceptTotpStep('totp-step:by', 201, t0)).toBe(true);
      expect(await s.signIn.lastTotpStep('totp-step:by')).toEqual({ step: 201 });
    });
  });
};
