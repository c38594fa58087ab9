import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { currentTotp } from '../../adapters/crypto/totp';
import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { AUDIT } from '../../adapters/cloudbase/auditLog';
import { fixedClock } from '../../core/shared/ports';
import { cloudStaffAdminDeps, main as staffCli, runStaffCommand } from '../../scripts/staff';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { adminHarness } from '../support/adminHarness';

type Harness = Awaited<ReturnType<typeof adminHarness>>;
const PASSWORD = 'Newpass2026x';

const tokenOf = (enrolPath: string) => enrolPath.replace('#enrol=', '');
const secretOf = (otpauthUrl: string) => new URL(otpauthUrl).searchParams.get('secret')!;
const staffAudit = (h: Harness, username: string) =>
  (h.system.db
    .prepare(`SELECT action, actor_id, actor_role FROM audit_log WHERE subject_type = 'staff' AND subject_id = (SELECT id FROM staff WHERE username = ?) ORDER BY seq`)
    .all(username) as {
    action: string;
    actor_id: string;
    actor_role: string;
  }[]);
const accountRow = (h: Harness, username: string) => h.system.db.prepare('SELECT doc FROM staff WHERE username = ?').get(username) as { doc: string } | undefined;

/** Opens the link, sets the password and enrols the authenticator; returns the new session cookie. */
const enrol = async (h: Harness, token: string, password = PASSWORD) => {
  const start = (await h.call('auth/enrolStart', { token })).data as { otpauthUrl: string; username: string };
  const secret = secretOf(start.otpauthUrl);
  const done = await h.call('auth/enrolFinish', { token, password, code: currentTotp(secret, h.clock.now()) });
  return { cookie: done.setCookie!.split(';')[0], secret, username: start.username };
};

describe('staff management (员工管理) through the admin API', () => {
  let h: Harness;
  let sup: (route: string, body?: unknown) => Promise<any>;
  beforeEach(async () => {
    h = await adminHarness();
    sup = await h.as('super01');
  });
  afterEach(() => h.close());

  it('adds an agent with a team; the one-time link sets the password and the authenticator, signs in, and is spent', async () => {
    const out = await sup('staff/add', { username: 'li.si', displayName: '李四', role: 'agent', team: '华东一组' });
    expect(out.account).toMatchObject({ username: 'li.si', role: 'agent', team: '华东一组', status: 'pendingEnrolment', version: 1 });
    expect(out.enrolPath).toMatch(/^#enrol=staff-li\.si\.[A-Za-z0-9_-]{43}$/);
    // Only the hash is stored.
    expect(accountRow(h, 'li.si')!.doc).not.toContain(tokenOf(out.enrolPath).split('.').pop());
    // No password yet: the password step refuses every guess.
    await expect(h.call('auth/login', { username: 'li.si', password: '' + PASSWORD })).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS' });

    const { cookie, secret } = await enrol(h, tokenOf(out.enrolPath));
    const me = (await h.call('staff/me', {}, cookie)).data as { name: string; role: string };
    expect(me).toMatchObject({ name: '李四', role: 'agent' });
    // Spent: a second use is refused and changes nothing.
    await expect(h.call('auth/enrolStart', { token: tokenOf(out.enrolPath) })).rejects.toMatchObject({ code: 'STAFF.ENROL_LINK_INVALID' });
    await expect(h.call('auth/enrolFinish', { token: tokenOf(out.enrolPath), password: 'Another2026x', code: currentTotp(secret, h.clock.now()) })).rejects.toMatchObject({
      code: 'STAFF.ENROL_LINK_INVALID',
    });
    // Later sign-ins are the ordinary two steps with the chosen password.
    h.clock.advance(60_000);
    const first = await h.call('auth/login', { username: 'li.si', password: PASSWORD });
    expect(first.data).toEqual({ next: 'totp' });
    await h.call('auth/totp', { code: currentTotp(secret, h.clock.now()) }, first.setCookie!.split(';')[0]);
    const listed = ((await sup('staff/list')) as { username: string; status: string; lastSignInAt?: string }[]).find((a) => a.username === 'li.si')!;
    expect(listed).toMatchObject({ status: 'active', lastSignInAt: h.clock.now().toISOString() });
    expect(staffAudit(h, 'li.si').map((a) => a.action)).toEqual(['staff.add', 'staff.login.failed', 'staff.enrol.opened', 'staff.enrolled', 'staff.login']);
    expect(staffAudit(h, 'li.si')[0]).toMatchObject({ actor_id: 'staff-super-01', actor_role: 'supervisor' });
  });

  it('a link expires after 24 hours (injected clock); a reissued link replaces the old one', async () => {
    const out = await sup('staff/add', { username: 'wang.wu', displayName: '王五', role: 'agent' });
    h.clock.advance(24 * 3600_000 - 1);
    await expect(h.call('auth/enrolStart', { token: tokenOf(out.enrolPath) })).resolves.toBeDefined();
    h.clock.advance(1);
    await expect(h.call('auth/enrolStart', { token: tokenOf(out.enrolPath) })).rejects.toMatchObject({ code: 'STAFF.ENROL_LINK_EXPIRED' });
    sup = await h.as('super01'); // the 8-hour session ended meanwhile
    const again = await sup('staff/reissueEnrolment', { username: 'wang.wu', version: 1 });
    expect(again.account.version).toBe(2);
    await expect(h.call('auth/enrolStart', { token: tokenOf(out.enrolPath) })).rejects.toMatchObject({ code: 'STAFF.ENROL_LINK_INVALID' });
    await enrol(h, tokenOf(again.enrolPath));
    // A made-up token for a real account, and garbage, read the same.
    await expect(h.call('auth/enrolStart', { token: 'staff-wang.wu.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).rejects.toMatchObject({ code: 'STAFF.ENROL_LINK_INVALID' });
    await expect(h.call('auth/enrolStart', { token: 'x' })).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
  });

  it('refuses a weak password or a wrong code at enrolment, and the link stays usable', async () => {
    const out = await sup('staff/add', { username: 'zhao.liu', displayName: '赵六', role: 'agent' });
    const token = tokenOf(out.enrolPath);
    const start = (await h.call('auth/enrolStart', { token })).data as { otpauthUrl: string };
    const code = currentTotp(secretOf(start.otpauthUrl), h.clock.now());
    await expect(h.call('auth/enrolFinish', { token, password: 'short1', code })).rejects.toMatchObject({ code: 'STAFF.WEAK_PASSWORD' });
    await expect(h.call('auth/enrolFinish', { token, password: 'zhao.liu2026abc', code })).rejects.toMatchObject({ code: 'STAFF.WEAK_PASSWORD' });
    await expect(h.call('auth/enrolFinish', { token, password: PASSWORD, code: code === '000000' ? '111111' : '000000' })).rejects.toMatchObject({ code: 'AUTH.BAD_TOTP' });
    // Opening it again shows the same authenticator.
    expect(((await h.call('auth/enrolStart', { token })).data as { otpauthUrl: string }).otpauthUrl).toBe(start.otpauthUrl);
    await enrol(h, token);
  });

  it('rank rules: a supervisor manages agents and supervisors, never head office or compliance, never themself', async () => {
    const version = (username: string) => (JSON.parse(accountRow(h, username)!.doc).version ?? 0) as number;
    await expect(sup('staff/add', { username: 'ho02', displayName: '总部', role: 'headOffice' })).rejects.toMatchObject({ code: 'STAFF.CLI_ONLY_ROLE' });
    await expect(sup('staff/add', { username: 'comp02', displayName: '合规', role: 'compliance' })).rejects.toMatchObject({ code: 'STAFF.CLI_ONLY_ROLE' });
    await expect(sup('staff/disable', { username: 'ho01', version: version('ho01') })).rejects.toMatchObject({ code: 'STAFF.RANK_TOO_HIGH' });
    await expect(sup('staff/resetTotp', { username: 'comp01', version: version('comp01') })).rejects.toMatchObject({ code: 'STAFF.RANK_TOO_HIGH' });
    await expect(sup('staff/disable', { username: 'super01', version: version('super01') })).rejects.toMatchObject({ code: 'STAFF.SELF' });
    await expect(sup('staff/add', { username: 'super02', displayName: '第二主管', role: 'supervisor', team: '华南组' })).resolves.toMatchObject({ account: { role: 'supervisor' } });
    // Agents, head office and compliance hold no staff.manage.
    for (const u of ['agent01', 'ho01', 'comp01']) {
      const call = await h.as(u);
      await expect(call('staff/add', { username: 'x.y.z', displayName: '某', role: 'agent' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    }
    expect(staffAudit(h, 'ho02')).toEqual([]);
  });

  it('disabling ends sessions and sign-in; enabling restores sign-in with the same credentials', async () => {
    const agentCookie = await h.signIn('agent02');
    expect((await h.call('staff/me', {}, agentCookie)).data).toMatchObject({ role: 'agent' });
    const version = (await sup('staff/list')).find((a: { username: string }) => a.username === 'agent02').version;
    const disabled = await sup('staff/disable', { username: 'agent02', version });
    expect(disabled).toMatchObject({ status: 'disabled', version: version + 1 });
    await expect(h.call('staff/me', {}, agentCookie)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    await expect(h.signIn('agent02')).rejects.toMatchObject({ code: 'AUTH.DISABLED' });
    // A wrong password still reads as a wrong password: a disabled account is not probed by name.
    await expect(h.call('auth/login', { username: 'agent02', password: 'wrong-password' })).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS' });
    await expect(sup('staff/disable', { username: 'agent02', version: version + 1 })).rejects.toMatchObject({ code: 'STAFF.ALREADY_DISABLED' });
    // Stale version: refused, nothing changes.
    await expect(sup('staff/enable', { username: 'agent02', version })).rejects.toMatchObject({ code: 'STAFF.VERSION_CONFLICT' });
    await sup('staff/enable', { username: 'agent02', version: version + 1 });
    // The old session stays ended; a new sign-in works.
    await expect(h.call('staff/me', {}, agentCookie)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    const fresh = await h.signIn('agent02');
    expect((await h.call('staff/me', {}, fresh)).data).toMatchObject({ role: 'agent' });
    expect(staffAudit(h, 'agent02').filter((a) => a.action.startsWith('staff.') && !a.action.startsWith('staff.login')).map((a) => a.action)).toEqual([
      'staff.disable',
      'staff.enable',
    ]);
  });

  it('resetting TOTP ends sessions and makes the next password sign-in enrol a new authenticator', async () => {
    const agentCookie = await h.signIn('agent01');
    const version = (await sup('staff/list')).find((a: { username: string }) => a.username === 'agent01').version;
    await expect(sup('staff/resetTotp', { username: 'agent01', version })).resolves.toMatchObject({ totpEnrolled: false });
    await expect(h.call('staff/me', {}, agentCookie)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    const first = await h.call('auth/login', { username: 'agent01', password: 'Demo@2026!' });
    expect(first.data).toMatchObject({ next: 'enrol' });
    const secret = secretOf((first.data as { otpauthUrl: string }).otpauthUrl);
    expect(secret).not.toBe(h.SECRET);
    // The old authenticator no longer works.
    await expect(h.call('auth/totp', { code: h.code() }, first.setCookie!.split(';')[0])).rejects.toMatchObject({ code: 'AUTH.BAD_TOTP' });
    await h.call('auth/totp', { code: currentTotp(secret, h.clock.now()) }, first.setCookie!.split(';')[0]);
    expect(staffAudit(h, 'agent01').map((a) => a.action)).toContain('staff.resetTotp');
  });

  it('bad input gets specific codes and Chinese messages and changes nothing', async () => {
    const before = h.system.db.prepare('SELECT COUNT(*) n FROM audit_log').get();
    const staffBefore = h.system.db.prepare('SELECT COUNT(*) n FROM staff').get();
    await expect(sup('staff/add', { username: 'Ab', displayName: '', role: 'boss' })).rejects.toMatchObject({
      code: 'REQUEST.INVALID',
      details: { issues: expect.arrayContaining([{ path: 'displayName', message: '姓名至少1个字', reason: 'too_short' }, expect.objectContaining({ path: 'role', message: '角色不在可选范围内', reason: 'not_allowed', allowed: expect.arrayContaining(['agent', 'supervisor']) })]) },
    });
    await expect(sup('staff/add', { username: 'Zhang San', displayName: '张三', role: 'agent' })).rejects.toMatchObject({
      code: 'STAFF.USERNAME_INVALID',
      memberMessage: expect.stringContaining('小写字母开头'),
    });
    await expect(sup('staff/add', { username: 'agent01', displayName: '重名', role: 'agent' })).rejects.toMatchObject({ code: 'STAFF.USERNAME_TAKEN', memberMessage: '该用户名已被使用' });
    await expect(sup('staff/add', { username: 'ok.name', displayName: '张三', role: 'agent', team: 'x'.repeat(33) })).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
    await expect(sup('staff/add', { username: 'ok.name', displayName: '张三', role: 'agent', extra: 1 })).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
    await expect(sup('staff/disable', { username: 'nobody', version: 0 })).rejects.toMatchObject({ code: 'STAFF.NOT_FOUND', memberMessage: '没有这个员工账号' });
    await expect(sup('staff/disable', { username: 'agent01' })).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
    expect(h.system.db.prepare('SELECT COUNT(*) n FROM audit_log').get()).toEqual(before);
    expect(h.system.db.prepare('SELECT COUNT(*) n FROM staff').get()).toEqual(staffBefore);
  });

  it('lists accounts without any hash, secret or token', async () => {
    await sup('staff/add', { username: 'li.si', displayName: '李四', role: 'agent' });
    const list = (await sup('staff/list')) as Record<string, unknown>[];
    expect(list.map((a) => a.username)).toContain('li.si');
    for (const a of list) for (const k of ['passwordHash', 'totpSecretEncrypted', 'enrolment']) expect(a).not.toHaveProperty(k);
  });
});

describe('npm run staff (scripts/staff.ts)', () => {
  const at = '2026-11-02T06:00:00Z';

  it('adds the first supervisor on an empty local store, prints a link that enrols, and audits as cli:<user>', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-staff-cli-'));
    try {
      const printed = await staffCli(['add', 'first.boss', '--role', 'supervisor', '--name', '首任主管', '--team', '总部'], { DATA_DIR: dataDir, STAFF_CLI_OPERATOR: 'ops' }, () => undefined);
      expect(printed[0]).toContain('first.boss');
      expect(printed[2]).toMatch(/^http:\/\/127\.0\.0\.1:8787\/admin\/#enrol=staff-first\.boss\.[A-Za-z0-9_-]{43}$/);
      const withBase = await staffCli(['add', 'comp09', '--role', 'compliance', '--name', '合规九', '--as', 'ticket-7'], { DATA_DIR: dataDir, ADMIN_BASE_URL: 'https://admin.example.cn/admin/' }, () => undefined);
      expect(withBase[2]).toMatch(/^https:\/\/admin\.example\.cn\/admin\/#enrol=staff-comp09\./);
      await expect(staffCli(['add', 'Bad Name', '--role', 'agent', '--name', 'x'], { DATA_DIR: dataDir }, () => undefined)).rejects.toMatchObject({ code: 'STAFF.USERNAME_INVALID' });
      await staffCli(['disable', 'comp09'], { DATA_DIR: dataDir, STAFF_CLI_OPERATOR: 'ops' }, () => undefined);
      const list = await staffCli(['list'], { DATA_DIR: dataDir }, () => undefined);
      expect(list.join('\n')).toMatch(/comp09.*合规.*已停用/);

      // The printed link works on the admin API of that store.
      const { localSystem } = await import('../../server/local/localSystem');
      const { handleAdmin } = await import('../../server/runtime/admin/handleAdmin');
      const system = localSystem({ dataDir, fastPasswords: true });
      try {
        const call = (route: string, body: unknown, cookie?: string) => handleAdmin(system.admin, { method: 'POST', route, cookie, contentType: 'application/json', body }, false);
        const token = printed[2].split('#enrol=')[1];
        const start = (await call('auth/enrolStart', { token })).data as { otpauthUrl: string };
        const done = await call('auth/enrolFinish', { token, password: PASSWORD, code: currentTotp(secretOf(start.otpauthUrl), new Date()) });
        const me = (await call('staff/me', {}, done.setCookie!.split(';')[0])).data as { role: string; actions: string[] };
        expect(me.role).toBe('supervisor');
        expect(me.actions).toContain('staff/add');
        const audit = system.db.prepare(`SELECT action, actor_id, actor_role FROM audit_log WHERE subject_type = 'staff' ORDER BY at, id`).all();
        expect(audit).toEqual(
          expect.arrayContaining([
            { action: 'staff.add', actor_id: 'cli:ops', actor_role: 'cli' },
            { action: 'staff.add', actor_id: 'cli:ticket-7', actor_role: 'cli' },
            { action: 'staff.disable', actor_id: 'cli:ops', actor_role: 'cli' },
            { action: 'staff.enrolled', actor_id: 'staff-first.boss', actor_role: 'supervisor' },
          ]),
        );
      } finally {
        system.db.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('with --cloud: the same command on the CloudBase stores (strict in-memory FAKE, not CloudBase)', async () => {
    const db = new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS });
    const clock = fixedClock(at);
    const deps = cloudStaffAdminDeps(db, clock);
    const printed = await runStaffCommand(deps, ['add', 'ho09', '--role', 'headOffice', '--name', '总部九', '--team', '总部'], { operator: 'ops' });
    expect(printed[2]).toMatch(/#enrol=staff-ho09\./);
    const stored = await deps.staff.getByUsername('ho09');
    expect(stored).toMatchObject({ role: 'headOffice', team: '总部', version: 1, passwordHash: '' });
    expect(stored!.enrolment!.tokenHash).toHaveLength(64);
    await expect(runStaffCommand(deps, ['add', 'ho09', '--role', 'agent', '--name', '重名'], { operator: 'ops' })).rejects.toMatchObject({ code: 'STAFF.USERNAME_TAKEN' });
    await runStaffCommand(deps, ['reset-totp', 'ho09'], { operator: 'ops' });
    await runStaffCommand(deps, ['reissue', 'ho09'], { operator: 'ops' });
    await runStaffCommand(deps, ['disable', 'ho09'], { operator: 'ops' });
    expect(await deps.staff.getByUsername('ho09')).toMatchObject({ version: 4, disabledAt: at.replace('Z', '.000Z') });
    await expect(runStaffCommand(deps, ['enable', 'nobody'], { operator: 'ops' })).rejects.toMatchObject({ code: 'STAFF.NOT_FOUND' });
    const entries = (await db.collection(AUDIT.log).where({ subjectType: 'staff' }).get()).data as { action: string; actorId: string }[];
    expect(entries.map((e) => e.action).sort()).toEqual(['staff.add', 'staff.disable', 'staff.reissueEnrolment', 'staff.resetTotp']);
    expect(new Set(entries.map((e) => e.actorId))).toEqual(new Set(['cli:ops']));
    expect((await runStaffCommand(deps, ['list'], { operator: 'ops' })).join('\n')).toMatch(/ho09.*总公司审批人.*总部.*已停用/);
  });
});
