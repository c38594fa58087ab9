import type { MemberComplaintView } from '../../../../../typings/api';
import { ApiCallError, attachmentUrl, callFunction } from '../../../../services/api';
import { COMPLAINT_LIMITS } from '../../../../services/complaintLimits';

const TEXT = {
  loadFailed: '加载失败，请稍后重试',
  chooseScore: '请先选择评分',
  reasonShort: '请说明申请核查的原因（至少5个字）',
  infoEmpty: '请填写补充内容',
  withdrawTitle: '撤回投诉',
  withdrawConfirm: '撤回后本投诉将终止处理，确定撤回吗？',
  done: '已提交',
};

Component({
  data: {
    id: '',
    complaint: null as MemberComplaintView | null,
    score: 0,
    stars: [1, 2, 3, 4, 5],
    comment: '',
    reviewReason: '',
    info: '',
    busy: false,
    failure: '',
    limits: COMPLAINT_LIMITS,
    /** The case's files, each with a short-lived link asked of the backend (never a token in a URL). */
    files: [] as { fileId: string; url: string; pdf: boolean }[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.refresh();
    },
    async refresh() {
      try {
        const complaint = await callFunction<MemberComplaintView>('complaints', 'detail', { id: this.data.id });
        this.setData({ complaint, failure: '' });
        await this.loadFiles(complaint);
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : TEXT.loadFailed });
      }
    },
    async act(action: string, data: Record<string, unknown>) {
      if (this.data.busy) return;
      this.setData({ busy: true, failure: '' });
      try {
        const complaint = await callFunction<MemberComplaintView>('complaints', action, { id: this.data.id, ...data });
        this.setData({ complaint, comment: '', reviewReason: '', info: '', score: 0 });
        wx.showToast({ title: TEXT.done, icon: 'success' });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : TEXT.loadFailed });
      } finally {
        this.setData({ busy: false });
      }
    },
    async loadFiles(complaint: MemberComplaintView) {
      const links = await Promise.all(
        complaint.attachments.map(async (fileId) => ({ fileId, url: await attachmentUrl(complaint.id, fileId).catch(() => ''), pdf: /\.pdf$/i.test(fileId) })),
      );
      this.setData({ files: links.filter((f) => f.url) });
    },
    onOpenFile(e: WechatMiniprogram.TouchEvent) {
      const file = this.data.files[Number(e.currentTarget.dataset.index)];
      if (!file) return;
      if (!file.pdf) {
        wx.previewImage({ current: file.url, urls: this.data.files.filter((f) => !f.pdf).map((f) => f.url) });
        return;
      }
      wx.downloadFile({ url: file.url, success: (r) => wx.openDocument({ filePath: r.tempFilePath, fileType: 'pdf' }) });
    },
    onStar(e: WechatMiniprogram.TouchEvent) {
      this.setData({ score: Number(e.currentTarget.dataset.score) });
    },
    onComment(e: WechatMiniprogram.Input) {
      this.setData({ comment: e.detail.value });
    },
    onRate() {
      if (!this.data.score) return this.setData({ failure: TEXT.chooseScore });
      return this.act('rate', { score: this.data.score, ...(this.data.comment.trim() ? { comment: this.data.comment.trim() } : {}) });
    },
    onReviewReason(e: WechatMiniprogram.Input) {
      this.setData({ reviewReason: e.detail.value });
    },
    onRequestReview() {
      if (this.data.reviewReason.trim().length < 5) return this.setData({ failure: TEXT.reasonShort });
      return this.act('requestReview', { reason: this.data.reviewReason.trim() });
    },
    onInfo(e: WechatMiniprogram.Input) {
      this.setData({ info: e.detail.value });
    },
    onAddInformation() {
      if (!this.data.info.trim()) return this.setData({ failure: TEXT.infoEmpty });
      return this.act('addInformation', { text: this.data.info.trim() });
    },
    onWithdraw() {
      wx.showModal({
        title: TEXT.withdrawTitle,
        content: TEXT.withdrawConfirm,
        success: (res) => {
          if (res.confirm) this.act('withdraw', { reason: '会员主动撤回' });
        },
      });
    },
  },
});
