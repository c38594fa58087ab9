import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { MEMBER_QUOTAS } from '../../core/members/quotas';
import { sniffFile } from '../../core/shared/files';
import { createGateway } from '../../server/local/gateway/gateway';
import { silentLogger } from '../../server/runtime/log';
import { adminHarness } from '../support/adminHarness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const HTML_AS_JPG = Buffer.from('<html><script>alert(document.cookie)</script></html>');

describe('member files over HTTP: sniffed, owned, served through short-lived signed links', () => {
  let h: Awaited<ReturnType<typeof adminHarness>>;
  let server: http.Server;
  let base: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    h = await adminHarness('2026-11-02T06:00:00Z');
    server = createGateway({ system: h.system, devSecret: 'test-secret', log: silentLogger });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const openid of ['openid-alice', 'openid-bob', 'openid-carol']) {
      const login: Json = await (await fetch(`${base}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })).json();
      tokens[openid] = login.data.token;
    }
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    h.close();
  });

  const upload = (who: string, body: Buffer, name?: string) =>
    fetch(`${base}/api/upload`, {
      method: 'POST',
      body: body as unknown as string,
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${tokens[who]}`, ...(name ? { 'x-file-name': encodeURIComponent(name) } : {}) },
    });
  const api = async (who: string, action: string, data: unknown) => {
    const res = await fetch(`${base}/api/complaints`, { method: 'POST', body: JSON.stringify({ action, data }), headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` } });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const submit = (who: string, key: string, attachments: string[]) =>
    api(who, 'submit', { idempotencyKey: key, category: 'service', description: '客服多次承诺回电但没有任何人联系我', attachments });
  const uploaded = async (who: string, body: Buffer, name?: string): Promise<string> => {
    const res = await upload(who, body, name);
    const json: Json = await res.json();
    expect(json.ok).toBe(true);
    return json.data.fileID;
  };

  it('sniffs the first bytes: JPEG, PNG, WebP and PDF only', () => {
    expect(sniffFile(PNG)).toBe('png');
    expect(sniffFile(PDF)).toBe('pdf');
    expect(sniffFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpg');
    expect(sniffFile(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffFile(HTML_AS_JPG)).toBeUndefined();
    expect(sniffFile(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffFile(Buffer.from('GIF89a'))).toBeUndefined();
  });

  it('refuses HTML inside a .jpg with a code, and stores nothing', async () => {
    const before = fs.existsSync(path.join(h.dataDir, 'uploads')) ? fs.readdirSync(path.join(h.dataDir, 'uploads')).length : 0;
    const res = await upload('openid-alice', HTML_AS_JPG, 'photo.jpg');
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error).toMatchObject({ code: 'UPLOAD.TYPE_NOT_ALLOWED', message: '只能上传 JPG、PNG、WebP 图片或 PDF 文件' });
    const after = fs.existsSync(path.join(h.dataDir, 'uploads')) ? fs.readdirSync(path.join(h.dataDir, 'uploads')).length : 0;
    expect(after).toBe(before);
  });

  it("refuses a submit with another member's file; the owner may attach it", async () => {
    const file = await uploaded('openid-alice', PNG);
    const stolen = await submit('openid-bob', 'files-key-bob-000001', [file]);
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.code).toBe('ATTACHMENT.NOT_YOURS');
    expect((await submit('openid-alice', 'files-key-alice-00001', [file])).status).toBe(200);
  });

  it('serves a file only through a link asked for by its member, with nosniff and a safe Content-Disposition', async () => {
    const file = await uploaded('openid-alice', PNG, '../../evil"name\r\n.html');
    const { body } = await submit('openid-alice', 'files-key-alice-00002', [file]);
    const id = body.data.complaint.id;
    expect(body.data.complaint.attachments).toEqual([file]);

    const link = await api('openid-alice', 'fileUrl', { id, fileId: file });
    expect(link.status).toBe(200);
    const { url, expiresAt } = link.body.data;
    expect(Date.parse(expiresAt) - h.clock.now().getTime()).toBeLessThanOrEqual(5 * 60_000);
    expect(url).not.toMatch(/token|Bearer/i);
    expect(url).not.toContain(tokens['openid-alice']);
    expect(url).not.toContain('openid-alice');

    const got = await fetch(`${base}${url}`);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-type')).toBe('image/png');
    const disposition = got.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^inline; filename="[\w.-]+\.png"; filename\*=UTF-8''/);
    expect(disposition).not.toMatch(/\.\.\/|\r|\n|\.html"/);

    // Bob cannot have a link to it: the case answers as if it did not exist.
    const bobs = await api('openid-bob', 'fileUrl', { id, fileId: file });
    expect(bobs.status).toBe(404);
    // A file id the case does not hold gets no link either.
    const other = await uploaded('openid-alice', PNG);
    expect((await api('openid-alice', 'fileUrl', { id, fileId: other })).body.error.code).toBe('ATTACHMENT.NOT_FOUND');
  });

  it('refuses a bare, token-carrying, forged, tampered or expired link', async () => {
    const file = await uploaded('openid-alice', PNG);
    const { body } = await submit('openid-alice', 'files-key-alice-00003', [file]);
    const { url } = (await api('openid-alice', 'fileUrl', { id: body.data.complaint.id, fileId: file })).body.data;
    const u = new URL(url, base);
    const name = u.pathname;

    expect((await fetch(`${base}${name}`)).status).toBe(403);
    expect((await fetch(`${base}${name}?token=${tokens['openid-alice']}`)).status).toBe(403);
    const forged = new URL(u);
    forged.searchParams.set('sig', 'A'.repeat(43));
    expect((await fetch(forged)).status).toBe(403);
    const later = new URL(u);
    later.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 60_000));
    expect((await fetch(later)).status).toBe(403);
    const otherFile = new URL(u);
    otherFile.pathname = name.replace(/[0-9a-f]{8}-/, '00000000-');
    expect((await fetch(otherFile)).status).toBe(403);

    const ok = await fetch(u);
    expect(ok.status).toBe(200);
    h.clock.advance(5 * 60_000 + 1000);
    const expired = await fetch(u);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as Json).error.code).toBe('FILE.LINK_EXPIRED');
    expect(expired.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('accepts a PDF, served as application/pdf for download', async () => {
    const file = await uploaded('openid-alice', PDF, '体检报告.pdf');
    expect(file).toMatch(/\.pdf$/);
    const { body } = await submit('openid-alice', 'files-key-alice-00004', [file]);
    const { url } = (await api('openid-alice', 'fileUrl', { id: body.data.complaint.id, fileId: file })).body.data;
    const got = await fetch(`${base}${url}`);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.pdf"; filename\*=UTF-8''%E4%BD%93%E6%A3%80%E6%8A%A5%E5%91%8A\.pdf$/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('checks type and size again when a file is attached, and deletes what fails (the cloud path uploads straight to storage)', async () => {
    const file = await uploaded('openid-alice', PNG);
    const { body } = await submit('openid-alice', 'files-key-alice-00005', []);
    // As if the phone had put HTML in its own storage folder, bypassing the gateway's upload check.
    const name = file.split('/').pop()!;
    fs.writeFileSync(path.join(h.dataDir, 'uploads', name), HTML_AS_JPG);
    const refused = await api('openid-alice', 'addInformation', { id: body.data.complaint.id, text: '补充截图', attachments: [file] });
    expect(refused.body.error.code).toBe('UPLOAD.TYPE_NOT_ALLOWED');
    expect(fs.existsSync(path.join(h.dataDir, 'uploads', name))).toBe(false);
    const good = await uploaded('openid-alice', PNG);
    const added = await api('openid-alice', 'addInformation', { id: body.data.complaint.id, text: '补充截图', attachments: [good] });
    expect(added.status).toBe(200);
    expect(added.body.data.attachments).toEqual([good]);
    // Bob cannot add his own file to Alice's case, nor Alice's file to his.
    const bobFile = await uploaded('openid-bob', PNG);
    expect((await api('openid-bob', 'addInformation', { id: body.data.complaint.id, text: '看看', attachments: [bobFile] })).status).toBe(404);
  });

  it('staff get an audited short-lived link for a file on the case, and nothing for a file that is not', async () => {
    // Alice has spent this hour's submits (MEMBER_QUOTAS) in the tests above.
    const over = await submit('openid-alice', 'files-key-alice-00006', []);
    expect(over.status).toBe(429);
    h.clock.advance(3600_000);
    const file = await uploaded('openid-alice', PNG);
    const { body } = await submit('openid-alice', 'files-key-alice-00006', [file]);
    const id = body.data.complaint.id;
    const agent = await h.as('agent01');
    const link = await agent('complaints/attachmentUrl', { id, fileId: file });
    expect(link.url).toMatch(/^\/files\/uploads\/[0-9a-f-]{36}\.png\?u=[\w-]+&exp=\d+&sig=[\w-]+$/);
    const got = await fetch(`${base}${link.url}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    const audit = h.system.db.prepare("SELECT actor_id, subject_id, detail FROM audit_log WHERE action = 'complaint.viewAttachment'").all() as { actor_id: string; subject_id: string; detail: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: 'staff-agent-01', subject_id: id });
    expect(JSON.parse(audit[0].detail)).toMatchObject({ fileId: file, purpose: 'open' });
    const other = await uploaded('openid-alice', PNG);
    h.clock.advance(5 * 60_000 + 1);
    expect((await fetch(`${base}${link.url}`)).status).toBe(403);
    await expect(agent('complaints/attachmentUrl', { id, fileId: other })).rejects.toMatchObject({ code: 'ATTACHMENT.NOT_FOUND' });
  });

  it('answers 429 with a Chinese message and Retry-After once the day’s uploads are spent, storing nothing', async () => {
    for (let i = 0; i < MEMBER_QUOTAS.uploadsPerDay; i++) expect((await upload('openid-carol', PNG)).status).toBe(200);
    const res = await upload('openid-carol', PNG);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const json: Json = await res.json();
    expect(json.error.code).toBe('RATE.LIMITED');
    expect(json.error.message).toBe(`今日已上传${MEMBER_QUOTAS.uploadsPerDay}个文件，已达每日上限，请明天再试`);
  });
});
