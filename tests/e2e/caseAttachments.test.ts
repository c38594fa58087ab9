import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { openAdminInChromium, type AdminInChromium } from './browserHarness';

/** A real PNG (a warm gradient with a dark band), so the thumbnail is visibly an image. */
const gradientPng = (w: number, h: number): Buffer => {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    rows[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      const band = y > h * 0.6 && y < h * 0.75;
      rows[o] = band ? 40 : 200 + Math.round((55 * x) / w);
      rows[o + 1] = band ? 40 : 120 + Math.round((100 * y) / h);
      rows[o + 2] = band ? 60 : 60;
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/**
 * Staff see a case's attachments in the admin page (issue 9 item 4): thumbnails for images, a tile
 * for PDFs; every link is asked for (short-lived, audited). Screenshots at 1366 and 390:
 * artifacts/screenshots/attachments-*.png.
 */
describe('case attachments in Chromium', () => {
  let ui: AdminInChromium;
  let page: Page;
  let number = '';

  beforeAll(async () => {
    ui = await openAdminInChromium({
      shotPrefix: 'attachments-',
      seed: async (h) => {
        const owner = 'openid-attach';
        const files = [
          h.system.files.save(owner, gradientPng(320, 240), '事故现场.png'),
          h.system.files.save(owner, gradientPng(240, 320), '保单页.png'),
          h.system.files.save(owner, PDF, '医院发票.pdf'),
        ];
        const { complaint } = await submitComplaint(h.system.complaints, owner, {
          idempotencyKey: 'attachments-e2e-000001',
          category: 'claims',
          description: '理赔被拒，附上事故现场照片、保单页和医院发票，请核实。',
          attachments: files,
        });
        number = complaint.number;
      },
    });
    ({ page } = ui);
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('shows thumbnails and a PDF tile on the case, each link audited; opening full size is audited too', async () => {
    await ui.signIn('agent01');
    await page.click(`text=${number}`);
    await page.waitForSelector('.detail-attachments');
    // Both thumbnails loaded through their links (the page's own check, run in the browser).
    // A function, not a string: the admin page's CSP (no 'unsafe-eval') refuses the string form once it has to poll.
    await page.waitForFunction(() => {
      const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('.attachment-image img'));
      return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    expect(await page.$$eval('.attachment-pdf', (els) => els.length)).toBe(1);
    const srcs = await page.$$eval('.attachment-image img', (els) => els.map((e) => e.getAttribute('src') ?? ''));
    for (const src of srcs) {
      expect(src).toMatch(/^\/files\/uploads\/[0-9a-f-]{36}\.png\?u=[\w-]+&exp=\d+&sig=[\w-]+$/);
      expect(src).not.toMatch(/token/i);
    }
    expect(ui.auditActions().filter((a) => a === 'complaint.viewAttachment')).toHaveLength(2);
    await page.locator('.detail-attachments').scrollIntoViewIfNeeded();
    await ui.shots('01-case');

    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('.attachment-image >> nth=0')]);
    await popup.waitForLoadState();
    await popup.waitForURL(/\/files\/uploads\//);
    const detail = ui.h.system.db
      .prepare("SELECT detail FROM audit_log WHERE action = 'complaint.viewAttachment' ORDER BY rowid DESC LIMIT 1")
      .get() as { detail: string };
    expect(JSON.parse(detail.detail)).toMatchObject({ purpose: 'open' });
    await popup.close();
  }, 60_000);
});
