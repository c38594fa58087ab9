import type { ExportReply, MyDataReply, PrivacyRequestView, PrivacyStatusView } from '../../../../../typings/privacy';
import { ApiCallError, callFunction, failureMessage } from '../../../../services/api';
import { ROUTES } from '../../../../utils/routes';

/** All of this page's words in one place. */
const TEXT = {
  exportNeedsBinding: '导出数据需要先绑定保单，以便向您的手机发送验证码。未绑定时，您仍可在本页查看我们保存的全部信息。',
  correctionSent: '更正申请已提交',
  deletionSent: '删除申请已提交',
  closed: '已注销，保单已解除绑定',
  deletionConfirm: '提交后，我们将在15个工作日内处理：删除您的账号身份信息、消息记录等；法律要求保存的保单、投诉等记录将封存，不作其他用途。',
  closeConfirm: '注销将立即解除您绑定的全部保单，并提交删除申请。注销后如需使用会员服务，需要重新绑定。确定注销吗？',
  withdrawGeneral: '撤回后，绑定保单等会员服务将不可用（投诉服务不受影响），敏感个人信息授权也将一并撤回。确定撤回吗？',
  withdrawSensitive: '撤回后，将不能再上传健康、医疗或银行账户资料；已随理赔提交的材料依法保存，不作其他用途。确定撤回吗？',
  fileSaved: '文件已生成',
};

const CORRECTION_FIELDS = [
  { key: 'name', label: '姓名' },
  { key: 'phone', label: '手机号' },
  { key: 'idNumber', label: '身份证号' },
  { key: 'policy', label: '保单信息' },
  { key: 'other', label: '其他' },
];

type Panel = '' | 'export' | 'correction' | 'deletion';

const mask = (s: string | undefined, keepStart: number, keepEnd: number) =>
  s && s.length > keepStart + keepEnd ? `${s.slice(0, keepStart)}${'*'.repeat(s.length - keepStart - keepEnd)}${keepEnd ? s.slice(-keepEnd) : ''}` : s;
/** 张*敏 / 李* : as staff lists show names. */
const maskName = (s: string | undefined) => (s && s.length >= 3 ? mask(s, 1, 1) : mask(s, 1, 0));
const confirm = (content: string, confirmText = '确定') =>
  new Promise<boolean>((resolve) =>
    wx.showModal({ title: '请确认', content, confirmText, confirmColor: '#d54941', success: (r) => resolve(r.confirm), fail: () => resolve(false) }),
  );
const withFlags = (items: PrivacyRequestView[]) => items.map((r) => ({ ...r, hasFrozen: Boolean(r.frozen && r.frozen.length) }));

/**
 * 我的数据 (PIPL arts 45–47): what we hold about the member, in full to themselves; a copy as a file
 * after a fresh SMS code; correction and deletion requests; withdrawing consent; 注销.
 */
Component({
  data: {
    data: null as MyDataReply | null,
    requests: [] as (PrivacyRequestView & { hasFrozen: boolean })[],
    reveal: false,
    view: { name: '', phone: '', idNumber: '' },
    loading: false,
    failure: '',
    panel: '' as Panel,
    busy: false,
    panelError: '',
    // export
    sentTo: '',
    code: '',
    countdown: 0,
    exported: null as { fileName: string; filePath: string; number: string } | null,
    // correction
    fields: CORRECTION_FIELDS,
    field: '',
    detail: '',
    // deletion
    reason: '',
    notice: TEXT,
  },
  methods: {
    onLoad() {
      this.load();
    },
    onUnload() {
      const t = (this as unknown as { timer?: number }).timer;
      if (t) clearInterval(t);
    },
    async load() {
      if (this.data.loading) return;
      this.setData({ loading: true, failure: '' });
      try {
        const data = await callFunction<MyDataReply>('members', 'myData');
        this.setData({ data, requests: withFlags(data.requests) });
        this.applyReveal(this.data.reveal);
      } catch (e) {
        this.setData({ failure: failureMessage(e) });
      } finally {
        this.setData({ loading: false });
      }
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      this.load();
    },
    /** Own data in full, but masked until asked: a phone screen is often seen by others. */
    applyReveal(reveal: boolean) {
      const m = this.data.data?.member;
      if (!m) return;
      this.setData({
        reveal,
        view: {
          name: (reveal ? m.name : maskName(m.name)) ?? '',
          phone: (reveal ? m.phone : mask(m.phone, 3, 4)) ?? '',
          idNumber: (reveal ? m.idNumber : mask(m.idNumber, 6, 4)) ?? '',
        },
      });
    },
    onToggleReveal() {
      this.applyReveal(!this.data.reveal);
    },
    openPanel(panel: Panel) {
      this.setData({ panel, panelError: '' });
    },
    onClosePanel() {
      this.setData({ panel: '', panelError: '' });
    },
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ [String(e.currentTarget.dataset.field)]: e.detail.value, panelError: '' });
    },
    onExport() {
      this.openPanel('export');
    },
    tick(seconds: number) {
      const self = this as unknown as { timer?: number };
      if (self.timer) clearInterval(self.timer);
      this.setData({ countdown: seconds });
      self.timer = setInterval(() => {
        const left = this.data.countdown - 1;
        this.setData({ countdown: Math.max(left, 0) });
        if (left <= 0 && self.timer) clearInterval(self.timer);
      }, 1000) as unknown as number;
    },
    async onSendCode() {
      if (this.data.busy || this.data.countdown > 0) return;
      this.setData({ busy: true, panelError: '' });
      try {
        const res = await callFunction<{ sentTo: string; resendAfterSeconds: number }>('members', 'startExportVerification');
        this.setData({ sentTo: res.sentTo });
        this.tick(res.resendAfterSeconds);
      } catch (e) {
        this.setData({ panelError: failureMessage(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
    /** The code, then the file: written to the phone, ready to send to a chat (a second tap, as WeChat requires). */
    async onConfirmExport() {
      if (this.data.busy) return;
      this.setData({ busy: true, panelError: '' });
      try {
        const out = await callFunction<ExportReply>('members', 'exportMyData', { code: this.data.code });
        const filePath = `${wx.env.USER_DATA_PATH}/${out.fileName}`;
        await new Promise<void>((resolve, reject) =>
          wx.getFileSystemManager().writeFile({
            filePath,
            data: JSON.stringify(out.data, null, 2),
            encoding: 'utf8',
            success: () => resolve(),
            fail: () => reject(new ApiCallError({ code: 'FILE.WRITE_FAILED', message: '保存文件失败，请检查手机存储空间后重试' })),
          }),
        );
        this.setData({ exported: { fileName: out.fileName, filePath, number: out.number }, code: '', sentTo: '' });
        this.load();
      } catch (e) {
        this.setData({ panelError: failureMessage(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
    onShareFile() {
      const f = this.data.exported;
      if (!f) return;
      wx.shareFileMessage({ filePath: f.filePath, fileName: f.fileName, fail: () => this.setData({ panelError: '未能发送文件，请重试' }) });
    },
    onCorrection() {
      this.openPanel('correction');
    },
    onPickField(e: WechatMiniprogram.TouchEvent) {
      this.setData({ field: String(e.currentTarget.dataset.key), panelError: '' });
    },
    async onSubmitCorrection() {
      if (this.data.busy) return;
      if (!this.data.field) {
        this.setData({ panelError: '请选择需要更正的项目' });
        return;
      }
      this.setData({ busy: true, panelError: '' });
      try {
        await callFunction('members', 'requestCorrection', { field: this.data.field, detail: this.data.detail });
        wx.showToast({ title: TEXT.correctionSent, icon: 'success' });
        this.setData({ panel: '', field: '', detail: '' });
        this.load();
      } catch (e) {
        this.setData({ panelError: failureMessage(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
    onDeletion() {
      this.openPanel('deletion');
    },
    async onSubmitDeletion() {
      if (this.data.busy) return;
      if (!(await confirm(TEXT.deletionConfirm, '提交申请'))) return;
      this.setData({ busy: true, panelError: '' });
      try {
        await callFunction('members', 'requestDeletion', this.data.reason.trim() ? { reason: this.data.reason.trim() } : {});
        wx.showToast({ title: TEXT.deletionSent, icon: 'success' });
        this.setData({ panel: '', reason: '' });
        this.load();
      } catch (e) {
        this.setData({ panelError: failureMessage(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onCloseAccount() {
      if (this.data.busy) return;
      if (!(await confirm(TEXT.closeConfirm, '确定注销'))) return;
      this.setData({ busy: true, failure: '' });
      try {
        await callFunction('members', 'closeAccount', { confirm: true });
        wx.showToast({ title: TEXT.closed, icon: 'none' });
        this.load();
      } catch (e) {
        wx.showToast({ title: failureMessage(e), icon: 'none' });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onWithdraw(e: WechatMiniprogram.TouchEvent) {
      const kind = String(e.currentTarget.dataset.kind);
      if (!(await confirm(kind === 'general' ? TEXT.withdrawGeneral : TEXT.withdrawSensitive, '撤回'))) return;
      try {
        await callFunction<PrivacyStatusView>('members', 'withdrawConsent', { kind });
        this.load();
      } catch (err) {
        wx.showToast({ title: failureMessage(err), icon: 'none' });
      }
    },
    async onGiveSensitive() {
      try {
        await callFunction('members', 'giveSensitiveConsent', { noticeVersion: this.data.data?.noticeVersion });
        this.load();
      } catch (err) {
        wx.showToast({ title: failureMessage(err), icon: 'none' });
      }
    },
    onReadNotice() {
      wx.navigateTo({ url: ROUTES.privacyNotice });
    },
    onBind() {
      this.setData({ panel: '' });
      wx.navigateTo({ url: ROUTES.bind });
    },
  },
});
