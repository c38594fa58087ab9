import type { AuditDraft } from '../../core/audit/chain';
import type { Article } from '../../core/education/model';
import type { EducationStore } from '../../core/education/ports';
import { outboxFromEvents } from '../../core/notifications/outbox';
import { codeOf, retryWhileBusy } from './contractSupport';

export interface EducationFixture {
  store: EducationStore;
  /** A member record as the members area writes it (bound or visitor, with its name mask). */
  addMember(id: string, kind: 'bound' | 'visitor'): Promise<void>;
  /** Sets an outbox entry's status, as the dispatcher would. */
  settleOutbox(id: string, status: 'sent' | 'skipped' | 'failed'): Promise<void>;
  close(): void | Promise<void>;
}

const audit: AuditDraft = { actorId: 'st-1', actorRole: 'manager', action: 'education.test', subjectType: 'article', subjectId: 'x' };

const article = (id: string, over: Partial<Article> = {}): Article => ({
  id,
  title: `文章${id}`,
  summary: '摘要',
  blocks: [{ kind: 'text', text: '正文' }],
  status: 'draft',
  createdBy: 'st-1',
  createdAt: '2026-11-01T01:00:00.000Z',
  updatedAt: '2026-11-01T01:00:00.000Z',
  version: 1,
  ...over,
});

/** The EducationStore contract, run on SQLite and on the CloudBase adapter over the strict fake. */
export const educationStoreContract = (open: () => Promise<EducationFixture>) => {
  let f: EducationFixture;
  beforeEach(async () => {
    f = await open();
  });
  afterEach(async () => {
    await f.close();
  });

  it('saves articles version-checked, refuses a second create, lists published ones newest first with a cursor', async () => {
    await f.store.putArticle(article('art-1'), null, audit);
    expect(codeOf(await f.store.putArticle(article('art-1'), null, audit).catch((e) => e))).toBe('EDUCATION.DUPLICATE');
    expect(codeOf(await f.store.putArticle(article('art-1', { version: 3 }), 2, audit).catch((e) => e))).toBe('EDUCATION.VERSION_CONFLICT');
    for (const [i, id] of ['art-1', 'art-2', 'art-3'].entries()) {
      const cur = (await f.store.getArticle(id)) ?? (await f.store.putArticle(article(id), null, audit), (await f.store.getArticle(id))!);
      await f.store.putArticle({ ...cur, status: 'published', publishedAt: `2026-11-0${i + 2}T01:00:00.000Z`, version: cur.version + 1 }, cur.version, audit);
    }
    const first = await f.store.publishedArticles(2);
    expect(first.items.map((a) => a.id)).toEqual(['art-3', 'art-2']);
    const second = await f.store.publishedArticles(2, first.nextCursor);
    expect(second.items.map((a) => a.id)).toEqual(['art-1']);
    expect(second.nextCursor).toBeUndefined();
    expect((await f.store.allArticles(10)).length).toBe(3);
  });

  it('keeps one first open per member and article, and counts distinct openers', async () => {
    expect(await f.store.recordRead({ articleId: 'art-1', memberId: 'm-1', firstOpenedAt: '2026-11-02T01:00:00.000Z', bound: true })).toBe(true);
    expect(await f.store.recordRead({ articleId: 'art-1', memberId: 'm-1', firstOpenedAt: '2026-11-03T01:00:00.000Z', bound: true })).toBe(false);
    expect(await f.store.recordRead({ articleId: 'art-1', memberId: 'm-2', firstOpenedAt: '2026-11-03T01:00:00.000Z', bound: false })).toBe(true);
    expect(await f.store.openCount('art-1')).toBe(2);
    expect(await f.store.openCount('art-2')).toBe(0);
  });

  it('marks each bucket once, reached at most once, and counts both figures per bucket', async () => {
    const periods = ['2026-11', '2026-Q4', '2026'];
    expect(await f.store.mark('m-1', periods, '2026-11-02T01:00:00.000Z', false)).toBe(true);
    expect(await f.store.mark('m-1', periods, '2026-11-03T01:00:00.000Z', false)).toBe(false);
    expect(await f.store.hasMark('m-1', '2026-11', false)).toBe(true);
    expect(await f.store.hasMark('m-1', '2026-11', true)).toBe(false);
    expect(await f.store.mark('m-1', periods, '2026-11-04T01:00:00.000Z', true)).toBe(true);
    expect(await f.store.mark('m-1', periods, '2026-11-05T01:00:00.000Z', true)).toBe(false);
    expect(await f.store.mark('m-2', periods, '2026-11-04T01:00:00.000Z', true)).toBe(true);
    expect(await f.store.mark('m-3', ['2026-12', '2026-Q4', '2026'], '2026-12-04T01:00:00.000Z', false)).toBe(true);
    expect(await f.store.reachCounts('2026-11')).toEqual({ active: 2, opened: 2 });
    expect(await f.store.reachCounts('2026-Q4')).toEqual({ active: 3, opened: 2 });
    expect(await f.store.reachCounts('2026-12')).toEqual({ active: 1, opened: 0 });
    expect(await f.store.reachCounts('2027-01')).toEqual({ active: 0, opened: 0 });
  });

  it('counts each member once however many first loads and opens arrive at once', async () => {
    const periods = ['2026-11', '2026-Q4', '2026'];
    const members = Array.from({ length: 12 }, (_, i) => `m-${i}`);
    await retryWhileBusy(36, (i) => f.store.mark(members[i % 12], periods, '2026-11-02T01:00:00.000Z', i % 3 === 0 && i % 12 < 6));
    await retryWhileBusy(24, (i) => f.store.recordRead({ articleId: 'art-1', memberId: members[i % 6], firstOpenedAt: '2026-11-02T01:00:00.000Z', bound: true }));
    expect(await f.store.reachCounts('2026-Q4')).toEqual({ active: 12, opened: 2 });
    expect(await f.store.openCount('art-1')).toBe(6);
  });

  it('pages bound members only, records an announcement page with its notices, and reads who got which', async () => {
    await f.addMember('m-1', 'bound');
    await f.addMember('m-2', 'visitor');
    await f.addMember('m-3', 'bound');
    expect((await f.store.roster('', 10)).map((m) => m.memberId)).toEqual(['m-1', 'm-3']);
    expect((await f.store.roster('m-1', 10)).map((m) => m.memberId)).toEqual(['m-3']);
    await f.store.putArticle(article('art-9', { status: 'published', publishedAt: '2026-11-02T01:00:00.000Z', announce: { state: 'running', after: '', told: 0, startedAt: 'x', startedBy: 'st-1' } }), null, audit);
    expect((await f.store.announcingArticles(5)).map((a) => a.id)).toEqual(['art-9']);
    const a = (await f.store.getArticle('art-9'))!;
    let n = 0;
    const outbox = outboxFromEvents(
      ['m-1', 'm-3'].map((m) => ({ area: 'education', type: 'articlePublished', audience: 'member' as const, subject: { id: 'art-9', number: 'x' }, memberId: m, at: 'x', summary: 's' })),
      () => `ob-${++n}`,
      new Date('2026-11-02T02:00:00.000Z'),
    );
    const done: Article = { ...a, announce: { ...a.announce!, state: 'done', told: 2, after: 'm-3' }, version: 2 };
    await f.store.recordAnnouncement(done, 1, [{ articleId: 'art-9', memberId: 'm-1', at: 'x', outboxId: 'ob-1' }, { articleId: 'art-9', memberId: 'm-3', at: 'x', outboxId: 'ob-2' }], outbox);
    expect(codeOf(await f.store.recordAnnouncement(done, 1, [], []).catch((e) => e))).toBe('EDUCATION.VERSION_CONFLICT');
    expect(await f.store.announcingArticles(5)).toEqual([]);
    await f.settleOutbox('ob-1', 'sent');
    await f.settleOutbox('ob-2', 'skipped');
    const notices = await f.store.noticesOf('art-9', { limit: 10 });
    expect(notices.map((x) => [x.memberId, x.delivery, x.nameMasked])).toEqual([
      ['m-1', 'sent', '张*'],
      ['m-3', 'skipped', '张*'],
    ]);
    expect(await f.store.noticeCounts('art-9')).toEqual({ told: 2, pushed: 1, noCredit: 1, failed: 0, pending: 0 });
  });

  it('keeps campaigns version-checked and finds a campaign\'s articles', async () => {
    const c = { id: 'cmp-1', name: '3·15', theme: '消费者权益', startDate: '2026-03-01', endDate: '2026-03-31', channelNotes: '', createdAt: 'x', updatedAt: '2026-03-01T00:00:00.000Z', version: 1 };
    await f.store.putCampaign(c, null, audit);
    expect(codeOf(await f.store.putCampaign({ ...c, version: 2 }, 5, audit).catch((e) => e))).toBe('EDUCATION.VERSION_CONFLICT');
    await f.store.putCampaign({ ...c, name: '3·15 权益日', version: 2 }, 1, audit);
    expect((await f.store.listCampaigns(10)).map((x) => x.name)).toEqual(['3·15 权益日']);
    await f.store.putArticle(article('art-c', { campaignId: 'cmp-1' }), null, audit);
    await f.store.putArticle(article('art-d'), null, audit);
    expect((await f.store.articlesOfCampaign('cmp-1')).map((a) => a.id)).toEqual(['art-c']);
  });
};
