import type { AddressInfo } from 'node:net';
import { STAFF_AREAS } from '../../server/runtime/admin/areas';
import { adminHttp } from '../../server/runtime/adminHttp';
import { DEMO_PASSWORD } from '../../server/local/demoStaff';
import { createGateway } from '../../server/local/gateway/gateway';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';
import { alice, validSubmit } from '../support/localHarness';
import type { SubmitComplaintResponse } from '../../typings/api';

type H = Awaited<ReturnType<typeof adminHarness>>;
const submitted = async (h: H) => {
  const res = await (await import('../../server/runtime/functionRuntime')).dispatch(
    h.system.functions.complaints.table,
    h.system.functions.complaints.deps as never,
    alice,
    validSubmit(),
    (await import('../../server/runtime/log')).silentLogger,
  );
  if (!res.ok) throw new Error('submit failed');
  return (res.data as SubmitComplaintResponse).complaint;
};

describe('staff sign-in', () => {
  let h: H;
  beforeEach(async () => {
    h = await adminHarness();
  });
  afterEach(() => h.close());

  it('needs the password and then the TOTP code before any staff endpoint answers', async () => {
    const first = await h.call('auth/login', { username: 'agent01', password: DEMO_PASSWORD });
    expect(first.data).toEqual({ next: 'totp' });
    expect(first.setCookie).toMatch(/^ms_staff=[\w-]+; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=29100$/);
    const cookie = first.setCookie!.split(';')[0];
    await expect(h.call('complaints/queue', {}, cookie)).rejects.toMatchObject({ code: 'AUTH.MFA_REQUIRED' });
    await expect(h.call('auth/totp', { code: '000000' }, cookie)).rejects.toMatchObject({ code: 'AUTH.BAD_TOTP' });
    await h.call('auth/totp', { code: h.code() }, cookie);
    await expect(h.call('complaints/queue', {}, cookie)).resolves.toMatchObject({ data: { items: [] } });
  });

  it('answers a wrong password and an unknown user alike', async () => {
    await expect(h.call('auth/login', { username: 'agent01', password: 'nope' })).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS' });
    await expect(h.call('auth/login', { username: 'nobody', password: 'nope' })).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS' });
  });

  it('after 5 failures makes every attempt wait, the right password included, then lets it in (tests/functions/signInHardening.test.ts)', async () => {
    for (let i = 0; i < 5; i++) await expect(h.call('auth/login', { username: 'agent02', password: 'wrong' })).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS' });
    await expect(h.call('auth/login', { username: 'agent02', password: DEMO_PASSWORD })).rejects.toMatchObject({ code: 'AUTH.THROTTLED', memberMessage: '登录尝试过于频繁，请30秒后再试' });
    h.clock.advance(30_000);
    await expect(h.call('auth/login', { username: 'agent02', password: DEMO_PASSWORD })).resolves.toMatchObject({ data: { next: 'totp' } });
    const actions = (await h.deps.audit.list({ limit: 50 })).map((e) => e.action);
    expect(actions.filter((a) => a === 'staff.login.failed')).toHaveLength(5);
  });

  it('enrols a new staff member with a QR-ready otpauth URL, completed by the first code', async () => {
    const user = await h.deps.staff.getByUsername('agent01');
    await h.deps.staff.save({ ...user!, totpEnrolled: false, totpSecretEncrypted: undefined });
    const first = await h.call('auth/login', { username: 'agent01', password: DEMO_PASSWORD });
    expect(first.data).toMatchObject({ next: 'enrol', otpauthUrl: expect.stringMatching(/^otpauth:\/\/totp\/.+secret=/) });
    const secret = new URL((first.data as { otpauthUrl: string }).otpauthUrl).searchParams.get('secret')!;
    const { currentTotp } = await import('../../adapters/crypto/totp');
    await h.call('auth/totp', { code: currentTotp(secret, h.clock.now()) }, first.setCookie!.split(';')[0]);
    expect((await h.deps.staff.getByUsername('agent01'))!.totpEnrolled).toBe(true);
  });

  it('ends the session on logout and after 8 hours', async () => {
    const cookie = await h.signIn('agent01');
    h.clock.advance(8 * 3600_000 + 1);
    await expect(h.call('staff/me', {}, cookie)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    const again = await h.signIn('agent01');
    await h.call('auth/logout', {}, again);
    await expect(h.call('staff/me', {}, again)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('refuses a non-JSON request (cross-site form posts)', async () => {
    const cookie = await h.signIn('agent01');
    await expect(
      (await import('../../server/runtime/admin/handleAdmin')).handleAdmin(h.deps, { method: 'POST', route: 'complaints/queue', cookie, contentType: 'application/x-www-form-urlencoded', body: {} }, false),
    ).rejects.toMatchObject({ code: 'REQUEST.NOT_JSON', memberMessage: '请求格式不正确：仅接受 JSON' });
  });
});

describe('admin routes: /admin/api/<area>/<action>', () => {
  let h: H;
  beforeEach(async () => {
    h = await adminHarness();
  });
  afterEach(() => {
    jest.restoreAllMocks();
    h.close();
  });

  it('answers an old bare route, an unknown area and an unknown action with REQUEST.UNKNOWN_ACTION', async () => {
    const cookie = await h.signIn('agent01');
    for (const route of ['queue', 'nowhere/queue', 'complaints/nothing', 'complaints/constructor', 'complaints/queue/extra', 'auth/me'])
      await expect(h.call(route, {}, cookie)).rejects.toMatchObject({ code: 'REQUEST.UNKNOWN_ACTION' });
  });

  it('answers the old bare path over HTTP with REQUEST.UNKNOWN_ACTION, and serves the new one', async () => {
    const server = createGateway({ system: h.system, devSecret: 'test', log: silentLogger, extraRoutes: adminHttp({ deps: h.deps, staticDir: h.dataDir, secureCookies: false, log: silentLogger }) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const cookie = await h.signIn('agent01');
      const post = (path: string) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
      const old = await post('/admin/api/queue');
      expect(await old.json()).toMatchObject({ ok: false, error: { code: 'REQUEST.UNKNOWN_ACTION' } });
      const now = await post('/admin/api/complaints/queue');
      expect(now.status).toBe(200);
      expect(await now.json()).toMatchObject({ ok: true, data: { items: [] } });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses bad input with REQUEST.INVALID and Chinese field messages, without running the handler', async () => {
    const c = await submitted(h);
    const reply = STAFF_AREAS.complaints.reply;
    const run = jest.spyOn(reply, 'run');
    const agent = await h.as('agent01');
    await expect(agent('complaints/reply', { id: c.id, version: 1, text: '', extra: 1 })).rejects.toMatchObject({
      code: 'REQUEST.INVALID',
      details: { issues: expect.arrayContaining([{ path: 'text', message: '内容至少1个字', reason: 'too_short' }, { path: '', message: '不支持的字段：extra', reason: 'unknown_field' }]) },
    });
    expect(run).not.toHaveBeenCalled();
    expect((await h.system.complaints.store.get(c.id))!.version).toBe(1);
  });

  it('checks the permission before the input: a refused role learns nothing from validation', async () => {
    const agent = await h.as('agent01');
    await expect(agent('complaints/close', { nonsense: true })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });
});

describe('staff work a complaint', () => {
  let h: H;
  beforeEach(async () => {
    h = await adminHarness();
  });
  afterEach(() => h.close());

  it('orders the queue by the next due time and answers the member, who sees it', async () => {
    const c = await submitted(h);
    const agent = await h.as('agent01');
    const queue = await agent('complaints/queue', {});
    expect(queue.items[0]).toMatchObject({ number: c.number, nextDue: { kind: 'acknowledge', dueAtText: '2026-11-04 14:00' } });
    const replied = await agent('complaints/reply', { id: c.id, version: 1, text: '您好，已收到，我们将在今天内回电。' });
    expect(replied).toMatchObject({ version: 2, status: 'inProgress' });
    const noted = await agent('complaints/note', { id: c.id, version: 2, text: '会员情绪激动，注意措辞' });
    expect(noted.timeline.at(-1)).toMatchObject({ visibility: 'internal' });
    const member = await h.system.complaints.store.get(c.id);
    const { toMemberView } = await import('../../core/complaints/memberView');
    const { lifecycleContext } = await import('../../core/complaints/deps');
    const view = toMemberView(lifecycleContext(h.system.complaints), member!);
    expect(view.timeline.map((t) => t.text)).toContain('您好，已收到，我们将在今天内回电。');
    expect(JSON.stringify(view)).not.toContain('情绪激动');
  });

  it("names each case's owner in the queue by the staff member's display name, reading the staff list once per page", async () => {
    const submit = async (key: string) => {
      const { dispatch } = await import('../../server/runtime/functionRuntime');
      const res = await dispatch(h.system.functions.complaints.table, h.system.functions.complaints.deps as never, alice, validSubmit(key), silentLogger);
      if (!res.ok) throw new Error('submit failed');
      return (res.data as SubmitComplaintResponse).complaint;
    };
    const [mine, theirs, gone, open] = [await submit('key-owner-0000000001'), await submit('key-owner-0000000002'), await submit('key-owner-0000000003'), await submit('key-owner-0000000004')];
    const agent = await h.as('agent01');
    const sup = await h.as('super01');
    await agent('complaints/acknowledge', { id: mine.id, version: 1 });
    await sup('complaints/assign', { id: theirs.id, version: 1, toStaffId: 'staff-agent-02' });
    await sup('complaints/assign', { id: gone.id, version: 1, toStaffId: 'staff-agent-02' });
    // An owner whose account no longer exists (e.g. removed from the register): the id stays, no name is made up.
    h.system.db.prepare("UPDATE complaints SET owner_id = 'staff-left-2025', doc = json_set(doc, '$.owner.id', 'staff-left-2025') WHERE id = ?").run(gone.id);

    const counted = { list: 0, getById: 0 };
    const { list, getById } = h.deps.staff;
    h.deps.staff.list = () => (counted.list++, list());
    h.deps.staff.getById = (id) => (counted.getById++, getById(id));
    const owners = (items: { id: string; ownerId?: string; ownerName?: string }[]) =>
      Object.fromEntries(items.map((i) => [i.id, [i.ownerId ?? null, i.ownerName ?? null]]));
    const queue = await agent('complaints/queue', {});
    expect(owners(queue.items)).toEqual({
      [mine.id]: ['staff-agent-01', '王小丽'],
      [theirs.id]: ['staff-agent-02', '赵强'],
      [gone.id]: ['staff-left-2025', null],
      [open.id]: [null, null],
    });
    // One read of the staff list for the page, none per row: the same reads as a page with no rows (the
    // session check itself reads the signed-in staff member by id).
    const perPage = { ...counted };
    counted.list = counted.getById = 0;
    expect((await agent('complaints/queue', { status: 'closed' })).items).toEqual([]);
    expect(perPage).toEqual(counted);
    expect(perPage.list).toBe(1);
    expect(owners((await agent('complaints/search', { q: 'P2026000123' })).items)).toMatchObject({ [theirs.id]: ['staff-agent-02', '赵强'] });
    // The detail names its one owner too (one lookup by id).
    expect(await agent('complaints/detail', { id: theirs.id })).toMatchObject({ ownerId: 'staff-agent-02', ownerName: '赵强' });
  });

  it('gives the second of two staff saving at once a clear conflict, never a silent overwrite', async () => {
    const c = await submitted(h);
    const a = await h.as('agent01');
    const b = await h.as('agent02');
    await a('complaints/reply', { id: c.id, version: 1, text: '第一位客服的回复' });
    await expect(b('complaints/reply', { id: c.id, version: 1, text: '第二位客服的回复' })).rejects.toMatchObject({
      code: 'COMPLAINT.VERSION_CONFLICT',
      memberMessage: '内容已被他人更新，请刷新后重试',
    });
    const stored = await h.system.complaints.store.get(c.id);
    expect(stored!.timeline.filter((t) => t.type === 'reply').map((t) => t.text)).toEqual(['第一位客服的回复']);
  });

  it('records each staff action in the audit chain with its actor', async () => {
    const c = await submitted(h);
    const agent = await h.as('agent01');
    await agent('complaints/acknowledge', { id: c.id, version: 1 });
    const entries = await h.deps.audit.list({ limit: 50, subjectId: c.id });
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([['complaint.acknowledge', 'staff-agent-01']]);
  });

  it('logs a phone complaint with its receipt time, encrypts and masks the phone, finds it by phone, and audits a full view', async () => {
    const agent = await h.as('agent01');
    const logged = await agent('complaints/log', {
      idempotencyKey: 'phone-intake-00000001',
      channel: 'phone',
      receivedAt: '2026-11-02T01:30:00Z',
      phone: '13812345678',
      contactName: '刘女士',
      category: 'premium',
      description: '银行卡被重复扣缴两期保费，要求退还多扣款项',
    });
    expect(logged).toMatchObject({ channelLabel: '电话', phoneMasked: '138****5678', receivedAtText: '2026-11-02 09:30' });
    const raw = h.system.db.prepare('SELECT doc FROM complaints WHERE id = ?').get(logged.id) as { doc: string };
    expect(raw.doc).not.toContain('13812345678');
    const found = await agent('complaints/search', { q: '13812345678' });
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([logged.id]);
    expect(await agent('complaints/viewPersonalData', { id: logged.id, reason: '回电确认退费账户' })).toEqual({ phone: '13812345678', contactName: '刘女士' });
    const actions = (await h.deps.audit.list({ limit: 50, subjectId: logged.id })).map((e) => e.action);
    expect(actions).toEqual(['complaint.viewPersonalData', 'complaint.log']); // newest first
  });

  it('refuses a receipt time in the future and changes nothing', async () => {
    const agent = await h.as('agent01');
    await expect(
      agent('complaints/log', {
        idempotencyKey: 'phone-intake-00000002',
        channel: 'letter',
        receivedAt: '2026-11-03T00:00:00Z',
        phone: '13812345678',
        category: 'other',
        description: '来信反映营业网点服务态度差的问题',
      }),
    ).rejects.toMatchObject({ code: 'COMPLAINT.RECEIVED_IN_FUTURE' });
    expect(h.counts().complaints).toBe(0);
  });

  it('extends to 30 days by a supervisor and to 60 only by the head-office approver', async () => {
    const c = await submitted(h);
    const sup = await h.as('super01');
    const ho = await h.as('ho01');
    const thirty = await sup('complaints/extend', { id: c.id, version: 1, toDays: 30, reason: '需调取多家医院病历' });
    expect(thirty.regulatoryDays).toBe(30);
    await expect(sup('complaints/extend', { id: c.id, version: 2, toDays: 60, reason: '情况特别复杂需要鉴定' })).rejects.toMatchObject({
      code: 'COMPLAINT.EXTENSION_NOT_ALLOWED',
    });
    const sixty = await ho('complaints/extend', { id: c.id, version: 2, toDays: 60, reason: '情况特别复杂需要鉴定' });
    expect(sixty.regulatoryDays).toBe(60);
    expect(sixty.timeline.at(-1)).toMatchObject({ type: 'regulatoryExtended', visibility: 'member' });
  });

  it('merges a duplicate into the complaint that carries on', async () => {
    const a = await submitted(h);
    const dupRes = await (await import('../../server/runtime/functionRuntime')).dispatch(
      h.system.functions.complaints.table,
      h.system.functions.complaints.deps as never,
      alice,
      validSubmit('key-dup-000000000001'),
      (await import('../../server/runtime/log')).silentLogger,
    );
    const dup = (dupRes as { data: SubmitComplaintResponse }).data.complaint;
    const sup = await h.as('super01');
    await sup('complaints/merge', { id: a.id, version: 1, duplicateId: dup.id, duplicateVersion: 1 });
    const closed = await h.system.complaints.store.get(dup.id);
    expect(closed).toMatchObject({ status: 'closed', mergedInto: a.id });
  });
});

describe('audit chain', () => {
  it('verifies clean, and names the first entry changed behind its back', async () => {
    const h = await adminHarness();
    const c = await submitted(h);
    const agent = await h.as('agent01');
    await agent('complaints/acknowledge', { id: c.id, version: 1 });
    await agent('complaints/reply', { id: c.id, version: 2, text: '正在处理' });
    const comp = await h.as('comp01');
    expect(await comp('audit/verify')).toMatchObject({ ok: true });
    expect(() => h.system.db.prepare("UPDATE audit_log SET actor_id = 'someone' WHERE action = 'complaint.reply'").run()).toThrow(/append-only/);
    h.system.db.exec('DROP TRIGGER audit_log_no_update');
    h.system.db.prepare("UPDATE audit_log SET detail = '{\"text\":\"改过\"}' WHERE action = 'complaint.reply'").run();
    const verdict = await comp('audit/verify');
    // The reply is the second entry of that complaint's own chain (acknowledge, reply).
    expect(verdict).toMatchObject({ ok: false, firstBrokenChain: `complaint:${c.id}`, firstBrokenSeq: 2, reason: 'entry content was changed' });
    h.close();
  });
});
