import type { MemberConsultationView } from '../../../../../typings/api';
import { config } from '../../../../config';
import { ApiCallError, callFunction } from '../../../../services/api';
import { ROUTES, complaintDetailUrl } from '../../../../utils/routes';
import { ASK_LIMITS } from '../../routes';
import { keyFor, type PendingSend } from '../../sendKey';

const TEXT = {
  loadFailed: '网络不稳定，请检查网络后重试',
  followUpEmpty: '请填写追问内容',
  chooseScore: '请先选择评分',
  sent: '已发送',
  rated: '感谢评价',
};

/** A failure trying again cannot fix (not the member's, or gone): no 重试. */
const isFinal = (e: unknown) => e instanceof ApiCallError && /NOT_FOUND$/.test(e.code);

/** Each timeline entry with the side it sits on (the member's own on the right) and its photo links resolved on tap. */
type Entry = MemberConsultationView['timeline'][number] & { side: 'mine' | 'theirs' | 'event' };
const MESSAGE_TYPES = ['asked', 'followUp', 'reply', 'advisorReply'];
const sideOf = (e: MemberConsultationView['timeline'][number]): Entry['side'] => (!MESSAGE_TYPES.includes(e.type) ? 'event' : e.mine ? 'mine' : 'theirs');

Component({
  data: {
    id: '',
    c: null as MemberConsultationView | null,
    entries: [] as Entry[],
    loading: false,
    failure: '',
    final: false,
    followUp: '',
    sending: false,
    formError: '',
    score: 0,
    comment: '',
    stars: [1, 2, 3, 4, 5],
    limits: ASK_LIMITS,
    /** The follow-up and rating being sent, with their keys: kept over a failure so a retry is the same request. */
    followUpSend: null as PendingSend | null,
    rateSend: null as PendingSend | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },
    async load() {
      if (!this.data.id) {
        this.setData({ failure: '未找到该咨询', final: true });
        return;
      }
      this.setData({ loading: true, failure: '' });
      try {
        const c = await callFunction<MemberConsultationView>('consultations', 'detail', { id: this.data.id });
        this.show(c);
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : TEXT.loadFailed, final: isFinal(e) });
      } finally {
        this.setData({ loading: false });
      }
    },
    show(c: MemberConsultationView) {
      this.setData({ c, entries: c.timeline.map((e) => ({ ...e, side: sideOf(e) })) });
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      return this.load();
    },
    onFollowUpInput(e: WechatMiniprogram.Input) {
      this.setData({ followUp: e.detail.value, formError: '' });
    },
    async onSendFollowUp() {
      const text = this.data.followUp.trim();
      if (!text) {
        this.setData({ formError: TEXT.followUpEmpty });
        return;
      }
      const send = keyFor(this.data.followUpSend, text);
      this.setData({ sending: true, formError: '', followUpSend: send });
      try {
        const c = await callFunction<MemberConsultationView>('consultations', 'followUp', { idempotencyKey: send.key, id: this.data.id, text });
        this.show(c);
        this.setData({ followUp: '', followUpSend: null });
        wx.showToast({ title: TEXT.sent, icon: 'success' });
      } catch (e) {
        this.setData({ formError: e instanceof ApiCallError ? (e.issues[0]?.message ?? e.message) : TEXT.loadFailed });
      } finally {
        this.setData({ sending: false });
      }
    },
    onStar(e: WechatMiniprogram.TouchEvent) {
      this.setData({ score: Number(e.currentTarget.dataset.score), formError: '' });
    },
    onCommentInput(e: WechatMiniprogram.Input) {
      this.setData({ comment: e.detail.value });
    },
    async onRate() {
      if (!this.data.score) {
        this.setData({ formError: TEXT.chooseScore });
        return;
      }
      const comment = this.data.comment.trim();
      const send = keyFor(this.data.rateSend, JSON.stringify([this.data.score, comment]));
      this.setData({ sending: true, formError: '', rateSend: send });
      try {
        const c = await callFunction<MemberConsultationView>('consultations', 'rate', {
          idempotencyKey: send.key,
          id: this.data.id,
          score: this.data.score,
          ...(comment ? { comment } : {}),
        });
        this.show(c);
        this.setData({ rateSend: null });
        wx.showToast({ title: TEXT.rated, icon: 'success' });
      } catch (e) {
        this.setData({ formError: e instanceof ApiCallError ? e.message : TEXT.loadFailed });
      } finally {
        this.setData({ sending: false });
      }
    },
    async onPhoto(e: WechatMiniprogram.TouchEvent) {
      try {
        const { url } = await callFunction<{ url: string }>('consultations', 'fileUrl', { id: this.data.id, fileId: String(e.currentTarget.dataset.file) });
        const full = url.startsWith('/') ? `${config.gatewayUrl}${url}` : url;
        wx.previewImage({ urls: [full], current: full });
      } catch (err) {
        wx.showToast({ title: err instanceof ApiCallError ? err.message : TEXT.loadFailed, icon: 'none' });
      }
    },
    onComplaint() {
      if (this.data.c?.complaint) wx.navigateTo({ url: complaintDetailUrl(this.data.c.complaint.id) });
    },
    onHome() {
      wx.reLaunch({ url: ROUTES.home });
    },
  },
});
