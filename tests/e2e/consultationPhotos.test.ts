import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { askQuestion } from '../../core/consultations/memberUseCases';
import { openAdminInChromium, seedDemo, type AdminInChromium } from './browserHarness';

/** A real PNG (a blue-to-green gradient), so the thumbnail is visibly an image. */
const png = (w: number, h: number): Buffer => {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      rows[o] = 40;
      rows[o + 1] = 100 + Math.round((120 * x) / w);
      rows[o + 2] = 220 - Math.round((120 * y) / h);
    }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
};

/**
 * Staff open a consultation's photo in the admin page (issue 11 item 2): thumbnails on the thread's
 * entry, full size on a click, each link asked of consultations/fileUrl and audited. Screenshots at 1366
 * and 390 px: artifacts/screenshots/consultation-photos-*.png.
 */
describe('consultation photos in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  // An expression string: the test's TypeScript has no DOM library.
  const noSidewaysScroll = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1');

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'consultation-photos-',
      seed: async (h) => {
        await seedDemo(h);
        const owner = 'openid-photo';
        await askQuestion(h.system.consultations, owner, {
          idempotencyKey: 'photos-e2e-ask-000001',
          topic: 'coverage',
          question: '体检报告上的结节需要理赔吗？附上报告照片。',
          attachments: [h.system.files.save(owner, png(320, 240), '体检报告.png'), h.system.files.save(owner, png(240, 320), '化验单.png')],
        });
      },
    });
    ({ page } = ui);
  }, 90_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('shows the photos as thumbnails that open full size, each link audited', async () => {
    await ui.signIn('agent01');
    await page.click('text=咨询工作台');
    await page.click('.cs-row >> text=体检报告上的结节');
    await page.waitForSelector('.cs-detail .attachment-image');
    // A function, not a string: the admin page's CSP (no 'unsafe-eval') refuses the string form once it has to poll.
    await page.waitForFunction(() => {
      const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('.cs-detail .attachment-image img'));
      return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    expect(await page.textContent('.cs-detail')).not.toContain('附图 2 张');
    const views = () => ui.auditActions().filter((a) => a === 'consultation.viewAttachment').length;
    expect(views()).toBe(2);
    await page.locator('.cs-detail .attachment-list').scrollIntoViewIfNeeded();
    await ui.shots('thread');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 900 });

    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('.cs-detail .attachment-image >> nth=0')]);
    await popup.waitForURL(/\/files\/uploads\//);
    const last = ui.h.system.db.prepare("SELECT detail FROM audit_log WHERE action = 'consultation.viewAttachment' ORDER BY rowid DESC LIMIT 1").get() as { detail: string };
    expect(JSON.parse(last.detail)).toMatchObject({ purpose: 'open', source: expect.any(String) });
    await popup.close();
  }, 60_000);

  it('puts a consultation handed to the advisor on their default tab 待我答复, photos included', async () => {
    const agent = await ui.h.as('agent01');
    const row = (await agent('consultations/queue', {})).items.find((i: { question: string }) => i.question.includes('体检报告上的结节'));
    const c = await agent('consultations/detail', { id: row.id });
    await agent('consultations/handToAdvisor', { id: c.id, version: c.version, advisorId: 'staff-advisor-01', context: '会员想了解结节是否影响重疾险理赔' });
    await ui.signIn('advisor01', { landing: '.cs-queue' });
    await page.waitForSelector('.cs-row');
    expect(await page.textContent('.cs-queue')).toContain('体检报告上的结节');
    await page.click('.cs-row >> text=体检报告上的结节');
    // A function, not a string: the admin page's CSP (no 'unsafe-eval') refuses the string form once it has to poll.
    await page.waitForFunction(() => {
      const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('.cs-detail .attachment-image img'));
      return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    await ui.shots('advisor');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 60_000);
});
