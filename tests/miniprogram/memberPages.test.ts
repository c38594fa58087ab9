import fs from 'node:fs';
import path from 'node:path';
import { importPolicies } from '../../core/members/importPolicies';
import { config } from '../../miniprogram/config';
import { all, loadPage, standIn, startBackend, text, until } from './pageHarness';

const REGISTER = fs.readFileSync(path.join(__dirname, '../../scripts/samples/policy-register-demo.csv'), 'utf8');

describe('会员中心 and binding a policy', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeEach(async () => {
    backend = await startBackend('2026-11-25T02:00:00Z');
    await importPolicies(backend.system.members, { id: 'ops', role: 'compliance' }, { csv: REGISTER, full: false, validRowsOnly: false, dryRun: false });
  });
  afterEach(async () => {
    config.mode = 'local';
    await backend.stop();
  });

  const type = (page: ReturnType<typeof loadPage>, field: string, value: string) =>
    page.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } } as never);
  /** 同意 on the home page's consent sheet: binding processes the holder's name, phone and ID number, so the server requires it. */
  const agreeOnHome = async () => {
    const home = loadPage('home');
    home.instance.onShow();
    await until(() => home.data.consentOpen === true);
    await home.instance.onAgree();
    await until(() => home.data.consentOpen === false && home.data.privacy?.needsConsent === false);
  };

  it('greets a visitor with the bind prompt and the services that exist', async () => {
    const home = loadPage('home');
    home.instance.onShow();
    await until(() => Boolean(home.data.profile));
    expect(text(home, '.tier')).toBe('访客');
    expect(all(home, '.bind-prompt')).toHaveLength(1);
    expect(all(home, '.service-title').map((e) => e.textContent)).toEqual(['会员权益', '咨询顾问', '理赔服务', '投诉与建议', '投诉指引']);
    // Every service opens a page the app declares (a subpackage page, by its full path).
    const app = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../miniprogram/app.json'), 'utf8')) as { pages: string[]; subpackages: { root: string; pages: string[] }[] };
    const declared = new Set([...app.pages, ...app.subpackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))].map((p) => `/${p}`));
    for (const s of home.data.services as { url: string }[]) expect(declared).toContain(s.url);
    expect(all(home, '.policy')).toHaveLength(0);
    expect(all(home, '.messages .badge')).toHaveLength(0); // nothing unread: no badge
  });

  it('shows the unread count on 消息, from `me` alone, and 99+ past 99', async () => {
    const at = new Date('2026-11-25T01:00:00Z');
    for (let i = 0; i < 3; i++)
      await backend.system.admin.inbox.addMemberMessage({
        id: `ob-home-${i}`, memberId: config.devOpenid, subjectId: 'c-1', title: `投诉已受理 · TS20261125-000${i}`, body: '已受理', page: 'pages/home/home', createdAt: at.toISOString(),
      });
    const home = loadPage('home');
    home.instance.onShow();
    await until(() => Boolean(home.data.profile));
    expect(text(home, '.messages .badge')).toBe('3');
    const requests = JSON.stringify(standIn.calls('request'));
    expect(requests).toContain('"action":"me"');
    expect(requests).not.toContain('listMessages');
    home.setData({ unread: 120 });
    expect(text(home, '.messages .badge')).toBe('99+');
  });

  it('binds with the SMS code, then the home shows the member card and the policy', async () => {
    await agreeOnHome();
    const bind = loadPage('bind');
    type(bind, 'policyNo', 'P2026000123');
    type(bind, 'phone', '13800138000');
    await bind.instance.onSend();
    await until(() => Boolean(bind.data.sentTo));
    expect(text(bind, '.sent')).toBe('验证码已发送至 138****8000，5分钟内有效');
    expect(text(bind, '.send')).toBe('60秒后重发');
    const code = /验证码为(\d{6})/.exec(backend.system.smsSandbox.list(1)[0].text)![1];
    type(bind, 'code', code);
    await bind.instance.onConfirm();
    expect(standIn.log.map((l) => l.api)).toContain('navigateBack');
    bind.instance.onUnload();

    const home = loadPage('home');
    home.instance.onShow();
    await until(() => Boolean(home.data.profile));
    expect(text(home, '.greeting')).toBe('张晓敏');
    expect(text(home, '.tier')).toBe('普通会员');
    expect(all(home, '.bind-prompt')).toHaveLength(0);
    expect(text(home, '.policy .product')).toBe('安康百万医疗险');
  });

  it('shows why a binding was refused, in Chinese, and sends nothing', async () => {
    await agreeOnHome();
    const bind = loadPage('bind');
    type(bind, 'policyNo', 'P2026000123');
    type(bind, 'phone', '13900139000');
    await bind.instance.onSend();
    await until(() => Boolean(bind.data.failure));
    expect(text(bind, '.failure')).toBe('保单号与手机号不匹配，请核对后重试');
    type(bind, 'phone', '139');
    await bind.instance.onSend();
    await until(() => bind.data.failure.includes('手机号'));
    expect(text(bind, '.failure')).toBe('手机号格式不正确');
    expect(backend.system.smsSandbox.list()).toHaveLength(0);
    bind.instance.onUnload();
  });

  it('refuses to bind before the member agrees to the privacy notice, saying so, and sends nothing', async () => {
    const bind = loadPage('bind'); // reached without the home's check (an old page stack, a shared link)
    type(bind, 'policyNo', 'P2026000123');
    type(bind, 'phone', '13800138000');
    await bind.instance.onSend();
    await until(() => Boolean(bind.data.failure));
    expect(text(bind, '.failure')).toBe('绑定保单需要核验您的姓名、手机号和身份证号，请先阅读并同意隐私政策');
    await bind.instance.onWeChatPhone({ detail: { code: 'dev-phone-13800138000' } });
    await until(() => !bind.data.quickBinding && Boolean(bind.data.failure));
    expect(text(bind, '.failure')).toBe('绑定保单需要核验您的姓名、手机号和身份证号，请先阅读并同意隐私政策');
    expect(backend.system.smsSandbox.list()).toHaveLength(0);
    expect((await backend.system.members.policies.get('P2026000123'))?.boundTo).toBeUndefined();
    bind.instance.onUnload();
  });

  it("binds in one tap when WeChat's verified phone is the register's, and offers the SMS code when it is not", async () => {
    await agreeOnHome();
    const bind = loadPage('bind');
    type(bind, 'policyNo', 'P2026000456');
    await bind.instance.onWeChatPhone({ detail: { code: 'dev-phone-13800138000' } });
    await until(() => Boolean(bind.data.failure));
    expect(text(bind, '.failure')).toBe('微信绑定的手机号与保单预留手机号不一致，请用短信验证码验证');
    await bind.instance.onWeChatPhone({ detail: { errMsg: 'getPhoneNumber:fail user deny' } });
    expect(text(bind, '.failure')).toBe('未获得微信手机号授权，可改用短信验证码');
    await bind.instance.onWeChatPhone({ detail: { code: 'dev-phone-13900139000' } });
    await until(() => !bind.data.quickBinding);
    expect(bind.data.failure).toBe('');
    expect(backend.system.smsSandbox.list()).toHaveLength(0);
    const policy = await backend.system.members.policies.get('P2026000456');
    expect(policy?.boundTo).toBeTruthy();
    bind.instance.onUnload();
  });
});
