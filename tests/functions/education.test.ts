import { advanceAnnouncement } from '../../core/education/announce';
import { educationReach } from '../../core/education/reach';
import { runDeadlineWatches } from '../../core/deadlines/watch';
import { dispatchOutbox } from '../../core/notifications/dispatcher';
import { mayCall } from '../../core/staff/actions';
import { ROLE_RANK, type StaffRole } from '../../core/shared/actors';
import { STAFF_AREAS } from '../../server/runtime/admin/areas';
import { dispatch, type Caller } from '../../server/runtime/functionRuntime';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';
import { seedMember as seedWithPolicies } from '../support/benefitFixtures';

type H = Awaited<ReturnType<typeof adminHarness>>;
const caller = (openid: string): Caller => ({ kind: 'member', openid });
const member = (h: H, openid: string, action: string, data?: unknown) =>
  dispatch(h.system.functions.members.table, h.system.functions.members.deps as never, caller(openid), { action, ...(data === undefined ? {} : { data }) }, silentLogger) as Promise<any>;
const ok = async (p: Promise<any>) => {
  const res = await p;
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
};
const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { code: string }) => e.code);
const scan = (h: H, budget = 400) => runDeadlineWatches(h.system.deadlineWatches.filter((w) => w.area === 'education'), h.clock.now(), { budget });
const count = (h: H, sql: string, ...args: unknown[]) => (h.system.db.prepare(sql).get(...args) as { n: number }).n;
const changes = (h: H) => (h.system.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
/** A bound member whose sealed fields open (the home shows the name), as binding leaves them. */
const seedMember = async (h: H['system'], openid: string, premiums: number[]) => {
  const m = await seedWithPolicies(h, openid, premiums);
  const sealed = (plain: string, masked: string) => ({ sealed: h.box.seal(plain), masked });
  await h.members.members.saveBindings({ ...m, name: sealed('张小敏', '张*敏'), phone: sealed('13800138000', '138****8000'), version: m.version + 1 }, m.version, []);
};
const ROLES = Object.keys(ROLE_RANK) as StaffRole[];
// A 1×1 PNG: what the sniffer accepts as an image.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const draft = (over: Record<string, unknown> = {}) => ({
  title: '保险消费者八项权益',
  summary: '知情权、自主选择权、公平交易权……一文读懂',
  blocks: [{ kind: 'text', text: '保险消费者依法享有八项基本权利。' }],
  ...over,
});

const publish = async (h: H, over: Record<string, unknown> = {}) => {
  const admin = await h.as('manager01');
  const a = await admin('education/saveDraft', draft(over));
  return admin('education/publish', { id: a.id, version: a.version });
};

describe('权益宣传 (education): articles, reads, reach, announcements', () => {
  let h: H;
  beforeEach(async () => {
    // Wednesday 2026-11-25, 10:00 in Shanghai.
    h = await adminHarness('2026-11-25T02:00:00Z');
  });
  afterEach(() => h.close());

  it('gives each role what the table says: read for oversight and the benefits admin, manage for the manager and benefits admin', () => {
    const who = (action: string) => ROLES.filter((role) => mayCall(role, STAFF_AREAS.education[action]));
    for (const a of ['overview', 'article', 'notices', 'archive', 'reach']) expect(who(a).sort()).toEqual(['benefitsAdmin', 'compliance', 'headOffice', 'manager']);
    for (const a of ['saveDraft', 'uploadImage', 'publish', 'withdraw', 'announce', 'saveCampaign']) expect(who(a).sort()).toEqual(['benefitsAdmin', 'manager']);
  });

  it('counts reach exactly on made data: bound members active in the period who opened an article ÷ bound members active', async () => {
    const a1 = await publish(h);
    const a2 = await publish(h, { title: '理赔时效知多少' });
    const bound = Array.from({ length: 12 }, (_, i) => `openid-b${String(i).padStart(2, '0')}`);
    for (const id of bound) await seedMember(h.system, id, [300_000]);
    // A made month: who loads the home, who opens what (visitors read too, but never count).
    const homeLoads = new Set<string>();
    const openers = new Set<string>();
    let rnd = 7;
    const next = () => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const id of bound) {
      const r = next();
      if (r < 0.75) {
        await ok(member(h, id, 'me'));
        await ok(member(h, id, 'me'));
        homeLoads.add(id);
      }
      if (r > 0.4) {
        await ok(member(h, id, 'article', { id: next() < 0.5 ? a1.id : a2.id }));
        openers.add(id);
      }
    }
    await ok(member(h, 'openid-visitor', 'me'));
    await ok(member(h, 'openid-visitor', 'article', { id: a1.id }));
    const active = new Set([...homeLoads, ...openers]);
    const want = { opened: openers.size, active: active.size, rate: openers.size / active.size, goalRate: 0.9 };
    expect(want.active).toBeGreaterThan(want.opened);
    const deps = h.system.admin.education!;
    expect(await educationReach(deps, '2026-11', '2026-11')).toEqual(want);
    expect(await educationReach(deps, '2026-10', '2026-12')).toEqual(want);
    expect(await educationReach(deps, '2026-01', '2026-12')).toEqual(want);
    expect(await educationReach(deps, '2026-10', '2026-10')).toEqual({ opened: 0, active: 0, rate: null, goalRate: 0.9 });

    // December: one member of November comes back; the quarter counts them once.
    h.clock.set('2026-12-03T02:00:00Z');
    await ok(member(h, bound[0], 'me'));
    const dec = await educationReach(deps, '2026-12', '2026-12');
    expect(dec).toEqual({ opened: 0, active: 1, rate: 0, goalRate: 0.9 });
    expect((await educationReach(deps, '2026-10', '2026-12')).active).toBe(active.has(bound[0]) ? active.size : active.size + 1);
    // The admin figure says the same.
    expect(await (await h.as('comp01'))('education/reach', { from: '2026-11', to: '2026-11' })).toEqual(want);
  });

  it('writes the activity mark once a month: later home loads write nothing', async () => {
    await seedMember(h.system, 'openid-alice', [300_000]);
    await ok(member(h, 'openid-alice', 'me'));
    expect(count(h, "SELECT COUNT(*) n FROM education_marks WHERE member_id = 'openid-alice'")).toBe(3);
    const before = changes(h);
    for (let i = 0; i < 3; i++) await ok(member(h, 'openid-alice', 'me'));
    expect(changes(h)).toBe(before);
  });

  it('keeps one read per member and article (first open), and marks reach at most once a month', async () => {
    await seedMember(h.system, 'openid-alice', [300_000]);
    const a = await publish(h);
    const first = await ok(member(h, 'openid-alice', 'article', { id: a.id }));
    expect(first).toMatchObject({ title: '保险消费者八项权益', blocks: [{ kind: 'text', text: '保险消费者依法享有八项基本权利。' }] });
    h.clock.advance(3600_000);
    const before = changes(h);
    await ok(member(h, 'openid-alice', 'article', { id: a.id }));
    expect(changes(h)).toBe(before);
    const rows = h.system.db.prepare('SELECT member_id, first_opened_at, bound FROM education_reads').all();
    expect(rows).toEqual([{ member_id: 'openid-alice', first_opened_at: '2026-11-25T02:00:00.000Z', bound: 1 }]);
    expect((await (await h.as('manager01'))('education/overview')).articles[0]).toMatchObject({ id: a.id, opens: 1 });
  });

  it('serves article images through short-lived links bound to the member, never the stored id', async () => {
    const admin = await h.as('manager01');
    const img = await admin('education/uploadImage', { data: PNG });
    expect(img.fileId).toMatch(/^local:\/\/uploads\//);
    const d = await admin('education/saveDraft', draft({ coverFileId: img.fileId, blocks: [{ kind: 'text', text: '第一段' }, { kind: 'image', fileId: img.fileId, caption: '示意图' }] }));
    await admin('education/publish', { id: d.id, version: d.version });
    const list = await ok(member(h, 'openid-visitor', 'articles', {}));
    expect(list.items[0].coverUrl).toMatch(/^\/files\/uploads\/[\w-]+\.png\?u=.+&exp=\d+&sig=/);
    const read = await ok(member(h, 'openid-visitor', 'article', { id: d.id }));
    expect(read.blocks[1]).toMatchObject({ kind: 'image', caption: '示意图', url: expect.stringMatching(/^\/files\/uploads\//) });
    expect(JSON.stringify(read)).not.toContain('local://');
    const exp = Number(/exp=(\d+)/.exec(read.blocks[1].url)![1]);
    expect(exp - h.clock.now().getTime()).toBeLessThanOrEqual(5 * 60_000);
  });

  it('refuses bad input with a specific code and changes nothing', async () => {
    const admin = await h.as('manager01');
    const agent = await h.as('agent01');
    const compliance = await h.as('comp01');
    const a = await admin('education/saveDraft', draft());
    const before = changes(h);
    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
    expect(await codeOf(admin('education/uploadImage', { data: html }))).toBe('EDUCATION.IMAGE_TYPE');
    const big = Buffer.concat([Buffer.from(PNG, 'base64'), Buffer.alloc(74_000)]).toString('base64');
    expect(await codeOf(admin('education/uploadImage', { data: big }))).toBe('EDUCATION.IMAGE_TOO_LARGE');
    expect(await codeOf(admin('education/saveDraft', draft({ blocks: [{ kind: 'image', fileId: 'local://uploads/x.png' }] })))).toBe('EDUCATION.EMPTY_BODY');
    expect(await codeOf(admin('education/saveDraft', draft({ title: '标题\u202e反转' })))).toBe('REQUEST.INVALID');
    expect(await codeOf(admin('education/publish', { id: a.id, version: a.version + 1 }))).toBe('EDUCATION.VERSION_CONFLICT');
    expect(await codeOf(admin('education/announce', { id: a.id, version: a.version }))).toBe('EDUCATION.NOT_PUBLISHED');
    expect(await codeOf(admin('education/withdraw', { id: a.id, version: a.version }))).toBe('EDUCATION.NOT_PUBLISHED');
    expect(await codeOf(admin('education/reach', { from: '2026-11', to: '2026-12' }))).toBe('EDUCATION.PERIOD_UNSUPPORTED');
    expect(await codeOf(admin('education/saveCampaign', { name: '3·15', theme: '权益日', startDate: '2026-03-31', endDate: '2026-03-01', channelNotes: '' }))).toBe('EDUCATION.BAD_DATES');
    // A draft is not for members; an unknown id reads the same.
    expect((await member(h, 'openid-alice', 'article', { id: a.id })).error?.code).toBe('EDUCATION.NOT_FOUND');
    expect((await member(h, 'openid-alice', 'article', { id: 'nope' })).error?.code).toBe('REQUEST.INVALID');
    expect(changes(h)).toBe(before);
    expect(count(h, "SELECT COUNT(*) n FROM audit_log WHERE action LIKE 'education.%'")).toBe(1);
    // Refused roles (the denial itself may be audited, as any denied access is).
    expect(await codeOf(agent('education/overview'))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(compliance('education/publish', { id: a.id, version: a.version }))).toBe('AUTH.FORBIDDEN');
    expect((await h.system.admin.education!.education.getArticle(a.id))!.status).toBe('draft');
  });

  it('announces in chunks on the timer, resumes after a lost step without telling anyone twice, and pushes only with a credit', async () => {
    const ids = Array.from({ length: 230 }, (_, i) => `openid-m${String(i).padStart(3, '0')}`);
    for (const id of ids) await seedMember(h.system, id, [300_000]);
    await ok(member(h, 'openid-visitor', 'me'));
    const admin = await h.as('manager01');
    const a = await publish(h);
    const started = await admin('education/announce', { id: a.id, version: a.version });
    expect(started.announceText).toBe('推送中（已通知 0 人）');
    expect(await codeOf(admin('education/announce', { id: a.id, version: started.version }))).toBe('EDUCATION.ALREADY_ANNOUNCED');

    // One tick with a small budget tells one page, not everyone.
    await scan(h, 40);
    const afterOne = count(h, 'SELECT COUNT(*) n FROM education_notices');
    expect(afterOne).toBe(40);
    // A step that read the article before the last write (a crashed or concurrent timer) loses, and tells nobody.
    const stale = { ...(await h.system.admin.education!.education.getArticle(a.id))!, version: started.version };
    expect(await advanceAnnouncement(h.system.admin.education!, stale, h.clock.now(), 100)).toBe(0);
    for (let i = 0; i < 10 && count(h, "SELECT COUNT(*) n FROM education_articles WHERE announcing = 1") > 0; i++) await scan(h, 100);
    expect(count(h, 'SELECT COUNT(*) n FROM education_notices')).toBe(230);
    expect(count(h, "SELECT COUNT(*) n FROM outbox WHERE topic = 'education.articlePublished'")).toBe(230);
    expect(count(h, "SELECT COUNT(DISTINCT member_id) n FROM outbox WHERE topic = 'education.articlePublished'")).toBe(230);
    expect(count(h, "SELECT COUNT(*) n FROM outbox WHERE member_id = 'openid-visitor'")).toBe(0);

    // Two members hold a credit for the article template; one holds only a benefits credit.
    const tpl = h.system.notify.templateIds['education.article'];
    await h.system.subscriptions.subscriptions.grant(ids[3], tpl, h.clock.now());
    await h.system.subscriptions.subscriptions.grant(ids[200], tpl, h.clock.now());
    await h.system.subscriptions.subscriptions.grant(ids[5], h.system.notify.templateIds['benefits.change'], h.clock.now());
    for (let i = 0; i < 5; i++) await dispatchOutbox(h.system.notify);
    const pushes = h.system.db.prepare('SELECT touser FROM sandbox_messages ORDER BY touser').all() as { touser: string }[];
    expect(pushes.map((p) => p.touser)).toEqual([ids[3], ids[200]]);
    expect(count(h, 'SELECT COUNT(*) n FROM member_messages WHERE subject_id = ?', a.id)).toBe(230);

    const told = await (await h.as('comp01'))('education/notices', { articleId: a.id, limit: 10 });
    expect(told.counts).toEqual({ told: 230, pushed: 2, noCredit: 228, failed: 0, pending: 0 });
    expect(told.items[3]).toMatchObject({ memberId: ids[3], nameMasked: '张*敏', pushText: '消息中心 + 订阅消息' });
    expect(told.items[0].pushText).toBe('仅消息中心（未订阅该通知）');
    expect(told.nextAfter).toBe(ids[9]);
    expect(told.article.announceText).toBe('已推送（通知 230 人）');
  });

  it('keeps a campaign archive with its articles, opens and reach per month', async () => {
    const admin = await h.as('benefits01');
    const c = await admin('education/saveCampaign', { name: '金融知识万里行', theme: '理性投保、依法维权', startDate: '2026-10-15', endDate: '2026-11-30', channelNotes: '小程序首页、网点海报' });
    const a = await publish(h, { campaignId: c.id });
    await seedMember(h.system, 'openid-alice', [300_000]);
    await seedMember(h.system, 'openid-bob', [300_000]);
    await ok(member(h, 'openid-alice', 'article', { id: a.id }));
    await ok(member(h, 'openid-bob', 'me'));
    const archive = await (await h.as('ho01'))('education/archive', { id: c.id });
    expect(archive.campaign).toMatchObject({ name: '金融知识万里行', periodText: '2026-10-15 至 2026-11-30' });
    expect(archive.articles).toEqual([expect.objectContaining({ id: a.id, opens: 1, statusLabel: '已发布' })]);
    expect(archive.reach).toEqual([
      { period: '2026-10', opened: 0, active: 0, rate: null, goalRate: 0.9 },
      { period: '2026-11', opened: 1, active: 2, rate: 0.5, goalRate: 0.9 },
    ]);
    expect(await codeOf(admin('education/saveDraft', draft({ campaignId: 'cmp-missing-0001' })))).toBe('EDUCATION.CAMPAIGN_NOT_FOUND');
  });
});
