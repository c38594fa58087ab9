import type { MemberClaimView } from '../../../../../typings/api';
import { config } from '../../../../config';
import { ApiCallError, callFunction, uploadFile } from '../../../../services/api';
import { dueDateText, momentText, dayOnlyText } from '../../../../utils/dates';
import { newIdempotencyKey } from '../../../../utils/draft';
import { ROUTES } from '../../../../utils/routes';
import { claimPaperUrl } from '../../routes';

const TEXT = {
  loadFailed: '网络不稳定，请检查网络后重试',
  uploaded: '已上传',
  accepted: '已确认，我们将尽快支付',
  withdrawn: '已撤销报案',
  sent: '已发送',
  messageEmpty: '请填写留言内容',
  consentTitle: '需要您的单独授权',
};

/** A failure trying again cannot fix (not the member's, or gone): no 重试. */
const isFinal = (e: unknown) => e instanceof ApiCallError && /NOT_FOUND$/.test(e.code);

type Entry = MemberClaimView['timeline'][number] & { atText: string };

/**
 * 理赔进度 at a glance: the step it is at, what is needed from the member (with an upload button on
 * each missing item), the next deadline and what it means, the decision (accept an amount, or read the
 * refusal letter), the payments, and every step on the timeline.
 */
Component({
  data: {
    id: '',
    c: null as MemberClaimView | null,
    entries: [] as Entry[],
    dueLine: '',
    loading: false,
    failure: '',
    final: false,
    busy: false,
    message: '',
    /** One key per message text: a retry after a lost reply sends it again and gets the earlier answer, never a second entry. */
    messageKey: newIdempotencyKey(),
    formError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },
    async load() {
      if (!this.data.id) {
        this.setData({ failure: '未找到该理赔案件', final: true });
        return;
      }
      this.setData({ loading: true, failure: '' });
      try {
        this.show(await callFunction<MemberClaimView>('claims', 'detail', { id: this.data.id }));
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : TEXT.loadFailed, final: isFinal(e) });
      } finally {
        this.setData({ loading: false });
      }
    },
    show(c: MemberClaimView) {
      const now = new Date();
      // The deadline as members read it elsewhere (12月3日24时前; the year only when it is not this year).
      const next = c.nextDeadline;
      const dueLine = next ? `${dueDateText(next.dueAt, now)}${next.provisional ? '（暂定）' : ''}` : '';
      // A step's date fits under its dot as 11月26日; the time is on the timeline below.
      const progress = c.progress.map((s) => ({ ...s, dateText: s.day ? dayOnlyText(s.day, now) : '' }));
      this.setData({ c: { ...c, progress }, dueLine, entries: [...c.timeline].reverse().map((e) => ({ ...e, atText: momentText(e.at, now) })) });
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      return this.load();
    },
    /** One checklist item: a photo or a PDF from a chat, uploaded, then attached (checked by the server). */
    onUpload(e: WechatMiniprogram.TouchEvent) {
      const item = String(e.currentTarget.dataset.item);
      wx.showActionSheet({
        itemList: ['拍照或从相册选择', '从聊天中选择PDF'],
        success: (r) => {
          const attach = (path: string, name?: string) => this.attach(item, path, name);
          if (r.tapIndex === 0) wx.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'], success: (m) => attach(m.tempFiles[0].tempFilePath) });
          else wx.chooseMessageFile({ count: 1, type: 'file', extension: ['pdf'], success: (m) => attach(m.tempFiles[0].path, m.tempFiles[0].name) });
        },
      });
    },
    async attach(item: string, path: string, name?: string) {
      this.setData({ busy: true, formError: '' });
      try {
        // 'claims' uploads go to a path the claims function names and registers (cloudfunctions/claims uploadSlot).
        const fileId = await uploadFile(path, name, 'claims');
        this.show(await callFunction<MemberClaimView>('claims', 'attach', { id: this.data.id, item, fileIds: [fileId] }));
        wx.showToast({ title: TEXT.uploaded, icon: 'success' });
      } catch (e) {
        if (e instanceof ApiCallError && e.code === 'PRIVACY.SENSITIVE_CONSENT_REQUIRED') {
          wx.showModal({ title: TEXT.consentTitle, content: e.message, confirmText: '去授权', success: (r) => r.confirm && wx.navigateTo({ url: ROUTES.privacyNotice }) });
        } else this.setData({ formError: e instanceof ApiCallError ? e.message : TEXT.loadFailed });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onAccept() {
      this.setData({ busy: true, formError: '' });
      try {
        this.show(await callFunction<MemberClaimView>('claims', 'acceptOffer', { id: this.data.id }));
        wx.showToast({ title: TEXT.accepted, icon: 'success' });
      } catch (e) {
        this.setData({ formError: e instanceof ApiCallError ? e.message : TEXT.loadFailed });
      } finally {
        this.setData({ busy: false });
      }
    },
    onWithdraw() {
      wx.showModal({
        title: '撤销报案',
        content: '撤销后本次理赔申请终止，如需理赔需重新报案。确定撤销吗？',
        confirmText: '撤销',
        confirmColor: '#d54941',
        success: async (r) => {
          if (!r.confirm) return;
          try {
            this.show(await callFunction<MemberClaimView>('claims', 'withdraw', { id: this.data.id }));
            wx.showToast({ title: TEXT.withdrawn, icon: 'success' });
          } catch (e) {
            this.setData({ formError: e instanceof ApiCallError ? e.message : TEXT.loadFailed });
          }
        },
      });
    },
    onMessageInput(e: WechatMiniprogram.Input) {
      this.setData({ message: e.detail.value, formError: '', ...(e.detail.value !== this.data.message ? { messageKey: newIdempotencyKey() } : {}) });
    },
    async onSendMessage() {
      const text = this.data.message.trim();
      if (!text) {
        this.setData({ formError: TEXT.messageEmpty });
        return;
      }
      this.setData({ busy: true, formError: '' });
      try {
        this.show(await callFunction<MemberClaimView>('claims', 'message', { id: this.data.id, idempotencyKey: this.data.messageKey, text }));
        this.setData({ message: '', messageKey: newIdempotencyKey() });
        wx.showToast({ title: TEXT.sent, icon: 'success' });
      } catch (e) {
        this.setData({ formError: e instanceof ApiCallError ? (e.issues[0]?.message ?? e.message) : TEXT.loadFailed });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onFile(e: WechatMiniprogram.TouchEvent) {
      try {
        const { url } = await callFunction<{ url: string }>('claims', 'fileUrl', { id: this.data.id, fileId: String(e.currentTarget.dataset.file) });
        const full = url.startsWith('/') ? `${config.gatewayUrl}${url}` : url;
        if (/\.pdf($|\?)/.test(String(e.currentTarget.dataset.file))) wx.downloadFile({ url: full, success: (d) => wx.openDocument({ filePath: d.tempFilePath, fileType: 'pdf' }) });
        else wx.previewImage({ urls: [full], current: full });
      } catch (err) {
        wx.showToast({ title: err instanceof ApiCallError ? err.message : TEXT.loadFailed, icon: 'none' });
      }
    },
    /** 电子回单 or the letter, on a page of its own that can be saved as an image and shared. */
    onPaper(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: claimPaperUrl(this.data.id, String(e.currentTarget.dataset.kind) as 'receipt' | 'letter') });
    },
    onHome() {
      wx.reLaunch({ url: ROUTES.home });
    },
  },
});
