import { config } from '../../miniprogram/config';
import { seedDemoEducation } from '../../server/local/demoData';
import { seedMember } from '../support/benefitFixtures';
import { all, loadPage, standIn, startBackend, text, until } from './pageHarness';

/** 权益宣传 against the real gateway: the list, an article (read recorded), the home's section. */
describe('权益宣传 pages', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeEach(async () => {
    // Wednesday 2026-11-25, 10:00 in Shanghai.
    backend = await startBackend('2026-11-25T02:00:00Z');
    config.devOpenid = 'demo-member-alice';
    await seedMember(backend.system, 'demo-member-alice', [300_000], '张*敏');
    await seedDemoEducation(backend.system.admin.education!);
  });
  afterEach(async () => {
    config.devOpenid = 'demo-member-alice';
    await backend.stop();
  });

  it('lists the published articles newest first with their dates and cover links', async () => {
    const page = loadPage('articles');
    page.instance.onLoad();
    await until(() => page.data.items.length > 0);
    expect(all(page, '.article .title').map((e) => e.textContent)).toEqual(['犹豫期内退保，保费全额退还', '保险消费者的八项基本权利']);
    expect(all(page, '.article .date').map((e) => e.textContent)).toEqual(['11月24日 10:00', '11月23日 10:00']);
    expect(page.data.items[0].cover).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/uploads\/.+\.png\?u=/);
  });

  it('asks for the article template only, inside the tap, for 有新文章时提醒我', async () => {
    const page = loadPage('articles');
    page.instance.onLoad();
    await until(() => page.data.items.length > 0);
    standIn.subscribeAnswer = { 'dev-tpl-education-article': 'accept' };
    page.instance.onSubscribe();
    expect(standIn.calls('requestSubscribeMessage').map((c) => c.args)).toEqual([['dev-tpl-education-article']]);
    await until(() => page.data.subscribed === true);
    expect(await backend.system.subscriptions.subscriptions.balance('demo-member-alice')).toEqual({ 'dev-tpl-education-article': 1 });
  });

  it('opens an article with paragraphs and its image, and records the read once', async () => {
    const page = loadPage('article');
    page.instance.onLoad({ id: 'art-demo-eight-rights' });
    await until(() => Boolean(page.data.article));
    expect(text(page, '.article .title')).toBe('保险消费者的八项基本权利');
    expect(all(page, '.para')).toHaveLength(4);
    expect(all(page, '.figure .caption').map((e) => e.textContent)).toEqual(['图示仅为说明']);
    const reads = () => backend.system.db.prepare("SELECT member_id, bound FROM education_reads WHERE article_id = 'art-demo-eight-rights'").all();
    expect(reads()).toEqual([{ member_id: 'demo-member-alice', bound: 1 }]);
    const again = loadPage('article');
    again.instance.onLoad({ id: 'art-demo-eight-rights' });
    await until(() => Boolean(again.data.article));
    expect(reads()).toHaveLength(1);
  });

  it('lets a member who has not bound a policy read too, without counting them', async () => {
    config.devOpenid = 'demo-member-visitor';
    const page = loadPage('article');
    page.instance.onLoad({ id: 'art-demo-cooling-off' });
    await until(() => Boolean(page.data.article));
    expect(backend.system.db.prepare("SELECT bound FROM education_reads WHERE member_id = 'demo-member-visitor'").all()).toEqual([{ bound: 0 }]);
    expect((backend.system.db.prepare('SELECT COUNT(*) n FROM education_marks').get() as { n: number }).n).toBe(0);
  });

  it('says a withdrawn or unknown article is gone and offers the list instead of a retry', async () => {
    const page = loadPage('article');
    page.instance.onLoad({ id: 'art-missing-0001' });
    await until(() => page.data.failure !== '');
    expect(text(page, '.failure')).toContain('文章不存在或已撤回');
    expect(all(page, '.all')).toHaveLength(1);
  });

  it('shows the latest articles on the home with 更多', async () => {
    const page = loadPage('home');
    page.instance.onShow();
    await until(() => page.data.articles.length > 0);
    expect(all(page, '.edu-item .edu-title').map((e) => e.textContent)).toEqual(['犹豫期内退保，保费全额退还', '保险消费者的八项基本权利']);
    expect(text(page, '.more-articles')).toBe('更多 ›');
  });
});
