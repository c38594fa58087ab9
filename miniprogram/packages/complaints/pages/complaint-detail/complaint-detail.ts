import type { MemberComplaintView } from '../../../../../typings/api';
import { ApiCallError, attachmentUrl, callFunction } from '../../../../services/api';
import { COMPLAINT_LIMITS } from '../../../../services/complaintLimits';
import { choosePdfs, choosePhotos, roomLeft, uploadPending, withAdded } from '../../../../utils/attachments';
import { deadlineRows, nextStepText, overdueCard, statusTone, type DeadlineRow } from '../../../../utils/complaintDisplay';
import { dueDateText, shanghaiTextToMoment } from '../../../../utils/dates';
import type { DraftFile } from '../../../../utils/draft';

const TEXT = {
  loadFailed: '网络不稳定，请检查网络后重试',
  notFound: '未找到该投诉',
  chooseScore: '请先选择评分',
  reasonShort: '请说明申请核查的原因（至少5个字）',
  infoEmpty: '请填写补充内容',
  withdrawTitle: '撤回投诉',
  withdrawConfirm: '撤回后本投诉将终止处理，确定撤回吗？',
  done: '已提交',
  ratedClosed: '感谢评价',
};

/** From this score the rating is satisfied (core/complaints/lifecycle.ts rate): the page thanks the member. */
const SATISFIED_SCORE = 4;

/** A failure that trying again cannot fix (the case is not the member's, or the link is broken): no 重试. */
const isFinal = (e: unknown) => e instanceof ApiCallError && /NOT_FOUND$/.test(e.code);

type Panel = '' | 'review' | 'info';
type FormAt = 'rate' | 'review' | 'info';

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
    /** Set while a running deadline has passed: 已超时 in words, the apology and the new date. */
    late: null as { apology: string; missed: string; expectation: string } | null,
    rows: [] as DeadlineRow[],
    tone: '' as '' | 'warn' | 'done',
    reviewEndsText: '',
    /** The secondary form opened from its link (申请核查 or 补充信息); one at a time, none by default. */
    panel: '' as Panel,
    remedies: [] as string[],
    score: 0,
    stars: [1, 2, 3, 4, 5],
    comment: '',
    reviewReason: '',
    info: '',
    /** Photos and PDFs chosen for the next 补充信息 (uploaded when it is sent). */
    infoFiles: [] as DraftFile[],
    busy: false,
    loading: false,
    /** Loading the case failed: the card with 重试 (and the pull-down hint) unless retrying cannot help. */
    loadFailure: '',
    retryable: false,
    /** An action failed (the server refused or the network dropped). */
    failure: '',
    /** A form's own input problem, shown in that form. */
    formError: { at: '' as '' | FormAt, text: '' },
    limits: COMPLAINT_LIMITS,
    /** The case's files, each with a short-lived link asked of the backend (never a token in a URL). */
    files: [] as { fileId: string; url: string; pdf: boolean }[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.refresh();
    },
    show(received: MemberComplaintView) {
      const now = new Date();
      const when = (text: string) => shanghaiTextToMoment(text, now);
      // Every time the member reads in one Chinese format (11月20日 07:10), as the deadlines.
      const complaint: MemberComplaintView = {
        ...received,
        receivedAtText: when(received.receivedAtText),
        timeline: received.timeline.map((e) => ({ ...e, atText: when(e.atText) })),
        ...(received.decision ? { decision: { ...received.decision, decidedAtText: when(received.decision.decidedAtText) } } : {}),
      };
      const ask = currentAsk(complaint);
      const panel = this.data.panel === 'review' && !complaint.can.requestReview ? '' : this.data.panel === 'info' && (!complaint.can.addInformation || ask) ? '' : this.data.panel;
      this.setData({
        complaint,
        ask,
        late: overdueCard(complaint, now),
        nextStep: complaint.decision ? '' : nextStepText(complaint, now),
        rows: deadlineRows(complaint.deadlines, now),
        tone: statusTone(complaint.status),
        reviewEndsText: complaint.reviewWindowEndsAt ? dueDateText(complaint.reviewWindowEndsAt, now) : '',
        remedies: remediesOf(complaint),
        panel,
      });
    },
    async refresh() {
      if (this.data.loading) return;
      if (!this.data.id) {
        this.setData({ loadFailure: TEXT.notFound, retryable: false });
        return;
      }
      this.setData({ loading: true });
      try {
        const complaint = await callFunction<MemberComplaintView>('complaints', 'detail', { id: this.data.id });
        this.show(complaint);
        this.setData({ loadFailure: '', retryable: false });
        await this.loadFiles(complaint);
      } catch (e) {
        this.setData({ loadFailure: e instanceof ApiCallError ? e.message : TEXT.loadFailed, retryable: !isFinal(e) });
      } finally {
        this.setData({ loading: false });
      }
    },
    onRetry() {
      return this.refresh();
    },
    onPullDownRefresh() {
      return this.refresh().then(() => wx.stopPullDownRefresh());
    },
    onPanel(e: WechatMiniprogram.TouchEvent) {
      const panel = String(e.currentTarget.dataset.panel) as Panel;
      this.setData({ panel: this.data.panel === panel ? '' : panel, formError: { at: '', text: '' } });
    },
    showFormError(at: FormAt, text: string) {
      this.setData({ formError: { at, text } });
    },
    /** One member action; `data` may be a function that prepares it (e.g. uploads files) inside the busy state. */
    async act(action: string, data: Record<string, unknown> | (() => Promise<Record<string, unknown>>), toast = TEXT.done) {
      if (this.data.busy) return;
      this.setData({ busy: true, failure: '', formError: { at: '', text: '' } });
      try {
        const payload = typeof data === 'function' ? await data() : data;
        const complaint = await callFunction<MemberComplaintView>('complaints', action, { id: this.data.id, ...payload });
        this.setData({ comment: '', reviewReason: '', info: '', infoFiles: [], score: 0, panel: '' });
        this.show(complaint);
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
    /**
     * A rating never closes the case (CLARIFICATIONS, Complaints): a satisfied one ends the follow-up, and
     * 申请核查 stays on offer until the window's date the page shows, so no confirmation is needed.
     */
    async onRate() {
      if (!this.data.score) return this.showFormError('rate', TEXT.chooseScore);
      const satisfied = this.data.score >= SATISFIED_SCORE;
      return this.act('rate', { score: this.data.score, ...(this.data.comment.trim() ? { comment: this.data.comment.trim() } : {}) }, satisfied ? TEXT.ratedClosed : TEXT.done);
    },
    onReviewReason(e: WechatMiniprogram.Input) {
      this.setData({ reviewReason: e.detail.value });
    },
    onRequestReview() {
      if (this.data.reviewReason.trim().length < 5) return this.showFormError('review', TEXT.reasonShort);
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
      if (!this.data.info.trim()) return this.showFormError('info', TEXT.infoEmpty);
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
