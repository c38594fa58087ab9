import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMPLAINT_CATEGORIES } from '../../core/complaints/model';
import { COMPLAINT_LIMITS as CORE_LIMITS } from '../../core/complaints/schemas';
import { CATEGORY_OPTIONS, COMPLAINT_LIMITS, FILE_MAX_BYTES } from '../../miniprogram/services/complaintLimits';
import { FILE_RULES } from '../../core/shared/files';
import { config } from '../../miniprogram/config';
import { devTokens } from '../../server/local/gateway/devTokens';
import { DEMO_MEMBERS, seedDemoMembers } from '../../server/local/demoData';
import { all, loadPage, simulate, standIn, startBackend, text, until } from './pageHarness';
import { BACKEND_SECRET } from './pageHarness';

type Page = ReturnType<typeof loadPage>;

const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');

/** Sign in ahead, so the only request a test drops is the one it means to. */
const signedIn = () => devTokens(BACKEND_SECRET).issue(config.devOpenid);
const fill = (page: Page, categoryIndex: number, description: string) => {
  page.instance.onCategoryChange({ detail: { value: String(categoryIndex) } } as never);
  page.instance.onDescriptionInput({ detail: { value: description } } as never);
};
const tap = async (page: Page, selector: string) => {
  page.querySelector(selector)!.dispatchEvent('tap');
  await simulate.sleep(0);
};

describe('complaint form page', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeEach(async () => {
    backend = await startBackend();
  });
  afterEach(async () => backend.stop());

  it('uses the same limits and categories as the server', () => {
    expect(COMPLAINT_LIMITS).toEqual(CORE_LIMITS);
    expect(FILE_MAX_BYTES).toBe(FILE_RULES.maxBytes);
    expect(Object.fromEntries(CATEGORY_OPTIONS.map((c) => [c.key, c.label]))).toEqual(COMPLAINT_CATEGORIES);
  });

  it('renders the form in Chinese with the promise and the submit button', () => {
    const page = loadPage('complaint-form');
    expect(text(page, '.title')).toBe('我要投诉');
    expect(page.dom!.textContent).toContain('15日内答复');
    expect(text(page, '.submit')).toBe('提交投诉');
  });

  it('shows what is missing and sends nothing, not even the subscribe prompt', async () => {
    const page = loadPage('complaint-form');
    page.instance.onDescriptionInput({ detail: { value: '太差了' } } as never);
    await tap(page, '.submit');
    expect(text(page, '.error-category')).toBe('请选择投诉类型');
    expect(text(page, '.error-description')).toBe('投诉内容至少10个字');
    expect(standIn.log.filter((l) => l.api === 'request' || l.api === 'requestSubscribeMessage')).toEqual([]);
  });

  it('asks for subscriptions first, inside the tap, then submits and opens the new complaint', async () => {
    standIn.subscribeAnswer = { [config.subscribeTemplates.complaintProgress]: 'accept' };
    const page = loadPage('complaint-form');
    fill(page, 2, '客服多次承诺回电，但一周过去了没有任何人联系我');
    await tap(page, '.submit');
    // Inside the tap handler, before anything awaits: the prompt is the first platform call, ahead of any request.
    expect(standIn.log.map((l) => l.api).slice(0, 2)).toEqual(['requestSubscribeMessage', 'request']);
    await until(() => standIn.calls('redirectTo').length === 1);
    const url = standIn.calls('redirectTo')[0].args as string;
    expect(url).toMatch(/^\/packages\/complaints\/pages\/complaint-detail\/complaint-detail\?id=/);
    const stored = backend.system.db.prepare('SELECT member_id, category FROM complaints').all();
    expect(stored).toEqual([{ member_id: config.devOpenid, category: 'service' }]);
    await until(() => (backend.system.db.prepare('SELECT COUNT(*) n FROM subscription_credits').get() as { n: number }).n === 1);
    expect(standIn.storage.has('complaintDraft')).toBe(false);
  });

  it('tells the member when the subscription report fails, and still submits', async () => {
    const known = config.subscribeTemplates.complaintProgress;
    config.subscribeTemplates.complaintProgress = 'tpl-unknown-to-server'; // the server refuses the report (SUBSCRIBE.UNKNOWN_TEMPLATE)
    try {
      standIn.subscribeAnswer = { 'tpl-unknown-to-server': 'accept' };
      const page = loadPage('complaint-form');
      fill(page, 2, '客服多次承诺回电，但一周过去了没有任何人联系我');
      await tap(page, '.submit');
      await until(() => standIn.calls('redirectTo').length === 1);
      expect((backend.system.db.prepare('SELECT COUNT(*) n FROM complaints').get() as { n: number }).n).toBe(1);
      await until(() => page.data.subscribeFailure !== '');
      expect(page.data.subscribeFailure).toBe('进度通知订阅未能保存，可能收不到提醒');
      const toasts = standIn.calls('showToast').map((c) => (c.args as { title: string }).title);
      expect(toasts).toContain('进度通知订阅未能保存，可能收不到提醒');
      expect((backend.system.db.prepare('SELECT COUNT(*) n FROM subscription_credits').get() as { n: number }).n).toBe(0);
    } finally {
      config.subscribeTemplates.complaintProgress = known;
    }
  });

  it('keeps the draft through a lost reply and an app restart, and the retry makes no second complaint', async () => {
    standIn.storage.set('devToken', signedIn());
    const page2 = loadPage('complaint-form');
    fill(page2, 0, '理赔材料提交三周了没有任何进展，电话也打不通');
    // The server stores the complaint; its reply never reaches the phone. The subscription report sent beside it
    // is dropped too: with the store's group commit its reply may arrive first, so "the next one" is not the submit's.
    standIn.dropNextResponses = 2;
    await tap(page2, '.submit');
    await until(() => page2.data.state === 'failed');
    expect(text(page2, '.submit')).toBe('重新提交');
    expect(text(page2, '.failure')).toBe('网络不稳定，请检查网络后重试');
    const keyBefore = (standIn.storage.get('complaintDraft') as { idempotencyKey: string }).idempotencyKey;

    const restarted = loadPage('complaint-form'); // the app was killed and opened again
    restarted.instance.onLoad();
    expect(restarted.data.draft).toMatchObject({ categoryIndex: 0, idempotencyKey: keyBefore });
    expect((backend.system.db.prepare('SELECT COUNT(*) n FROM complaints').get() as { n: number }).n).toBe(1);
    await tap(restarted, '.submit');
    await until(() => standIn.calls('redirectTo').length === 1);
    expect((backend.system.db.prepare('SELECT COUNT(*) n FROM complaints').get() as { n: number }).n).toBe(1);
  });

  it('shows the server’s field message when it refuses the content', async () => {
    const page = loadPage('complaint-form');
    fill(page, 1, '销售人员夸大收益，合同内容与宣传完全不符');
    page.instance.onPolicyInput({ detail: { value: 'P 2026' } } as never);
    await tap(page, '.submit');
    await until(() => page.data.state === 'failed');
    expect(text(page, '.error-policy')).toBe('保单号格式不正确');
    expect((backend.system.db.prepare('SELECT COUNT(*) n FROM complaints').get() as { n: number }).n).toBe(0);
  });

  describe('the related policy', () => {
    afterEach(() => {
      config.devOpenid = DEMO_MEMBERS[0].openid;
    });
    const opened = async () => {
      await seedDemoMembers(backend.system.members, REGISTER); // 张晓敏 bound to P2026000123, 李建国 a visitor
      const page = loadPage('complaint-form');
      await page.instance.onLoad();
      await simulate.sleep(10);
      return page;
    };

    it('is a picker of a bound member’s own policies, with 其他/不涉及保单, and the pick is submitted and kept in the draft', async () => {
      config.devOpenid = DEMO_MEMBERS[0].openid;
      const page = await opened();
      expect(all(page, '.policy-input')).toHaveLength(0);
      expect(text(page, '.policy-picker')).toBe('请选择您的保单');
      expect(page.data.policyLabels).toEqual(['安康百万医疗险 P2026000123', '其他/不涉及保单']);
      page.instance.onPolicyPick({ detail: { value: '0' } } as never);
      await simulate.sleep(10);
      expect(text(page, '.policy-picker')).toBe('安康百万医疗险 P2026000123');
      expect((standIn.storage.get('complaintDraft') as { policyNo: string }).policyNo).toBe('P2026000123');
      page.instance.onPolicyPick({ detail: { value: '1' } } as never);
      await simulate.sleep(10);
      expect(all(page, '.other-policy')).toHaveLength(1);
      page.instance.onPolicyInput({ detail: { value: 'P2026000456' } } as never);
      fill(page, 0, '理赔材料提交三周了没有任何进展，电话也打不通');
      await tap(page, '.submit');
      await until(() => standIn.calls('redirectTo').length === 1);
      const doc = JSON.parse((backend.system.db.prepare('SELECT doc FROM complaints').get() as { doc: string }).doc);
      expect(doc.policyNo).toBe('P2026000456');
    });

    it('stays a free-text field for a visitor', async () => {
      config.devOpenid = DEMO_MEMBERS[1].openid;
      const page = await opened();
      expect(page.data.policies).toEqual([]);
      expect(all(page, '.policy-picker')).toHaveLength(0);
      expect(all(page, '.policy-input')).toHaveLength(1);
    });
  });

  it('uploads chosen photos through the gateway and attaches their file ids', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-photo-'));
    const photo = path.join(dir, 'receipt.png');
    fs.writeFileSync(photo, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
    standIn.chosenFiles = [photo];
    const page = loadPage('complaint-form');
    fill(page, 5, '会员体检预约多次失败，客服一直说系统维护中');
    await tap(page, '.add');
    await simulate.sleep(10);
    expect(all(page, '.photo wx-image')).toHaveLength(1);
    await tap(page, '.submit');
    await until(() => standIn.calls('redirectTo').length === 1);
    const doc = JSON.parse((backend.system.db.prepare('SELECT doc FROM complaints').get() as { doc: string }).doc);
    expect(doc.attachments).toHaveLength(1);
    expect(doc.attachments[0]).toMatch(/^local:\/\/uploads\/.+\.png$/);
  });

  describe('PDFs from a chat', () => {
    const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mp-pdf-'));
    const docOf = () => JSON.parse((backend.system.db.prepare('SELECT doc FROM complaints').get() as { doc: string }).doc);

    it('picks PDFs with chooseMessageFile, shows a tile with name and size, uploads them the same way and attaches them', async () => {
      const dir = tmp();
      const pdf = path.join(dir, 'tmp_3f9a.pdf');
      fs.writeFileSync(pdf, Buffer.concat([PDF, Buffer.alloc(2048 - PDF.length, 0x20)]));
      const photo = path.join(dir, 'receipt.png');
      fs.writeFileSync(photo, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
      standIn.chosenFiles = [photo];
      standIn.chosenMessageFiles = [{ path: pdf, name: '理赔材料清单.pdf' }];
      const page = loadPage('complaint-form');
      fill(page, 0, '理赔材料提交三周了没有任何进展，电话也打不通');
      await tap(page, '.add');
      await tap(page, '.add-pdf');
      await simulate.sleep(10);
      expect(standIn.calls('chooseMessageFile')[0].args).toEqual({ count: COMPLAINT_LIMITS.attachmentsMax - 1, type: 'file', extension: ['pdf'] });
      expect(all(page, '.photo wx-image')).toHaveLength(1);
      expect(text(page, '.pdf-name')).toBe('理赔材料清单.pdf');
      expect(text(page, '.pdf-size')).toBe('2 KB');
      await tap(page, '.submit');
      await until(() => standIn.calls('redirectTo').length === 1);
      const doc = docOf();
      expect(doc.attachments).toHaveLength(2);
      expect(doc.attachments[0]).toMatch(/^local:\/\/uploads\/.+\.png$/);
      expect(doc.attachments[1]).toMatch(/^local:\/\/uploads\/.+\.pdf$/);
      // The name travelled with the upload (shown when the file is opened); the type came from the bytes.
      const head = await backend.system.files.head(doc.attachments[1]);
      expect(head).toMatchObject({ owner: config.devOpenid, name: '理赔材料清单.pdf', size: 2048 });
    });

    it('sends a "PDF" that is not one, and shows the server’s refusal naming the file; nothing is submitted', async () => {
      const fake = path.join(tmp(), 'invoice.pdf');
      fs.writeFileSync(fake, '<html><script>alert(1)</script></html>');
      standIn.chosenMessageFiles = [{ path: fake }];
      const page = loadPage('complaint-form');
      fill(page, 0, '理赔材料提交三周了没有任何进展，电话也打不通');
      await tap(page, '.add-pdf');
      await simulate.sleep(10);
      expect(text(page, '.pdf-name')).toBe('invoice.pdf');
      await tap(page, '.submit');
      await until(() => page.data.state === 'failed');
      expect(text(page, '.failure')).toBe('invoice.pdf：只能上传 JPG、PNG、WebP 图片或 PDF 文件');
      expect((backend.system.db.prepare('SELECT COUNT(*) n FROM complaints').get() as { n: number }).n).toBe(0);
      expect(fs.existsSync(path.join(backend.system.dataDir, 'uploads'))).toBe(false); // nothing was stored
    });

    it('keeps photos and PDFs within the same count and size limits, with a message', async () => {
      const dir = tmp();
      const big = path.join(dir, 'scan.pdf');
      fs.writeFileSync(big, Buffer.concat([PDF, Buffer.alloc(FILE_MAX_BYTES + 1 - PDF.length)]));
      standIn.chosenMessageFiles = [{ path: big }];
      const page = loadPage('complaint-form');
      await tap(page, '.add-pdf');
      expect(page.data.draft.photos).toHaveLength(0);
      expect(standIn.calls('showToast').map((c) => (c.args as { title: string }).title)).toContain('scan.pdf 超过5MB，请压缩后重新选择');

      const small = path.join(dir, 'small.pdf');
      fs.writeFileSync(small, PDF);
      page.instance.update({ photos: Array.from({ length: COMPLAINT_LIMITS.attachmentsMax - 1 }, (_, i) => ({ path: path.join(dir, `p${i}.png`) })) });
      standIn.chosenMessageFiles = [{ path: small }, { path: small, name: 'second.pdf' }];
      await tap(page, '.add-pdf');
      expect(page.data.draft.photos).toHaveLength(COMPLAINT_LIMITS.attachmentsMax);
      expect(all(page, '.add-pdf')).toHaveLength(0); // full: no add tiles
      page.instance.onChoosePdfs();
      expect(standIn.calls('showToast').map((c) => (c.args as { title: string }).title)).toContain(`图片和PDF最多共${COMPLAINT_LIMITS.attachmentsMax}个`);
      expect(standIn.calls('chooseMessageFile')).toHaveLength(2);
    });
  });
});
