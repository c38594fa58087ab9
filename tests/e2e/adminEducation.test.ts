import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { readArticle } from '../../core/education/memberUseCases';
import { dispatchOutbox } from '../../core/notifications/dispatcher';
import { DEMO_MEMBERS, seedDemoEducation } from '../../server/local/demoData';
import { demoBannerPng } from '../../server/local/demoEducationImage';
import { openAdminInChromium, PHONE, seedDemo, type AdminInChromium } from './browserHarness';

/**
 * 权益宣传 in real headless Chromium through the real gateway: the article list with opens, a new article with
 * an uploaded image and its preview, the announcement and who got which, the 宣传档案 with reach per month.
 * Screenshots at 1366 and 390 px go to artifacts/screenshots/education-*.png.
 */
describe('education screens in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  const DESK = { width: 1366, height: 900 };
  const shots = async (name: string) => {
    await page.setViewportSize(DESK);
    await ui.shot(`${name}-1366`);
    await page.setViewportSize(PHONE);
    await ui.shot(`${name}-390`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESK);
  };

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'education-',
      seed: async (h) => {
        await seedDemo(h);
        await seedDemoEducation(h.system.admin.education!);
        // 张晓敏 (bound) opened the first article; she holds a credit for the article template.
        await readArticle(h.system.admin.education!, DEMO_MEMBERS[0].openid, { id: 'art-demo-eight-rights' });
        await h.system.subscriptions.subscriptions.grant(DEMO_MEMBERS[0].openid, h.system.notify.templateIds['education.article'], new Date());
      },
    });
    ({ page } = ui);
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('lists the articles with opens, writes a new one with an uploaded image and previews it', async () => {
    await ui.signIn('manager01', { landing: '.side' });
    await page.click('.side >> text=权益宣传');
    await page.waitForSelector('.edu-panel .edu-cell-title');
    expect(await page.textContent('.edu-panel')).toContain('保险消费者的八项基本权利');
    await shots('articles');

    await page.click('.edu-new');
    await page.fill('.edu-title input', '理赔时效：30日内作出核定');
    await page.fill('.edu-summary input', '材料齐全后，保险公司应在30日内作出核定');
    await page.fill('.edu-text textarea', '根据保险法第二十三条，保险人收到赔偿请求后应当及时作出核定；情形复杂的，应当在三十日内作出核定。');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'edu-img-')), 'banner.png');
    fs.writeFileSync(file, demoBannerPng('blue'));
    await page.setInputFiles('.edu-editor .edu-pick:has-text("添加图片") input[type=file]', file);
    await page.waitForSelector('.edu-preview figure img');
    await shots('editor');
    await page.click('.edu-save-draft');
    await page.waitForSelector('.edu-cell-title:has-text("理赔时效")');
    expect(ui.auditActions().filter((a) => a.startsWith('education.article'))).toEqual(['education.article.create']);
  }, 90_000);

  it('announces an article and shows who got which', async () => {
    await page.click('tr:has-text("犹豫期内退保") .edu-announce');
    // It cannot be taken back, so the page asks once more.
    await page.click('.edu-announce-confirm');
    await page.waitForSelector('tr:has-text("犹豫期内退保") >> text=推送中');
    await ui.h.system.deadlineWatches.find((w) => w.area === 'education')!.scan(new Date(), 400);
    await dispatchOutbox(ui.h.system.notify);
    await page.click('.side >> text=会员权益');
    await page.click('.side >> text=权益宣传');
    await page.click('tr:has-text("犹豫期内退保") .edu-told');
    await page.waitForSelector('.edu-notices >> text=张*敏');
    expect(await page.textContent('.edu-counts')).toContain('订阅消息 1 人');
    await shots('notices');
  }, 90_000);

  it('keeps the 宣传档案: a campaign with its articles, opens and reach per month', async () => {
    await page.click('.edu-panel >> text=宣传档案');
    await page.click('tr:has-text("金融知识万里行") >> text=查看档案');
    await page.waitForSelector('.edu-archive');
    expect(await page.textContent('.edu-archive')).toContain('保险消费者的八项基本权利');
    await shots('archive');
  }, 90_000);
});
