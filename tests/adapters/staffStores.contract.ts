import type { StaffSession, StaffUser } from '../../core/staff/model';
import type { SessionStore, StaffStore } from '../../core/staff/ports';

export interface StaffStoresUnderTest {
  staff: StaffStore;
  sessions: SessionStore;
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
};
