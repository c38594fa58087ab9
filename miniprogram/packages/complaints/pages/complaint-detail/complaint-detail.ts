import type { DeadlineView, MemberComplaintView } from '../../../../../typings/api';
import { ApiCallError, attachmentUrl, callFunction } from '../../../../services/api';
import { COMPLAINT_LIMITS } from '../../../../services/complaintLimits';
import { choosePdfs, choosePhotos, roomLeft, uploadPending, withAdded } from '../../../../utils/attachments';
import type { DraftFile } from '../../../../utils/draft';

const TEXT = {
  loadFailed: '加载失败，请稍后重试',
  chooseScore: '请先选择评分',
  reasonShort: '请说明申请核查的原因（至少5个字）',
  infoEmpty: '请填写补充内容',
  withdrawTitle: '撤回投诉',
  withdrawConfirm: '撤回后本投诉将终止处理，确定撤回吗？',
  rateTitle: '确认评价',
  rateCloses: '评价后本投诉将办结',
  rateClosesReview: '评价后本投诉将办结，如仍有异议请选择申请核查',
  done: '已提交',
  ratedClosed: '感谢评价',
};

/** A score from which the rating closes the case (core/complaints/lifecycle.ts rate: satisfied). */
const CLOSING_SCORE = 4;

/** "2026-12-03 24:00" → "12月3日24时前"; "2026-11-26 02:22" → "11月26日 02:22前". */
const dueShort = (dueAtText: string): string => {
  const m = /^\d{4}-(\d{2})-(\d{2}) (\d{2}:\d{2})$/.exec(dueAtText);
  if (!m) return `${dueAtText}前`;
  const day = `${Number(m[1])}月${Number(m[2])}日`;
  return m[3] === '24:00' ? `${day}24时前` : `${day} ${m[3]}前`;
};

const STEP_BY_KIND: Record<DeadlineView['kind'], string> = {
  acknowledge: '等待受理',
  resolve: '正在处理',
  regulatory: '正在处理',
  review: '正在核查',
};

/** One line for what happens next: the earliest deadline still running, or what the member may do now. */
const nextStepText = (c: MemberComplaintView): string => {
  const open = c.deadlines.filter((d) => !d.met).sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1))[0];
  if (open) {
    const by = open.kind === 'acknowledge' ? `最迟 ${dueShort(open.dueAtText)}` : `最迟 ${dueShort(open.dueAtText)}答复`;
    return open.overdue ? `${STEP_BY_KIND[open.kind]}，已超过承诺时限（${dueShort(open.dueAtText)}），我们正在加紧处理` : `${STEP_BY_KIND[open.kind]}，${by}`;
  }
  if (c.can.rate) return '处理结果已出，请查看并评价';
  return '';
};

/** What staff asked for while the case waits for the member: the latest information request's text. */
const currentAsk = (c: MemberComplaintView): { text: string; atText: string } | null => {
  if (c.status !== 'waitingForMember') return null;
  const asked = [...c.timeline].reverse().find((e) => e.type === 'informationRequested');
  return asked ? { text: asked.text ?? '', atText: asked.atText } : { text: '', atText: '' };
};

/** The remedies a member can still use: 申请核查 only while the view allows it. */
const remediesOf = (c: MemberComplaintView): string[] => {
  const listed = c.decision?.remedies.length ? c.decision.remedies : ['申请核查'];
  return listed.filter((r) => r !== '申请核查' || c.can.requestReview);
};

Component({
  data: {
    id: '',
    complaint: null as MemberComplaintView | null,
    /** Staff's open request (status 待您补充), shown first with the 补充信息 box. */
    ask: null as { text: string; atText: string } | null,
    nextStep: '',
    remedies: [] as string[],
    score: 0,
    stars: [1, 2, 3, 4, 5],
    comment: '',
    reviewReason: '',
    info: '',
    /** Photos and PDFs chosen for the next 补充信息 (uploaded when it is sent). */
    infoFiles: [] as DraftFile[],
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
    show(complaint: MemberComplaintView) {
      this.setData({ complaint, ask: currentAsk(complaint), nextStep: nextStepText(complaint), remedies: remediesOf(complaint) });
    },
    async refresh() {
      try {
        const complaint = await callFunction<MemberComplaintView>('complaints', 'detail', { id: this.data.id });
        this.show(complaint);
        this.setData({ failure: '' });
        await this.loadFiles(complaint);
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : TEXT.loadFailed });
      }
    },
    /** One member action; `data` may be a function that prepares it (e.g. uploads files) inside the busy state. */
    async act(action: string, data: Record<string, unknown> | (() => Promise<Record<string, unknown>>), toast = TEXT.done) {
      if (this.data.busy) return;
      this.setData({ busy: true, failure: '' });
      try {
        const payload = typeof data === 'function' ? await data() : data;
        const complaint = await callFunction<MemberComplaintView>('complaints', action, { id: this.data.id, ...payload });
        this.show(complaint);
        this.setData({ comment: '', reviewReason: '', info: '', infoFiles: [], score: 0 });
        wx.showToast({ title: toast, icon: 'success' });
        await this.loadFiles(complaint);
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
    /** A satisfied rating (4★+) closes the case: the member confirms first, and is pointed to 申请核查 while it is open. */
    async onRate() {
      if (!this.data.score) return this.setData({ failure: TEXT.chooseScore });
      const closes = this.data.score >= CLOSING_SCORE;
      if (closes) {
        const confirmed = await new Promise<boolean>((resolve) =>
          wx.showModal({
            title: TEXT.rateTitle,
            content: this.data.complaint?.can.requestReview ? TEXT.rateClosesReview : TEXT.rateCloses,
            confirmText: '确认',
            cancelText: '取消',
            success: (res) => resolve(res.confirm),
            fail: () => resolve(false),
          }),
        );
        if (!confirmed) return undefined;
      }
      return this.act('rate', { score: this.data.score, ...(this.data.comment.trim() ? { comment: this.data.comment.trim() } : {}) }, closes ? TEXT.ratedClosed : TEXT.done);
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
    addInfoFiles(files: DraftFile[], tooLarge?: string) {
      const infoFiles = withAdded(this.data.infoFiles, files, tooLarge);
      if (infoFiles !== this.data.infoFiles) this.setData({ infoFiles });
    },
    onInfoPhotos() {
      const room = roomLeft(this.data.infoFiles);
      if (room > 0) choosePhotos(room, (files, tooLarge) => this.addInfoFiles(files, tooLarge));
    },
    onInfoPdfs() {
      const room = roomLeft(this.data.infoFiles);
      if (room > 0) choosePdfs(room, (files, tooLarge) => this.addInfoFiles(files, tooLarge));
    },
    onRemoveInfoFile(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ infoFiles: this.data.infoFiles.filter((_, i) => i !== index) });
    },
    onAddInformation() {
      if (!this.data.info.trim()) return this.setData({ failure: TEXT.infoEmpty });
      const text = this.data.info.trim();
      return this.act('addInformation', async () => {
        // Uploaded files keep their ids, so a failed send does not upload them again.
        const uploaded = await uploadPending(this.data.infoFiles, (infoFiles) => this.setData({ infoFiles }));
        return { text, attachments: uploaded.map((f) => f.fileID) };
      });
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
