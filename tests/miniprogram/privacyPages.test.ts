import fs from 'node:fs';
import path from 'node:path';
import { seedDemoMembers } from '../../server/local/demoData';
import { config } from '../../miniprogram/config';
import { all, loadPage, standIn, startBackend, text, until } from './pageHarness';

const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');
const ALICE = 'demo-member-alice'; // consented to the notice and bound to P2026000123 by the demo seed
const BOB = 'demo-member-bob'; // a visitor

describe('privacy in the mini-program: the consent sheet and 我的数据', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeEach(async () => {
    backend = await startBackend('2026-09-28T02:00:00Z');
    await seedDemoMembers(backend.system.members, REGISTER);
    config.devOpenid = ALICE;
  });
  afterEach(async () => {
    config.mode = 'local';
    config.devOpenid = ALICE;
    await backend.stop();
  });

  const open = async (name: string) => {
    const page = loadPage(name);
    (page.instance as any).onLoad?.({});
    (page.instance as any).onShow?.();
    return page;
  };
  const typeInto = (page: ReturnType<typeof loadPage>, field: string, value: string) =>
    page.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } } as never);
  const consents = () => backend.system.db.prepare('SELECT doc FROM privacy_consents').all() as { doc: string }[];

  describe('the consent sheet on the home page', () => {
    it('asks for consent to the current notice, links the full text, and records 同意 with the version', async () => {
      config.devOpenid = BOB; // 张晓敏 consented before she bound (the demo seed): 李建国 has not answered yet
      const home = await open('home');
      await until(() => home.data.consentOpen === true);
      expect(text(home, '.consent-title')).toBe('个人信息保护提示');
      expect(text(home, '.consent-intro')).toContain('（2026.11版）');
      expect(all(home, '.consent-point')).toHaveLength(4);
      expect(text(home, '.consent-note')).toBe('不同意也可以继续使用投诉服务。');
      home.instance.onReadNotice();
      expect(standIn.calls('navigateTo').pop()?.args).toBe('/packages/members/pages/privacy-notice/privacy-notice');
      await home.instance.onAgree();
      await until(() => home.data.consentOpen === false);
      expect(all(home, '.consent-sheet')).toHaveLength(0);
      expect(all(home, '.consent-banner')).toHaveLength(0);
      expect(consents().map((r) => JSON.parse(r.doc)).filter((c) => c.memberId === BOB)).toEqual([
        expect.objectContaining({ kind: 'general', action: 'given', noticeVersion: '2026.11' }),
      ]);
    });

    it('after 不同意 keeps the complaint channel open, says so, and asks again before binding', async () => {
      config.devOpenid = BOB;
      const home = await open('home');
      await until(() => home.data.consentOpen === true && Boolean(home.data.profile));
      await home.instance.onDecline();
      await until(() => home.data.consentOpen === false);
      expect(text(home, '.consent-banner')).toContain('目前可正常使用投诉服务');
      expect(all(home, '.service-title').map((e) => e.textContent)).toContain('投诉与建议');
      home.instance.onBind();
      expect(home.data.consentOpen).toBe(true);
      expect(standIn.calls('navigateTo')).toHaveLength(0);
      // Declined in this session: opening the home again does not push the sheet at them.
      const again = await open('home');
      await until(() => Boolean(again.data.privacy));
      expect(again.data.consentOpen).toBe(false);
      expect(all(again, '.consent-banner')).toHaveLength(1);
    });

    it('shows the full notice on its own page', async () => {
      const page = await open('privacy-notice');
      await until(() => Boolean(page.data.notice));
      expect(text(page, '.notice-title')).toBe('会员服务隐私政策');
      expect(all(page, '.heading').map((e) => e.textContent)).toContain('四、您的权利');
    });
  });

  describe('我的数据', () => {
    it('shows the member their own data, masked until they ask, then in full', async () => {
      const page = await open('my-data');
      await until(() => Boolean(page.data.data));
      expect(text(page, '.member-name')).toBe('张*敏');
      expect(text(page, '.member-phone')).toBe('138****8000');
      page.instance.onToggleReveal();
      await until(() => page.data.reveal === true);
      expect(text(page, '.member-name')).toBe('张晓敏');
      expect(text(page, '.member-phone')).toBe('13800138000');
      expect(text(page, '.member-id')).toBe('110105198503151230');
      expect(text(page, '.policy .strong')).toBe('安康百万医疗险');
      expect(all(page, '.retention-item').length).toBeGreaterThan(5);
    });

    it('exports after a fresh SMS code: a JSON file on the phone, then sent to a chat', async () => {
      const page = await open('my-data');
      await until(() => Boolean(page.data.data));
      backend.clock.advance(61_000); // the demo binding's code went to the same phone a moment ago
      page.instance.onExport();
      await page.instance.onSendCode();
      await until(() => Boolean(page.data.sentTo));
      expect(text(page, '.sent')).toBe('验证码已发送至 138****8000，5分钟内有效');
      const code = /为(\d{6})/.exec(backend.system.smsSandbox.list(1)[0].text)![1];
      typeInto(page, 'code', code);
      await page.instance.onConfirmExport();
      await until(() => Boolean(page.data.exported));
      const file = page.data.exported!.filePath;
      expect(file.startsWith(String((globalThis as any).wx.env.USER_DATA_PATH))).toBe(true);
      expect(path.basename(file)).toBe('我的数据-20260928.json');
      const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(saved.member).toMatchObject({ name: '张晓敏', phone: '13800138000' });
      page.instance.onShareFile();
      expect(standIn.calls('shareFileMessage')).toEqual([{ api: 'shareFileMessage', args: { filePath: file, fileName: '我的数据-20260928.json' } }]);
      await until(() => page.data.requests.some((r) => r.kind === 'export'));
      page.instance.onUnload();
    });

    it('tells a visitor clearly that the export needs binding', async () => {
      config.devOpenid = BOB;
      const page = await open('my-data');
      await until(() => Boolean(page.data.data));
      expect(all(page, '.close-account')).toHaveLength(0);
      page.instance.onExport();
      await until(() => page.data.panel === 'export');
      expect(text(page, '.export-needs-binding')).toContain('导出数据需要先绑定保单');
      expect(all(page, '.confirm-export')).toHaveLength(0);
      page.instance.onBind();
      expect(standIn.calls('navigateTo').pop()?.args).toBe('/packages/members/pages/bind/bind');
    });

    it('sends a correction request and shows it with its answer-by date; bad input is explained and sends nothing', async () => {
      const page = await open('my-data');
      await until(() => Boolean(page.data.data));
      page.instance.onCorrection();
      await page.instance.onSubmitCorrection();
      expect(text(page, '.panel-error')).toBe('请选择需要更正的项目');
      page.instance.onPickField({ currentTarget: { dataset: { key: 'name' } } } as never);
      typeInto(page, 'detail', '太短');
      await page.instance.onSubmitCorrection();
      await until(() => Boolean(page.data.panelError));
      expect(text(page, '.panel-error')).toBe('更正内容至少5个字');
      expect(backend.system.db.prepare('SELECT COUNT(*) n FROM privacy_requests').get()).toEqual({ n: 0 });
      typeInto(page, 'detail', '姓名登记为张小敏，应为张晓敏');
      await page.instance.onSubmitCorrection();
      await until(() => page.data.requests.length === 1);
      expect(text(page, '.request .due')).toBe('最迟答复：2026年10月23日（当日24时前）');
      expect(text(page, '.request .strong')).toBe('更正申请');
    });

    it('注销 after a confirmation: the policies are let go and a deletion request is open', async () => {
      const page = await open('my-data');
      await until(() => Boolean(page.data.data));
      await page.instance.onCloseAccount();
      expect(standIn.calls('showModal')).toHaveLength(1);
      await until(() => page.data.data?.member.kind === 'visitor');
      expect(text(page, '.request .strong')).toBe('注销账号');
      expect(all(page, '.policy')).toHaveLength(0);
    });
  });
});
