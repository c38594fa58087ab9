import type { MemberProfile } from '../../../typings/api';
import type { PrivacyStatusView } from '../../../typings/privacy';
import { ApiCallError, callFunction } from '../../services/api';
import { ROUTES } from '../../utils/routes';
import { momentText } from '../../utils/dates';

/**
 * The services that exist today, in the order the home shows them. A new area (权益, 咨询, 理赔) is a
 * subpackage in app.json, its pages in utils/routes.ts and one entry here.
 */
const SERVICES = [
  { key: 'benefits', title: '会员权益', hint: '体检预约、健康与法律咨询', url: ROUTES.benefits },
  { key: 'consultations', title: '咨询顾问', hint: '保障问题，顾问解答', url: ROUTES.consultations },
  { key: 'claims', title: '理赔服务', hint: '报案、补材料、查进度', url: ROUTES.claims },
  { key: 'complaints', title: '投诉与建议', hint: '专人负责，限时答复', url: ROUTES.complaints },
  { key: 'guide', title: '投诉指引', hint: '渠道、流程与时限', url: ROUTES.complaintGuide },
];

/**
 * The notice version the member tapped 不同意 on in this session: the sheet is not pushed at them again
 * until the mini-program is next opened (a new version, or the next open, asks again).
 */
let declinedVersion = '';

/** 会员中心: who I am (card and tier), what I can do, what is new, and binding for visitors. */
Component({
  data: {
    profile: null as MemberProfile | null,
    services: SERVICES,
    unread: 0,
    loading: false,
    failure: '',
    privacy: null as PrivacyStatusView | null,
    consentOpen: false,
    answering: false,
    consentError: '',
    /** 权益宣传: the newest few articles (none shown when the call fails: the home never waits on them). */
    articles: [] as { id: string; title: string; summary: string; dateText: string }[],
  },
  methods: {
    onShow() {
      this.load();
      this.loadPrivacy();
      this.loadArticles();
    },
    async loadArticles() {
      try {
        const page = await callFunction<{ items: { id: string; title: string; summary: string; publishedAt: string }[] }>('members', 'articles', { limit: 3 });
        const now = new Date();
        this.setData({ articles: page.items.map((a) => ({ id: a.id, title: a.title, summary: a.summary, dateText: momentText(a.publishedAt, now) })) });
      } catch {
        this.setData({ articles: [] });
      }
    },
    onArticle(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `${ROUTES.educationArticle}?id=${encodeURIComponent(String(e.currentTarget.dataset.id))}` });
    },
    onMoreArticles() {
      wx.navigateTo({ url: ROUTES.educationArticles });
    },
    /** Consent to the current privacy notice, asked on open; a failure here never hides the home. */
    async loadPrivacy() {
      try {
        const privacy = await callFunction<PrivacyStatusView>('members', 'privacyStatus');
        this.setData({ privacy, consentOpen: privacy.needsConsent && declinedVersion !== privacy.notice.version });
      } catch {
        this.setData({ privacy: null });
      }
    },
    async answerNotice(agree: boolean) {
      const privacy = this.data.privacy;
      if (!privacy || this.data.answering) return;
      this.setData({ answering: true, consentError: '' });
      try {
        const next = await callFunction<PrivacyStatusView>('members', 'answerPrivacyNotice', { noticeVersion: privacy.notice.version, agree });
        if (!agree) declinedVersion = privacy.notice.version;
        this.setData({ privacy: next, consentOpen: false });
      } catch (e) {
        // The notice changed while the sheet was open: show the new version rather than an error.
        if (e instanceof ApiCallError && e.code === 'PRIVACY.NOTICE_OUTDATED') await this.loadPrivacy();
        else this.setData({ consentError: e instanceof ApiCallError ? e.message : '网络不稳定，请稍后重试' });
      } finally {
        this.setData({ answering: false });
      }
    },
    onAgree() {
      return this.answerNotice(true);
    },
    onDecline() {
      return this.answerNotice(false);
    },
    onShowConsent() {
      this.setData({ consentOpen: true, consentError: '' });
    },
    onReadNotice() {
      wx.navigateTo({ url: ROUTES.privacyNotice });
    },
    onMyData() {
      wx.navigateTo({ url: ROUTES.myData });
    },
    noop() {
      return undefined;
    },
    async load() {
      if (this.data.loading) return;
      this.setData({ loading: true, failure: '' });
      try {
        // `me` carries the unread count for the 消息 badge: one round trip.
        const profile = await callFunction<MemberProfile>('members', 'me');
        // Names joined the way Chinese lists are written (、), not with the comma an array renders with.
        const policies = profile.policies.map((p) => ({ ...p, insuredText: p.insured.join('、') }));
        this.setData({ profile: { ...profile, policies }, unread: profile.unreadMessages ?? 0 });
      } catch (e) {
        this.setData({ failure: e instanceof ApiCallError ? e.message : '加载失败，请重试' });
      } finally {
        this.setData({ loading: false });
      }
    },
    onPullDownRefresh() {
      return Promise.all([this.load(), this.loadPrivacy(), this.loadArticles()]).then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      return this.load();
    },
    onService(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: String(e.currentTarget.dataset.url) });
    },
    onBind() {
      // Binding processes the holder's name, phone and ID number: only with consent to the notice.
      if (this.data.privacy?.needsConsent) return this.onShowConsent();
      wx.navigateTo({ url: ROUTES.bind });
    },
    onMessages() {
      wx.navigateTo({ url: ROUTES.messages });
    },
  },
});
